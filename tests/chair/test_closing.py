"""Why a discussion cannot close, typed with the tab that puts it right (R2, R3, R6, R7, R8).

The case screen moves to ``problem.tab``; it never reads the wording.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from mace_tui.chair.closing import CloseProblem, close_problems
from mace_tui.rules.conflicts import ChildRoom
from mace_tui.rules.quorum import Quorum, QuorumRule
from store.records import ActionDetail, GradingRecord

TODAY = date(2026, 11, 23)

GRADED = GradingRecord(
    item_id=1,
    grade="MEDIUM",
    rationale="Missing overnight twice; new older contacts.",
    significant_new_risk=False,
    crime_identified=False,
    npa_managed=False,
    proposed_outcome="advice",
    outcome="advice",
    outcome_reason="",
    override_reason="",
)

GOOD_ACTION = ActionDetail(
    id=1,
    item_id=1,
    kind="action",
    text="Arrange a return home interview with Ellis Examplewood's carer",
    owner="Pat Placeholder",
    owner_person_id=None,
    agency_id=None,
    agency="Testshire Police",
    due=date(2026, 12, 7),
    agreed=True,
    share_what="",
    share_with="",
    share_why="",
    allocated_professional=True,
    status="open",
)

INQUORATE = ChildRoom(
    rule=QuorumRule(core_sectors=("health",)),
    quorum=Quorum(missing_sectors=("health",)),
    conflicted=frozenset({7}),
)


def tabs(problems: list[CloseProblem]) -> list[str | None]:
    return [p.tab for p in problems]


CASES = [
    # (what is wrong, grading, actions, room, the tabs the problems point to, in order)
    ("ready", GRADED, [], None, []),
    ("not graded", None, [], None, ["grade"]),
    ("no grade chosen", replace(GRADED, grade=""), [], None, ["grade"]),
    ("no rationale", replace(GRADED, rationale=" "), [], None, ["grade"]),
    ("no outcome", replace(GRADED, outcome=""), [], None, ["grade"]),
    ("team unnamed", replace(GRADED, outcome="ma-team"), [], None, ["grade"]),
    ("override without reason", replace(GRADED, outcome="nfa"), [], None, ["grade"]),
    ("discharge without rationale", replace(GRADED, outcome="discharge"), [], None, ["grade"]),
    ("HIGH, nobody allocated", replace(GRADED, grade="HIGH"), [], None, ["actions"]),
    (
        "an action with no owner",
        GRADED,
        [replace(GOOD_ACTION, owner="", agency="")],
        None,
        ["actions"],
    ),
    ("inquorate child", GRADED, [], INQUORATE, [None]),
    ("inquorate and not graded", None, [], INQUORATE, [None, "grade"]),
    (
        "inquorate, HIGH, nobody allocated",
        replace(GRADED, grade="HIGH"),
        [replace(GOOD_ACTION, allocated_professional=False)],
        INQUORATE,
        [None, "actions"],
    ),
]


@pytest.mark.parametrize(
    ("grading", "actions", "room", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_each_problem_names_the_tab_that_puts_it_right(
    grading: GradingRecord | None,
    actions: list[ActionDetail],
    room: ChildRoom | None,
    expected: list[str | None],
) -> None:
    problems = close_problems(
        grading=grading, routing=None, actions=actions, today=TODAY, room=room
    )
    assert tabs(problems) == expected
    assert all(p.text.strip() for p in problems)


def test_the_inquorate_problem_says_what_to_do() -> None:
    (problem,) = close_problems(
        grading=GRADED, routing=None, actions=[], today=TODAY, room=INQUORATE
    )
    assert problem.tab is None
    assert "deputy" in problem.text and "defer" in problem.text

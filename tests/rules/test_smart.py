"""R8 SMART actions and R9 information-sharing actions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from mace_tui.rules.smart import ActionDraft, check_action, is_blocked, vague_words

TODAY = date(2026, 11, 23)
GOOD = ActionDraft(
    text="Complete a return-home interview and share the summary with the panel",
    owner="Noor Dummett",
    agency="Sampleton City Children's Services (demo)",
    due=date(2026, 11, 30),
    agreed=True,
)


def fields(problems) -> list[tuple[str, bool]]:
    return [(p.field, p.blocking) for p in problems]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, []),
        ({"owner": ""}, [("owner", True)]),
        ({"owner": "   "}, [("owner", True)]),
        ({"agency": ""}, [("agency", True)]),
        ({"due": None}, [("due", True)]),
        ({"due": date(2026, 11, 22)}, [("due", True)]),  # yesterday
        ({"due": TODAY}, []),  # today is not in the past
        ({"text": ""}, [("what", True)]),
        ({"text": "Monitor"}, [("what", False), ("what", False)]),  # short and vague
        ({"text": "Monitor the child's school attendance each week and report"}, [("what", False)]),
        (
            {"text": "Be aware of the address and consider a visit next week"},
            [("what", False), ("what", False)],
        ),
        ({"agreed": False}, [("agreed", False)]),
        (
            {"kind": "info-share", "share_what": "", "share_with": "", "share_why": ""},
            [("share_what", True), ("share_with", True), ("share_why", True)],
        ),
        (
            {
                "kind": "info-share",
                "share_what": "Address history",
                "share_with": "Police",
                "share_why": "Linked adult",
            },
            [],
        ),
    ],
)
def test_check_action(change: dict, expected: list[tuple[str, bool]]) -> None:
    problems = check_action(replace(GOOD, **change), today=TODAY)
    assert fields(problems) == expected
    assert is_blocked(problems) is any(blocking for _, blocking in expected)


def test_owner_with_a_conflict_is_refused() -> None:
    problems = check_action(GOOD, today=TODAY, excluded_owners={"noor dummett"})
    assert fields(problems) == [("owner", True)]
    assert "conflict" in problems[0].message


def test_agency_not_present_is_flagged_not_refused() -> None:
    problems = check_action(GOOD, today=TODAY, present_agencies={"Demoshire Police (demo)"})
    assert fields(problems) == [("agency", False)]


def test_vague_words_on_word_boundaries() -> None:
    assert vague_words("Monitor and CONSIDER; keep an eye out") == [
        "Monitor",
        "CONSIDER",
        "keep an eye",
    ]
    assert vague_words("Send the monitoring form") == []  # 'monitoring' is not 'monitor'

"""R2/R3 for one child: who is out, what is missing and why, when the child may proceed."""

from __future__ import annotations

import pytest

from mace_tui.rules.conflicts import (
    can_take_part,
    child_room,
    deputy_candidates,
    quorum_problem,
)
from mace_tui.rules.quorum import QuorumRule, Seat

POLICE = Seat(1, "DS Ada Testwell", "police")
HEALTH = Seat(3, "Bea Mockford", "health")
CS = Seat(4, "Cal Exampleton", "childrens-services")
CS_2 = Seat(5, "Hal Pretendy", "childrens-services")
MINUTES = Seat(7, "Robin Minutes", "business-support", role="minute-taker")
ROOM = [POLICE, HEALTH, CS, MINUTES]
THREE = QuorumRule(("police", "health", "childrens-services"))
LEVEL_2 = QuorumRule(("police", "health", "childrens-services"), ("minute-taker",))


@pytest.mark.parametrize(
    ("rule", "room", "out", "override", "proceed", "words"),
    [
        (THREE, ROOM, set(), "", True, "Quorate for this child"),
        (
            THREE,
            ROOM,
            {3},
            "",
            False,
            "Not quorate for this child: no Health (Bea Mockford has a conflict)",
        ),
        (
            THREE,
            [*ROOM, CS_2],
            {4, 5},
            "",
            False,
            "Not quorate for this child: no Children's services "
            "(Cal Exampleton, Hal Pretendy have a conflict)",
        ),
        (THREE, [*ROOM, CS_2], {4}, "", True, "Quorate for this child"),
        (
            LEVEL_2,
            ROOM,
            {7},
            "",
            False,
            "Not quorate for this child: no Minute taker (Robin Minutes has a conflict)",
        ),
        (THREE, ROOM, {7}, "", True, "Quorate for this child"),
        (
            THREE,
            ROOM,
            {3},
            "Urgent safety plan",
            True,
            "Quorum overridden for this child: no Health (Bea Mockford has a conflict)",
        ),
        (
            THREE,
            ROOM,
            {3},
            "   ",
            False,
            "Not quorate for this child: no Health (Bea Mockford has a conflict)",
        ),
    ],
    ids=[
        "no-conflicts",
        "only-nurse-out",
        "both-social-workers-out",
        "one-of-two-social-workers-out",
        "l2-minute-taker-out",
        "minute-taker-not-required",
        "override-written",
        "blank-override-is-none",
    ],
)
def test_child_room(rule, room, out, override, proceed, words) -> None:
    result = child_room(rule, room, out, override_reason=override)
    assert result.can_proceed is proceed
    assert result.describe() == words
    assert (quorum_problem(result) is None) is proceed


def test_short_line_names_the_gap_not_the_people() -> None:
    result = child_room(LEVEL_2, ROOM, {3, 7})
    assert result.short() == "Not quorate for this child: no Health, no Minute taker"
    assert result.missing_labels() == ["Health", "Minute taker"]
    overridden = child_room(LEVEL_2, ROOM, {3}, override_reason="Nurse on the phone later")
    assert overridden.overridden
    assert overridden.short() == "Quorum overridden (no Health)"


def test_closing_problem_says_the_three_ways_forward() -> None:
    problem = quorum_problem(child_room(THREE, ROOM, {3}))
    assert problem is not None
    assert "no Health" in problem
    assert "deputy" in problem and "override" in problem and "defer" in problem


# An override written while Health and the minute taker were missing (R2): it stands while
# the child lacks no more than that.
WRITTEN_FOR = frozenset({"health", "minute-taker"})


@pytest.mark.parametrize(
    ("out", "written_for", "proceed", "overridden", "stale"),
    [
        ({3}, WRITTEN_FOR, True, True, False),  # fewer gaps than written for
        ({3, 7}, WRITTEN_FOR, True, True, False),  # the same gaps
        ({1, 3, 7}, WRITTEN_FOR, False, False, True),  # Police missing too
        ({1}, WRITTEN_FOR, False, False, True),  # only a gap it was never written for
        (set(), WRITTEN_FOR, True, False, False),  # quorate: nothing to override
        ({1, 3, 7}, None, True, True, False),  # gaps not known (written before they were kept)
        (set(), None, True, False, False),
    ],
    ids=["subset", "same", "superset", "disjoint", "quorate", "unknown", "unknown-quorate"],
)
def test_an_override_stands_only_for_the_gaps_it_was_written_for(
    out, written_for, proceed, overridden, stale
) -> None:
    room = child_room(
        LEVEL_2, ROOM, out, override_reason="Nurse on the phone", override_gaps=written_for
    )
    assert (room.can_proceed, room.overridden, room.override_stale) == (proceed, overridden, stale)
    assert (quorum_problem(room) is None) is proceed
    if stale:
        assert room.describe().endswith("(the override does not cover this gap)")
        problem = quorum_problem(room)
        assert problem is not None and "write a new override reason (F6)" in problem


def test_an_override_without_a_reason_covers_no_gap() -> None:
    room = child_room(LEVEL_2, ROOM, {3}, override_reason="  ", override_gaps=WRITTEN_FOR)
    assert not room.can_proceed and not room.overridden and not room.override_stale


@pytest.mark.parametrize(
    ("person", "out", "allowed"),
    [(3, {3}, False), (4, {3}, True), (None, {3}, True), (3, set(), True)],
)
def test_can_take_part(person, out, allowed) -> None:
    assert can_take_part(person, out) is allowed


def test_deputy_candidates_cover_what_is_missing() -> None:
    room = child_room(LEVEL_2, ROOM, {3, 7})
    everyone = [
        *ROOM,
        Seat(8, "Dev Fakeley", "health"),
        Seat(9, "Lou Specimen", "education"),
        Seat(10, "Sam Noteson", "business-support", role="minute-taker"),
    ]
    in_room = {s.person_id for s in ROOM}
    found = deputy_candidates(room, everyone, in_room)
    assert [s.name for s in found] == ["Dev Fakeley", "Sam Noteson"]

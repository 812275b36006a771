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

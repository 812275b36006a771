"""The action log's words for conflicts cleared by the chair and for who gave an update (R3, R12)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from mace_tui.reports import layout
from mace_tui.reports import words as w
from mace_tui.reports.records import ActionEntry, CarriedAction, ChildRef, ConflictEntry

AT = datetime(2026, 11, 23, 9, 20, tzinfo=UTC)


def update(note: str, given_by: str) -> CarriedAction:
    action = ActionEntry(
        id=1, child=ChildRef(name="Riley Example"), kind="action", text="Visit the family",
        owner="Hal Pretendy", agency="Demoshire County Children's Services (demo)",
        agency_key="county-cs", due=date(2026, 11, 20), agreed=True, status="complete",
    )  # fmt: skip
    return CarriedAction(
        action=action,
        agreed_on=date(2026, 11, 16),
        previous_status="open",
        new_status="complete",
        note=note,
        given_by=given_by,
    )


@pytest.mark.parametrize(
    ("note", "given_by", "words"),
    [
        ("Visited on Friday", "Hal Pretendy", "Visited on Friday (given by Hal Pretendy)"),
        ("", "Hal Pretendy", "Given by Hal Pretendy"),
        ("Visited on Friday", "", "Visited on Friday"),
        ("", "", ""),
    ],
)
def test_update_words(note: str, given_by: str, words: str) -> None:
    assert layout.update_words(update(note, given_by)) == words


def test_a_cleared_conflict_says_so_and_that_they_did_not_leave() -> None:
    cleared = ConflictEntry(
        person="Hal Pretendy",
        agency="Demoshire County Children's Services (demo)",
        reason="Cleared by the chair: moved away (recorded beforehand: Neighbour)",
        source="cleared",
        declared_at=AT,
        left_at=None,
        rejoined_at=None,
    )
    assert w.CONFLICT_SOURCES[cleared.source] == "recorded beforehand, cleared by the chair"
    assert w.conflict_times(cleared) == "did not leave"


@pytest.mark.parametrize(
    ("left", "rejoined", "words"),
    [
        (AT, AT.replace(minute=26), "left 09:20, rejoined 09:26"),
        (AT, None, "left 09:20, did not rejoin"),  # still out when the meeting ended
        (None, None, "did not leave"),
    ],
)
def test_conflict_times(left: datetime | None, rejoined: datetime | None, words: str) -> None:
    conflict = ConflictEntry(
        person="Lou Specimen", agency="Demoshire Inclusion Service (demo)", reason="Neighbour",
        source="raised", declared_at=AT, left_at=left, rejoined_at=rejoined,
    )  # fmt: skip
    assert w.conflict_times(conflict) == words

"""R12: the updates a carried-over action can be given, and when it is overdue."""

from __future__ import annotations

from datetime import date

import pytest

from mace_tui.rules.carryover import days_overdue, is_overdue, review_problems

ROOM = {1, 2, 3}


@pytest.mark.parametrize(
    ("status", "note", "given_by", "fields"),
    [
        ("complete", "", 1, []),
        ("in-progress", "", 2, []),
        ("not-possible", "Family moved out of the area", 1, []),
        ("not-done", "Agency had no one free", 3, []),
        ("not-possible", "", 1, ["note"]),
        ("not-done", "  ", 1, ["note"]),
        ("complete", "", None, ["given_by"]),
        ("complete", "", 9, ["given_by"]),
        ("open", "", 1, ["status"]),
        ("done", "", None, ["status", "given_by"]),
    ],
)
def test_review_problems(status: str, note: str, given_by: int | None, fields: list[str]) -> None:
    found = review_problems(status=status, note=note, given_by_id=given_by, in_room=ROOM)
    assert [p.field for p in found] == fields


TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("due", "status", "overdue", "days"),
    [
        (date(2026, 11, 20), "open", True, 3),
        (date(2026, 11, 22), "in-progress", True, 1),
        (date(2026, 11, 23), "open", False, 0),  # due today is not yet late
        (date(2026, 12, 1), "open", False, 0),
        (date(2026, 11, 1), "complete", False, 22),  # closed: not highlighted
        (None, "open", False, 0),
    ],
)
def test_overdue(due: date | None, status: str, overdue: bool, days: int) -> None:
    assert is_overdue(due, status, today=TODAY) is overdue
    assert days_overdue(due, today=TODAY) == days

"""Quick entry of due dates for actions."""

from __future__ import annotations

from datetime import date

import pytest

from mace_tui.rules.duedates import DueDateError, parse_due

MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", MONDAY),
        ("tomorrow", date(2026, 11, 24)),
        ("+3d", date(2026, 11, 26)),
        ("+ 3d", date(2026, 11, 26)),
        ("+2w", date(2026, 12, 7)),
        ("+1m", date(2026, 12, 23)),
        ("fri", date(2026, 11, 27)),
        ("Friday", date(2026, 11, 27)),
        ("mon", date(2026, 11, 30)),  # next Monday, not today
        ("2026-12-01", date(2026, 12, 1)),
        ("1/12/2026", date(2026, 12, 1)),  # UK day/month/year
        ("01/12/26", date(2026, 12, 1)),
        ("  +3D ", date(2026, 11, 26)),
    ],
)
def test_parse_due(text: str, expected: date) -> None:
    assert parse_due(text, today=MONDAY) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "empty"),
        ("2026-02-30", "not a real date"),
        ("31/04/2026", "not a real date"),
        ("next week", "not understood"),
        ("+3y", "not understood"),
        ("2026-13-01", "not a real date"),
    ],
)
def test_parse_due_refuses(text: str, says: str) -> None:
    with pytest.raises(DueDateError, match=says) as caught:
        parse_due(text, today=MONDAY)
    assert str(caught.value).startswith("Due date:")

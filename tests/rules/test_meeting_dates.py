"""Meeting dates within a sensible window: up to 2 years ahead, back to 10 years ago."""

from __future__ import annotations

from datetime import date

import pytest

from mace_tui.rules.meeting_dates import meeting_date_problem

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("day", "problem"),
    [
        (date(2026, 11, 30), None),
        (date(2028, 11, 30), None),  # exactly two years ahead
        (date(2028, 12, 1), "more than 2 years ahead; give a date up to 2028-11-30"),
        (date(9999, 12, 31), "9999-12-31 is more than 2 years ahead"),
        (date(2016, 11, 30), None),
        (date(2016, 11, 29), "more than 10 years ago; give a date from 2016-11-30 on"),
        (date(1, 1, 1), "0001-01-01 is more than 10 years ago"),
    ],
)
def test_meeting_date_window(day: date, problem: str | None) -> None:
    said = meeting_date_problem(day, today=TODAY)
    assert (said is None) if problem is None else (said is not None and problem in said)


def test_a_leap_day_today_still_has_a_window() -> None:
    assert meeting_date_problem(date(2030, 2, 28), today=date(2028, 2, 29)) is None

"""When meetings of a profile fall: weekdays, weekly, fortnightly or the n-th weekday of a month."""

from __future__ import annotations

from datetime import date, timedelta

from mace_tui.rules.workdays import is_working_day


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    first = date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + timedelta(days=offset + 7 * (nth - 1))


def falls_on(
    day: date,
    *,
    cadence: str,
    weekday: int | None = None,
    anchor: date | None = None,
    week_of_month: int | None = None,
    skip_bank_holidays: bool = True,
) -> bool:
    """True when a meeting of this cadence sits on ``day``."""
    if skip_bank_holidays and not is_working_day(day):
        return False
    if cadence == "weekdays":
        return day.weekday() < 5
    if weekday is None or day.weekday() != weekday:
        return False
    if cadence == "weekly":
        return True
    if cadence == "fortnightly":
        if anchor is None:
            raise ValueError("a fortnightly cadence needs an anchor date")
        return (day - anchor).days % 14 == 0
    if cadence == "monthly":
        if week_of_month is None:
            raise ValueError("a monthly cadence needs week_of_month")
        return day == _nth_weekday(day.year, day.month, weekday, week_of_month)
    raise ValueError(f"unknown cadence {cadence!r}")


def next_meeting_date(
    after: date,
    *,
    cadence: str,
    weekday: int | None = None,
    anchor: date | None = None,
    week_of_month: int | None = None,
    skip_bank_holidays: bool = True,
    include_after: bool = False,
) -> date:
    """The first meeting date after ``after`` (or on it, with ``include_after``)."""
    day = after if include_after else after + timedelta(days=1)
    for _ in range(800):
        if falls_on(
            day,
            cadence=cadence,
            weekday=weekday,
            anchor=anchor,
            week_of_month=week_of_month,
            skip_bank_holidays=skip_bank_holidays,
        ):
            return day
        day += timedelta(days=1)
    raise ValueError("no meeting date within two years; check the profile's schedule")

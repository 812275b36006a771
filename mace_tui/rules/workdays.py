"""Working days in England: weekends and England's bank holidays are not working days."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

REARRANGE_WITHIN_WORKING_DAYS = 10


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    import holidays  # imported on first use: it is not needed to paint the app

    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def bank_holiday_name(day: date) -> str | None:
    """The name of the bank holiday on ``day`` in England, or None."""
    if day not in _bank_holidays(day.year):
        return None
    import holidays

    return holidays.country_holidays("GB", subdiv="ENG", years=day.year).get(day)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a bank holiday in England."""
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: date, count: int) -> date:
    """The date ``count`` working days after ``start`` (``start`` itself not counted)."""
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    left = count
    while left:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def previous_working_day(day: date) -> date:
    """The last working day before ``day``."""
    day -= timedelta(days=1)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def rearranged_date(meeting_date: date) -> date:
    """The latest date an inquorate meeting may be rearranged to (R1): 10 working days on."""
    return add_working_days(meeting_date, REARRANGE_WITHIN_WORKING_DAYS)

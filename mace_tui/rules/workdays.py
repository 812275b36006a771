"""Working days in England: weekends and England's bank holidays are not working days."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

REARRANGE_WITHIN_WORKING_DAYS = 10


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> dict[date, str]:
    """England's bank holidays in ``year`` and their names: from our table where it has the
    year (``bank_holidays``), else from the ``holidays`` package (imported only then)."""
    from mace_tui.rules import bank_holidays

    if bank_holidays.FIRST_YEAR <= year <= bank_holidays.LAST_YEAR:
        return {date(y, m, d): name for y, m, d, name in bank_holidays.DAYS if y == year}
    import holidays

    return dict(holidays.country_holidays("GB", subdiv="ENG", years=year))


def bank_holiday_name(day: date) -> str | None:
    """The name of the bank holiday on ``day`` in England, or None."""
    return _bank_holidays(day.year).get(day)


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

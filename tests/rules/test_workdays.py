"""Working days in England and the rearranged date of an inquorate meeting (R1)."""

from __future__ import annotations

from datetime import date

import pytest

from mace_tui.rules.workdays import (
    add_working_days,
    bank_holiday_name,
    is_working_day,
    previous_working_day,
    rearranged_date,
)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 11, 23), True),  # Monday
        (date(2026, 11, 28), False),  # Saturday
        (date(2026, 12, 25), False),  # Christmas Day
        (date(2026, 12, 28), False),  # Boxing Day (substitute, Monday)
        (date(2026, 12, 29), True),
        (date(2027, 3, 26), False),  # Good Friday 2027
        (date(2027, 3, 29), False),  # Easter Monday 2027
        (date(2026, 4, 3), False),  # Good Friday 2026
        (date(2026, 8, 31), False),  # Late summer bank holiday (England)
        (date(2026, 8, 3), True),  # Scotland's summer holiday is not England's
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("meeting", "rearranged"),
    [
        (date(2026, 11, 23), date(2026, 12, 7)),  # two plain weeks
        # Over Christmas: 25 Dec, 28 Dec (Boxing Day substitute) and 1 Jan are skipped.
        (date(2026, 12, 21), date(2027, 1, 7)),
        # Over Easter 2027: Good Friday 26 Mar and Easter Monday 29 Mar are skipped.
        (date(2027, 3, 22), date(2027, 4, 7)),
        (date(2026, 3, 30), date(2026, 4, 15)),  # Easter 2026: 3 and 6 April
        (date(2026, 11, 27), date(2026, 12, 11)),  # from a Friday
    ],
)
def test_rearranged_date_is_ten_working_days_on(meeting: date, rearranged: date) -> None:
    assert rearranged_date(meeting) == rearranged


@pytest.mark.parametrize(
    ("day", "previous"),
    [
        (date(2026, 11, 24), date(2026, 11, 23)),
        (date(2026, 11, 23), date(2026, 11, 20)),  # Monday -> Friday
        (date(2026, 12, 29), date(2026, 12, 24)),  # after Christmas and Boxing Day
        (date(2027, 3, 30), date(2027, 3, 25)),  # after Easter
    ],
)
def test_previous_working_day(day: date, previous: date) -> None:
    assert previous_working_day(day) == previous


def test_add_zero_working_days_is_the_same_day() -> None:
    assert add_working_days(date(2026, 11, 28), 0) == date(2026, 11, 28)


def test_bank_holiday_name() -> None:
    assert bank_holiday_name(date(2026, 12, 25)) == "Christmas Day"
    assert bank_holiday_name(date(2026, 12, 24)) is None

"""Meeting dates per cadence, the R14 list deadline, and R16/R17 flags."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from mace_tui.profiles import get_profile
from mace_tui.rules.deadline import is_late, list_deadline
from mace_tui.rules.flags import age_on, child_flags
from mace_tui.rules.schedule import next_meeting_date


def _next(profile: str, after: date) -> date:
    s = get_profile(profile).schedule
    return next_meeting_date(
        after, cadence=s.cadence, weekday=s.weekday, anchor=s.anchor, week_of_month=s.week_of_month
    )


@pytest.mark.parametrize(
    ("profile", "after", "expected"),
    [
        ("llr-drmm", date(2026, 11, 23), date(2026, 11, 24)),
        ("llr-drmm", date(2026, 11, 27), date(2026, 11, 30)),  # Friday -> Monday
        ("llr-drmm", date(2026, 12, 24), date(2026, 12, 29)),  # over Christmas
        ("llr-form", date(2026, 1, 7), date(2026, 1, 21)),  # every other Wednesday
        ("llr-form", date(2026, 11, 23), date(2026, 11, 25)),  # 46 weeks after the anchor
        ("llr-monthly", date(2026, 11, 23), date(2026, 11, 24)),  # 4th Tuesday of November
        ("llr-monthly", date(2026, 11, 24), date(2026, 12, 22)),
        ("lincs-mace-l2", date(2026, 11, 23), date(2026, 11, 26)),  # weekly, Thursday
    ],
)
def test_next_meeting_date(profile: str, after: date, expected: date) -> None:
    assert _next(profile, after) == expected


@pytest.mark.parametrize(
    ("changed_at", "late"),
    [
        (datetime(2026, 11, 20, 15, 59, tzinfo=UTC), False),  # Friday 15:59 GMT
        (datetime(2026, 11, 20, 16, 1, tzinfo=UTC), True),
        (datetime(2026, 11, 22, 10, 0, tzinfo=UTC), True),  # Sunday
    ],
)
def test_list_deadline_is_16_00_previous_working_day(changed_at: datetime, late: bool) -> None:
    monday = date(2026, 11, 23)
    assert list_deadline(monday, time(16)).date() == date(2026, 11, 20)
    assert is_late(changed_at, monday, time(16)) is late


def test_deadline_in_summer_time_is_local() -> None:
    # 16:00 in London in June is 15:00 UTC.
    assert is_late(datetime(2026, 6, 1, 15, 30, tzinfo=UTC), date(2026, 6, 2), time(16)) is True
    assert is_late(datetime(2026, 6, 1, 14, 59, tzinfo=UTC), date(2026, 6, 2), time(16)) is False


def test_no_deadline_is_never_late() -> None:
    assert is_late(datetime(2026, 6, 1, 23, tzinfo=UTC), date(2026, 6, 2), None) is False


@pytest.mark.parametrize(
    ("kwargs", "keys"),
    [
        ({}, []),
        ({"drmm_referrals": 3}, ["repeat"]),
        ({"drmm_referrals": 2}, []),
        ({"last_medium": date(2026, 9, 30)}, ["medium-3m"]),
        ({"last_medium": date(2026, 6, 30)}, []),
        ({"discharged_on": date(2026, 6, 1)}, ["returning"]),
        ({"last_discussed": date(2026, 10, 1), "last_grade": "LOW"}, ["seen"]),
        ({"open_actions": 2}, ["actions"]),
    ],
)
def test_child_flags(kwargs: dict, keys: list[str]) -> None:
    base = {"meeting_date": date(2026, 11, 23), "drmm_referrals": 0}
    flags = child_flags(**(base | kwargs))
    assert [f.key for f in flags] == keys


@pytest.mark.parametrize(
    ("dob", "on", "age"),
    [
        (date(2010, 11, 23), date(2026, 11, 23), 16),
        (date(2010, 11, 24), date(2026, 11, 23), 15),
        (date(2012, 2, 29), date(2026, 2, 28), 13),
        (None, date(2026, 11, 23), None),
    ],
)
def test_age_on(dob: date | None, on: date, age: int | None) -> None:
    assert age_on(dob, on) == age

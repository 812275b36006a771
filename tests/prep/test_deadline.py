"""Which meeting the coordinator prepares, when its list is due, and which changes are late (R14)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from mace_tui.prep.deadline import (
    deadline_for,
    deadline_text,
    default_meeting_date,
    late_after_change,
)
from mace_tui.profiles import get_profile
from mace_tui.rules.deadline import LOCAL_ZONE


@pytest.mark.parametrize(
    ("profile", "today", "expected"),
    [
        ("llr-drmm", date(2026, 11, 23), date(2026, 11, 24)),  # Monday → Tuesday
        ("llr-drmm", date(2026, 11, 20), date(2026, 11, 23)),  # Friday → Monday
        ("llr-drmm", date(2026, 12, 24), date(2026, 12, 29)),  # over Christmas and Boxing Day
        ("lincs-mace-l1", date(2026, 11, 23), date(2026, 11, 26)),  # weekly on Thursday
        ("lincs-mace-l1", date(2026, 11, 26), date(2026, 12, 3)),  # after today, not today
    ],
)
def test_default_meeting_is_the_next_after_today(profile: str, today: date, expected: date) -> None:
    assert default_meeting_date(get_profile(profile), today) == expected


@pytest.mark.parametrize(
    ("meeting", "due"),
    [
        (date(2026, 11, 24), datetime(2026, 11, 23, 16, 0, tzinfo=LOCAL_ZONE)),
        (date(2026, 11, 23), datetime(2026, 11, 20, 16, 0, tzinfo=LOCAL_ZONE)),  # Monday: Friday
        (date(2026, 12, 29), datetime(2026, 12, 24, 16, 0, tzinfo=LOCAL_ZONE)),
        (date(2026, 6, 2), datetime(2026, 6, 1, 16, 0, tzinfo=LOCAL_ZONE)),  # summer time
    ],
)
def test_drmm_list_due_at_four_the_working_day_before(meeting: date, due: datetime) -> None:
    assert deadline_for(get_profile("llr-drmm"), meeting) == due


def test_profiles_without_a_deadline() -> None:
    assert deadline_for(get_profile("lincs-mace-l1"), date(2026, 11, 26)) is None


DUE = datetime(2026, 11, 23, 16, 0, tzinfo=LOCAL_ZONE)
BEFORE = datetime(2026, 11, 23, 15, 59, tzinfo=LOCAL_ZONE)
AFTER = datetime(2026, 11, 23, 16, 1, tzinfo=LOCAL_ZONE)


@pytest.mark.parametrize(
    ("at", "deadline", "was_late", "late"),
    [
        (BEFORE, DUE, False, False),  # before the deadline nothing is late
        (DUE, DUE, False, False),  # on the stroke of four is still on time
        (AFTER, DUE, False, True),  # a change after it is late
        (AFTER, DUE, True, False),  # undoing a late change puts the list back as circulated
        (AFTER, None, False, False),  # no deadline, never late
        (AFTER.astimezone(UTC), DUE, False, True),  # zones compare by instant
    ],
)
def test_late_after_change(
    at: datetime, deadline: datetime | None, was_late: bool, late: bool
) -> None:
    assert late_after_change(at=at, deadline=deadline, was_late=was_late) is late


@pytest.mark.parametrize(
    ("now", "says"),
    [
        (datetime(2026, 11, 23, 14, 0, tzinfo=UTC), "list due Mon 23 Nov 16:00 (in 2 h 00 min)"),
        (datetime(2026, 11, 23, 15, 35, tzinfo=UTC), "list due Mon 23 Nov 16:00 (in 25 min)"),
        (datetime(2026, 11, 21, 15, 0, tzinfo=UTC), "list due Mon 23 Nov 16:00 (in 2 d 1 h)"),
        (
            datetime(2026, 11, 23, 16, 0, tzinfo=UTC),
            "list was due Mon 23 Nov 16:00: changes now are late",
        ),
    ],
)
def test_deadline_text(now: datetime, says: str) -> None:
    assert deadline_text(DUE, now) == says


def test_deadline_text_without_deadline() -> None:
    assert deadline_text(None, AFTER) == "no list deadline"

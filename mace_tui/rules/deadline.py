"""The preparation deadline (R14): the list is due at a set time on the previous working day."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from mace_tui.rules.workdays import previous_working_day

LOCAL_ZONE = ZoneInfo("Europe/London")


def list_deadline(meeting_date: date, due: time) -> datetime:
    """When the case list for ``meeting_date`` is due (UK local time, timezone-aware)."""
    return datetime.combine(previous_working_day(meeting_date), due, tzinfo=LOCAL_ZONE)


def is_late(changed_at: datetime, meeting_date: date, due: time | None) -> bool:
    """True when a change to the list was made after its deadline; no deadline, never late."""
    if due is None:
        return False
    if changed_at.tzinfo is None:
        raise ValueError("changed_at must be timezone-aware")
    return changed_at > list_deadline(meeting_date, due)

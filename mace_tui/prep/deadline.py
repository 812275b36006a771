"""Which meeting to prepare, when its list is due, and which changes are late (R14).

Pure and light: no database, no Textual.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from mace_tui.profiles import Profile
from mace_tui.rules.deadline import LOCAL_ZONE, list_deadline
from mace_tui.rules.schedule import next_meeting_date


def default_meeting_date(profile: Profile, today: date) -> date:
    """The profile's next meeting after ``today``: the one a coordinator prepares."""
    schedule = profile.schedule
    return next_meeting_date(
        today,
        cadence=schedule.cadence,
        weekday=schedule.weekday,
        anchor=schedule.anchor,
        week_of_month=schedule.week_of_month,
        skip_bank_holidays=schedule.skip_bank_holidays,
    )


def deadline_for(profile: Profile, meeting_date: date) -> datetime | None:
    """When the case list is due, or None for profiles without a deadline."""
    if profile.list_due is None:
        return None
    return list_deadline(meeting_date, profile.list_due)


def late_after_change(*, at: datetime, deadline: datetime | None, was_late: bool) -> bool:
    """Whether a queue entry is a late change once a child is added, removed or put back.

    The flag means "differs from the list as it stood at the deadline". Before
    the deadline nothing is late. After it, adding or removing flips the flag:
    a child added late and then removed again is back as circulated.
    """
    if deadline is None or at <= deadline:
        return False
    return not was_late


def deadline_text(deadline: datetime | None, now: datetime) -> str:
    """A few words on the deadline for the screen: when, and how long is left."""
    if deadline is None:
        return "no list deadline"
    local = deadline.astimezone(LOCAL_ZONE)
    when = f"{local:%a %d %b} {local:%H:%M}"
    left = deadline - now
    if left <= timedelta(0):
        return f"list was due {when}: changes now are late"
    return f"list due {when} (in {_span(left)})"


def _span(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min"

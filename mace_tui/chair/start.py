"""Opening the chair's meeting: find or create it, and read its first screen."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from mace_tui.chair.attendance import AttendanceView
from mace_tui.profiles import Profile
from store.frozen import record
from store.meeting_records import MeetingRecord

if TYPE_CHECKING:
    from sqlmodel import Session

    from store.db import Store


@record
class ChairOpening:
    """The meeting, and its attendance when that is where the chair starts."""

    meeting: MeetingRecord
    attendance: AttendanceView | None = None


def meeting_of(
    session: Session, *, profile: Profile, on: date, check_cadence: bool = False
) -> MeetingRecord:
    """The profile's meeting on ``on``, created with the profile's start and length if missing.

    ``check_cadence``: a day the profile does not sit (and no meeting was prepared for) is
    refused, by the same rule as ``prep`` (mace_tui/prep/cadence.new_meeting_problem).
    """
    from mace_tui.prep.cadence import new_meeting_problem
    from store import agenda, queries

    if check_cadence:
        exists = agenda.meeting_on(session, profile=profile.key, on=on) is not None
        problem = new_meeting_problem(exists, profile, on, chair=True)
        if problem:
            raise agenda.AgendaError(problem)

    meeting, _ = agenda.find_or_create_meeting(
        session,
        profile=profile.key,
        on=on,
        start=f"{profile.schedule.start:%H:%M}",
        minutes=profile.scheduled_minutes,
    )
    return queries.meeting_record(meeting)


def next_meeting_of(session: Session, *, profile: Profile, after: date) -> MeetingRecord:
    """The profile's next meeting after ``after`` (where deferred children go)."""
    from mace_tui.rules.schedule import next_meeting_date

    schedule = profile.schedule
    day = next_meeting_date(
        after,
        cadence=schedule.cadence,
        weekday=schedule.weekday,
        anchor=schedule.anchor,
        week_of_month=schedule.week_of_month,
        skip_bank_holidays=schedule.skip_bank_holidays,
    )
    return meeting_of(session, profile=profile, on=day)


def open_meeting(session: Session, *, profile: Profile, on: date) -> ChairOpening:
    """Find or create the profile's meeting on ``on`` and read what its first screen shows."""
    from mace_tui.chair.attendance import load_attendance

    record = meeting_of(session, profile=profile, on=on, check_cadence=True)
    if record.stage != "attendance":
        return ChairOpening(record)
    return ChairOpening(record, load_attendance(session, meeting_id=record.id, profile=profile))


def open_chair_meeting(store: Store, *, profile: Profile, on: date) -> ChairOpening:
    """``open_meeting`` in a unit of work of its own (a write: it may create the meeting)."""
    with store.session() as session:
        return open_meeting(session, profile=profile, on=on)

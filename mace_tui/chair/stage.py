"""Moving a meeting on: one call per move, returning the meeting as the screens show it.

Each function takes a store (or a session already open) and plain values, makes the move in
one unit of work and returns the ``MeetingRecord`` (or what the screen needs instead) so that
the screen only opens the stage's screen (``screens.chair_start.open_stage``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING

from store.frozen import record
from store.meeting_records import MeetingRecord
from store.states import MeetingStage

if TYPE_CHECKING:
    from sqlmodel import Session

    from mace_tui.chair.attendance import AttendanceView
    from mace_tui.chair.inquorate import FollowOn
    from mace_tui.profiles import Profile
    from store.db import Store


@contextmanager
def _unit(where: Store | Session) -> Iterator[Session]:
    """A session of its own for a store; the caller's when given one."""
    from store.db import Store  # here: the chair's first screen imports this module

    if isinstance(where, Store):
        with where.session() as session:
            yield session
    else:
        yield where


def move_on(
    where: Store | Session, *, meeting_id: int, to: MeetingStage, at: datetime | None = None
) -> MeetingRecord:
    """Move the meeting to the stage ``to`` and return it as it now is."""
    from store import carryover, meetings

    with _unit(where) as session:
        if to is MeetingStage.CARRY_OVER:
            assert at is not None, "the statements' confirmation time is recorded with this move"
            carryover.start_review(session, meeting_id=meeting_id, at=at)
            return meeting_now(session, meeting_id=meeting_id)
        return meetings.move_on(session, meeting_id=meeting_id, stage=to, at=at)


def after_statements(where: Store | Session, *, meeting_id: int, at: datetime) -> MeetingRecord:
    """The statements are read: earlier meetings' open actions come next (R12), else the
    children."""
    from store import carryover

    with _unit(where) as session:
        carried = carryover.count_carried(session, meeting_id=meeting_id)
        to = MeetingStage.CARRY_OVER if carried else MeetingStage.CASES
        return move_on(session, meeting_id=meeting_id, to=to, at=at)


def confirmed_statements(store: Store, *, meeting_id: int) -> dict[str, datetime]:
    """When each opening statement of the meeting was confirmed as read."""
    from store import meetings

    with store.session() as session:
        return meetings.confirmed_statements(session, meeting_id=meeting_id)


def confirm_statement(store: Store, *, meeting_id: int, key: str, at: datetime) -> None:
    """The chair has read the statement ``key`` aloud."""
    from store import meetings

    with store.session() as session:
        meetings.confirm_statement(session, meeting_id=meeting_id, key=key, at=at)


def meeting_now(session: Session, *, meeting_id: int) -> MeetingRecord:
    """The meeting as it is now."""
    from store import queries
    from store.meetings import MeetingError
    from store.models import Meeting

    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise MeetingError(f"meeting {meeting_id} no longer exists.")
    return queries.meeting_record(meeting)


def start_meeting(
    session: Session, *, meeting_id: int, profile: Profile, at: datetime
) -> AttendanceView | MeetingRecord:
    """Start the meeting when it is quorate (R1) and move on to the statements; when it is
    not, the register as it now stands (nothing is written)."""
    from mace_tui.chair.attendance import load_attendance
    from store import meetings

    view = load_attendance(session, meeting_id=meeting_id, profile=profile)
    if not view.quorum.quorate:
        return view
    meetings.start(
        session, meeting_id=meeting_id, at=at, chair_id=None
    )  # keeps the chair on record
    return meeting_now(session, meeting_id=meeting_id)


@record
class Inquorate:
    """The meeting recorded as inquorate, and where its queue went."""

    meeting: MeetingRecord
    follow_on: FollowOn


def record_inquorate(
    session: Session,
    *,
    meeting_id: int,
    profile: Profile,
    reason: str,
    to_date: date,
    at: datetime,
) -> Inquorate:
    """Record the meeting as inquorate, move its queue on (R1), and return it."""
    from mace_tui.chair import inquorate

    moved = inquorate.record_inquorate(
        session, meeting_id=meeting_id, profile=profile, reason=reason, to_date=to_date, at=at
    )
    return Inquorate(meeting_now(session, meeting_id=meeting_id), moved)


def start_as_chair(
    store: Store, *, meeting_id: int, profile: Profile, at: datetime, seat: str | None
) -> AttendanceView | MeetingRecord:
    """``start_meeting`` from the chair seat ``seat`` (None: the program holds no seat):
    refused with ``ChairLost`` if another seat has taken the chair over (R25)."""
    from store.seats import check_chair

    with store.session() as session:
        if seat is not None:
            check_chair(session, meeting_id=meeting_id, seat=seat)
        return start_meeting(session, meeting_id=meeting_id, profile=profile, at=at)


def record_inquorate_as_typed(
    store: Store, *, meeting_id: int, profile: Profile, reason: str, to_date: str, at: datetime
) -> Inquorate:
    """``record_inquorate`` with the follow-on date as the chair typed it (YYYY-MM-DD);
    ``InquorateError`` naming the field when it is not a date."""
    from mace_tui.chair.inquorate import parse_follow_on_date

    day = parse_follow_on_date(to_date)
    with store.session() as session:
        return record_inquorate(
            session, meeting_id=meeting_id, profile=profile, reason=reason, to_date=day, at=at
        )


def check_seat(store: Store, *, meeting_id: int, seat: str | None) -> None:
    """``ChairLost`` if another seat has taken over the chair held by ``seat`` (R25); nothing
    when ``seat`` is None (the program holds no chair seat: the demo's walk-through, tests)."""
    from store.seats import check_chair

    if seat is None:
        return
    with store.session() as session:
        check_chair(session, meeting_id=meeting_id, seat=seat)

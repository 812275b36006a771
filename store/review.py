"""Reading recordings for the admin's review: the filtered list, one recording, retention.

Keyword-only functions taking a Session. The list carries the child's name
for the admin's screen (who is authorised to see it); nothing here logs it.
The outcome of the latest integrity check of each recording comes from the
audit log, where every check is written.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from store.frozen import record
from store.models import (
    AgendaItem,
    AuditEvent,
    Child,
    ConcernLocation,
    ConcernPerson,
    Meeting,
    Recording,
)
from store.review_records import (
    DELETED,
    VERIFY_FAILED,
    VERIFY_PASSED,
    ReviewFilter,
    ReviewRow,
)
from store.subjects import SUBJECT_NAME, SUBJECT_REF, with_subjects


def _latest_checks() -> Any:
    """Per recording, the id of its latest integrity-check event."""
    return (
        sa_select(
            col(AuditEvent.recording_id).label("recording_id"),
            func.max(col(AuditEvent.id)).label("event_id"),
        )
        .where(col(AuditEvent.action).in_((VERIFY_PASSED, VERIFY_FAILED)))
        .group_by(col(AuditEvent.recording_id))
        .subquery()
    )


def _query(*conditions: Any) -> Any:
    latest = _latest_checks()
    return (
        sa_select(
            Recording,
            col(Meeting.date),
            col(Meeting.profile),
            col(AgendaItem.position),
            SUBJECT_REF,
            SUBJECT_NAME,
            col(AuditEvent.action),
        )
        .join(Meeting, col(Meeting.id) == col(Recording.meeting_id))
        .outerjoin(AgendaItem, col(AgendaItem.id) == col(Recording.item_id))
        .outerjoin(Child, col(Child.id) == col(AgendaItem.child_id))
        .outerjoin(ConcernPerson, col(ConcernPerson.id) == col(AgendaItem.concern_person_id))
        .outerjoin(ConcernLocation, col(ConcernLocation.id) == col(AgendaItem.concern_location_id))
        .outerjoin(latest, latest.c.recording_id == col(Recording.id))
        .outerjoin(AuditEvent, col(AuditEvent.id) == latest.c.event_id)
        .where(*conditions)
    )


def _row(values: Any) -> ReviewRow:
    rec, meeting_date, profile, position, ref, name, check = values
    assert rec.id is not None
    return ReviewRow(
        id=rec.id,
        meeting_id=rec.meeting_id,
        meeting_date=meeting_date,
        profile=profile,
        kind=rec.kind,
        item_id=rec.item_id,
        position=position,
        child_ref=ref,
        child_name=name,
        path=rec.path,
        sample_rate=rec.sample_rate,
        channels=rec.channels,
        frames=rec.frames,
        duration_s=rec.duration_s,
        sha256=rec.sha256,
        state=rec.state,
        started_at=rec.started_at,
        ended_at=rec.ended_at,
        verified=None if check is None else check == VERIFY_PASSED,
    )


def review_rows(session: Session, *, where: ReviewFilter | None = None) -> list[ReviewRow]:
    """Recordings newest meeting first, then in queue order, narrowed by ``where``."""
    where = where or ReviewFilter()
    conditions: list[Any] = []
    if where.since is not None:
        conditions.append(col(Meeting.date) >= where.since)
    if where.until is not None:
        conditions.append(col(Meeting.date) <= where.until)
    if where.profile:
        conditions.append(col(Meeting.profile) == where.profile)
    if where.states is not None:
        conditions.append(col(Recording.state).in_(where.states))
    for word in (where.child or "").split():
        pattern = f"%{word.lower()}%"
        conditions.append(
            or_(func.lower(col(Child.name)).like(pattern), func.lower(col(Child.ref)).like(pattern))
        )
    query = (
        _query(*conditions)
        .order_by(
            col(Meeting.date).desc(),
            col(Meeting.id).desc(),
            col(AgendaItem.position).asc(),
            col(Recording.id).asc(),
        )
        .limit(where.limit)
    )
    return [_row(values) for values in session.execute(query)]


def review_row(session: Session, *, recording_id: int) -> ReviewRow | None:
    """One recording with its meeting and child, or None when there is no such recording."""
    found = session.execute(_query(col(Recording.id) == recording_id)).first()
    return _row(found) if found is not None else None


def recordings_before(session: Session, *, before: date) -> list[ReviewRow]:
    """Recordings of meetings held before ``before`` whose files have not been deleted."""
    query = _query(col(Meeting.date) < before, col(Recording.state) != DELETED).order_by(
        col(Meeting.date).asc(), col(AgendaItem.position).asc(), col(Recording.id).asc()
    )
    return [_row(values) for values in session.execute(query)]


def mark_deleted(session: Session, *, recording_id: int, at: datetime) -> None:
    """Mark a recording's file as deleted; the row, its hash and its audit trail stay.

    Not committed here: the caller commits it together with the audit event.
    """
    row = session.get(Recording, recording_id)
    if row is None:
        raise LookupError(f"recording {recording_id} does not exist")
    row.state = DELETED
    if row.ended_at is None:
        row.ended_at = at
    session.add(row)


def profiles_with_recordings(session: Session) -> list[str]:
    """The profiles of meetings that have any recording, for the profile filter."""
    query = (
        sa_select(col(Meeting.profile))
        .join(Recording, col(Recording.meeting_id) == col(Meeting.id))
        .distinct()
        .order_by(col(Meeting.profile))
    )
    return [profile for (profile,) in session.execute(query)]


@record
class DiscussionTimes:
    """When one child's discussion started and ended, for cutting an external recording."""

    item_id: int
    position: int
    child_ref: str
    started_at: datetime
    ended_at: datetime


@record
class MeetingTimeline:
    """A meeting's start and the times of each discussion held, in the order they were held."""

    meeting_id: int
    meeting_date: date
    profile: str
    started_at: datetime | None
    discussions: list[DiscussionTimes]


def meeting_timeline(session: Session, *, meeting_id: int) -> MeetingTimeline | None:
    """The stored timeline of a meeting; discussions without both times are left out."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.id is None:
        return None
    query = (
        with_subjects(
            sa_select(
                col(AgendaItem.id),
                col(AgendaItem.position),
                SUBJECT_REF,
                col(AgendaItem.started_at),
                col(AgendaItem.ended_at),
            )
        )
        .where(
            col(AgendaItem.meeting_id) == meeting_id,
            col(AgendaItem.started_at).is_not(None),
            col(AgendaItem.ended_at).is_not(None),
        )
        .order_by(col(AgendaItem.started_at), col(AgendaItem.position))
    )
    discussions = [DiscussionTimes(*values) for values in session.execute(query)]
    return MeetingTimeline(
        meeting_id=meeting.id,
        meeting_date=meeting.date,
        profile=meeting.profile,
        started_at=meeting.started_at,
        discussions=discussions,
    )


def meetings_on(session: Session, *, on: date) -> list[tuple[int, str]]:
    """The (id, profile) of every meeting held on ``on``."""
    query = (
        sa_select(col(Meeting.id), col(Meeting.profile))
        .where(col(Meeting.date) == on)
        .order_by(col(Meeting.profile))
    )
    return [(meeting_id, profile) for meeting_id, profile in session.execute(query)]


def external_recordings(session: Session, *, meeting_id: int) -> int:
    """How many recordings cut from an external file the meeting already has (not deleted)."""
    query = (
        sa_select(func.count())
        .select_from(Recording)
        .where(
            col(Recording.meeting_id) == meeting_id,
            col(Recording.kind) == "external",
            col(Recording.state) != DELETED,
        )
    )
    return int(session.execute(query).scalar_one())

"""Read-only queries: keyword-only functions taking a Session, returning plain records.

Nothing here is specific to SQLite. The history queries read tables that
carry ``child_id`` and ``meeting_date`` themselves, and each is served by an
index (see ``benchmarks/queries.py`` for timings and plans).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from store.models import (
    Action,
    Agency,
    AgendaItem,
    Child,
    ConcernLocation,
    ConcernPerson,
    Grading,
    Meeting,
)
from store.records import ActionRecord, HistoryEntry, MeetingRecord, QueueEntry

OPEN_STATUSES = ("open", "in-progress", "not-done")  # not done stays open (R12)
DISCUSSED_STATUSES = ("done", "deferred")


def child_history(
    session: Session, *, child_id: int, before: date | None = None, limit: int | None = None
) -> list[HistoryEntry]:
    """Earlier discussions of the child, newest first, with their grades and outcomes."""
    query = (
        sa_select(
            *(
                col(AgendaItem.id),
                col(AgendaItem.meeting_date),
                col(AgendaItem.profile),
                col(AgendaItem.status),
                col(Grading.grade),
                col(Grading.outcome),
                col(Grading.rationale),
            )
        )
        .outerjoin(Grading, col(Grading.item_id) == col(AgendaItem.id))
        .where(col(AgendaItem.child_id) == child_id)
        .where(col(AgendaItem.status).in_(DISCUSSED_STATUSES))
        .order_by(col(AgendaItem.meeting_date).desc(), col(AgendaItem.id).desc())
    )
    if before is not None:
        query = query.where(col(AgendaItem.meeting_date) < before)
    if limit is not None:
        query = query.limit(limit)
    return [HistoryEntry(*row) for row in session.execute(query)]


def last_medium_date(session: Session, *, child_id: int, before: date) -> date | None:
    """The date the child was last graded MEDIUM before ``before``, if ever."""
    query = select(func.max(Grading.meeting_date)).where(
        Grading.child_id == child_id,
        Grading.grade == "MEDIUM",
        Grading.meeting_date < before,
    )
    return session.exec(query).one()


def last_discharge_date(session: Session, *, child_id: int, before: date) -> date | None:
    """The date the child was last discharged from MACE before ``before``, if ever."""
    query = select(func.max(Grading.meeting_date)).where(
        Grading.child_id == child_id,
        Grading.outcome == "discharge",
        Grading.meeting_date < before,
    )
    return session.exec(query).one()


def referral_count(
    session: Session, *, child_id: int, profiles: Sequence[str], before: date | None = None
) -> int:
    """How many times the child was put on a queue of these profiles (R16).

    Removed items and deferrals carried forward are not new referrals.
    """
    query = select(func.count()).where(
        AgendaItem.child_id == child_id,
        col(AgendaItem.profile).in_(profiles),
        AgendaItem.status != "removed",
        col(AgendaItem.deferred_from_id).is_(None),
    )
    if before is not None:
        query = query.where(AgendaItem.meeting_date < before)
    return session.exec(query).one()


def _action_query() -> Any:
    return sa_select(
        *(
            col(Action.id),
            col(Action.meeting_id),
            col(Action.meeting_date),
            col(Action.profile),
            col(Action.item_id),
            col(Action.child_id),
            col(Action.kind),
            col(Action.text),
            col(Action.owner),
            func.coalesce(Agency.name, ""),
            col(Action.due),
            col(Action.agreed),
            col(Action.status),
        )
    ).outerjoin(Agency, col(Agency.id) == col(Action.agency_id))


def open_actions_for_child(
    session: Session, *, child_id: int, before: date | None = None
) -> list[ActionRecord]:
    """The child's actions not yet complete, oldest due first."""
    query = _action_query().where(
        Action.child_id == child_id, col(Action.status).in_(OPEN_STATUSES)
    )
    if before is not None:
        query = query.where(Action.meeting_date < before)
    query = query.order_by(col(Action.due).asc(), col(Action.id).asc())
    return [ActionRecord(*row) for row in session.execute(query)]


def carried_actions(session: Session, *, profile: str, before: date) -> list[ActionRecord]:
    """Open actions from earlier meetings of ``profile``, to review at the next one (R12)."""
    query = (
        _action_query()
        .where(
            Action.profile == profile,
            col(Action.status).in_(OPEN_STATUSES),
            Action.meeting_date < before,
        )
        .order_by(col(Action.meeting_date).asc(), col(Action.id).asc())
    )
    return [ActionRecord(*row) for row in session.execute(query)]


def find_meeting(session: Session, *, profile: str, on: date) -> Meeting | None:
    """The meeting of ``profile`` on ``on``, if one exists."""
    return session.exec(
        select(Meeting).where(Meeting.profile == profile, Meeting.date == on)
    ).first()


def latest_meeting(session: Session, *, status: str | None = None) -> Meeting | None:
    """The most recent meeting (optionally only those with ``status``)."""
    query = select(Meeting).order_by(col(Meeting.date).desc(), col(Meeting.id).desc())
    if status is not None:
        query = query.where(Meeting.status == status)
    return session.exec(query.limit(1)).first()


def meeting_queue(session: Session, *, meeting_id: int) -> list[QueueEntry]:
    """The subjects on a meeting's queue in order, leaving out removed ones (R22)."""
    query = (
        sa_select(
            *(
                col(AgendaItem.id),
                col(AgendaItem.position),
                col(AgendaItem.status),
                col(AgendaItem.child_id),
                func.coalesce(col(Child.ref), col(ConcernPerson.ref), col(ConcernLocation.ref), ""),
                func.coalesce(
                    col(Child.name),
                    col(ConcernPerson.name),
                    col(ConcernLocation.name),
                    col(AgendaItem.title),
                ),
                func.coalesce(col(Child.date_of_birth), col(ConcernPerson.date_of_birth)),
                func.coalesce(col(Child.local_authority), col(ConcernLocation.local_authority), ""),
                col(AgendaItem.referral_source),
                col(AgendaItem.exploitation_types),
                col(AgendaItem.reason),
                col(AgendaItem.late_change),
                col(AgendaItem.started_at),
                col(AgendaItem.subject_kind),
                func.coalesce(
                    col(AgendaItem.child_id),
                    col(AgendaItem.concern_person_id),
                    col(AgendaItem.concern_location_id),
                    col(AgendaItem.id),
                ),
                col(AgendaItem.free_section),
            )
        )
        .outerjoin(Child, col(Child.id) == col(AgendaItem.child_id))
        .outerjoin(ConcernPerson, col(ConcernPerson.id) == col(AgendaItem.concern_person_id))
        .outerjoin(ConcernLocation, col(ConcernLocation.id) == col(AgendaItem.concern_location_id))
        .where(col(AgendaItem.meeting_id) == meeting_id, col(AgendaItem.status) != "removed")
        .order_by(col(AgendaItem.position).asc())
    )
    return [QueueEntry(*row) for row in session.execute(query)]


def count_meetings(session: Session) -> int:
    """How many meetings the store holds."""
    return session.exec(select(func.count()).select_from(Meeting)).one()


def meeting_record(meeting: Meeting) -> MeetingRecord:
    """The plain record of a meeting row."""
    assert meeting.id is not None
    return MeetingRecord(
        id=meeting.id,
        profile=meeting.profile,
        date=meeting.date,
        status=meeting.status,
        stage=meeting.stage,
        scheduled_start=meeting.scheduled_start,
        scheduled_minutes=meeting.scheduled_minutes,
        started_at=meeting.started_at,
        ended_at=meeting.ended_at,
        current_item_id=meeting.current_item_id,
        extraordinary=meeting.extraordinary,
    )


# -- the same history, for a whole queue at once -----------------------------------
# A queue of a dozen children would otherwise take five queries per child.


def histories(
    session: Session, *, child_ids: Sequence[int], before: date, per_child: int = 10
) -> dict[int, list[HistoryEntry]]:
    """Earlier discussions of each child, newest first, at most ``per_child`` each."""
    if not child_ids:
        return {}
    query = (
        sa_select(
            *(
                col(AgendaItem.child_id),
                col(AgendaItem.id),
                col(AgendaItem.meeting_date),
                col(AgendaItem.profile),
                col(AgendaItem.status),
                col(Grading.grade),
                col(Grading.outcome),
                col(Grading.rationale),
            )
        )
        .outerjoin(Grading, col(Grading.item_id) == col(AgendaItem.id))
        .where(col(AgendaItem.child_id).in_(child_ids))
        .where(col(AgendaItem.status).in_(DISCUSSED_STATUSES))
        .where(col(AgendaItem.meeting_date) < before)
        .order_by(col(AgendaItem.meeting_date).desc(), col(AgendaItem.id).desc())
    )
    found: dict[int, list[HistoryEntry]] = {child: [] for child in child_ids}
    for child_id, *rest in session.execute(query):
        entries = found[child_id]
        if len(entries) < per_child:
            entries.append(HistoryEntry(*rest))
    return found


def _per_child(session: Session, query: Any, child_ids: Sequence[int]) -> dict[int, Any]:
    found = dict.fromkeys(child_ids)
    for child_id, value in session.execute(query):
        found[child_id] = value
    return found


def _last_grading_dates(
    session: Session, *, child_ids: Sequence[int], before: date, which: Any
) -> dict[int, date | None]:
    query = (
        sa_select(col(Grading.child_id), func.max(Grading.meeting_date))
        .where(col(Grading.child_id).in_(child_ids), which)
        .where(col(Grading.meeting_date) < before)
        .group_by(col(Grading.child_id))
    )
    return _per_child(session, query, child_ids)


def last_medium_dates(
    session: Session, *, child_ids: Sequence[int], before: date
) -> dict[int, date | None]:
    """For each child, the date last graded MEDIUM before ``before`` (or None)."""
    return _last_grading_dates(
        session, child_ids=child_ids, before=before, which=col(Grading.grade) == "MEDIUM"
    )


def last_discharge_dates(
    session: Session, *, child_ids: Sequence[int], before: date
) -> dict[int, date | None]:
    """For each child, the date last discharged from MACE before ``before`` (or None)."""
    return _last_grading_dates(
        session, child_ids=child_ids, before=before, which=col(Grading.outcome) == "discharge"
    )


def referral_counts(
    session: Session, *, child_ids: Sequence[int], profiles: Sequence[str], before: date
) -> dict[int, int]:
    """For each child, the referrals to queues of these profiles before ``before`` (R16)."""
    query = (
        sa_select(col(AgendaItem.child_id), func.count())
        .where(col(AgendaItem.child_id).in_(child_ids), col(AgendaItem.profile).in_(profiles))
        .where(col(AgendaItem.status) != "removed", col(AgendaItem.deferred_from_id).is_(None))
        .where(col(AgendaItem.meeting_date) < before)
        .group_by(col(AgendaItem.child_id))
    )
    return {child: count or 0 for child, count in _per_child(session, query, child_ids).items()}


def open_action_counts(
    session: Session, *, child_ids: Sequence[int], before: date
) -> dict[int, int]:
    """For each child, how many actions from meetings before ``before`` are still open."""
    query = (
        sa_select(col(Action.child_id), func.count())
        .where(col(Action.child_id).in_(child_ids), col(Action.status).in_(OPEN_STATUSES))
        .where(col(Action.meeting_date) < before)
        .group_by(col(Action.child_id))
    )
    return {child: count or 0 for child, count in _per_child(session, query, child_ids).items()}

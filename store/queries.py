"""Read-only queries: keyword-only functions taking a Session, returning plain records.

Nothing here is specific to SQLite. The history queries read tables that
carry ``child_id`` and ``meeting_date`` themselves, and each is served by an
index (see ``benchmarks/queries.py`` for timings and plans).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from store.models import Action, Agency, AgendaItem, Child, Grading, Meeting

OPEN_STATUSES = ("open", "in-progress")
DISCUSSED_STATUSES = ("done", "deferred")


@dataclass(frozen=True)
class HistoryEntry:
    """One earlier discussion of a child."""

    item_id: int
    meeting_date: date
    profile: str
    status: str
    grade: str | None
    outcome: str | None
    rationale: str | None


@dataclass(frozen=True)
class ActionRecord:
    """An action as the screens and reports show it."""

    id: int
    meeting_id: int
    meeting_date: date
    profile: str
    item_id: int | None
    child_id: int | None
    kind: str
    text: str
    owner: str
    agency: str
    due: date | None
    agreed: bool
    status: str


@dataclass(frozen=True)
class QueueEntry:
    """A child on a meeting's queue."""

    item_id: int
    position: int
    status: str
    child_id: int
    child_ref: str
    name: str
    date_of_birth: date | None
    local_authority: str
    referral_source: str
    exploitation_types: str
    reason: str
    late_change: bool


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
    """The children on a meeting's queue in order, leaving out removed ones."""
    query = (
        sa_select(
            *(
                col(AgendaItem.id),
                col(AgendaItem.position),
                col(AgendaItem.status),
                col(Child.id),
                col(Child.ref),
                col(Child.name),
                col(Child.date_of_birth),
                col(Child.local_authority),
                col(AgendaItem.referral_source),
                col(AgendaItem.exploitation_types),
                col(AgendaItem.reason),
                col(AgendaItem.late_change),
            )
        )
        .join(Child, col(Child.id) == col(AgendaItem.child_id))
        .where(col(AgendaItem.meeting_id) == meeting_id, col(AgendaItem.status) != "removed")
        .order_by(col(AgendaItem.position).asc())
    )
    return [QueueEntry(*row) for row in session.execute(query)]


def count_meetings(session: Session) -> int:
    """How many meetings the store holds."""
    return session.exec(select(func.count()).select_from(Meeting)).one()

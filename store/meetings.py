"""A meeting's life: created, started (or found inquorate), statements read, ended.

Every function commits its own change.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, select

from store.errors import UserError
from store.models import Meeting, StatementConfirmation
from store.queries import meeting_record
from store.records import MeetingRecord
from store.states import MeetingStage


class MeetingError(UserError):
    """A meeting change that cannot be made; the message says why."""


def _meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise MeetingError(f"meeting {meeting_id} no longer exists.")
    return meeting


def start(session: Session, *, meeting_id: int, at: datetime, chair_id: int | None) -> None:
    """The meeting is quorate and begins: statements come next."""
    meeting = _meeting(session, meeting_id)
    if meeting.status in ("finished", "inquorate"):
        raise MeetingError(f"This meeting is already {meeting.status}.")
    meeting.status = "in-progress"
    meeting.started_at = meeting.started_at or at
    meeting.chair_id = chair_id or meeting.chair_id
    if meeting.stage == "attendance":
        meeting.stage = "statements"
    session.commit()


def mark_inquorate(
    session: Session, *, meeting_id: int, at: datetime, rearranged: date, reason: str
) -> Meeting:
    """Mark the meeting inquorate (R1) without committing: the caller moves its queue too."""
    meeting = _meeting(session, meeting_id)
    if meeting.started_at is not None:
        raise MeetingError("The meeting has started; it can no longer be recorded as inquorate.")
    if meeting.status in ("finished", "inquorate", "cancelled"):
        raise MeetingError(f"This meeting is already {meeting.status}.")
    meeting.status = "inquorate"
    meeting.stage = "ended"
    meeting.inquorate_reason = reason
    meeting.rearranged_date = rearranged
    meeting.ended_at = at
    session.flush()
    return meeting


def record_inquorate(
    session: Session, *, meeting_id: int, at: datetime, rearranged: date, reason: str
) -> None:
    """The meeting cannot go ahead (R1): record why and when it is to be rearranged."""
    mark_inquorate(session, meeting_id=meeting_id, at=at, rearranged=rearranged, reason=reason)
    session.commit()


def confirm_statement(session: Session, *, meeting_id: int, key: str, at: datetime) -> None:
    """The chair confirms a statement was read (R4); confirming again keeps the first time."""
    found = session.exec(
        select(StatementConfirmation).where(
            StatementConfirmation.meeting_id == meeting_id,
            StatementConfirmation.statement_key == key,
        )
    ).first()
    if found is None:
        session.add(
            StatementConfirmation(meeting_id=meeting_id, statement_key=key, confirmed_at=at)
        )
        session.commit()


def confirmed_statements(session: Session, *, meeting_id: int) -> dict[str, datetime]:
    """When each statement was confirmed."""
    rows = session.exec(
        select(StatementConfirmation).where(StatementConfirmation.meeting_id == meeting_id)
    ).all()
    return {row.statement_key: row.confirmed_at for row in rows}


def set_stage(session: Session, *, meeting_id: int, stage: str, at: datetime | None = None) -> None:
    """Move the meeting to a stage (where the chair resumes after a restart)."""
    meeting = _meeting(session, meeting_id)
    meeting.stage = stage
    if stage == "cases" and meeting.statements_confirmed_at is None:
        meeting.statements_confirmed_at = at
    session.commit()


def move_on(
    session: Session, *, meeting_id: int, stage: MeetingStage, at: datetime | None = None
) -> MeetingRecord:
    """Move the meeting to ``stage`` and return it as the screens show it: one call per move."""
    set_stage(session, meeting_id=meeting_id, stage=stage, at=at)
    return meeting_record(_meeting(session, meeting_id))


def end(session: Session, *, meeting_id: int, at: datetime) -> None:
    """The chair ends the meeting."""
    meeting = _meeting(session, meeting_id)
    meeting.status = "finished"
    meeting.stage = "ended"
    meeting.current_item_id = None
    meeting.ended_at = at
    session.commit()

"""A meeting's life: created, started (or found inquorate), statements read, ended.

Every function commits its own change.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, select

from store.models import Meeting, StatementConfirmation


class MeetingError(Exception):
    """A meeting change that cannot be made; the message says why."""

    user_facing = True


def get_or_create(session: Session, *, profile: str, on: date, start: str, minutes: int) -> Meeting:
    """The meeting of ``profile`` on ``on``, created (planned, the standing panel invited) if there is none."""
    meeting = session.exec(
        select(Meeting).where(Meeting.profile == profile, Meeting.date == on)
    ).first()
    if meeting is None:
        meeting = Meeting(
            profile=profile, date=on, scheduled_start=start, scheduled_minutes=minutes
        )
        session.add(meeting)
        session.flush()
        from store.agenda.panel import invite_standing_panel

        invite_standing_panel(session, meeting=meeting)
        session.commit()
        session.refresh(meeting)
    return meeting


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


def record_inquorate(
    session: Session, *, meeting_id: int, at: datetime, rearranged: date, reason: str
) -> None:
    """The meeting cannot go ahead (R1): record why and when it is to be rearranged."""
    meeting = _meeting(session, meeting_id)
    if meeting.started_at is not None:
        raise MeetingError("The meeting has started; it can no longer be recorded as inquorate.")
    meeting.status = "inquorate"
    meeting.stage = "ended"
    meeting.inquorate_reason = reason
    meeting.rearranged_date = rearranged
    meeting.ended_at = at
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


def end(session: Session, *, meeting_id: int, at: datetime) -> None:
    """The chair ends the meeting."""
    meeting = _meeting(session, meeting_id)
    meeting.status = "finished"
    meeting.stage = "ended"
    meeting.current_item_id = None
    meeting.ended_at = at
    session.commit()

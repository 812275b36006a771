"""One child's discussion: started, THRIVE notes, grade and outcome, closed or deferred.

Every function commits its own change; notes are saved as they are typed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from store.errors import UserError
from store.models import Agency, AgendaItem, Grading, Meeting, ThriveNote
from store.records import GradingRecord, NoteRecord


class DiscussionError(UserError):
    """A change to a discussion that cannot be made; the message says why."""


def _item(session: Session, item_id: int) -> AgendaItem:
    item = session.get(AgendaItem, item_id)
    if item is None:
        raise DiscussionError(f"agenda item {item_id} no longer exists.")
    return item


def begin(session: Session, *, item_id: int, at: datetime) -> None:
    """The child's discussion starts (or resumes); the meeting remembers where it is."""
    item = _item(session, item_id)
    if item.status in ("done", "deferred", "removed"):
        raise DiscussionError("This child's discussion is already closed.")
    item.status = "in-discussion"
    item.started_at = item.started_at or at
    meeting = session.get(Meeting, item.meeting_id)
    assert meeting is not None
    meeting.current_item_id = item_id
    session.commit()


def notes(session: Session, *, item_id: int) -> list[NoteRecord]:
    """The discussion's THRIVE notes in the order they were made."""
    rows = session.execute(
        sa_select(
            *(
                col(ThriveNote.id),
                col(ThriveNote.item_id),
                col(ThriveNote.section),
                col(ThriveNote.agency_id),
                func.coalesce(Agency.name, ""),
                col(ThriveNote.person_id),
                col(ThriveNote.kind),
                col(ThriveNote.text),
                col(ThriveNote.updated_at),
            )
        )
        .outerjoin(Agency, col(Agency.id) == col(ThriveNote.agency_id))
        .where(col(ThriveNote.item_id) == item_id)
        .order_by(col(ThriveNote.id))
    )
    return [NoteRecord(*row) for row in rows]


def save_note(
    session: Session,
    *,
    note_id: int | None,
    item_id: int,
    section: str,
    agency_id: int | None,
    person_id: int | None,
    kind: str,
    text: str,
    at: datetime,
) -> int:
    """Create or update a note; returns its id."""
    if kind not in ("fact", "opinion"):
        raise DiscussionError(f"Note kind: {kind!r} must be fact or opinion.")
    note = session.get(ThriveNote, note_id) if note_id is not None else None
    if note is None:
        note = ThriveNote(item_id=item_id, section=section, created_at=at)
        session.add(note)
    note.agency_id = agency_id
    note.person_id = person_id
    note.kind = kind
    note.text = text
    note.updated_at = at
    session.commit()
    assert note.id is not None
    return note.id


def delete_note(session: Session, *, note_id: int) -> None:
    """Remove a note."""
    note = session.get(ThriveNote, note_id)
    if note is not None:
        session.delete(note)
        session.commit()


def grading(session: Session, *, item_id: int) -> GradingRecord | None:
    """The discussion's grading so far, if any."""
    row = session.exec(select(Grading).where(Grading.item_id == item_id)).first()
    if row is None:
        return None
    return GradingRecord(
        item_id=item_id,
        grade=row.grade,
        rationale=row.rationale,
        significant_new_risk=row.significant_new_risk,
        crime_identified=row.crime_identified,
        npa_managed=row.npa_managed,
        proposed_outcome=row.proposed_outcome,
        outcome=row.outcome,
        outcome_reason=row.outcome_reason,
        override_reason=row.override_reason,
        team_name=row.team_name,
    )


def save_grading(session: Session, *, record: GradingRecord, at: datetime) -> None:
    """Create or replace the discussion's grading (R6, R7)."""
    item = _item(session, record.item_id)
    row = session.exec(select(Grading).where(Grading.item_id == record.item_id)).first()
    if row is None:
        row = Grading(
            item_id=record.item_id,
            child_id=item.child_id,
            meeting_date=item.meeting_date,
            profile=item.profile,
            grade=record.grade,
        )
        session.add(row)
    row.grade = record.grade
    row.rationale = record.rationale
    row.significant_new_risk = record.significant_new_risk
    row.crime_identified = record.crime_identified
    row.npa_managed = record.npa_managed
    row.proposed_outcome = record.proposed_outcome
    row.outcome = record.outcome
    row.outcome_reason = record.outcome_reason
    row.override_reason = record.override_reason
    row.team_name = record.team_name.strip()[:200]
    row.graded_at = at
    session.commit()


def close(session: Session, *, item_id: int, at: datetime) -> None:
    """The child's discussion is finished."""
    item = _item(session, item_id)
    item.status = "done"
    item.ended_at = at
    meeting = session.get(Meeting, item.meeting_id)
    assert meeting is not None
    if meeting.current_item_id == item_id:
        meeting.current_item_id = None
    session.commit()


def defer(session: Session, *, item_id: int, reason: str, to_meeting_id: int, at: datetime) -> int:
    """Move the child to a later meeting with a reason; returns the new item's id."""
    from store.agenda import AgendaError, carry_item

    reason = reason.strip()
    if not reason:
        raise DiscussionError("Reason: say why the child is deferred.")
    item = _item(session, item_id)
    target = session.get(Meeting, to_meeting_id)
    assert target is not None
    if target.id == item.meeting_id:
        raise DiscussionError("A child cannot be deferred to the same meeting.")
    try:
        # Whoever had a conflict for the child still has it at the next meeting (R3).
        moved = carry_item(session, item=item, target=target, reason=reason, at=at)
    except AgendaError as exc:
        session.rollback()
        raise DiscussionError(str(exc)) from None
    session.commit()
    assert moved.id is not None
    return moved.id

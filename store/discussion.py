"""One child's discussion: started, THRIVE notes, grade and outcome, closed or deferred.

Every function commits its own change; notes are saved as they are typed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from store import closed
from store.errors import UserError
from store.models import Agency, AgendaItem, Grading, Meeting, ThriveNote
from store.records import GradingRecord, NoteRecord
from store.versions import ChangedMeanwhile, Saved, StaleSave


class DiscussionError(UserError):
    """A change to a discussion that cannot be made; the message says why."""


def _item(session: Session, item_id: int) -> AgendaItem:
    item = session.get(AgendaItem, item_id)
    if item is None:
        raise DiscussionError(f"agenda item {item_id} no longer exists.")
    return item


def _refuse_if_ended(session: Session, item: AgendaItem | None, what: str) -> None:
    """A finished meeting's notes and grades change only by an amendment (R20)."""
    if item is not None:
        closed.refuse_if_ended(
            session, meeting_id=item.meeting_id, what=what, error=DiscussionError
        )


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
                col(ThriveNote.version),
            )
        )
        .outerjoin(Agency, col(Agency.id) == col(ThriveNote.agency_id))
        .where(col(ThriveNote.item_id) == item_id)
        .order_by(col(ThriveNote.id))
    )
    return [NoteRecord(*row) for row in rows]


def note(session: Session, *, note_id: int) -> NoteRecord | None:
    """One note as stored now (None if it was removed)."""
    row = session.get(ThriveNote, note_id)
    if row is None:
        return None
    session.refresh(row)  # as stored now, not as this session last saw it
    agency = session.get(Agency, row.agency_id) if row.agency_id is not None else None
    assert row.id is not None
    return NoteRecord(
        row.id,
        row.item_id,
        row.section,
        row.agency_id,
        agency.name if agency is not None else "",
        row.person_id,
        row.kind,
        row.text,
        row.updated_at,
        row.version,
    )


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
    expected_version: int | None = None,
) -> int:
    """Create or update a note; returns its id (see ``save_note_checked``)."""
    return save_note_checked(
        session,
        note_id=note_id,
        item_id=item_id,
        section=section,
        agency_id=agency_id,
        person_id=person_id,
        kind=kind,
        text=text,
        at=at,
        expected_version=expected_version,
    ).id


def save_note_checked(
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
    expected_version: int | None = None,
) -> Saved:
    """Create or update a note; returns its id and new version.

    ``expected_version``: the version the edit was made from. If another seat has saved
    the note since, nothing is written and ``StaleSave`` carries their note (R25).
    None skips the check (a seat's first save of a note it created itself).
    """
    if kind not in ("fact", "opinion"):
        raise DiscussionError(f"Note kind: {kind!r} must be fact or opinion.")
    row = session.get(ThriveNote, note_id) if note_id is not None else None
    _refuse_if_ended(session, session.get(AgendaItem, row.item_id if row else item_id), "a note")
    if row is None:
        row = ThriveNote(item_id=item_id, section=section, created_at=at)
        session.add(row)
    elif expected_version is not None and row.version != expected_version:
        _stale_note(session, row.id, expected_version)
    row.agency_id = agency_id
    row.person_id = person_id
    row.kind = kind
    row.text = text
    row.updated_at = at
    try:
        session.commit()
    except ChangedMeanwhile:
        if row.id is None or expected_version is None:
            raise
        _stale_note(session, row.id, expected_version)
    assert row.id is not None
    return Saved(row.id, row.version)


def _stale_note(session: Session, note_id: int | None, expected: int) -> None:
    assert note_id is not None
    theirs = note(session, note_id=note_id)
    if theirs is None:
        raise DiscussionError("This note was removed on another seat; it was not saved.")
    raise StaleSave(
        what="note",
        row_id=note_id,
        their_version=theirs.version,
        your_version=expected,
        theirs=theirs,
    )


def delete_note(session: Session, *, note_id: int) -> None:
    """Remove a note."""
    note = session.get(ThriveNote, note_id)
    if note is not None:
        _refuse_if_ended(session, session.get(AgendaItem, note.item_id), "a note")
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
        version=row.version,
    )


def save_grading(
    session: Session,
    *,
    record: GradingRecord,
    at: datetime,
    expected_version: int | None = None,
) -> int:
    """Create or replace the discussion's grading (R6, R7); returns its new version.

    ``expected_version``: the version the edit was made from (0: none was stored yet).
    If another seat has saved a grading since, nothing is written and ``StaleSave``
    carries theirs (R25). None skips the check.
    """
    item = _item(session, record.item_id)
    _refuse_if_ended(session, item, "a grade")
    row = session.exec(select(Grading).where(Grading.item_id == record.item_id)).first()
    stored = row.version if row is not None else 0
    if expected_version is not None and stored != expected_version:
        _stale_grading(session, record.item_id, expected_version)
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
    try:
        session.commit()
    except (ChangedMeanwhile, IntegrityError):
        # Another seat saved first (an update, or the first grading: the unique item_id).
        if expected_version is None:
            raise
        session.rollback()
        session.expire_all()
        now = grading(session, item_id=record.item_id)
        if now is None or now.version == expected_version:
            raise  # not another seat's save: a fault of this one
        _stale_grading(session, record.item_id, expected_version)
    return row.version


def _stale_grading(session: Session, item_id: int, expected: int) -> None:
    session.expire_all()
    theirs = grading(session, item_id=item_id)
    raise StaleSave(
        what="grading",
        row_id=item_id,
        their_version=theirs.version if theirs is not None else 0,
        your_version=expected,
        theirs=theirs,
    )


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

"""Research before the meeting (R23): which agencies were asked, and what each one sent.

Keyword-only functions taking a Session; they add and flush but never commit
(the caller's unit of work commits once, so an import is all or nothing).
Research hangs on an agenda item, so every kind of subject can have it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select

from store.agenda.meetings import AgendaError
from store.frozen import record
from store.models import (
    Agency,
    AgendaItem,
    Attendance,
    Grading,
    Meeting,
    Person,
    Research,
    ResearchRequest,
    ThriveNote,
)

# Research may still arrive once the meeting has started; a finished meeting is closed (R20).
OPEN_STATUSES = ("planned", "in-progress")


@record
class AgencyName:
    """An agency as research lists show it."""

    id: int
    key: str
    name: str
    short_name: str


@record
class ResearchRow:
    """One contribution as stored, with its agency's name."""

    id: int
    item_id: int
    child_id: int | None
    agency: AgencyName
    contributor: str
    kind: str
    text: str
    received: date
    meeting_date: date


def _agency(row: Agency) -> AgencyName:
    assert row.id is not None
    return AgencyName(row.id, row.key, row.name, row.short_name)


def ensure_open(session: Session, *, meeting_id: int) -> Meeting:
    """The meeting, or AgendaError when it has finished (its record is closed)."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise AgendaError("meeting: it no longer exists; open the preparation again.")
    if meeting.status not in OPEN_STATUSES:
        raise AgendaError(
            f"meeting: it is {meeting.status}, so research can no longer be added or removed."
        )
    return meeting


def agencies(session: Session) -> list[AgencyName]:
    """Active agencies, by name."""
    query = select(Agency).where(col(Agency.active).is_(True)).order_by(col(Agency.name))
    return [_agency(a) for a in session.exec(query)]


def asked(session: Session, *, meeting_id: int) -> list[AgencyName]:
    """The agencies asked for research for this meeting, by name."""
    query = (
        select(Agency)
        .join(ResearchRequest, col(ResearchRequest.agency_id) == col(Agency.id))
        .where(col(ResearchRequest.meeting_id) == meeting_id)
        .order_by(col(Agency.name))
    )
    return [_agency(a) for a in session.exec(query)]


def attending_agency_ids(session: Session, *, meeting_id: int) -> set[int]:
    """Agencies with at least one person invited to (or present at) the meeting."""
    query = (
        select(Person.agency_id)
        .join(Attendance, col(Attendance.person_id) == col(Person.id))
        .where(col(Attendance.meeting_id) == meeting_id, col(Attendance.invited).is_(True))
    )
    return set(session.exec(query))


def ask(session: Session, *, meeting_id: int, agency_id: int, at: datetime) -> bool:
    """Record that an agency was asked for research; False if it already was."""
    ensure_open(session, meeting_id=meeting_id)
    if session.get(Agency, agency_id) is None:
        raise AgendaError("agency: it is not in the directory; add it there first.")
    existing = session.exec(
        select(ResearchRequest).where(
            col(ResearchRequest.meeting_id) == meeting_id,
            col(ResearchRequest.agency_id) == agency_id,
        )
    ).first()
    if existing is not None:
        return False
    session.add(ResearchRequest(meeting_id=meeting_id, agency_id=agency_id, asked_at=at))
    session.flush()
    return True


def unask(session: Session, *, meeting_id: int, agency_id: int) -> None:
    """Forget that an agency was asked (what it sent stays)."""
    ensure_open(session, meeting_id=meeting_id)
    for row in session.exec(
        select(ResearchRequest).where(
            col(ResearchRequest.meeting_id) == meeting_id,
            col(ResearchRequest.agency_id) == agency_id,
        )
    ):
        session.delete(row)
    session.flush()


@record
class NewResearch:
    """A checked contribution, ready to store."""

    item_id: int
    agency_id: int
    contributor: str
    kind: str
    text: str
    received: date


def add(session: Session, entries: Sequence[NewResearch], *, at: datetime) -> list[int]:
    """Store contributions (already checked); their ids."""
    items = {e.item_id for e in entries}
    found = {i.id: i for i in session.exec(select(AgendaItem).where(col(AgendaItem.id).in_(items)))}
    for meeting_id in {i.meeting_id for i in found.values()}:
        ensure_open(session, meeting_id=meeting_id)
    rows = []
    for entry in entries:
        item = found.get(entry.item_id)
        if item is None:
            raise AgendaError("item: it is no longer on the queue; read the meeting again.")
        rows.append(
            Research(
                item_id=entry.item_id,
                child_id=item.child_id,
                agency_id=entry.agency_id,
                contributor=entry.contributor,
                kind=entry.kind,
                text=entry.text,
                received=entry.received,
                created_at=at,
            )
        )
    session.add_all(rows)
    session.flush()
    return [r.id for r in rows if r.id is not None]


def remove(session: Session, *, research_id: int) -> None:
    """Delete a contribution entered by mistake (only before the meeting has finished)."""
    row = session.get(Research, research_id)
    if row is None:
        return
    item = session.get(AgendaItem, row.item_id)
    if item is not None:
        ensure_open(session, meeting_id=item.meeting_id)
    session.delete(row)
    session.flush()


def _rows(session: Session, where: Sequence[ColumnElement[bool]]) -> list[ResearchRow]:
    query = (
        select(Research, Agency, col(AgendaItem.meeting_date))
        .join(Agency, col(Agency.id) == col(Research.agency_id))
        .join(AgendaItem, col(AgendaItem.id) == col(Research.item_id))
        .where(*where)
        .order_by(col(AgendaItem.meeting_date), col(Agency.name), col(Research.received))
        .order_by(col(Research.id))
    )
    out = []
    for research, agency, meeting_date in session.exec(query):
        assert research.id is not None
        out.append(
            ResearchRow(
                id=research.id,
                item_id=research.item_id,
                child_id=research.child_id,
                agency=_agency(agency),
                contributor=research.contributor,
                kind=research.kind,
                text=research.text,
                received=research.received,
                meeting_date=meeting_date,
            )
        )
    return out


def for_items(session: Session, *, item_ids: Iterable[int]) -> list[ResearchRow]:
    """The research on these agenda items, by agency then date received."""
    ids = list(item_ids)
    if not ids:
        return []
    return _rows(session, [col(Research.item_id).in_(ids)])


def for_child_before(session: Session, *, child_id: int, before: date) -> list[ResearchRow]:
    """A child's research for earlier meetings (for Level 2 forms), oldest meeting first."""
    return _rows(
        session, [col(Research.child_id) == child_id, col(AgendaItem.meeting_date) < before]
    )


def subject_is(kind: str, subject_id: int) -> ColumnElement[bool]:
    """Agenda items about this child, person or location of concern (R22)."""
    column = {
        "child": AgendaItem.child_id,
        "person": AgendaItem.concern_person_id,
        "location": AgendaItem.concern_location_id,
    }[kind]
    return col(column) == subject_id


def for_subject_before(
    session: Session, *, kind: str, subject_id: int, before: date
) -> list[ResearchRow]:
    """Research for a subject of any kind at earlier meetings, oldest meeting first."""
    return _rows(session, [subject_is(kind, subject_id), col(AgendaItem.meeting_date) < before])


@record
class EarlierNote:
    """A THRIVE note of an earlier discussion."""

    section: str
    agency: str
    kind: str
    text: str


@record
class EarlierDiscussion:
    """A child's discussion at an earlier meeting: grade, outcome and notes (for Level 2 forms)."""

    item_id: int
    meeting_date: date
    profile: str
    grade: str
    rationale: str
    outcome: str
    notes: tuple[EarlierNote, ...]


def earlier_discussions(
    session: Session,
    *,
    child_id: int | None = None,
    before: date,
    kind: str = "child",
    subject_id: int | None = None,
) -> list[EarlierDiscussion]:
    """The subject's finished discussions at meetings before ``before``, oldest first.

    A child by ``child_id``, or any kind of subject by ``kind`` and ``subject_id`` (R22).
    """
    subject = subject_id if subject_id is not None else child_id
    assert subject is not None, "earlier_discussions needs child_id or subject_id"
    items = session.exec(
        select(AgendaItem, Grading)
        .join(Grading, col(Grading.item_id) == col(AgendaItem.id), isouter=True)
        .where(
            subject_is(kind, subject),
            col(AgendaItem.meeting_date) < before,
            col(AgendaItem.status) == "done",
        )
        .order_by(col(AgendaItem.meeting_date), col(AgendaItem.id))
    ).all()
    ids = [item.id for item, _ in items if item.id is not None]
    notes: dict[int, list[EarlierNote]] = {}
    if ids:
        rows = session.exec(
            select(ThriveNote, Agency)
            .join(Agency, col(Agency.id) == col(ThriveNote.agency_id), isouter=True)
            .where(col(ThriveNote.item_id).in_(ids))
            .order_by(col(ThriveNote.id))
        ).all()
        for note, agency in rows:
            notes.setdefault(note.item_id, []).append(
                EarlierNote(note.section, agency.name if agency else "", note.kind, note.text)
            )
    out = []
    for item, grading in items:
        assert item.id is not None
        out.append(
            EarlierDiscussion(
                item_id=item.id,
                meeting_date=item.meeting_date,
                profile=item.profile,
                grade=grading.grade if grading else "",
                rationale=grading.rationale if grading else "",
                outcome=grading.outcome if grading else "",
                notes=tuple(notes.get(item.id, ())),
            )
        )
    return out


def grading_flags(session: Session, *, item_ids: Iterable[int]) -> dict[int, tuple[bool, bool]]:
    """Per graded item: (crime identified, already managed by the NPA), for NPA referrals (R7)."""
    ids = list(item_ids)
    if not ids:
        return {}
    rows = session.exec(select(Grading).where(col(Grading.item_id).in_(ids))).all()
    return {g.item_id: (g.crime_identified, g.npa_managed) for g in rows}


__all__ = [
    "OPEN_STATUSES",
    "AgencyName",
    "EarlierDiscussion",
    "EarlierNote",
    "NewResearch",
    "ResearchRow",
    "add",
    "agencies",
    "ask",
    "asked",
    "attending_agency_ids",
    "earlier_discussions",
    "ensure_open",
    "for_child_before",
    "for_items",
    "for_subject_before",
    "grading_flags",
    "remove",
    "subject_is",
    "unask",
]

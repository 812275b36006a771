"""Who is expected at the meeting, and the conflicts of interest known before it (R3)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from store.agenda.items import get_item
from store.agenda.meetings import AgendaError, ensure_editable, get_meeting
from store.frozen import record
from store.models import Agency, AgendaItem, Attendance, Conflict, Meeting, PanelMember, Person


@record
class PersonChoice:
    """A professional who can be invited or named in a conflict."""

    id: int
    name: str
    title: str
    role: str
    agency: str
    sector: str


@record
class Invitation:
    """A person expected at the meeting."""

    attendance_id: int
    person: PersonChoice
    status: str


@record
class KnownConflict:
    """A person's conflict for a child on the queue, recorded before the meeting."""

    id: int
    item_id: int
    child_id: int
    person: PersonChoice
    reason: str
    source: str


def _person_query() -> Any:
    return sa_select(
        col(Person.id),
        col(Person.name),
        col(Person.title),
        col(Person.role),
        col(Agency.name),
        col(Agency.sector),
    ).join(Agency, col(Agency.id) == col(Person.agency_id))


def people(session: Session) -> list[PersonChoice]:
    """Active people of active agencies, by agency then name (the prep pickers' list)."""
    query = _person_query().where(col(Person.active).is_(True), col(Agency.active).is_(True))
    query = query.order_by(col(Agency.name), col(Person.name))
    return [PersonChoice(*row) for row in session.execute(query)]


def invitations(session: Session, *, meeting_id: int) -> list[Invitation]:
    """The people expected at the meeting, by agency then name."""
    query = (
        _person_query()
        .add_columns(col(Attendance.id), col(Attendance.status))
        .join(Attendance, col(Attendance.person_id) == col(Person.id))
        .where(col(Attendance.meeting_id) == meeting_id, col(Attendance.invited).is_(True))
        .order_by(col(Agency.name), col(Person.name))
    )
    return [
        Invitation(attendance_id=row[6], person=PersonChoice(*row[:6]), status=row[7])
        for row in session.execute(query)
    ]


def invite(session: Session, *, meeting_id: int, person_id: int) -> Attendance:
    """Expect a person at the meeting; AgendaError if already invited."""
    ensure_editable(get_meeting(session, meeting_id=meeting_id))
    if session.get(Person, person_id) is None:
        raise AgendaError("person: not found. Choose someone from the list.")
    existing = session.exec(
        select(Attendance).where(
            Attendance.meeting_id == meeting_id, Attendance.person_id == person_id
        )
    ).first()
    if existing is not None:
        if existing.invited:
            raise AgendaError("person: already invited to this meeting.")
        existing.invited = True
        session.add(existing)
        session.flush()
        return existing
    seat = Attendance(meeting_id=meeting_id, person_id=person_id, status="expected", invited=True)
    session.add(seat)
    session.flush()
    return seat


def uninvite(session: Session, *, attendance_id: int) -> None:
    """Withdraw an invitation made for a meeting that has not started."""
    seat = session.get(Attendance, attendance_id)
    if seat is None:
        return
    ensure_editable(get_meeting(session, meeting_id=seat.meeting_id))
    if seat.status != "expected":
        raise AgendaError(
            f"invitation: this person is marked {seat.status}; it cannot be withdrawn."
        )
    session.delete(seat)
    session.flush()


def invite_standing_panel(session: Session, *, meeting: Meeting) -> int:
    """Invite the profile's standing panel from the directory (active people only); how many."""
    assert meeting.id is not None
    person_ids = session.exec(
        select(PanelMember.person_id)
        .join(Person, col(Person.id) == col(PanelMember.person_id))
        .join(Agency, col(Agency.id) == col(Person.agency_id))
        .where(
            PanelMember.profile == meeting.profile,
            col(Person.active).is_(True),
            col(Agency.active).is_(True),
        )
    ).all()
    already = set(
        session.exec(select(Attendance.person_id).where(Attendance.meeting_id == meeting.id)).all()
    )
    new = [p for p in dict.fromkeys(person_ids) if p not in already]
    session.add_all(
        Attendance(meeting_id=meeting.id, person_id=p, status="expected", invited=True) for p in new
    )
    session.flush()
    return len(new)


def invite_previous_panel(session: Session, *, meeting: Meeting) -> int:
    """Invite the people invited to the last earlier meeting of the same profile; how many.

    People made inactive since, or of an agency made inactive, are left out."""
    assert meeting.id is not None
    previous = session.exec(
        select(Meeting.id)
        .where(
            Meeting.profile == meeting.profile,
            Meeting.date < meeting.date,
            col(Meeting.id).in_(
                select(Attendance.meeting_id).where(col(Attendance.invited).is_(True))
            ),
        )
        .order_by(col(Meeting.date).desc())
        .limit(1)
    ).first()
    if previous is None:
        return 0
    person_ids = session.exec(
        select(Attendance.person_id)
        .join(Person, col(Person.id) == col(Attendance.person_id))
        .join(Agency, col(Agency.id) == col(Person.agency_id))
        .where(
            Attendance.meeting_id == previous,
            col(Attendance.invited).is_(True),
            col(Person.active).is_(True),
            col(Agency.active).is_(True),
        )
    ).all()
    already = set(
        session.exec(select(Attendance.person_id).where(Attendance.meeting_id == meeting.id)).all()
    )
    new = [p for p in dict.fromkeys(person_ids) if p not in already]
    session.add_all(
        Attendance(meeting_id=meeting.id, person_id=p, status="expected", invited=True) for p in new
    )
    session.flush()
    return len(new)


def add_known_conflict(
    session: Session, *, item_id: int, person_id: int, reason: str, at: datetime
) -> Conflict:
    """Record before the meeting that a person has a conflict for a child (R3)."""
    item = get_item(session, item_id=item_id)
    ensure_editable(get_meeting(session, meeting_id=item.meeting_id))
    if session.get(Person, person_id) is None:
        raise AgendaError("person: not found. Choose someone from the list.")
    existing = session.exec(
        select(Conflict).where(Conflict.item_id == item_id, Conflict.person_id == person_id)
    ).first()
    if existing is not None:
        raise AgendaError("conflict: already recorded for this person and child.")
    conflict = Conflict(
        item_id=item_id, person_id=person_id, reason=reason, source="prepared", declared_at=at
    )
    session.add(conflict)
    session.flush()
    return conflict


def remove_known_conflict(session: Session, *, conflict_id: int) -> None:
    """Delete a conflict the coordinator recorded (not one declared in the meeting)."""
    conflict = session.get(Conflict, conflict_id)
    if conflict is None:
        return
    item = get_item(session, item_id=conflict.item_id)
    ensure_editable(get_meeting(session, meeting_id=item.meeting_id))
    if conflict.source != "prepared":
        raise AgendaError("conflict: it was declared in the meeting and stays on the record.")
    session.delete(conflict)
    session.flush()


def known_conflicts(session: Session, *, meeting_id: int) -> list[KnownConflict]:
    """Conflicts recorded for the children on the queue now."""
    query = (
        _person_query()
        .add_columns(
            col(Conflict.id),
            col(Conflict.item_id),
            col(AgendaItem.child_id),
            col(Conflict.reason),
            col(Conflict.source),
        )
        .join(Conflict, col(Conflict.person_id) == col(Person.id))
        .join(AgendaItem, col(AgendaItem.id) == col(Conflict.item_id))
        .where(col(AgendaItem.meeting_id) == meeting_id, col(AgendaItem.status) != "removed")
        .order_by(col(AgendaItem.position), col(Person.name))
    )
    return [
        KnownConflict(
            id=row[6],
            item_id=row[7],
            child_id=row[8],
            person=PersonChoice(*row[:6]),
            reason=row[9],
            source=row[10],
        )
        for row in session.execute(query)
    ]

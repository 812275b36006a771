"""Who is at a meeting: invitations, arrivals, deputies, walk-ins and departures (R1).

Every function commits its own change, so a crash loses nothing.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from store.errors import UserError
from store.models import Agency, Attendance, NamedDeputy, Person, PresenceBreak
from store.records import AgencyRecord, AttendanceRecord


class AttendanceError(UserError):
    """An attendance change that cannot be made; the message says why."""


def meeting_attendance(session: Session, *, meeting_id: int) -> list[AttendanceRecord]:
    """Everyone invited to or present at the meeting, by agency then name."""
    deputised = aliased(Person)
    query = (
        sa_select(
            *(
                col(Attendance.id),
                col(Person.id),
                col(Person.name),
                col(Person.title),
                col(Person.role),
                col(Agency.id),
                col(Agency.name),
                col(Agency.sector),
                col(Attendance.status),
                col(Attendance.deputy_for_id),
                col(deputised.name),
                col(Attendance.invited),
                col(Attendance.walk_in),
                col(Attendance.joined_at),
                col(Attendance.left_at),
            )
        )
        .join(Person, col(Person.id) == col(Attendance.person_id))
        .join(Agency, col(Agency.id) == col(Person.agency_id))
        .outerjoin(deputised, col(deputised.id) == col(Attendance.deputy_for_id))
        .where(col(Attendance.meeting_id) == meeting_id)
        .order_by(col(Agency.name), col(Person.name))
    )
    breaks: dict[int, list[tuple[datetime, datetime]]] = {}
    for gap in session.exec(
        select(PresenceBreak)
        .where(PresenceBreak.meeting_id == meeting_id)
        .order_by(col(PresenceBreak.left_at))
    ):
        breaks.setdefault(gap.person_id, []).append((gap.left_at, gap.back_at))
    records = [AttendanceRecord(*row) for row in session.execute(query)]
    return [replace(r, breaks=tuple(breaks.get(r.person_id, ()))) for r in records]


def _back(session: Session, row: Attendance, at: datetime) -> None:
    """Someone who had left is in the room again: the leaving is kept as a break (R1)."""
    if row.left_at is not None:
        session.add(
            PresenceBreak(
                meeting_id=row.meeting_id, person_id=row.person_id, left_at=row.left_at, back_at=at
            )
        )
    row.left_at = None


def agencies(session: Session) -> list[AgencyRecord]:
    """Every active agency, by name (one made inactive in the directory is not offered)."""
    rows = session.exec(
        select(Agency).where(col(Agency.active).is_(True)).order_by(col(Agency.name))
    ).all()
    return [AgencyRecord(a.id or 0, a.key, a.name, a.sector, a.contact) for a in rows]


def _row(session: Session, meeting_id: int, person_id: int) -> Attendance:
    row = session.exec(
        select(Attendance).where(
            Attendance.meeting_id == meeting_id, Attendance.person_id == person_id
        )
    ).first()
    if row is None:
        row = Attendance(meeting_id=meeting_id, person_id=person_id, invited=False)
        session.add(row)
    return row


def invite(session: Session, *, meeting_id: int, person_ids: list[int]) -> None:
    """Add people to the meeting's expected list (those already on it are left alone)."""
    for person_id in person_ids:
        row = _row(session, meeting_id, person_id)
        row.invited = True
    session.commit()


def mark_present(session: Session, *, meeting_id: int, person_id: int, at: datetime) -> None:
    """The person is in the room (joining late keeps the later time; rejoining keeps the
    time they left as a break)."""
    row = _row(session, meeting_id, person_id)
    if row.joined_at is None:
        row.joined_at = at
    row.status = "present"
    _back(session, row, at)
    session.commit()


def mark_absent(session: Session, *, meeting_id: int, person_id: int) -> None:
    """The person sent apologies or did not come."""
    row = _row(session, meeting_id, person_id)
    if row.joined_at is not None:
        raise AttendanceError("They have already joined; mark them as left instead.")
    row.status = "absent"
    session.commit()


def mark_left(session: Session, *, meeting_id: int, person_id: int, at: datetime) -> None:
    """The person left before the end; the time is kept."""
    row = _row(session, meeting_id, person_id)
    if row.status != "present":
        raise AttendanceError("Only someone present can leave.")
    row.left_at = at
    session.commit()


def set_deputy(
    session: Session, *, meeting_id: int, deputy_id: int, for_person_id: int, at: datetime
) -> None:
    """A named deputy attends for a member, who is then marked absent."""
    if deputy_id == for_person_id:
        raise AttendanceError("A person cannot deputise for themselves.")
    member = _row(session, meeting_id, for_person_id)
    if member.joined_at is None:
        member.status = "absent"
    deputy = _row(session, meeting_id, deputy_id)
    deputy.deputy_for_id = for_person_id
    deputy.status = "present"
    _back(session, deputy, at)
    if deputy.joined_at is None:
        deputy.joined_at = at
    session.commit()


def add_walk_in(
    session: Session,
    *,
    meeting_id: int,
    name: str,
    agency_id: int,
    title: str,
    role: str,
    at: datetime,
) -> int:
    """Someone not invited arrives: a new person (or the existing one of that name and agency)."""
    name = " ".join(name.split())
    if not name:
        raise AttendanceError("Name: type the person's name.")
    person = session.exec(
        select(Person).where(Person.name == name, Person.agency_id == agency_id)
    ).first()
    if person is None:
        person = Person(name=name, agency_id=agency_id, title=title.strip(), role=role)
        session.add(person)
        session.flush()
    assert person.id is not None
    row = _row(session, meeting_id, person.id)
    row.walk_in = not row.invited
    row.status = "present"
    row.joined_at = row.joined_at or at
    _back(session, row, at)
    session.commit()
    return person.id


def people_not_listed(session: Session, *, meeting_id: int) -> list[tuple[int, str, str]]:
    """Active people not yet on the meeting's list: (id, name, agency name)."""
    listed = select(Attendance.person_id).where(Attendance.meeting_id == meeting_id)
    rows = session.execute(
        sa_select(col(Person.id), col(Person.name), col(Agency.name))
        .join(Agency, col(Agency.id) == col(Person.agency_id))
        .where(col(Person.active), col(Agency.active), col(Person.id).not_in(listed))
        .order_by(col(Person.name))
    ).all()
    return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]


def named_deputies(session: Session, *, meeting_id: int) -> dict[int, list[tuple[int, str, str]]]:
    """For each member on the meeting's list, their named deputies from the directory who
    could come in now: active, of an active agency, not in the room and not gone (left).
    ``{member person id: [(deputy person id, name, agency name)]}``."""
    listed = session.exec(select(Attendance).where(Attendance.meeting_id == meeting_id)).all()
    members = {seat.person_id for seat in listed}
    busy = {
        seat.person_id for seat in listed if (seat.status == "present") or seat.left_at is not None
    }
    rows = session.execute(
        sa_select(col(NamedDeputy.member_id), col(Person.id), col(Person.name), col(Agency.name))
        .join(Person, col(Person.id) == col(NamedDeputy.deputy_id))
        .join(Agency, col(Agency.id) == col(Person.agency_id))
        .where(col(NamedDeputy.member_id).in_(members), col(Person.active), col(Agency.active))
        .order_by(col(Person.name))
    ).all()
    found: dict[int, list[tuple[int, str, str]]] = {}
    for member_id, person_id, name, agency in rows:
        if int(person_id) not in busy:
            found.setdefault(int(member_id), []).append((int(person_id), str(name), str(agency)))
    return found

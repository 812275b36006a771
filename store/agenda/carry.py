"""Children and panels carried from one meeting to a later one.

A deferred child (F10), a child not reached (F12) and the whole queue of an
inquorate meeting (R1) go to a later meeting of the same profile with their
known conflicts. Nothing here commits: the caller's unit of work does, once.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from store.agenda.meetings import AgendaError
from store.models import Agency, AgendaItem, Attendance, Meeting, Person

# A later meeting can take children while it is still to come or under way.
RECEIVING_STATUSES = ("planned", "in-progress")


def carry_item(
    session: Session, *, item: AgendaItem, target: Meeting, reason: str, at: datetime
) -> AgendaItem:
    """Mark ``item`` deferred with ``reason`` and put the child on ``target``'s queue.

    The child's known conflicts go with it (R3). A child already on the target
    queue is not added twice: that entry is linked back to this one instead.
    """
    from store.conflicts import carry_to

    assert item.id is not None and target.id is not None
    if target.id == item.meeting_id:
        raise AgendaError("meeting: a child cannot be deferred to the same meeting.")
    if target.status not in RECEIVING_STATUSES:
        raise AgendaError(
            f"meeting: the {target.profile} meeting of {target.date:%d %B %Y} is {target.status}, "
            "so it cannot take children. Choose another date."
        )
    item.status = "deferred"
    item.deferred_reason = reason
    item.ended_at = at
    meeting = session.get(Meeting, item.meeting_id)
    if meeting is not None and meeting.current_item_id == item.id:
        meeting.current_item_id = None
    moved = session.exec(
        select(AgendaItem).where(
            AgendaItem.meeting_id == target.id,
            AgendaItem.subject_kind == item.subject_kind,
            # The same subject, whatever its kind (R22): None compares as IS NULL.
            AgendaItem.child_id == item.child_id,
            AgendaItem.concern_person_id == item.concern_person_id,
            AgendaItem.concern_location_id == item.concern_location_id,
            # A free item (R19) is the same item when its title is the same.
            AgendaItem.title == item.title,
            AgendaItem.status != "removed",
        )
    ).first()
    if moved is None:
        last = session.execute(
            sa_select(func.max(AgendaItem.position)).where(col(AgendaItem.meeting_id) == target.id)
        ).scalar_one()
        moved = AgendaItem(
            meeting_id=target.id,
            subject_kind=item.subject_kind,
            child_id=item.child_id,
            concern_person_id=item.concern_person_id,
            concern_location_id=item.concern_location_id,
            title=item.title,
            free_section=item.free_section,
            meeting_date=target.date,
            profile=target.profile,
            position=(last or 0) + 1,
            referral_source="deferred",
            exploitation_types=item.exploitation_types,
            reason=item.reason,
            deferred_from_id=item.id,
            added_at=at,
        )
        session.add(moved)
    elif moved.deferred_from_id is None:
        moved.deferred_from_id = item.id
    session.flush()
    assert moved.id is not None
    carry_to(session, from_item_id=item.id, to_item_id=moved.id)
    session.flush()
    return moved


def carry_queue(
    session: Session, *, from_meeting_id: int, target: Meeting, reason: str, at: datetime
) -> list[tuple[AgendaItem, AgendaItem]]:
    """Every child still waiting on one meeting's queue goes to ``target``, in order."""
    waiting = session.exec(
        select(AgendaItem)
        .where(AgendaItem.meeting_id == from_meeting_id, AgendaItem.status == "waiting")
        .order_by(col(AgendaItem.position), col(AgendaItem.id))
    ).all()
    return [
        (item, carry_item(session, item=item, target=target, reason=reason, at=at))
        for item in waiting
    ]


def copy_invitations(session: Session, *, from_meeting_id: int, to_meeting_id: int) -> int:
    """Invite to one meeting everyone invited to another who is still active, in an agency
    still active; how many were added."""
    person_ids = session.exec(
        select(Attendance.person_id)
        .join(Person, col(Person.id) == col(Attendance.person_id))
        .join(Agency, col(Agency.id) == col(Person.agency_id))
        .where(
            Attendance.meeting_id == from_meeting_id,
            col(Attendance.invited).is_(True),
            col(Person.active).is_(True),
            col(Agency.active).is_(True),
        )
        .order_by(col(Attendance.id))
    ).all()
    seats = {
        seat.person_id: seat
        for seat in session.exec(select(Attendance).where(Attendance.meeting_id == to_meeting_id))
    }
    added = 0
    for person_id in dict.fromkeys(person_ids):
        seat = seats.get(person_id)
        if seat is None:
            session.add(
                Attendance(
                    meeting_id=to_meeting_id, person_id=person_id, status="expected", invited=True
                )
            )
            added += 1
        elif not seat.invited:
            seat.invited = True
            added += 1
    session.flush()
    return added


def where_children_went(session: Session, *, meeting_id: int) -> dict[int, date]:
    """For each item of a meeting carried to a later one: that later meeting's date."""
    origin = select(AgendaItem.id).where(AgendaItem.meeting_id == meeting_id)
    rows = session.exec(
        select(AgendaItem).where(col(AgendaItem.deferred_from_id).in_(origin))
    ).all()
    return {row.deferred_from_id: row.meeting_date for row in rows if row.deferred_from_id}

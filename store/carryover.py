"""Carried-over actions (R12): earlier meetings' open actions, and the updates given on them.

An update is an ``ActionReview`` row (status, note, who gave it, when) and
the action's own status follows it. The lists include the actions updated at
this meeting, so the chair sees what was said even once an action is closed.
Every function commits its own change.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from store.errors import UserError
from store.frozen import record
from store.models import (
    Action,
    ActionReview,
    Agency,
    AgendaItem,
    Attendance,
    Child,
    ConcernLocation,
    ConcernPerson,
    Conflict,
    Meeting,
    Person,
)

# Not done (agency) keeps the action open: it comes back, overdue marks and all (R12).
OPEN = ("open", "in-progress", "not-done")
REVIEW_STATUSES = ("complete", "in-progress", "not-possible", "not-done")
NEEDS_NOTE = ("not-possible", "not-done")


class CarryOverError(UserError):
    """An update that cannot be stored; the message names the field and what to do."""


@record
class ReviewRecord:
    """The latest update given on an action at this meeting."""

    status: str
    note: str
    given_by_id: int | None
    given_by: str
    reviewed_at: datetime


@record
class CarriedItem:
    """An action agreed at an earlier meeting, with the update given at this one (if any)."""

    action_id: int
    agreed_on: date
    profile: str
    child_id: int | None
    child_name: str
    kind: str
    text: str
    owner: str
    owner_person_id: int | None
    agency_id: int | None
    agency: str
    due: date | None
    status: str
    # An actions-only meeting's topic (R21); "" for a subject's action or the whole meeting.
    topic: str = ""
    review: ReviewRecord | None = None


def _meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise CarryOverError(f"meeting {meeting_id} no longer exists.")
    return meeting


def _reviewed_here(meeting_id: int) -> Any:
    return select(ActionReview.action_id).where(ActionReview.meeting_id == meeting_id)


def _carried(session: Session, meeting: Meeting, *conditions: Any) -> list[CarriedItem]:
    assert meeting.id is not None
    query = (
        sa_select(
            *(
                col(Action.id),
                col(Action.meeting_date),
                col(Action.profile),
                col(Action.child_id),
                func.coalesce(Child.name, ConcernPerson.name, ConcernLocation.name, ""),
                col(Action.kind),
                col(Action.text),
                col(Action.owner),
                col(Action.owner_person_id),
                col(Action.agency_id),
                func.coalesce(Agency.name, ""),
                col(Action.due),
                col(Action.status),
                col(Action.topic),
            )
        )
        .outerjoin(Agency, col(Agency.id) == col(Action.agency_id))
        .outerjoin(Child, col(Child.id) == col(Action.child_id))
        .outerjoin(AgendaItem, col(AgendaItem.id) == col(Action.item_id))
        .outerjoin(ConcernPerson, col(ConcernPerson.id) == col(AgendaItem.concern_person_id))
        .outerjoin(ConcernLocation, col(ConcernLocation.id) == col(AgendaItem.concern_location_id))
        .where(col(Action.meeting_date) < meeting.date, *conditions)
        .where(
            or_(
                col(Action.status).in_(OPEN),
                col(Action.id).in_(_reviewed_here(meeting.id)),
            )
        )
        .order_by(col(Action.meeting_date), col(Action.id))
    )
    found = [CarriedItem(*row) for row in session.execute(query)]
    reviews = _latest_reviews(session, meeting.id, [c.action_id for c in found])
    return [replace(c, review=reviews.get(c.action_id)) for c in found]


def _latest_reviews(
    session: Session, meeting_id: int, action_ids: list[int]
) -> dict[int, ReviewRecord]:
    if not action_ids:
        return {}
    rows = session.execute(
        sa_select(
            *(
                col(ActionReview.action_id),
                col(ActionReview.status),
                col(ActionReview.note),
                col(ActionReview.given_by_id),
                func.coalesce(Person.name, ""),
                col(ActionReview.reviewed_at),
            )
        )
        .outerjoin(Person, col(Person.id) == col(ActionReview.given_by_id))
        .where(
            col(ActionReview.meeting_id) == meeting_id,
            col(ActionReview.action_id).in_(action_ids),
        )
        .order_by(col(ActionReview.reviewed_at), col(ActionReview.id))
    )
    latest: dict[int, ReviewRecord] = {}
    for action_id, *rest in rows:
        latest[action_id] = ReviewRecord(*rest)
    return latest


def meeting_carryover(session: Session, *, meeting_id: int) -> list[CarriedItem]:
    """Open actions from earlier meetings of this meeting's profile, oldest first."""
    meeting = _meeting(session, meeting_id)
    return _carried(session, meeting, col(Action.profile) == meeting.profile)


def subject_carryover(
    session: Session, *, meeting_id: int, kind: str, subject_id: int
) -> list[CarriedItem]:
    """A subject's open actions from earlier meetings, whatever its kind (R12, R22)."""
    if kind == "child":
        return child_carryover(session, meeting_id=meeting_id, child_id=subject_id)
    column = col(
        AgendaItem.concern_person_id if kind == "person" else AgendaItem.concern_location_id
    )
    meeting = _meeting(session, meeting_id)
    items = select(AgendaItem.id).where(column == subject_id)
    return _carried(session, meeting, col(Action.item_id).in_(items))


def child_carryover(session: Session, *, meeting_id: int, child_id: int) -> list[CarriedItem]:
    """The child's open actions from earlier meetings of any kind (R12, at the next discussion)."""
    meeting = _meeting(session, meeting_id)
    return _carried(session, meeting, col(Action.child_id) == child_id)


def count_carried(session: Session, *, meeting_id: int) -> int:
    """How many earlier actions of this profile are open (or updated at this meeting)."""
    return len(meeting_carryover(session, meeting_id=meeting_id))


def review_action(
    session: Session,
    *,
    action_id: int,
    meeting_id: int,
    status: str,
    note: str,
    given_by_id: int | None,
    at: datetime,
) -> None:
    """Store an update on an earlier action: its new status, the note, who gave it and when."""
    if status not in REVIEW_STATUSES:
        raise CarryOverError(
            f"Status: {status!r} is not an update; use complete, in progress, not possible or "
            "not done."
        )
    note = note.strip()
    if status in NEEDS_NOTE and not note:
        raise CarryOverError("Note: say why the action was not done or is no longer possible.")
    meeting = _meeting(session, meeting_id)
    action = session.get(Action, action_id)
    if action is None:
        raise CarryOverError(f"action {action_id} no longer exists.")
    if action.meeting_date >= meeting.date:
        raise CarryOverError("This action was agreed at this meeting; it is not carried over.")
    if given_by_id is None:
        raise CarryOverError("Given by: choose who in the room gave the update.")
    seat = session.exec(
        select(Attendance).where(
            Attendance.meeting_id == meeting_id, Attendance.person_id == given_by_id
        )
    ).first()
    if seat is None or seat.status != "present" or seat.left_at is not None:
        raise CarryOverError("Given by: that person is not in the room.")
    if given_by_id in conflicted_for_child(session, meeting_id=meeting_id).get(
        action.child_id or 0, set()
    ):
        raise CarryOverError(
            "Given by: that person has a conflict for this discussion; choose someone else."
        )
    session.add(
        ActionReview(
            action_id=action_id,
            meeting_id=meeting_id,
            status=status,
            note=note[:2000],
            given_by_id=given_by_id,
            reviewed_at=at,
        )
    )
    action.status = status
    action.updated_at = at
    session.commit()


def conflicted_for_child(session: Session, *, meeting_id: int) -> dict[int, set[int]]:
    """Who has a conflict for each child on this meeting's queue (R3), by child id."""
    from store.conflicts import ACTIVE

    rows = session.execute(
        sa_select(col(AgendaItem.child_id), col(Conflict.person_id))
        .join(AgendaItem, col(AgendaItem.id) == col(Conflict.item_id))
        .where(col(AgendaItem.meeting_id) == meeting_id, col(Conflict.source).in_(ACTIVE))
    )
    found: dict[int, set[int]] = {}
    for child_id, person_id in rows:
        found.setdefault(child_id, set()).add(person_id)
    return found


def start_review(session: Session, *, meeting_id: int, at: datetime) -> None:
    """The statements are read: the meeting moves to reviewing carried-over actions."""
    meeting = _meeting(session, meeting_id)
    meeting.stage = "carry-over"
    if meeting.statements_confirmed_at is None:
        meeting.statements_confirmed_at = at
    session.commit()

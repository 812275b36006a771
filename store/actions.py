"""SMART actions agreed at a meeting (R8) and information-sharing actions (R9)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from store import closed
from store.errors import UserError
from store.models import Action, Agency, AgendaItem, Meeting
from store.records import ActionDetail
from store.versions import ChangedMeanwhile, StaleSave


class ActionError(UserError):
    """An action change that cannot be made; the message says why."""


# A meeting in one of these states has issued its log: its actions change only by an
# amendment (R20, ``mace_tui.chair.amend``), never by a direct save.
ENDED = closed.ENDED


def _refuse_if_ended(session: Session, meeting_id: int) -> None:
    closed.refuse_if_ended(session, meeting_id=meeting_id, what="an action", error=ActionError)


def _detail_select() -> Any:
    return (
        sa_select(
            *(
                col(Action.id),
                col(Action.item_id),
                col(Action.kind),
                col(Action.text),
                col(Action.owner),
                col(Action.owner_person_id),
                col(Action.agency_id),
                func.coalesce(Agency.name, ""),
                col(Action.due),
                col(Action.agreed),
                col(Action.share_what),
                col(Action.share_with),
                col(Action.share_why),
                col(Action.allocated_professional),
                col(Action.status),
                col(Action.version),
                col(Action.topic),
                col(Action.tactic),
            )
        )
        .outerjoin(Agency, col(Agency.id) == col(Action.agency_id))
        .order_by(col(Action.id))
    )


def item_actions(session: Session, *, item_id: int) -> list[ActionDetail]:
    """The actions agreed in one child's discussion, in the order they were added."""
    rows = session.execute(_detail_select().where(col(Action.item_id) == item_id))
    return [ActionDetail(*row) for row in rows]


def meeting_actions(session: Session, *, meeting_id: int) -> list[ActionDetail]:
    """The actions agreed for the meeting as a whole or one of its topics (no agenda item)."""
    rows = session.execute(
        _detail_select().where(col(Action.meeting_id) == meeting_id, col(Action.item_id).is_(None))
    )
    return [ActionDetail(*row) for row in rows]


def save_action(
    session: Session,
    *,
    action_id: int | None,
    item_id: int | None,
    kind: str,
    text: str,
    owner: str,
    owner_person_id: int | None,
    agency_id: int | None,
    due: date | None,
    agreed: bool,
    share_what: str = "",
    share_with: str = "",
    share_why: str = "",
    allocated_professional: bool = False,
    tactic: str = "",
    meeting_id: int | None = None,
    topic: str = "",
    at: datetime,
    expected_version: int | None = None,
) -> int:
    """Create or update an action on a subject's discussion; returns its id.

    Without ``item_id`` the action is the meeting's own (``meeting_id``), under ``topic``
    ("" for the meeting as a whole): an actions-only meeting's items are topics (R21).
    ``expected_version``: the version the edit was made from. If another seat has saved
    the action since, nothing is written and ``StaleSave`` carries theirs (R25).
    """
    item = session.get(AgendaItem, item_id) if item_id is not None else None
    meeting = session.get(Meeting, meeting_id) if meeting_id is not None else None
    if item_id is not None and item is None:
        raise ActionError(f"agenda item {item_id} no longer exists.")
    if item is None and meeting is None:
        raise ActionError(f"meeting {meeting_id} no longer exists.")
    _refuse_if_ended(session, item.meeting_id if item is not None else meeting_id or 0)
    action = session.get(Action, action_id) if action_id is not None else None
    if action_id is not None and action is None and expected_version is not None:
        raise ActionError("This action was removed on another seat; it was not saved.")
    if action is not None and expected_version is not None and action.version != expected_version:
        _stale_action(session, action_id, expected_version)
    if action is None and item is not None:
        action = Action(
            meeting_id=item.meeting_id,
            item_id=item.id,
            child_id=item.child_id,
            meeting_date=item.meeting_date,
            profile=item.profile,
            created_at=at,
        )
        session.add(action)
    elif action is None:
        assert meeting is not None and meeting.id is not None
        action = Action(
            meeting_id=meeting.id,
            meeting_date=meeting.date,
            profile=meeting.profile,
            topic=topic.strip()[:200],
            created_at=at,
        )
        session.add(action)
    action.kind = kind
    action.text = text.strip()
    action.owner = owner.strip()
    action.owner_person_id = owner_person_id
    action.agency_id = agency_id
    action.due = due
    action.agreed = agreed
    action.share_what = share_what.strip()
    action.share_with = share_with.strip()
    action.share_why = share_why.strip()
    action.allocated_professional = allocated_professional
    action.tactic = tactic.strip()[:200]
    action.updated_at = at
    try:
        session.commit()
    except ChangedMeanwhile:
        if action_id is None or expected_version is None:
            raise
        _stale_action(session, action_id, expected_version)
    assert action.id is not None
    return action.id


def action_detail(session: Session, *, action_id: int) -> ActionDetail | None:
    """One action as stored now (None if it was removed)."""
    session.expire_all()
    row = session.get(Action, action_id)
    if row is None:
        return None
    found = (
        meeting_actions(session, meeting_id=row.meeting_id)
        if row.item_id is None
        else item_actions(session, item_id=row.item_id)
    )
    return next((a for a in found if a.id == action_id), None)


def _stale_action(session: Session, action_id: int | None, expected: int) -> None:
    assert action_id is not None
    theirs = action_detail(session, action_id=action_id)
    if theirs is None:
        raise ActionError("This action was removed on another seat; it was not saved.")
    raise StaleSave(
        what="action",
        row_id=action_id,
        their_version=theirs.version,
        your_version=expected,
        theirs=theirs,
    )


def delete_action(session: Session, *, action_id: int) -> None:
    """Remove an action agreed in error."""
    action = session.get(Action, action_id)
    if action is not None:
        _refuse_if_ended(session, action.meeting_id)
        session.delete(action)
        session.commit()


# Statuses that keep an earlier action open (R12).
_STILL_OPEN = ("open", "in-progress", "not-done")


def share_actions(
    session: Session, *, meeting_id: int, meeting_date: date
) -> list[tuple[str, str, str, str, bool]]:
    """Information-sharing actions (R9) in force for a meeting, for research scope (R22).

    Those agreed at the meeting itself, and those of earlier meetings still open: each as
    ``(text, share_what, share_why, status, agreed at this meeting)``.
    """
    query = sa_select(
        col(Action.text),
        col(Action.share_what),
        col(Action.share_why),
        col(Action.status),
        col(Action.meeting_id),
    ).where(
        col(Action.kind) == "info-share",
        (col(Action.meeting_id) == meeting_id)
        | (col(Action.status).in_(_STILL_OPEN) & (col(Action.meeting_date) <= meeting_date)),
    )
    return [
        (text, what, why, status, found == meeting_id)
        for text, what, why, status, found in session.execute(query)
    ]

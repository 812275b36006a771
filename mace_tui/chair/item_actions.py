"""The actions of the child under discussion, and the update of its earlier ones (R8, R12,
R25): each function one unit of work on the store, given plain values."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from store.carryover import CarriedItem
    from store.db import Store
    from store.records import ActionDetail
    from store.versions import StaleSave


def item_actions(store: Store, *, item_id: int) -> list[ActionDetail]:
    """The item's actions as stored now."""
    from store import actions

    with store.session() as session:
        return actions.item_actions(session, item_id=item_id)


def save_item_action(
    store: Store,
    *,
    item_id: int,
    fields: Mapping[str, Any],
    at: datetime,
    version: int | None,
) -> StaleSave | None:
    """Save an action over the version it was edited from (None: a new one). Its owner must
    be free to take part (R3, a ``UserError`` otherwise). If another seat saved it first,
    nothing is written and the refusal comes back, holding both versions (R25)."""
    from store import actions, conflicts
    from store.versions import StaleSave

    with store.session() as session:
        conflicts.check_may_take_part(
            session, item_id=item_id, person_id=fields.get("owner_person_id"), as_what="owner"
        )
        try:
            actions.save_action(session, item_id=item_id, at=at, expected_version=version, **fields)
        except StaleSave as stale:
            return stale
    return None


def remove_action(store: Store, *, action_id: int) -> None:
    """Delete one action."""
    from store import actions

    with store.session() as session:
        actions.delete_action(session, action_id=action_id)


def review_earlier(
    store: Store,
    *,
    action_id: int,
    meeting_id: int,
    status: str,
    note: str,
    given_by_id: int | None,
    at: datetime,
    subject_kind: str,
    subject_id: int,
) -> list[CarriedItem]:
    """Store the update of an action from an earlier meeting; returns the subject's earlier
    actions as they now stand."""
    from store import carryover

    with store.session() as session:
        carryover.review_action(
            session,
            action_id=action_id,
            meeting_id=meeting_id,
            status=status,
            note=note,
            given_by_id=given_by_id,
            at=at,
        )
        return carryover.subject_carryover(
            session, meeting_id=meeting_id, kind=subject_kind, subject_id=subject_id
        )


__all__ = ["item_actions", "remove_action", "review_earlier", "save_item_action"]

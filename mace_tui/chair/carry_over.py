"""The review of earlier meetings' open actions (R12), before the first child: what the
carried-over screen reads, and the update it stores. Each function is one unit of work."""

from __future__ import annotations

from dataclasses import field
from datetime import datetime
from typing import TYPE_CHECKING

from store.frozen import record
from store.records import AttendanceRecord

if TYPE_CHECKING:
    from store.carryover import CarriedItem
    from store.db import Store


@record
class CarryOverView:
    """The open actions from earlier meetings, who is in the room to give an update, and who
    has a conflict for each child on the queue (R3: they cannot give that child's update)."""

    items: list[CarriedItem]
    in_room: tuple[AttendanceRecord, ...]
    conflicted: dict[int, set[int]] = field(default_factory=dict)


def read_carry_over(store: Store, *, meeting_id: int) -> CarryOverView:
    """The carried-over actions and the room, read in one unit of work."""
    from store import attendance, carryover

    with store.session() as session:
        items = carryover.meeting_carryover(session, meeting_id=meeting_id)
        people = attendance.meeting_attendance(session, meeting_id=meeting_id)
        conflicted = carryover.conflicted_for_child(session, meeting_id=meeting_id)
    return CarryOverView(items, tuple(p for p in people if p.in_room), conflicted)


def review_carried(
    store: Store,
    *,
    action_id: int,
    meeting_id: int,
    status: str,
    note: str,
    given_by_id: int | None,
    at: datetime,
) -> None:
    """Store the update given at this meeting on an action from an earlier one."""
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

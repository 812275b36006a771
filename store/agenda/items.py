"""The queue: children in order, added, moved, removed (kept, to undo) and put back."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, col, select

from store.agenda.meetings import LATE_ADD_STATUSES, AgendaError, ensure_editable, get_meeting
from store.frozen import record
from store.models import AgendaItem, Meeting


@record
class LateChanges:
    """Additions and removals made after the list was due (R14)."""

    added: int = 0
    removed: int = 0

    @property
    def total(self) -> int:
        """Every late change."""
        return self.added + self.removed


@record
class Addition:
    """A child to append to a queue in bulk, with lateness decided by the caller."""

    child_id: int
    referral_source: str
    exploitation_types: str
    reason: str
    late: bool


def queue_items(
    session: Session, *, meeting_id: int, include_removed: bool = False
) -> list[AgendaItem]:
    """The meeting's items in queue order (removed ones last, newest removal first)."""
    query = select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)
    if not include_removed:
        query = query.where(AgendaItem.status != "removed")
    items = list(session.exec(query.order_by(col(AgendaItem.position), col(AgendaItem.id))))
    visible = [i for i in items if i.status != "removed"]
    removed = sorted(
        (i for i in items if i.status == "removed"),
        key=lambda i: (i.removed_at or i.added_at, i.id or 0),
        reverse=True,
    )
    return visible + removed


def get_item(session: Session, *, item_id: int) -> AgendaItem:
    """An agenda item by id; AgendaError if it is gone."""
    item = session.get(AgendaItem, item_id)
    if item is None:
        raise AgendaError("queue: that child is no longer on the queue. Reload with r.")
    return item


def item_for_child(session: Session, *, meeting_id: int, child_id: int) -> AgendaItem | None:
    """The child's item on this meeting's queue, removed or not (the visible one first)."""
    items = session.exec(
        select(AgendaItem).where(
            AgendaItem.meeting_id == meeting_id, AgendaItem.child_id == child_id
        )
    ).all()
    items = sorted(items, key=lambda i: (i.status == "removed", -(i.id or 0)))
    return items[0] if items else None


def children_on_queue(session: Session, *, meeting_id: int) -> dict[int, int]:
    """Child id → queue position for the children on the queue now."""
    rows = session.exec(
        select(AgendaItem.child_id, AgendaItem.position).where(
            AgendaItem.meeting_id == meeting_id, AgendaItem.status != "removed"
        )
    ).all()
    return {child_id: position for child_id, position in rows if child_id is not None}


def items_by_child(session: Session, *, meeting_id: int) -> dict[int, AgendaItem]:
    """Each child's item on the queue (a visible one before a removed one)."""
    found: dict[int, AgendaItem] = {}
    for item in queue_items(session, meeting_id=meeting_id, include_removed=True):
        if item.child_id is not None:
            found.setdefault(item.child_id, item)
    return found


def _renumber(items: list[AgendaItem]) -> None:
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position


def add_item(
    session: Session,
    *,
    meeting: Meeting,
    child_id: int,
    referral_source: str,
    exploitation_types: str,
    reason: str,
    at: datetime,
    late: bool,
) -> AgendaItem:
    """Put a child at the end of the queue; AgendaError if the child is already on it.

    Added to a meeting in progress, the child is a late change whatever ``late`` says."""
    ensure_editable(meeting, adding=True)
    late = late or meeting.status in LATE_ADD_STATUSES
    assert meeting.id is not None
    existing = item_for_child(session, meeting_id=meeting.id, child_id=child_id)
    if existing is not None and existing.status != "removed":
        raise AgendaError(
            f"child: already on this queue at position {existing.position}. "
            "Edit that entry instead (Enter)."
        )
    visible = queue_items(session, meeting_id=meeting.id)
    item = AgendaItem(
        meeting_id=meeting.id,
        child_id=child_id,
        meeting_date=meeting.date,
        profile=meeting.profile,
        position=len(visible) + 1,
        referral_source=referral_source,
        exploitation_types=exploitation_types,
        reason=reason,
        status="waiting",
        late_change=late,
        added_at=at,
    )
    session.add(item)
    session.flush()
    return item


def update_item(
    session: Session,
    *,
    item_id: int,
    referral_source: str,
    exploitation_types: str,
    reason: str,
) -> AgendaItem:
    """Change a queued child's referral source, exploitation types and reason."""
    item = get_item(session, item_id=item_id)
    ensure_editable(get_meeting(session, meeting_id=item.meeting_id))
    item.referral_source = referral_source
    item.exploitation_types = exploitation_types
    item.reason = reason
    session.add(item)
    session.flush()
    return item


def move_item(session: Session, *, item_id: int, offset: int) -> int:
    """Move a child ``offset`` places up (negative) or down the queue; the new position."""
    item = get_item(session, item_id=item_id)
    ensure_editable(get_meeting(session, meeting_id=item.meeting_id))
    items = queue_items(session, meeting_id=item.meeting_id)
    index = next(i for i, other in enumerate(items) if other.id == item.id)
    target = min(max(index + offset, 0), len(items) - 1)
    items.insert(target, items.pop(index))
    _renumber(items)
    session.add_all(items)
    session.flush()
    return target + 1


def remove_item(session: Session, *, item_id: int, at: datetime, late: bool) -> AgendaItem:
    """Take a child off the queue; the row stays, marked removed, so it can be restored."""
    item = get_item(session, item_id=item_id)
    ensure_editable(get_meeting(session, meeting_id=item.meeting_id))
    if item.status == "removed":
        return item
    if item.status != "waiting":
        raise AgendaError(f"queue: this child is {item.status} and cannot be removed.")
    rest = [i for i in queue_items(session, meeting_id=item.meeting_id) if i.id != item.id]
    item.status = "removed"
    item.removed_at = at
    item.late_change = late
    _renumber(rest)
    session.add_all([item, *rest])
    session.flush()
    return item


def restore_item(
    session: Session,
    *,
    item_id: int,
    late: bool,
    details: tuple[str, str, str] | None = None,
) -> AgendaItem:
    """Put a removed child back where they were; ``details`` replaces source, types and reason."""
    item = get_item(session, item_id=item_id)
    ensure_editable(get_meeting(session, meeting_id=item.meeting_id))
    if item.status != "removed":
        return item
    visible = queue_items(session, meeting_id=item.meeting_id)
    if item.child_id is not None and any(other.child_id == item.child_id for other in visible):
        raise AgendaError("queue: this child is already back on the queue.")
    if item.subject_kind == "free" and any(
        other.subject_kind == "free" and other.title.casefold() == item.title.casefold()
        for other in visible
    ):
        raise AgendaError(
            "queue: an other item with this title is back on the queue already; "
            "change that one's title first (e) to put this one back."
        )
    slot = min(max(item.position, 1), len(visible) + 1) - 1
    visible.insert(slot, item)
    item.status = "waiting"
    item.removed_at = None
    item.late_change = late
    if details is not None:
        item.referral_source, item.exploitation_types, item.reason = details
    _renumber(visible)
    session.add_all(visible)
    session.flush()
    return item


def append_items(
    session: Session, *, meeting: Meeting, additions: Sequence[Addition], at: datetime
) -> list[AgendaItem]:
    """Append many children to the end of the queue in one go (removed ones are put back).

    AgendaError, and nothing added, if one of them is on the queue already.
    """
    ensure_editable(meeting)
    assert meeting.id is not None
    current = items_by_child(session, meeting_id=meeting.id)
    for addition in additions:
        item = current.get(addition.child_id)
        if item is not None and item.status != "removed":
            raise AgendaError(
                f"queue: a child in the list is already on the queue at position {item.position}; "
                "check the list again."
            )
    # Every subject on the queue counts, persons and locations of concern too (R22).
    position = len(queue_items(session, meeting_id=meeting.id))
    changed: list[AgendaItem] = []
    for addition in additions:
        position += 1
        item = current.get(addition.child_id)
        if item is None:
            item = AgendaItem(
                meeting_id=meeting.id,
                child_id=addition.child_id,
                meeting_date=meeting.date,
                profile=meeting.profile,
                position=position,
                added_at=at,
            )
            current[addition.child_id] = item
        item.position = position
        item.status = "waiting"
        item.removed_at = None
        item.referral_source = addition.referral_source
        item.exploitation_types = addition.exploitation_types
        item.reason = addition.reason
        item.late_change = addition.late
        changed.append(item)
    session.add_all(changed)
    session.flush()
    return changed


def last_removed_item(session: Session, *, meeting_id: int) -> AgendaItem | None:
    """The most recently removed item of the meeting, to undo."""
    return session.exec(
        select(AgendaItem)
        .where(AgendaItem.meeting_id == meeting_id, AgendaItem.status == "removed")
        .order_by(col(AgendaItem.removed_at).desc(), col(AgendaItem.id).desc())
        .limit(1)
    ).first()


def late_changes(session: Session, *, meeting_id: int) -> LateChanges:
    """How many additions and removals were late."""
    statuses = session.exec(
        select(AgendaItem.status).where(
            AgendaItem.meeting_id == meeting_id, col(AgendaItem.late_change).is_(True)
        )
    ).all()
    removed = sum(1 for status in statuses if status == "removed")
    return LateChanges(added=len(statuses) - removed, removed=removed)


def removed_late(session: Session, *, meeting_id: int) -> list[AgendaItem]:
    """Items taken off the queue after the deadline (any subject, or an other item), in the
    order they were taken off, for the list."""
    rows = session.exec(
        select(AgendaItem)
        .where(
            AgendaItem.meeting_id == meeting_id,
            AgendaItem.status == "removed",
            col(AgendaItem.late_change).is_(True),
        )
        .order_by(col(AgendaItem.removed_at), col(AgendaItem.id))
    ).all()
    return list(rows)

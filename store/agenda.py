"""Preparing a meeting's agenda: the queue, known conflicts and invitations.

Keyword-only functions taking a Session. They add and change rows and flush,
but never commit: the caller's unit of work commits once, so a change made of
several rows (a CSV import, a removal and its renumbering) is all or nothing.
The one exception is ``find_or_create_meeting``, which commits the new
meeting at once so two seats preparing the same day end up with one row.
Whether a change is late is decided by the caller (``mace_tui.prep``) and
passed in; nothing here knows about deadlines.
"""

from __future__ import annotations

import secrets
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice
from typing import Any

from sqlalchemy import and_, func, or_
from sqlalchemy import select as sa_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from store.models import Agency, AgendaItem, Attendance, Child, Conflict, Meeting, Person

EDITABLE_STATUSES = ("planned",)
_REF_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O or 1/I to misread
_IN_CHUNK = 500


class AgendaError(Exception):
    """A change to the agenda cannot be made; the message says why and what to do."""

    user_facing = True


@dataclass(frozen=True)
class ChildMatch:
    """A child found by a search, with what tells two children apart."""

    id: int
    ref: str
    name: str
    date_of_birth: date | None
    local_authority: str
    police_ref: str
    la_ref: str
    npa: str


@dataclass(frozen=True)
class PersonChoice:
    """A professional who can be invited or named in a conflict."""

    id: int
    name: str
    title: str
    role: str
    agency: str
    sector: str


@dataclass(frozen=True)
class Invitation:
    """A person expected at the meeting."""

    attendance_id: int
    person: PersonChoice
    status: str


@dataclass(frozen=True)
class KnownConflict:
    """A person's conflict for a child on the queue, recorded before the meeting."""

    id: int
    item_id: int
    child_id: int
    person: PersonChoice
    reason: str
    source: str


@dataclass(frozen=True)
class LateChanges:
    """Additions and removals made after the list was due (R14)."""

    added: int = 0
    removed: int = 0

    @property
    def total(self) -> int:
        """Every late change."""
        return self.added + self.removed


def _chunks(values: Iterable[Any], size: int = _IN_CHUNK) -> Iterator[list[Any]]:
    it = iter(values)
    while chunk := list(islice(it, size)):
        yield chunk


# -- meetings ------------------------------------------------------------------


def find_or_create_meeting(
    session: Session, *, profile: str, on: date, start: str, minutes: int
) -> tuple[Meeting, bool]:
    """The meeting of ``profile`` on ``on``, created (and committed) if missing; True if created.

    Two seats creating the same meeting at once is handled: the loser reads
    the winner's row.
    """
    found = session.exec(
        select(Meeting).where(Meeting.profile == profile, Meeting.date == on)
    ).first()
    if found is not None:
        return found, False
    meeting = Meeting(profile=profile, date=on, scheduled_start=start, scheduled_minutes=minutes)
    session.add(meeting)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        found = session.exec(
            select(Meeting).where(Meeting.profile == profile, Meeting.date == on)
        ).one()
        return found, False
    return meeting, True


def get_meeting(session: Session, *, meeting_id: int) -> Meeting:
    """A meeting by id; AgendaError if it is gone."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise AgendaError("meeting: it no longer exists. Close this screen and open it again.")
    return meeting


def ensure_editable(meeting: Meeting) -> None:
    """Refuse to change the queue of a meeting that has started or ended."""
    if meeting.status not in EDITABLE_STATUSES:
        raise AgendaError(
            f"meeting: it is {meeting.status}, so its queue can no longer be prepared here. "
            "The chair makes changes during the meeting."
        )


# -- children --------------------------------------------------------------------

_CHILD_COLUMNS = (
    col(Child.id),
    col(Child.ref),
    col(Child.name),
    col(Child.date_of_birth),
    col(Child.local_authority),
    col(Child.police_ref),
    col(Child.la_ref),
    col(Child.npa),
)


def _matches(session: Session, query: Any) -> list[ChildMatch]:
    return [ChildMatch(*row) for row in session.execute(query)]


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_children(
    session: Session, *, text: str = "", date_of_birth: date | None = None, limit: int = 20
) -> list[ChildMatch]:
    """Children whose name holds every word of ``text``, or (when it has digits) whose reference holds it.

    With ``date_of_birth``, children born that day. Exact reference matches
    come first, then by name.
    """
    words = text.split()
    conditions = []
    if words:
        by_name = and_(*(col(Child.name).ilike(_like(word), escape="\\") for word in words))
        if any(ch.isdigit() for ch in text):
            # References hold digits, names do not: only then look at references.
            needle = _like(text.strip())
            by_name = or_(
                by_name,
                col(Child.ref).ilike(needle, escape="\\"),
                col(Child.police_ref).ilike(needle, escape="\\"),
                col(Child.la_ref).ilike(needle, escape="\\"),
            )
        conditions.append(by_name)
    if date_of_birth is not None:
        conditions.append(col(Child.date_of_birth) == date_of_birth)
    if not conditions:
        return []
    exact = func.upper(text.strip())
    query = (
        sa_select(*_CHILD_COLUMNS)
        .where(or_(*conditions))
        .order_by(
            (
                (func.upper(col(Child.ref)) == exact)
                | (func.upper(col(Child.police_ref)) == exact)
                | (func.upper(col(Child.la_ref)) == exact)
            ).desc(),
            col(Child.name),
            col(Child.date_of_birth),
            col(Child.id),
        )
        .limit(limit)
    )
    return _matches(session, query)


def children_for_import(
    session: Session,
    *,
    refs: Collection[str] = (),
    police_refs: Collection[str] = (),
    born_on: Collection[date] = (),
) -> list[ChildMatch]:
    """Every child with one of these references, police references or dates of birth."""
    found: dict[int, ChildMatch] = {}
    for column, values in (
        (col(Child.ref), refs),
        (col(Child.police_ref), police_refs),
        (col(Child.date_of_birth), born_on),
    ):
        for chunk in _chunks(sorted(set(values))):
            for match in _matches(session, sa_select(*_CHILD_COLUMNS).where(column.in_(chunk))):
                found[match.id] = match
    return list(found.values())


def same_child(session: Session, *, name: str, date_of_birth: date) -> ChildMatch | None:
    """A child already recorded with this name (any case) and date of birth."""
    query = (
        sa_select(*_CHILD_COLUMNS)
        .where(
            func.lower(col(Child.name)) == name.strip().lower(),
            col(Child.date_of_birth) == date_of_birth,
        )
        .limit(1)
    )
    rows = _matches(session, query)
    return rows[0] if rows else None


def new_child_ref(session: Session) -> str:
    """An unused opaque reference: random, never derived from the child's name (R18)."""
    for _ in range(20):
        ref = "C-" + "".join(secrets.choice(_REF_ALPHABET) for _ in range(8))
        if session.exec(select(Child.id).where(Child.ref == ref)).first() is None:
            return ref
    raise AgendaError("child: could not find an unused reference; try again.")


def create_child(
    session: Session,
    *,
    name: str,
    date_of_birth: date | None,
    at: datetime,
    local_authority: str = "",
    police_ref: str = "",
    la_ref: str = "",
    npa: str = "",
    ref: str | None = None,
) -> Child:
    """A new child with a fresh opaque reference (flushed, not committed)."""
    child = Child(
        ref=ref or new_child_ref(session),
        name=name,
        date_of_birth=date_of_birth,
        local_authority=local_authority,
        police_ref=police_ref,
        la_ref=la_ref,
        npa=npa,
        created_at=at,
    )
    session.add(child)
    session.flush()
    return child


# -- the queue -------------------------------------------------------------------


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
    return {child_id: position for child_id, position in rows}


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
    """Put a child at the end of the queue; AgendaError if the child is already on it."""
    ensure_editable(meeting)
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
    if any(other.child_id == item.child_id for other in visible):
        raise AgendaError("queue: this child is already back on the queue.")
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


def removed_late(session: Session, *, meeting_id: int) -> list[tuple[AgendaItem, Child]]:
    """Items taken off the queue after the deadline, with their children, for the list."""
    rows = session.exec(
        select(AgendaItem, Child)
        .join(Child, col(Child.id) == col(AgendaItem.child_id))
        .where(
            AgendaItem.meeting_id == meeting_id,
            AgendaItem.status == "removed",
            col(AgendaItem.late_change).is_(True),
        )
        .order_by(col(AgendaItem.removed_at))
    ).all()
    return [(item, child) for item, child in rows]


def children_by_id(session: Session, *, ids: Collection[int]) -> dict[int, Child]:
    """Children by id."""
    found: dict[int, Child] = {}
    for chunk in _chunks(sorted(set(ids))):
        for child in session.exec(select(Child).where(col(Child.id).in_(chunk))):
            assert child.id is not None
            found[child.id] = child
    return found


@dataclass(frozen=True)
class NewChild:
    """A child to record in bulk (an import)."""

    name: str
    date_of_birth: date | None
    local_authority: str = ""
    police_ref: str = ""
    la_ref: str = ""
    npa: str = ""


@dataclass(frozen=True)
class Addition:
    """A child to append to a queue in bulk, with lateness decided by the caller."""

    child_id: int
    referral_source: str
    exploitation_types: str
    reason: str
    late: bool


def create_children(session: Session, *, children: Sequence[NewChild], at: datetime) -> list[int]:
    """Record many new children at once, each with a fresh opaque reference; their ids in order."""
    refs: list[str] = []
    taken: set[str] = set()
    while len(refs) < len(children):
        wanted = len(children) - len(refs)
        batch = {
            "C-" + "".join(secrets.choice(_REF_ALPHABET) for _ in range(8)) for _ in range(wanted)
        }
        batch -= taken
        for chunk in _chunks(batch):
            taken.update(session.exec(select(Child.ref).where(col(Child.ref).in_(chunk))).all())
        fresh = sorted(batch - taken)
        taken.update(fresh)
        refs.extend(fresh[:wanted])
    rows = [
        Child(
            ref=ref,
            name=c.name,
            date_of_birth=c.date_of_birth,
            local_authority=c.local_authority,
            police_ref=c.police_ref,
            la_ref=c.la_ref,
            npa=c.npa,
            created_at=at,
        )
        for ref, c in zip(refs, children, strict=True)
    ]
    session.add_all(rows)
    session.flush()
    return [row.id for row in rows if row.id is not None]


def items_by_child(session: Session, *, meeting_id: int) -> dict[int, AgendaItem]:
    """Each child's item on the queue (a visible one before a removed one)."""
    found: dict[int, AgendaItem] = {}
    for item in queue_items(session, meeting_id=meeting_id, include_removed=True):
        found.setdefault(item.child_id, item)
    return found


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
    position = sum(1 for item in current.values() if item.status != "removed")
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


# -- people, invitations and known conflicts -----------------------------------


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
    """Active people, by agency then name."""
    query = _person_query().where(col(Person.active).is_(True))
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


def invite_previous_panel(session: Session, *, meeting: Meeting) -> int:
    """Invite the people invited to the last earlier meeting of the same profile; how many."""
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
        .where(
            Attendance.meeting_id == previous,
            col(Attendance.invited).is_(True),
            col(Person.active).is_(True),
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


__all__ = [
    "Addition",
    "AgendaError",
    "ChildMatch",
    "Invitation",
    "KnownConflict",
    "LateChanges",
    "NewChild",
    "PersonChoice",
    "add_item",
    "add_known_conflict",
    "append_items",
    "children_by_id",
    "children_for_import",
    "children_on_queue",
    "create_child",
    "create_children",
    "ensure_editable",
    "find_or_create_meeting",
    "get_item",
    "get_meeting",
    "invitations",
    "invite",
    "invite_previous_panel",
    "item_for_child",
    "items_by_child",
    "known_conflicts",
    "last_removed_item",
    "late_changes",
    "move_item",
    "new_child_ref",
    "people",
    "queue_items",
    "remove_item",
    "remove_known_conflict",
    "removed_late",
    "restore_item",
    "same_child",
    "search_children",
    "update_item",
]

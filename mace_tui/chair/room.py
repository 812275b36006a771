"""Who is in the room for one child: conflicts (R3) and that child's quorum (R2).

Read in one unit of work by the room step (before a child starts and on F6
during the discussion) and by the case screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from mace_tui.chair.attendance import quorum_rule, seats
from mace_tui.profiles import Profile
from mace_tui.rules.conflicts import ChildRoom, child_room
from store.records import AgencyRecord, AttendanceRecord

if TYPE_CHECKING:
    from sqlmodel import Session

    from store.conflicts import ItemConflict
    from store.db import Store


@dataclass(frozen=True)
class RoomView:
    """The people at the meeting, this child's conflicts, and whether the child may proceed."""

    item_id: int
    child_name: str
    item_status: str
    people: tuple[AttendanceRecord, ...]
    conflicts: tuple[ItemConflict, ...]
    room: ChildRoom
    agencies: tuple[AgencyRecord, ...] = ()
    earlier_open: int = 0

    @property
    def started(self) -> bool:
        """The discussion is under way (conflicts now are raised, not asked)."""
        return self.item_status == "in-discussion"

    @property
    def in_room(self) -> tuple[AttendanceRecord, ...]:
        """Everyone at the meeting now, conflicted or not."""
        return tuple(p for p in self.people if p.in_room)

    @property
    def taking_part(self) -> tuple[AttendanceRecord, ...]:
        """Everyone in the room for this child: present and without a conflict."""
        return tuple(p for p in self.in_room if p.person_id not in self.room.conflicted)

    def conflict_of(self, person_id: int) -> ItemConflict | None:
        """The person's conflict for this child (active or cleared), if any."""
        return next((c for c in self.conflicts if c.person_id == person_id), None)

    @property
    def out_names(self) -> tuple[str, ...]:
        """Who is out for this child, by name."""
        return tuple(c.name for c in self.conflicts if c.active)


def room_of(
    people: Sequence[AttendanceRecord],
    conflicts: Sequence[ItemConflict],
    profile: Profile,
    *,
    override_reason: str = "",
) -> ChildRoom:
    """This child's quorum with the conflicted out of the room."""
    return child_room(
        quorum_rule(profile),
        seats(people),
        {c.person_id for c in conflicts if c.active},
        override_reason=override_reason,
    )


def load_room(session: Session, *, item_id: int, profile: Profile) -> RoomView:
    """The room for one child, read in one unit of work."""
    from store import attendance, carryover, conflicts
    from store.agenda.concern import subject_of
    from store.models import AgendaItem

    item = session.get(AgendaItem, item_id)
    assert item is not None
    kind, subject_id, name = subject_of(session, item)
    people = tuple(attendance.meeting_attendance(session, meeting_id=item.meeting_id))
    found = tuple(conflicts.item_conflicts(session, item_id=item_id))
    earlier = carryover.subject_carryover(
        session, meeting_id=item.meeting_id, kind=kind, subject_id=subject_id
    )
    return RoomView(
        item_id=item_id,
        child_name=name,
        item_status=item.status,
        people=people,
        conflicts=found,
        room=room_of(people, found, profile, override_reason=item.quorum_override_reason),
        agencies=tuple(attendance.agencies(session)),
        earlier_open=sum(1 for a in earlier if a.review is None),
    )


def start_child(session: Session, *, item_id: int, meeting_id: int, at: datetime) -> None:
    """The discussion starts: it is marked begun, the conflicted leave, earlier ones rejoin."""
    from store import conflicts, discussion

    discussion.begin(session, item_id=item_id, at=at)
    conflicts.apply_at_start(session, item_id=item_id, at=at)
    conflicts.rejoin_all(session, meeting_id=meeting_id, except_item_id=item_id, at=at)


def gaps_of(room: ChildRoom) -> frozenset[str]:
    """What a child's quorum lacks: sectors and roles."""
    return frozenset((*room.quorum.missing_sectors, *room.quorum.missing_roles))


def recheck_room(
    store: Store, *, item_id: int, profile: Profile, before: frozenset[str] | None = None
) -> RoomView:
    """The room for one child again, after the room step or the register (a write).

    ``before``: what the child's quorum lacked before; an override written for a smaller
    gap no longer stands once the gap grows (R2), and is cleared so the chair is asked again.
    """
    from store import conflicts

    with store.session() as session:
        view = load_room(session, item_id=item_id, profile=profile)
        if view.room.overridden and before is not None and gaps_of(view.room) - before:
            conflicts.clear_quorum_override(session, item_id=item_id)
            view = load_room(session, item_id=item_id, profile=profile)
    return view

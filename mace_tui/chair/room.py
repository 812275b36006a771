"""Who is in the room for one child: conflicts (R3) and that child's quorum (R2).

Read in one unit of work by the room step (before a child starts and on F6
during the discussion) and by the case screen.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from mace_tui.chair.attendance import quorum_rule, seats
from mace_tui.profiles import Profile
from mace_tui.rules.conflicts import ChildRoom, child_room
from mace_tui.rules.vocab import role_label, sector_label
from store.errors import UserError
from store.frozen import record
from store.records import AgencyRecord, AttendanceRecord

if TYPE_CHECKING:
    from sqlmodel import Session

    from store.conflicts import DeputyChoice, ItemConflict
    from store.db import Store
    from store.models import AgendaItem


@record
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

    def covered_by(self, sector: str, role: str) -> int | None:
        """The conflicted person whose place a deputy of ``sector``/``role`` takes (for the
        attendance record), if any."""
        room = self.room
        for need, _names in room.left_by_need:
            if need in (sector, role):
                for person in self.in_room:
                    if person.person_id in room.conflicted and need in (person.sector, person.role):
                        return person.person_id
        return None


@record
class RoomReread:
    """The room read again, and an override it cleared because it no longer stands (R2)."""

    view: RoomView
    # Why the override was cleared ("" when nothing was), and the reason it had.
    cleared: str = ""
    cleared_reason: str = ""
    # Why the change asked for was not made ("" when it was, or none was asked for).
    refused: str = ""
    # The override was cleared because the child now lacks more than it was written for:
    # its reason may be offered to edit, but not given again unchanged (``override_quorum``).
    outgrown: bool = False


def room_of(
    people: Sequence[AttendanceRecord],
    conflicts: Sequence[ItemConflict],
    profile: Profile,
    *,
    override_reason: str = "",
    override_gaps: frozenset[str] | None = None,
    kind: str = "child",
) -> ChildRoom:
    """This subject's quorum with the conflicted out of the room; ``override_gaps``: what
    the override was written for (None: not known)."""
    return child_room(
        quorum_rule(profile),
        seats(people),
        {c.person_id for c in conflicts if c.active},
        override_reason=override_reason,
        override_gaps=override_gaps,
        kind=kind,
    )


def item_room(
    people: Sequence[AttendanceRecord],
    found: Sequence[ItemConflict],
    profile: Profile,
    item: AgendaItem,
    *,
    kind: str | None = None,
) -> ChildRoom:
    """``room_of`` for one agenda item: with its override and the gaps it was written for."""
    from store import conflicts

    return room_of(
        people,
        found,
        profile,
        override_reason=item.quorum_override_reason,
        override_gaps=conflicts.override_gaps(item),
        kind=kind or item.subject_kind,
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
        room=item_room(people, found, profile, item, kind=kind),
        agencies=tuple(attendance.agencies(session)),
        earlier_open=sum(1 for a in earlier if a.review is None),
    )


def start_child(session: Session, *, item_id: int, meeting_id: int, at: datetime) -> None:
    """The discussion starts: it is marked begun, the conflicted leave, earlier ones rejoin."""
    from store import conflicts, discussion

    discussion.begin(session, item_id=item_id, at=at)
    conflicts.apply_at_start(session, item_id=item_id, at=at)
    conflicts.rejoin_all(session, meeting_id=meeting_id, except_item_id=item_id, at=at)


def deputies_for_child(
    store: Store,
    *,
    item_id: int,
    sectors: tuple[str, ...],
    roles: tuple[str, ...],
    conflicted: frozenset[int] = frozenset(),
) -> tuple[int, list[DeputyChoice]]:
    """The child's meeting, and who could join it for the missing sectors or roles (R2):
    never anyone in ``conflicted`` (out for this child)."""
    from store import conflicts
    from store.models import AgendaItem

    with store.session() as session:
        item = session.get(AgendaItem, item_id)
        if item is None:
            raise conflicts.ConflictError(f"item {item_id} no longer exists.")
        found = conflicts.deputy_choices(
            session, meeting_id=item.meeting_id, sectors=sectors, roles=roles
        )
        return item.meeting_id, [d for d in found if d.person_id not in conflicted]


def _stale_override(room: ChildRoom, *, started: bool) -> str:
    """Why the override written for this child should be cleared now ("" when it stands)."""
    if room.override_reason and room.quorum.quorate and not started:
        return "Quorate again: the override is no longer needed."
    if room.override_stale:
        return "The override was written for a different gap; it needs a new reason."
    return ""


def reread_room(
    store: Store, *, item_id: int, profile: Profile, started: bool, at: datetime
) -> RoomReread:
    """Read the room for one child; clear an override that no longer stands (R2).

    An override stands only for the gaps it was written for (kept with it): once the child
    lacks more, it is cleared here so the chair is told and asked again. Whether it stands
    never depends on this clearing: every read of the room checks the gaps itself, so after a
    crash before this runs, the child still cannot go ahead. Quorate again before the
    discussion, an override is no longer needed.
    """
    from store import conflicts

    with store.session() as session:
        view = load_room(session, item_id=item_id, profile=profile)
        room = view.room
        stale = _stale_override(room, started=started)
        if not stale:
            return RoomReread(view)
        conflicts.clear_quorum_override(session, item_id=item_id, at=at)
        return RoomReread(
            load_room(session, item_id=item_id, profile=profile),
            stale,
            room.override_reason,
            outgrown=room.override_stale,
        )


def drop_stale_override(session: Session, *, item_id: int, profile: Profile, at: datetime) -> str:
    """Clear the child's override if the gap has grown past it (kept as a cleared one), so a
    child deferred after a crash is not logged as discussed under it; the reason cleared, or
    "". Part of the caller's unit of work."""
    from store import conflicts
    from store.models import AgendaItem

    item = session.get(AgendaItem, item_id)
    if item is None or not item.quorum_override_reason or conflicts.override_gaps(item) is None:
        return ""  # nothing written, or written for gaps not known: it stands (see ChildRoom)
    room = load_room(session, item_id=item_id, profile=profile).room
    if not room.override_stale:
        return ""
    conflicts.clear_quorum_override(session, item_id=item_id, at=at)
    return room.override_reason


def change_room(
    store: Store,
    edit: Callable[[Store], None] | None,
    *,
    item_id: int,
    profile: Profile,
    started: bool,
    at: datetime,
) -> RoomReread:
    """Make ``edit`` (a change to the room, if any), then read the room again as
    ``reread_room`` does. An edit refused with a ``UserError`` changes nothing; its words
    come back in ``refused``, with the room as it stands."""
    refused = ""
    if edit is not None:
        try:
            edit(store)
        except UserError as exc:
            refused = str(exc)
    read = reread_room(store, item_id=item_id, profile=profile, started=started, at=at)
    return replace(read, refused=refused) if refused else read


def add_deputy(
    store: Store, *, meeting_id: int, person_id: int, covering: int | None, at: datetime
) -> None:
    """Someone on record joins as a deputy: in the place of ``covering`` (a conflicted person)
    when given, else simply present."""
    from store import attendance

    with store.session() as session:
        if covering is not None:
            attendance.set_deputy(
                session, meeting_id=meeting_id, deputy_id=person_id, for_person_id=covering, at=at
            )
        else:
            attendance.mark_present(session, meeting_id=meeting_id, person_id=person_id, at=at)


def add_walk_in_deputy(
    store: Store,
    *,
    item_id: int,
    meeting_id: int,
    name: str,
    agency_id: int,
    title: str,
    role: str,
    covering: int | None,
    at: datetime,
) -> None:
    """Someone not on the register walks in as a deputy for this child (R2).

    ``ConflictError`` when they turn out to be on record with a conflict for this child: they
    have joined the meeting (that is written) but do not count towards the child's quorum.
    Joining and standing in for ``covering`` are written together, or neither is.
    """
    from store import attendance, conflicts
    from store.db import all_or_nothing

    with store.session() as session:
        with all_or_nothing(session):
            person_id = attendance.add_walk_in(
                session,
                meeting_id=meeting_id,
                name=name,
                agency_id=agency_id,
                title=title,
                role=role,
                at=at,
            )
            conflicted = person_id in conflicts.conflicted_ids(session, item_id=item_id)
            if covering is not None and not conflicted:
                attendance.set_deputy(
                    session,
                    meeting_id=meeting_id,
                    deputy_id=person_id,
                    for_person_id=covering,
                    at=at,
                )
        # Only once the join is committed: raised inside the block, it would undo it.
        if conflicted:
            raise conflicts.ConflictError(
                f"Deputy: {name} has joined the meeting but has a conflict for "
                "this child, so does not count towards its quorum."
            )


def declare_conflict(
    store: Store, *, item_id: int, person_id: int, reason: str, source: str, at: datetime
) -> None:
    """Someone in the room has a conflict for this child (R3): ``source`` "asked" as the
    child comes up, "raised" during the discussion (they leave at once)."""
    from store import conflicts

    with store.session() as session:
        conflicts.declare(
            session, item_id=item_id, person_id=person_id, reason=reason, source=source, at=at
        )


def clear_conflict(store: Store, *, conflict_id: int, reason: str) -> None:
    """The chair sets aside a conflict recorded beforehand or just declared, with a reason."""
    from store import conflicts

    with store.session() as session:
        conflicts.clear_prepared(session, conflict_id=conflict_id, reason=reason)


def override_quorum(
    store: Store,
    *,
    item_id: int,
    reason: str,
    profile: Profile,
    at: datetime | None = None,
    seen: Collection[str] | None = None,
    outgrown: str = "",
) -> None:
    """The chair goes ahead with this child without its quorum, for a written reason (R2).

    The gaps the override covers are read here, in the same unit of work as the write, never
    taken from the screen: the override stands only while the child lacks no more than that.
    Refused (``ConflictError``) when the child is quorate: there is nothing to override; and,
    given ``seen`` (what the chair's screen showed missing as the reason was typed), when the
    child now lacks something the chair did not see: the reason was not written for it; and
    when the reason is ``outgrown`` again word for word (the reason of an override cleared
    because the child came to lack more): it was written for less than is missing now."""
    from store import conflicts
    from store.db import all_or_nothing

    with store.session() as session, all_or_nothing(session):
        room = load_room(session, item_id=item_id, profile=profile).room
        unseen = room.gaps - frozenset(seen) if seen is not None else frozenset()
        if unseen:
            labels = [
                sector_label(g) if g in room.quorum.missing_sectors else role_label(g)
                for g in sorted(unseen)
            ]
            raise conflicts.ConflictError(
                f"Override reason: the room has changed, and there is no {', no '.join(labels)} "
                f"for {room.this} now as well; write the reason again for what is missing now."
            )
        if (
            outgrown
            and " ".join(reason.split()).casefold() == " ".join(outgrown.split()).casefold()
        ):
            missing = ", no ".join(room.missing_labels())
            raise conflicts.ConflictError(
                f"Override reason: that reason was written when less was missing. Say why "
                f"{room.this} is discussed with no {missing}."
            )
        conflicts.set_quorum_override(
            session, item_id=item_id, reason=reason, gaps=room.gaps, at=at
        )


def recheck_room(store: Store, *, item_id: int, profile: Profile) -> RoomView:
    """The room for one child again, after the room step or the register (a write).

    An override written for a smaller gap than the child's quorum now has no longer stands
    (R2): it is cleared here so the chair is asked again (reads already treat it as not
    standing).
    """
    from store import conflicts

    with store.session() as session:
        view = load_room(session, item_id=item_id, profile=profile)
        if view.room.override_stale:
            conflicts.clear_quorum_override(session, item_id=item_id)
            view = load_room(session, item_id=item_id, profile=profile)
    return view

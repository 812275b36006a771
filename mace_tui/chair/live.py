"""Following a meeting while other seats change it (R25): what the screens subscribe to.

``watch_meeting`` starts the store's change feed (PostgreSQL LISTEN/NOTIFY, or
SQLite's data_version on one machine) and calls ``on_change`` from the feed's
thread whenever another seat's commit may concern the meeting; the screen
posts itself a message and re-reads in a worker. ``merge_arrived`` puts notes
written elsewhere beside the ones on screen without touching what is being typed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from mace_tui.chair.notes import NoteDraft
from store.frozen import record

if TYPE_CHECKING:
    from sqlmodel import Session

    from mace_tui.chair.case import QueueState
    from mace_tui.profiles import Profile
    from mace_tui.rules.conflicts import ChildRoom
    from store.changes import ChangeFeed
    from store.conflicts import ItemConflict
    from store.db import Store
    from store.records import ActionDetail, AttendanceRecord, NoteRecord


@record
class LiveView:
    """What the chair's case screen shows that another seat may have changed."""

    state: QueueState
    item_id: int | None
    notes: tuple[NoteRecord, ...] = ()
    actions: tuple[ActionDetail, ...] = ()
    # Who is in the room for the child on screen, as stored now (a conflict declared, someone
    # left, an override written or cleared on another seat): the header shows it.
    people: tuple[AttendanceRecord, ...] = ()
    conflicts: tuple[ItemConflict, ...] = ()
    room: ChildRoom | None = None


def read_live(
    session: Session,
    *,
    meeting_id: int,
    item_id: int | None,
    profile: Profile,
    drmm_profiles: Sequence[str],
) -> LiveView:
    """The queue and, for the child on screen, its notes, actions and room, as stored now."""
    from mace_tui.chair.case import load_queue
    from mace_tui.chair.room import item_room
    from store import actions, attendance, conflicts, discussion
    from store.models import AgendaItem

    state = load_queue(session, meeting_id=meeting_id, profile=profile, drmm_profiles=drmm_profiles)
    item = session.get(AgendaItem, item_id) if item_id is not None else None
    if item_id is None or item is None:
        return LiveView(state, None)
    people = tuple(attendance.meeting_attendance(session, meeting_id=meeting_id))
    found = tuple(conflicts.item_conflicts(session, item_id=item_id))
    room = item_room(people, found, profile, item)
    return LiveView(
        state,
        item_id,
        tuple(discussion.notes(session, item_id=item_id)),
        tuple(actions.item_actions(session, item_id=item_id)),
        people,
        found,
        room,
    )


def read_live_view(
    store: Store,
    *,
    meeting_id: int,
    item_id: int | None,
    profile: Profile,
    drmm_profiles: Sequence[str],
) -> LiveView:
    """``read_live`` in its own unit of work."""
    with store.session() as session:
        return read_live(
            session,
            meeting_id=meeting_id,
            item_id=item_id,
            profile=profile,
            drmm_profiles=drmm_profiles,
        )


class MeetingWatch:
    """One meeting followed on one seat; ``stop()`` when the screen goes."""

    def __init__(self, store: Store, *, meeting_id: int, on_change: Callable[[], object]) -> None:
        self.meeting_id = meeting_id
        self._on_change = on_change
        self._feed: ChangeFeed = store.follow(self._heard)

    @property
    def live(self) -> bool:
        """True when changes come as notices (PostgreSQL), not by polling (SQLite)."""
        return self._feed.postgres

    def _heard(self, meeting_id: int | None) -> None:
        if meeting_id is None or meeting_id == self.meeting_id:
            self._on_change()

    def stop(self) -> None:
        """Stop following (the feed's thread ends by itself within half a second)."""
        self._feed.stop(wait=False)


def watch_meeting(
    store: Store, *, meeting_id: int, on_change: Callable[[], object]
) -> MeetingWatch:
    """Call ``on_change()`` (from another thread) when another seat changes the meeting."""
    return MeetingWatch(store, meeting_id=meeting_id, on_change=on_change)


def added_late(before: QueueState, after: QueueState) -> str:
    """A line about children another seat put on the queue since ``before`` ("" if none)."""
    known = {e.item_id for e in before.queue}
    new = [e for e in after.queue if e.item_id not in known and e.status == "waiting"]
    if not new:
        return ""
    names = ", ".join(f"{e.name} (no. {e.position})" for e in new)
    return f"Added late, during the meeting: {names}."


def merge_arrived(
    drafts: Sequence[NoteDraft],
    stored: Sequence[NoteRecord],
    *,
    saved: Mapping[int, int],
    editing_key: int | None,
    pending: Collection[int] = (),
    names: Mapping[int, str],
    next_key: int,
) -> tuple[list[NoteDraft], int]:
    """The notes on screen with those stored since added, and newer text of the others.

    ``saved`` maps a draft's key to the id this seat's saver gave it (so a note
    this seat wrote is never shown twice); the note being typed, and any with a
    typed change not yet written (``pending``), are left alone.
    Returns the drafts and the next free key.
    """
    by_id = {
        note_id: draft.key
        for draft in drafts
        if (note_id := draft.note_id or saved.get(draft.key)) is not None
    }
    merged = list(drafts)
    for note in stored:
        key = by_id.get(note.id)
        if key is None:
            merged.append(NoteDraft.of(next_key, note, names))
            next_key += 1
        elif key != editing_key and key not in pending:
            index = next(i for i, d in enumerate(merged) if d.key == key)
            current = merged[index]
            if (current.text, current.kind, current.agency_id) != (
                note.text,
                note.kind,
                note.agency_id,
            ):
                merged[index] = replace(
                    NoteDraft.of(key, note, names), note_id=current.note_id or note.id
                )
    return merged, next_key

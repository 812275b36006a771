"""A free item at the meeting (R19): MPRU considerations or any other business.

A light discussion: the title, notes attributed to an agency and marked fact or opinion,
and actions. No THRIVE sections, no grade, no room step and no recording: the meeting's
own quorum still holds. Notes are kept as notes of the one section ``notes``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from mace_tui.rules.subject_words import FREE_SECTIONS
from store.frozen import record

if TYPE_CHECKING:
    # Only for types: the chair's case screen imports this module as it starts.
    from sqlmodel import Session

    from mace_tui.chair.notes import NoteDraft, NotesSaver
    from mace_tui.profiles import Profile
    from store.db import Store
    from store.records import ActionDetail, AgencyRecord, AttendanceRecord, NoteRecord

# The one section a free item's notes belong to.
NOTES = "notes"


@record
class FreeView:
    """What the chair sees of a free item."""

    item_id: int
    title: str
    section: str
    status: str
    notes: tuple[NoteRecord, ...]
    actions: tuple[ActionDetail, ...]
    people: tuple[AttendanceRecord, ...]
    agencies: tuple[AgencyRecord, ...]
    # The meeting's own quorum (R1) still holds: what it lacks, "" when quorate.
    quorum_gap: str = ""

    @property
    def section_title(self) -> str:
        """The section in words."""
        return FREE_SECTIONS.get(self.section, self.section)

    @property
    def owners(self) -> tuple[AttendanceRecord, ...]:
        """Everyone in the room, who can own an action."""
        return tuple(p for p in self.people if p.in_room)

    @property
    def unfinished(self) -> tuple[NoteRecord, ...]:
        """Notes kept as they were typed but never given an agency (the app ended first)."""
        return tuple(n for n in self.notes if n.agency_id is None)


def load_free(session: Session, *, item_id: int, profile: Profile | None = None) -> FreeView:
    """The free item, its notes and actions, who is in the room and (with ``profile``)
    whether the meeting is still quorate."""
    from mace_tui.chair.attendance import quorum_rule, seats
    from mace_tui.rules.quorum import meeting_quorum
    from store import actions, agenda, attendance, discussion

    item = agenda.get_item(session, item_id=item_id)
    people = tuple(attendance.meeting_attendance(session, meeting_id=item.meeting_id))
    gap = ""
    if profile is not None:
        quorum = meeting_quorum(quorum_rule(profile), seats(list(people)))
        gap = "" if quorum.quorate else quorum.describe()
    return FreeView(
        item_id=item_id,
        title=item.title,
        section=item.free_section,
        status=item.status,
        notes=tuple(discussion.notes(session, item_id=item_id)),
        actions=tuple(actions.item_actions(session, item_id=item_id)),
        people=people,
        agencies=tuple(attendance.agencies(session)),
        quorum_gap=gap,
    )


def start_free(session: Session, *, item_id: int, at: datetime) -> None:
    """The free item's discussion starts (or resumes); nobody leaves the room for it."""
    from store import discussion

    discussion.begin(session, item_id=item_id, at=at)


def add_note(
    session: Session,
    *,
    item_id: int,
    agency_id: int | None,
    kind: str,
    text: str,
    at: datetime,
    note_id: int | None = None,
) -> int:
    """A note on the free item, attributed to an agency, fact or opinion (committed).

    ``note_id``: the note as kept while it was typed (no agency yet), now finished."""
    from store import discussion

    note_id = discussion.save_note(
        session, note_id=note_id, item_id=item_id, section=NOTES, agency_id=agency_id,
        person_id=None, kind=kind, text=text.strip(), at=at,
    )  # fmt: skip
    session.commit()
    return note_id


def close_free(session: Session, *, item_id: int, at: datetime) -> None:
    """The free item is done (no grade is asked for)."""
    from store import discussion

    discussion.close(session, item_id=item_id, at=at)


# -- each a unit of work for the chair's screen, on its own session ---------------------------
# ``seat``: the chair seat this program holds (None: none, as in the demo's walk-through and
# tests); a change made from a seat whose chair another seat has taken is refused (R25).


def _as_chair(session: Session, meeting_id: int, seat: str | None) -> None:
    from store.seats import check_chair

    if seat is not None:
        check_chair(session, meeting_id=meeting_id, seat=seat)


def read_free(store: Store, *, item_id: int, profile: Profile) -> FreeView:
    """``load_free`` in its own unit of work."""
    with store.session() as session:
        return load_free(session, item_id=item_id, profile=profile)


def open_free(
    store: Store, *, item_id: int, meeting_id: int, at: datetime, seat: str | None
) -> None:
    """The chair opens the free item: its discussion starts (or resumes)."""
    with store.session() as session:
        _as_chair(session, meeting_id, seat)
        start_free(session, item_id=item_id, at=at)


def finish_note(
    store: Store,
    *,
    saver: NotesSaver,
    draft: NoteDraft,
    item_id: int,
    agency_id: int,
    meeting_id: int,
    at: datetime,
    seat: str | None,
) -> int:
    """A typed note is finished with its agency: what was typed so far is written first,
    then that same note (one row, not two) gets the final text and the agency."""
    saver.flush()
    note_id = draft.note_id or saver.saved_ids().get(draft.key)
    with store.session() as session:
        _as_chair(session, meeting_id, seat)
        return add_note(
            session, item_id=item_id, agency_id=agency_id, kind=draft.kind,
            text=draft.text, at=at, note_id=note_id,
        )  # fmt: skip


def drop_typed(saver: NotesSaver, draft: NoteDraft) -> None:
    """A note being typed was given up (or emptied): what was kept of it goes."""
    saver.delete(draft)


def save_free_action(
    store: Store,
    *,
    item_id: int,
    meeting_id: int,
    fields: Mapping[str, Any],
    version: int | None,
    at: datetime,
    seat: str | None,
) -> None:
    """Save an action on the free item over the version it was edited from (None: new)."""
    from store import actions

    with store.session() as session:
        _as_chair(session, meeting_id, seat)
        actions.save_action(
            session, item_id=item_id, meeting_id=meeting_id, at=at, expected_version=version,
            **fields,
        )  # fmt: skip


def close_free_item(
    store: Store, *, item_id: int, meeting_id: int, at: datetime, seat: str | None
) -> None:
    """``close_free`` from the chair's seat, in its own unit of work."""
    with store.session() as session:
        _as_chair(session, meeting_id, seat)
        close_free(session, item_id=item_id, at=at)


def defer_free_item(
    store: Store,
    *,
    item_id: int,
    meeting_id: int,
    profile: Profile,
    reason: str,
    at: datetime,
    seat: str | None,
) -> None:
    """Move the free item to the profile's next meeting (made if need be), with the reason."""
    from mace_tui.chair.start import next_meeting_of
    from store import agenda, discussion
    from store.db import all_or_nothing

    with store.session() as session, all_or_nothing(session):
        _as_chair(session, meeting_id, seat)
        meeting = agenda.get_meeting(session, meeting_id=meeting_id)
        target = next_meeting_of(session, profile=profile, after=meeting.date)
        discussion.defer(session, item_id=item_id, reason=reason, to_meeting_id=target.id, at=at)


__all__ = [
    "NOTES",
    "FreeView",
    "add_note",
    "close_free",
    "close_free_item",
    "defer_free_item",
    "drop_typed",
    "finish_note",
    "load_free",
    "open_free",
    "read_free",
    "save_free_action",
    "start_free",
]

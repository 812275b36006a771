"""A free item at the meeting (R19): MPRU considerations or any other business.

A light discussion: the title, notes attributed to an agency and marked fact or opinion,
and actions. No THRIVE sections, no grade, no room step and no recording: the meeting's
own quorum still holds. Notes are kept as notes of the one section ``notes``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from mace_tui.profiles import Profile
from mace_tui.rules.subject_words import FREE_SECTIONS
from store.records import ActionDetail, AgencyRecord, AttendanceRecord, NoteRecord

# The one section a free item's notes belong to.
NOTES = "notes"


@dataclass(frozen=True)
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

    ``note_id``: the draft saved while it was typed (``save_draft``), now finished."""
    from store import discussion

    note_id = discussion.save_note(
        session, note_id=note_id, item_id=item_id, section=NOTES, agency_id=agency_id,
        person_id=None, kind=kind, text=text.strip(), at=at,
    )  # fmt: skip
    session.commit()
    return note_id


def save_draft(
    session: Session, *, item_id: int, note_id: int | None, kind: str, text: str, at: datetime
) -> int | None:
    """What is typed in a note so far, kept so a crash loses nothing (committed): the
    note without an agency yet. Emptied text removes the draft. Its id, or None."""
    from store import discussion

    if not text.strip():
        if note_id is not None:
            discussion.delete_note(session, note_id=note_id)
        return None
    return add_note(
        session, item_id=item_id, agency_id=None, kind=kind, text=text, at=at, note_id=note_id
    )


def drop_draft(session: Session, *, note_id: int | None) -> None:
    """The note was given up (Escape): its draft goes."""
    from store import discussion

    if note_id is not None:
        discussion.delete_note(session, note_id=note_id)


def close_free(session: Session, *, item_id: int, at: datetime) -> None:
    """The free item is done (no grade is asked for)."""
    from store import discussion

    discussion.close(session, item_id=item_id, at=at)


__all__ = [
    "NOTES",
    "FreeView",
    "add_note",
    "close_free",
    "drop_draft",
    "load_free",
    "save_draft",
    "start_free",
]

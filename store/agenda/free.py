"""Free agenda items (R19): MPRU considerations and any other business, a title and a section.

A free item has no subject (no child, person or location): its title says what it is.
Keyword-only functions taking a Session; they flush but never commit. A title is case
content: errors name the field, never the text.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from store import states
from store.agenda.items import _renumber, get_item, queue_items
from store.agenda.meetings import LATE_ADD_STATUSES, AgendaError, ensure_editable, get_meeting
from store.models import AgendaItem, Meeting
from store.states import FREE_SECTION_KEYS, SubjectKind


def clean_title(title: str) -> str:
    """A free item's title, spaces tidied; AgendaError (naming the field) if empty or too long."""
    try:
        return states.clean_title(title)
    except ValueError as error:
        raise AgendaError(str(error)) from None


def _check_section(section: str) -> None:
    if section not in FREE_SECTION_KEYS:
        raise AgendaError(f"section: a free item goes under one of {', '.join(FREE_SECTION_KEYS)}.")


def same_title(items: list[AgendaItem], title: str, *, but: int | None = None) -> bool:
    """True when another free item among ``items`` has this title (any case)."""
    wanted = title.casefold()
    return any(
        i.subject_kind == SubjectKind.FREE and i.id != but and i.title.casefold() == wanted
        for i in items
    )


# Two other items with one title could not be told apart in the log.
SAME_TITLE = "title: an other item with this title is on the queue already; give this one another."


def _slot(items: list[AgendaItem], section: str) -> int:
    """Where a new free item goes: MPRU considerations before any other business, both last."""
    if section == "aob":
        return len(items)
    for index, item in enumerate(items):
        if item.subject_kind == SubjectKind.FREE and item.free_section == "aob":
            return index
    return len(items)


def add_free_item(
    session: Session, *, meeting: Meeting, section: str, title: str, at: datetime, late: bool
) -> AgendaItem:
    """A free item on the queue under ``section`` (flushed, not committed)."""
    cleaned = clean_title(title)
    _check_section(section)
    ensure_editable(meeting, adding=True)
    late = late or meeting.status in LATE_ADD_STATUSES
    assert meeting.id is not None
    visible = queue_items(session, meeting_id=meeting.id)
    if same_title(visible, cleaned):
        raise AgendaError(SAME_TITLE)
    item = AgendaItem(
        meeting_id=meeting.id,
        subject_kind=SubjectKind.FREE.value,
        child_id=None,
        title=cleaned,
        free_section=section,
        meeting_date=meeting.date,
        profile=meeting.profile,
        position=len(visible) + 1,
        referral_source="free",
        exploitation_types="",
        reason="",
        status="waiting",
        late_change=late,
        added_at=at,
    )
    session.add(item)
    session.flush()
    visible.insert(_slot(visible, section), item)
    _renumber(visible)
    session.add_all(visible)
    session.flush()
    return item


def retitle_free_item(
    session: Session, *, item_id: int, title: str, section: str | None = None
) -> AgendaItem:
    """Change a waiting free item's title (and section); AgendaError for anything else."""
    item = get_item(session, item_id=item_id)
    if item.subject_kind != SubjectKind.FREE:
        raise AgendaError("title: only a free item (MPRU, AOB) has a title to change.")
    ensure_editable(get_meeting(session, meeting_id=item.meeting_id), adding=True)
    if item.status not in ("waiting", "in-discussion"):
        raise AgendaError(f"title: this item is {item.status}; its title stays as discussed.")
    cleaned = clean_title(title)
    if same_title(queue_items(session, meeting_id=item.meeting_id), cleaned, but=item.id):
        raise AgendaError(SAME_TITLE)
    item.title = cleaned
    if section is not None:
        _check_section(section)
        item.free_section = section
    session.add(item)
    session.flush()
    return item


__all__ = ["SAME_TITLE", "add_free_item", "clean_title", "retitle_free_item", "same_title"]

"""Free agenda items while preparing (R19): MPRU considerations and any other business.

Edits as closures like ``mace_tui.prep.edits`` (the screen queues them, a worker runs
them, each commits once). A title is case content: messages never repeat it.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from mace_tui.prep.deadline import late_after_change
from mace_tui.prep.edits import Edit, Saved
from mace_tui.prep.fields import FreeItemInput
from mace_tui.prep.meeting import PrepTarget
from store import agenda


def add_free(session: Session, target: PrepTarget, *, entry: FreeItemInput, at: datetime) -> int:
    """Put a free item on the queue under its section; its item id (committed)."""
    meeting = agenda.get_meeting(session, meeting_id=target.meeting_id)
    late = late_after_change(at=at, deadline=target.deadline, was_late=False)
    try:
        item = agenda.add_free_item(
            session, meeting=meeting, section=entry.section, title=entry.title, at=at, late=late
        )
        session.commit()
    except BaseException:
        session.rollback()
        raise
    assert item.id is not None
    return item.id


def retitle(session: Session, *, item_id: int, entry: FreeItemInput) -> None:
    """Change a free item's title and section (committed)."""
    try:
        agenda.retitle_free_item(session, item_id=item_id, title=entry.title, section=entry.section)
        session.commit()
    except BaseException:
        session.rollback()
        raise


def add_edit(target: PrepTarget, *, entry: FreeItemInput, at: datetime, note: str = "") -> Edit:
    """The edit that adds a free item, for the screen's write queue."""

    def run(session: Session) -> Saved:
        item_id = add_free(session, target, entry=entry, at=at)
        return Saved(focus=item_id, message="Added to the queue." + note)

    return run


def retitle_edit(item_id: int, *, entry: FreeItemInput) -> Edit:
    """The edit that changes a free item's title and section."""

    def run(session: Session) -> Saved:
        retitle(session, item_id=item_id, entry=entry)
        return Saved(focus=item_id, message="Saved.")

    return run


__all__ = ["FreeItemInput", "add_edit", "add_free", "retitle", "retitle_edit"]

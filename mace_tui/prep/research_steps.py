"""The research screen's units of work (R23), each on its own session: read one child's
research with the meeting's asked agencies, add or delete a contribution, record an agency
as asked. The checks and edits are in ``mace_tui.prep.research``."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from mace_tui.prep import research

if TYPE_CHECKING:
    from store.db import Store
    from store.research import NewResearch


def read_child_research(store: Store, *, meeting_id: int, item_id: int) -> research.MeetingResearch:
    """Who was asked for the meeting, and what this one queued item has."""
    with store.session() as session:
        return research.meeting_research(session, meeting_id=meeting_id, item_ids=[item_id])


def add_research(store: Store, entry: NewResearch, *, at: datetime) -> int:
    """Store one checked contribution; its id."""
    with store.session() as session:
        return research.add_contribution(session, entry, at=at)


def remove_research(store: Store, *, research_id: int) -> None:
    """Delete a contribution entered by mistake."""
    with store.session() as session:
        research.remove_contribution(session, research_id=research_id)


def record_asked(store: Store, *, meeting_id: int, agency_id: int, at: datetime) -> bool:
    """Record that an agency was asked for research; False when it already was."""
    with store.session() as session:
        return research.ask_agency(session, meeting_id=meeting_id, agency_id=agency_id, at=at)


__all__ = ["add_research", "read_child_research", "record_asked", "remove_research"]

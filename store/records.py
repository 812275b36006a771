"""Plain records the queries return: frozen dataclasses, cheap to import and to pickle.

Nothing here imports the database stack, so the UI can receive these before
it has loaded SQLAlchemy itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class MeetingRecord:
    """A meeting as the screens show it."""

    id: int
    profile: str
    date: date
    status: str
    stage: str
    scheduled_start: str
    scheduled_minutes: int
    started_at: datetime | None
    ended_at: datetime | None
    current_item_id: int | None


@dataclass(frozen=True)
class HistoryEntry:
    """One earlier discussion of a child."""

    item_id: int
    meeting_date: date
    profile: str
    status: str
    grade: str | None
    outcome: str | None
    rationale: str | None


@dataclass(frozen=True)
class ActionRecord:
    """An action as the screens and reports show it."""

    id: int
    meeting_id: int
    meeting_date: date
    profile: str
    item_id: int | None
    child_id: int | None
    kind: str
    text: str
    owner: str
    agency: str
    due: date | None
    agreed: bool
    status: str


@dataclass(frozen=True)
class QueueEntry:
    """A child on a meeting's queue."""

    item_id: int
    position: int
    status: str
    child_id: int
    child_ref: str
    name: str
    date_of_birth: date | None
    local_authority: str
    referral_source: str
    exploitation_types: str
    reason: str
    late_change: bool

"""Plain records the queries return: frozen dataclasses, cheap to import and to pickle.

Nothing here imports the database stack, so the UI can receive these before
it has loaded SQLAlchemy itself.
"""

from __future__ import annotations

from datetime import date, datetime

from store.frozen import record
from store.meeting_records import (
    AgencyRecord,
    AttendanceRecord,
    HistoryEntry,
    MeetingRecord,
    QueueEntry,
)

__all__ = [
    "ActionDetail",
    "ActionRecord",
    "AgencyRecord",
    "AttendanceRecord",
    "GradingRecord",
    "HistoryEntry",
    "MeetingRecord",
    "NoteRecord",
    "QueueEntry",
    "QueueFacts",
]


@record
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


@record
class NoteRecord:
    """A THRIVE note."""

    id: int
    item_id: int
    section: str
    agency_id: int | None
    agency: str
    person_id: int | None
    kind: str
    text: str
    updated_at: datetime
    # The row's version (R25): a save names the version it was made from.
    version: int = 1


@record
class GradingRecord:
    """The grade, rationale and outcome of one discussion."""

    item_id: int
    grade: str
    rationale: str
    significant_new_risk: bool
    crime_identified: bool
    npa_managed: bool
    proposed_outcome: str
    outcome: str
    outcome_reason: str
    override_reason: str
    team_name: str = ""
    # The stored row's version (R25); 0: not stored yet.
    version: int = 0


@record
class ActionDetail:
    """An action with everything the editor needs."""

    id: int
    item_id: int | None
    kind: str
    text: str
    owner: str
    owner_person_id: int | None
    agency_id: int | None
    agency: str
    due: date | None
    agreed: bool
    share_what: str
    share_with: str
    share_why: str
    allocated_professional: bool
    status: str
    # The row's version (R25): a save names the version it was made from.
    version: int = 1
    # A meeting-level action's theme (R21) and a disruption tactic (R22); "" when none.
    topic: str = ""
    tactic: str = ""


@record
class QueueFacts:
    """What a queue's summaries are built from: each child's earlier discussions, DRMM
    referrals, last MEDIUM grade, last discharge and open actions; and each person's or
    location's earlier discussions and open actions, by ``(kind, id)``."""

    histories: dict[int, list[HistoryEntry]]
    referrals: dict[int, int]
    mediums: dict[int, date | None]
    discharges: dict[int, date | None]
    actions: dict[int, int]
    subjects: dict[tuple[str, int], tuple[list[HistoryEntry], int]]

"""The records of a meeting as it opens: the meeting, its queue with each subject's history,
who is there and the agencies. They are what the first screens show, so they sit apart from
the other records (store/records.py, which re-exports them) and cost little to import when
the start-up helper's read arrives in the UI process."""

from __future__ import annotations

from datetime import date, datetime

from store.frozen import record


@record
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
    extraordinary: bool = False


@record
class HistoryEntry:
    """One earlier discussion of a child."""

    item_id: int
    meeting_date: date
    profile: str
    status: str
    grade: str | None
    outcome: str | None
    rationale: str | None


@record
class QueueEntry:
    """A subject on a meeting's queue: a child, a person or a location of concern (R22).

    ``child_id`` is empty for a person or a location; ``subject_id`` is the id in
    the subject's own table, and ``child_ref`` its opaque reference whatever the kind.
    """

    item_id: int
    position: int
    status: str
    child_id: int | None
    child_ref: str
    name: str
    date_of_birth: date | None
    local_authority: str
    referral_source: str
    exploitation_types: str
    reason: str
    late_change: bool
    started_at: datetime | None = None
    subject_kind: str = "child"
    subject_id: int = 0
    # A free item's section ("mpru", "aob"); its title is ``name`` (R19).
    free_section: str = ""

    @property
    def is_free(self) -> bool:
        """Whether this is a free item (MPRU considerations, any other business)."""
        return self.subject_kind == "free"

    @property
    def is_child(self) -> bool:
        """Whether the subject is a child (the only kind with THRIVE, R5)."""
        return self.subject_kind == "child"


@record
class AttendanceRecord:
    """A person's place at a meeting, with their agency."""

    id: int
    person_id: int
    name: str
    title: str
    role: str
    agency_id: int
    agency: str
    sector: str
    status: str
    deputy_for_id: int | None
    deputy_for: str | None
    invited: bool
    walk_in: bool
    joined_at: datetime | None
    left_at: datetime | None
    # Earlier times they left and came back, (left, back), oldest first (R1).
    breaks: tuple[tuple[datetime, datetime], ...] = ()

    @property
    def in_room(self) -> bool:
        """Present and not yet left."""
        return self.status == "present" and self.left_at is None


@record
class AgencyRecord:
    """An agency for pick lists."""

    id: int
    key: str
    name: str
    sector: str
    contact: str

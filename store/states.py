"""The states a meeting, an agenda item, an attendance, an action and a recording can be in.

Each is a ``StrEnum``, so a member compares equal to the plain string stored in the
database; the tables carry a check constraint built from the same members, so a
value outside these lists cannot be written by any seat or tool.
"""

from __future__ import annotations

from enum import StrEnum


class MeetingStatus(StrEnum):
    """Where a meeting is in its life."""

    PLANNED = "planned"
    IN_PROGRESS = "in-progress"
    FINISHED = "finished"
    INQUORATE = "inquorate"
    CANCELLED = "cancelled"


class MeetingStage(StrEnum):
    """Where the chair is within a meeting: the chair resumes here after a restart."""

    ATTENDANCE = "attendance"
    STATEMENTS = "statements"
    CARRY_OVER = "carry-over"
    CASES = "cases"
    ENDED = "ended"


class AttendanceStatus(StrEnum):
    """A person's place in a meeting's register."""

    EXPECTED = "expected"
    PRESENT = "present"
    ABSENT = "absent"
    LEFT = "left"


class ItemStatus(StrEnum):
    """An agenda item's progress through the queue."""

    WAITING = "waiting"
    IN_DISCUSSION = "in-discussion"
    DONE = "done"
    DEFERRED = "deferred"
    REMOVED = "removed"


class ActionStatus(StrEnum):
    """An action's status; carried-over updates use the same words (R12)."""

    OPEN = "open"
    IN_PROGRESS = "in-progress"
    COMPLETE = "complete"
    NOT_POSSIBLE = "not-possible"
    NOT_DONE = "not-done"


class RecordingState(StrEnum):
    """A recording row's state."""

    RECORDING = "recording"
    COMPLETE = "complete"
    RECOVERED = "recovered"
    MISSING = "missing"
    FAILED = "failed"
    DELETED = "deleted"


class SubjectKind(StrEnum):
    """What an agenda item is about (R22): a child, a person of concern or a location of concern."""

    CHILD = "child"
    PERSON = "person"
    LOCATION = "location"


class LocationKind(StrEnum):
    """What sort of place a location of concern is (R22)."""

    PREMISES = "premises"
    STREET_OR_AREA = "street-or-area"
    ONLINE = "online"


def one_of(column: str, states: type[StrEnum]) -> str:
    """The SQL of a check constraint allowing exactly ``states`` in ``column``."""
    values = ", ".join(f"'{s.value}'" for s in states)
    return f"{column} IN ({values})"


# The subject's own column for each kind; an agenda item fills exactly the one of its kind.
SUBJECT_COLUMNS = {
    SubjectKind.CHILD: "child_id",
    SubjectKind.PERSON: "concern_person_id",
    SubjectKind.LOCATION: "concern_location_id",
}


def one_subject() -> str:
    """The SQL of a check constraint: an item's subject kind names the one subject column it fills."""
    cases = []
    for kind, own in SUBJECT_COLUMNS.items():
        parts = [f"subject_kind = '{kind.value}'"] + [
            f"{column} IS {'NOT NULL' if column == own else 'NULL'}"
            for column in SUBJECT_COLUMNS.values()
        ]
        cases.append("(" + " AND ".join(parts) + ")")
    return " OR ".join(cases)


__all__ = [
    "ActionStatus",
    "AttendanceStatus",
    "ItemStatus",
    "LocationKind",
    "MeetingStage",
    "MeetingStatus",
    "RecordingState",
    "SubjectKind",
    "one_of",
    "one_subject",
]

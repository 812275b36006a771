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
    # A free item (MPRU considerations, any other business): a title, no subject (R19).
    FREE = "free"


# The sections a free item belongs to, by key (the FORM agenda's last two, R19).
FREE_SECTION_KEYS = ("mpru", "aob")
# A free item's title: short text, required.
FREE_TITLE_MAX = 200


def clean_title(title: str) -> str:
    """A free item's title with its spaces tidied; ValueError naming the field (never the text)."""
    cleaned = " ".join(title.split())
    if not cleaned:
        raise ValueError("title: a free item needs a title (a few words the chair will read).")
    if len(cleaned) > FREE_TITLE_MAX:
        raise ValueError(
            f"title: at most {FREE_TITLE_MAX} characters (this one has {len(cleaned)}); "
            "put the detail in the notes at the meeting."
        )
    return cleaned


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


def one_subject_or_free() -> str:
    """The SQL of the ``subject`` check from revision 0021: exactly one subject, or a free item.

    An item about a subject has no title; a free item has no subject, a title and one of
    the free sections. (Revision 0016 built the check of ``one_subject`` alone.)
    """
    empty = " AND ".join(f"{column} IS NULL" for column in SUBJECT_COLUMNS.values())
    sections = ", ".join(f"'{key}'" for key in FREE_SECTION_KEYS)
    subject = f"({one_subject()}) AND title = '' AND free_section = ''"
    free = (
        f"subject_kind = '{SubjectKind.FREE.value}' AND {empty} AND title <> '' "
        f"AND free_section IN ({sections})"
    )
    return f"({subject}) OR ({free})"


__all__ = [
    "FREE_SECTION_KEYS",
    "FREE_TITLE_MAX",
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
    "one_subject_or_free",
]

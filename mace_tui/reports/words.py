"""The words every rendering of the action log shares: dates, times, labels, file names.

Times are stored in UTC and shown in UK local time, where the meetings sit.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from mace_tui.reports.counting import subjects_counted as subjects_counted
from mace_tui.reports.records import ActionEntry, ActionLog, ConflictEntry
from mace_tui.rules.deadline import LOCAL_ZONE
from mace_tui.rules.disruption import tactic_label
from mace_tui.rules.outcomes import outcome_label
from mace_tui.rules.smart import vague_words
from mace_tui.rules.vocab import (
    ACTION_STATUSES,
    EXPLOITATION_TYPES,
    REFERRAL_SOURCES,
    role_label,
)

NONE = "—"
THRIVE_LABELS = {
    "threat": "Threat",
    "harm": "Harm",
    "risk": "Risk",
    "investigation": "Investigation",
    "vulnerabilities": "Vulnerabilities",
    "engagement": "Engagement",
    # Persons and locations of concern (R22); the same titles as on the case screen.
    "threat-posed": "Threat posed",
    "links": "Links",
    "intelligence": "Intelligence",
    "disruption": "Disruption options",
    "activity": "What happens there",
    "users": "Who uses it",
    "place-disruption": "Disruption options",
}
NOTE_KINDS = {"fact": "Fact", "opinion": "Professional opinion"}
ATTENDANCE = {
    "present": "Present",
    "absent": "Absent",
    "expected": "Did not attend",
    "left": "Left early",
}
CONFLICT_SOURCES = {
    "prepared": "declared before the meeting",
    "asked": "declared when the child came up",
    "raised": "raised during the discussion",
    "cleared": "recorded beforehand, cleared by the chair",
}
ITEM_STATUSES = {
    "done": "Discussed",
    "deferred": "Deferred",
    "waiting": "Not reached",
    "in-discussion": "Discussion not closed",
}
MEETING_STATUSES = {"finished": "Held", "inquorate": "Inquorate — not held"}


def clock(at: datetime | None) -> str:
    """A stored time as UK local ``HH:MM``, or a dash."""
    return f"{at.astimezone(LOCAL_ZONE):%H:%M}" if at is not None else NONE


def long_date(day: date | None) -> str:
    """``Thursday 19 November 2026``."""
    return f"{day:%A} {day.day} {day:%B %Y}" if day is not None else NONE


def birth_date(day: date | None) -> str:
    """``8 October 2016``."""
    return f"{day.day} {day:%B %Y}" if day is not None else NONE


def short_date(day: date | None) -> str:
    """``19 Nov 2026``, for table cells."""
    return f"{day.day} {day:%b %Y}" if day is not None else NONE


def iso(day: date | None) -> str:
    """``2026-11-19``, or empty, for files other systems read."""
    return day.isoformat() if day is not None else ""


def stamp(at: datetime) -> str:
    """A moment in UK local time, with its zone: ``19 Nov 2026 10:12 GMT``."""
    local = at.astimezone(LOCAL_ZONE)
    return f"{local.day} {local:%b %Y %H:%M %Z}"


def duration(seconds: float | None) -> str:
    """``4 min 12 s``."""
    if seconds is None:
        return "length unknown"
    if 0 < seconds < 1:
        # Under a second, whole seconds would say "0 s" for audio that is there.
        return f"{seconds:.2f} s"
    whole = round(seconds)
    minutes, secs = divmod(whole, 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def outcome(key: str) -> str:
    """An outcome in words."""
    return outcome_label(key) if key else NONE


def action_status(key: str) -> str:
    """An action's status in words."""
    return ACTION_STATUSES.get(key, key)


def attendance(key: str) -> str:
    """An attendance status in words."""
    return ATTENDANCE.get(key, key)


def role(key: str) -> str:
    """A person's role in words."""
    return role_label(key)


def referral(key: str) -> str:
    """Where a referral came from, in words."""
    return REFERRAL_SOURCES.get(key, key)


def exploitation(types: tuple[str, ...]) -> str:
    """``CCE, Missing``."""
    return ", ".join(EXPLOITATION_TYPES.get(t, t) for t in types) or NONE


def yes_no(value: bool) -> str:
    """``yes`` or ``no``."""
    return "yes" if value else "no"


def conflict_times(conflict: ConflictEntry) -> str:
    """``left 09:20, rejoined 09:26``; ``left 09:20, did not rejoin``; ``did not leave``."""
    if not conflict.left_at:
        return "did not leave"
    back = f"rejoined {clock(conflict.rejoined_at)}" if conflict.rejoined_at else "did not rejoin"
    return f"left {clock(conflict.left_at)}, {back}"


def action_text(action: ActionEntry) -> str:
    """What is to be done; an information-sharing action says what, with whom and why (R9)."""
    text = action.text
    if action.kind == "info-share":
        parts = [
            f"share {action.share_what}" if action.share_what else "",
            f"with {action.share_with}" if action.share_with else "",
            f"because {action.share_why}" if action.share_why else "",
        ]
        detail = ", ".join(p for p in parts if p)
        text = f"{text} (information sharing: {detail})" if detail else text
    if action.tactic:
        text = f"{text} (tactic: {tactic_label(action.tactic)})"
    vague = vague_marks(action.text)
    if vague:
        # Flagged on screen when typed (R8); the log says so too, so no one mistakes it for SMART.
        text += " [vague: " + ", ".join(f"“{v}”" for v in vague) + "]"
    return text


def vague_marks(text: str) -> list[str]:
    """The vague words of an action's text (R8), each once, as flagged on screen."""
    return list(dict.fromkeys(v.casefold() for v in vague_words(text)))


def child_label(action: ActionEntry) -> str:
    """The child an action is about, or that it belongs to the meeting (or one of its topics)."""
    return action.child.name or (f"(meeting: {action.topic})" if action.topic else "(meeting)")


_UNSAFE = re.compile(r"[^a-z0-9]+")


def file_stem(log: ActionLog) -> str:
    """``action-log_llr-drmm_2026-11-19_v1`` (plus the agency's key): never a child's name."""
    meeting = log.meeting
    stem = f"action-log_{meeting.profile_key}_{meeting.date:%Y-%m-%d}_v{log.version}"
    if log.agency_filter:
        agency = log.agencies[0]
        slug = _UNSAFE.sub("-", (agency.key or agency.name).casefold()).strip("-")
        stem += f"_{slug or 'agency'}"
    return stem

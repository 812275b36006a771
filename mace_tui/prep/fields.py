"""Checking what the coordinator types or imports: one function per field, errors naming it.

Shared by the screen's forms and the CSV import, so a value refused in one is
refused in the other for the same reason. Reasons never repeat the value
itself: the import report may be shown or printed, and a child's details stay
out of messages (R18).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date

from mace_tui.rules.flags import age_on
from mace_tui.rules.vocab import EXPLOITATION_TYPES, REFERRAL_SOURCES
from store.errors import UserError
from store.frozen import record


@record
class FreeItemInput:
    """A free agenda item as typed (R19): the section ("mpru", "aob") and the title."""

    section: str
    title: str


# MACE covers children; some areas keep care leavers to 25, so older is a mistake.
MAX_AGE = 25
LIMITS = {
    "name": 200,
    "local_authority": 120,
    "police_ref": 60,
    "la_ref": 60,
    "npa": 120,
    "reason": 4000,
    "conflict_reason": 1000,
}
LABELS = {
    "name": "Name",
    "date_of_birth": "Date of birth",
    "local_authority": "Local authority",
    "police_ref": "Police reference",
    "la_ref": "LA reference",
    "npa": "NPA",
    "ref": "MACE reference",
    "referral_source": "Referral source",
    "exploitation_types": "Exploitation types",
    "reason": "Reason",
    "conflict_reason": "Conflict reason",
    "person": "Person",
    # Research contributions (R23)
    "agency": "Agency",
    "kind": "Fact or opinion",
    "text": "Research text",
    "received": "Received",
}
DATE_HINT = "use DD/MM/YYYY, e.g. 05/03/2012"
# The coordinator's choices; "deferred" is set by the chair, never typed.
CHOOSABLE_SOURCES = ("police-report", "intelligence", "screening-tool", "partner-referral")
_SOURCE_WORDS = {
    "police-report": ("police-report", "police report", "ppn", "police report / ppn", "police"),
    "intelligence": ("intelligence", "intel"),
    "screening-tool": ("screening-tool", "screening tool", "screening"),
    "partner-referral": ("partner-referral", "partner referral", "partner"),
}
_SOURCE_ALIASES = {
    word: key for key, words in _SOURCE_WORDS.items() for word in (*words, REFERRAL_SOURCES[key])
}
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/\-]{0,19}$")
_TYPE_SPLIT = re.compile(r"[,;/|+]")
_SPACES = re.compile(r"\s+")


class FieldError(ValueError, UserError):
    """A value the app cannot accept: ``field`` names it, ``reason`` says what to do."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{LABELS.get(field, field)}: {reason}")


def one_line(text: str) -> str:
    """Whitespace (newlines included) collapsed to single spaces, ends trimmed."""
    return _SPACES.sub(" ", text).strip()


def optional_text(text: str, *, field: str) -> str:
    """A short free-text field that may be empty."""
    value = one_line(text)
    limit = LIMITS[field]
    if len(value) > limit:
        raise FieldError(field, f"is {len(value)} characters long; keep it to {limit}.")
    return value


def check_name(text: str) -> str:
    """A child's name: required, letters, no digits."""
    value = optional_text(text, field="name")
    if not value:
        raise FieldError("name", "is empty; enter the child's name.")
    if not any(ch.isalpha() for ch in value):
        raise FieldError("name", "has no letters; enter the child's name.")
    if any(ch.isdigit() for ch in value):
        raise FieldError("name", "contains digits; put references in their own fields.")
    return value


def parse_date(text: str, *, field: str = "date_of_birth") -> date:
    """A calendar date typed the UK way (DD/MM/YYYY) or as YYYY-MM-DD."""
    value = text.strip()
    if not value:
        raise FieldError(field, f"is empty; {DATE_HINT}.")
    if match := _YMD.match(value):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DMY.match(value):
        day, month = int(match[1]), int(match[2])
        if len(match[3]) != 4:
            raise FieldError(field, f"needs a four-digit year; {DATE_HINT}.")
        year = int(match[3])
    else:
        raise FieldError(field, f"is not a date; {DATE_HINT}.")
    if not 1 <= month <= 12:
        raise FieldError(
            field, f"has a month outside 1 to 12 (day first, then month); {DATE_HINT}."
        )
    try:
        return date(year, month, day)
    except ValueError:
        raise FieldError(field, f"is not a day in the calendar; {DATE_HINT}.") from None


def parse_date_of_birth(text: str, *, on: date) -> date:
    """A date of birth that is possible for a child discussed on ``on``."""
    born = parse_date(text)
    if born > on:
        raise FieldError("date_of_birth", "is after the meeting date; check the year.")
    age = age_on(born, on)
    if age is not None and age >= MAX_AGE:
        raise FieldError("date_of_birth", f"gives an age of {MAX_AGE} or more; check the year.")
    return born


def parse_referral_source(text: str) -> str:
    """The referral source as stored, from its key or its words (e.g. "PPN")."""
    value = one_line(text).lower().replace("_", "-")
    if not value:
        raise FieldError("referral_source", f"is empty; use one of {_source_choices()}.")
    key = _SOURCE_ALIASES.get(value) or _SOURCE_ALIASES.get(value.replace("-", " "))
    if key is None:
        raise FieldError(
            "referral_source", f"is not a referral source; use one of {_source_choices()}."
        )
    return key


def _source_choices() -> str:
    return ", ".join(CHOOSABLE_SOURCES)


def parse_exploitation_types(text: str) -> tuple[str, ...]:
    """Exploitation types separated by commas, semicolons or slashes; may be empty."""
    labels = {label.lower(): key for key, label in EXPLOITATION_TYPES.items()}
    chosen: set[str] = set()
    for part in _TYPE_SPLIT.split(text):
        word = one_line(part).lower()
        if not word:
            continue
        key = word if word in EXPLOITATION_TYPES else labels.get(word)
        if key is None:
            raise FieldError(
                "exploitation_types",
                f"holds a value that is not an exploitation type; use {', '.join(EXPLOITATION_TYPES)}.",
            )
        chosen.add(key)
    return tuple(key for key in EXPLOITATION_TYPES if key in chosen)


def check_reason(text: str) -> str:
    """The reason for discussion: required, one paragraph."""
    value = optional_text(text, field="reason")
    if not value:
        raise FieldError("reason", "is empty; say in a paragraph why the child is being referred.")
    return value


def check_ref(text: str) -> str:
    """A MACE reference as printed on an earlier list, or empty."""
    value = text.strip().upper()
    if value and not _REF.match(value):
        raise FieldError("ref", "is not a MACE reference; leave it empty for a new child.")
    return value


@record
class ChildDetails:
    """A new child's details, checked."""

    name: str
    date_of_birth: date
    local_authority: str = ""
    police_ref: str = ""
    la_ref: str = ""
    npa: str = ""


@record
class ItemDetails:
    """Why a child is on the queue, checked."""

    referral_source: str
    exploitation_types: tuple[str, ...]
    reason: str

    @property
    def types_text(self) -> str:
        """The types as stored (comma-separated keys)."""
        return ",".join(self.exploitation_types)


def _collect(
    raw: Mapping[str, str], checks: Mapping[str, Callable[[str], object]]
) -> tuple[dict[str, object], list[FieldError]]:
    values: dict[str, object] = {}
    errors: list[FieldError] = []
    for field, check in checks.items():
        try:
            values[field] = check(raw.get(field, "") or "")
        except FieldError as exc:
            errors.append(exc)
    return values, errors


def check_child(
    raw: Mapping[str, str], *, on: date
) -> tuple[ChildDetails | None, list[FieldError]]:
    """Every field of a new child checked; the details, or None and every error."""
    values, errors = _collect(
        raw,
        {
            "name": check_name,
            "date_of_birth": lambda text: parse_date_of_birth(text, on=on),
            "local_authority": lambda text: optional_text(text, field="local_authority"),
            "police_ref": lambda text: optional_text(text, field="police_ref"),
            "la_ref": lambda text: optional_text(text, field="la_ref"),
            "npa": lambda text: optional_text(text, field="npa"),
        },
    )
    if errors:
        return None, errors
    return ChildDetails(**values), []  # type: ignore[arg-type]


def check_item(raw: Mapping[str, str]) -> tuple[ItemDetails | None, list[FieldError]]:
    """Referral source, types and reason checked; the details, or None and every error."""
    values, errors = _collect(
        raw,
        {
            "referral_source": parse_referral_source,
            "exploitation_types": parse_exploitation_types,
            "reason": check_reason,
        },
    )
    if errors:
        return None, errors
    return ItemDetails(**values), []  # type: ignore[arg-type]

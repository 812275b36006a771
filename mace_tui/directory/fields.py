"""Checking what is typed for an agency or a person: one DirectoryError naming the field."""

from __future__ import annotations

import re

from mace_tui.directory.records import AgencyFields, DirectoryError, PersonFields
from mace_tui.rules.vocab import ROLES, SECTORS

_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")


def clean(text: str) -> str:
    """One line, single spaces."""
    return " ".join(text.split())


def _text(value: str, *, field: str, limit: int, required: bool = False) -> str:
    value = clean(value)
    if required and not value:
        raise DirectoryError(field, "is empty; type it in.")
    if len(value) > limit:
        raise DirectoryError(field, f"is longer than {limit} characters; shorten it.")
    return value


def key_from_name(name: str) -> str:
    """A key made from a name: lower case, words joined by hyphens ("Testshire Police" → testshire-police)."""
    words = re.findall(r"[a-z0-9]+", name.lower())
    return "-".join(words)[:60].strip("-")


def check_sector(value: str) -> str:
    """A sector key from SECTORS (case and spaces do not matter)."""
    key = clean(value).lower().replace(" ", "-").replace("'", "")
    if key not in SECTORS:
        raise DirectoryError("sector", f"is not one of: {', '.join(SECTORS)}.")
    return key


def check_role(value: str) -> str:
    """A role key from ROLES; empty means member."""
    key = clean(value).lower().replace(" ", "-") or "member"
    if key not in ROLES:
        raise DirectoryError("role", f"is not one of: {', '.join(ROLES)}.")
    return key


def check_agency(fields: AgencyFields) -> AgencyFields:
    """The agency's fields, tidied; DirectoryError on the first bad one."""
    name = _text(fields.name, field="name", limit=200, required=True)
    key = clean(fields.key).lower() or key_from_name(name)
    if not _KEY_RE.match(key):
        raise DirectoryError(
            "key", "use lower-case letters, digits and hyphens, e.g. testshire-police."
        )
    return AgencyFields(
        name=name,
        sector=check_sector(fields.sector),
        short_name=_text(fields.short_name, field="short_name", limit=40),
        contact=_text(fields.contact, field="contact", limit=300),
        key=key,
    )


def check_person(fields: PersonFields) -> PersonFields:
    """The person's fields, tidied; DirectoryError on the first bad one."""
    return PersonFields(
        name=_text(fields.name, field="name", limit=200, required=True),
        agency_id=fields.agency_id,
        role=check_role(fields.role),
        title=_text(fields.title, field="title", limit=200),
        contact=_text(fields.contact, field="contact", limit=300),
    )

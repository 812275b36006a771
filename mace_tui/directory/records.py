"""What the directory's services return: plain records, and the one error family."""

from __future__ import annotations

from typing import TYPE_CHECKING

from store.errors import UserError
from store.frozen import record

if TYPE_CHECKING:
    from mace_tui.profiles import Profile


class DirectoryError(UserError):
    """A directory change that cannot be made; the message names the field and what to do."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@record
class AgencyEntry:
    """An agency as the directory shows it."""

    id: int
    key: str
    name: str
    short_name: str
    sector: str
    contact: str
    active: bool
    people: int = 0


@record
class PersonEntry:
    """A person as the directory shows it, with the names of their named deputies."""

    id: int
    name: str
    agency_id: int
    agency: str
    agency_key: str
    sector: str
    title: str
    role: str
    contact: str
    active: bool
    deputies: tuple[str, ...] = ()
    panels: tuple[str, ...] = ()


@record
class DeputyEntry:
    """One named deputy of a member."""

    member_id: int
    deputy_id: int
    deputy: str
    agency: str
    active: bool


@record
class AgencyFields:
    """What the hub admin types for an agency."""

    name: str
    sector: str
    short_name: str = ""
    contact: str = ""
    key: str = ""


@record
class PersonFields:
    """What the hub admin types for a person."""

    name: str
    agency_id: int
    role: str = "member"
    title: str = ""
    contact: str = ""


@record
class DirectoryView:
    """Both lists, the hub's profiles and what they still lack."""

    agencies: tuple[AgencyEntry, ...]
    people: tuple[PersonEntry, ...]
    profiles: tuple[Profile, ...]
    gaps: tuple[str, ...]

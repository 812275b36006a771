"""The directory's lists read with the standard library's sqlite3 (start-up speed).

The same rows as the directory's services read through the store
(``mace_tui.directory.agencies.list_agencies``, ``people.list_people`` and
``hub.hub_profiles``, all with no search and inactive ones included: what the
directory screen first shows), without importing the database stack: the forked
start-up helper (mace_tui/early.py) reads them in milliseconds while the UI
paints. Only an SQLite file at the schema revision this version was built for is
read; in every other case the answer is None and the caller takes the normal
path. ``tests/store/test_quickdirectory.py`` checks the view made from them
equals the store's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from store.frozen import record
from store.quickread import read_checked

# The services' queries, as SQLAlchemy writes them for SQLite (same order, same ties).
COUNTS = "SELECT agency_id, count(*) FROM person WHERE active IS 1 GROUP BY agency_id"
AGENCIES = """
SELECT id, "key", name, short_name, sector, contact, active
FROM agency ORDER BY active DESC, name
"""
PEOPLE = """
SELECT person.id, person.name, agency.id, agency.name, agency."key", agency.sector,
       person.title, person.role, person.email, person.active
FROM person JOIN agency ON agency.id = person.agency_id
ORDER BY person.active DESC, agency.name, person.name
"""
DEPUTIES = "SELECT member_id, deputy_id FROM named_deputy ORDER BY id"
PANELS = "SELECT profile, person_id FROM panel_member ORDER BY profile"
HUB_PROFILES = "SELECT profile FROM hub_profile ORDER BY added_at"


class AgencyRow(NamedTuple):
    """An agency, with its number of active people (``AgencyEntry``'s fields)."""

    id: int
    key: str
    name: str
    short_name: str
    sector: str
    contact: str
    active: bool
    people: int


class PersonRow(NamedTuple):
    """A person, their agency, deputies' names and panels (``PersonEntry``'s fields)."""

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
    deputies: tuple[str, ...]
    panels: tuple[str, ...]


@record
class DirectoryRows:
    """Both lists, in the directory's order, and the profiles the hub chose at set-up."""

    agencies: tuple[AgencyRow, ...]
    people: tuple[PersonRow, ...]
    hub_profiles: tuple[str, ...]


def _read(conn: Any) -> DirectoryRows:
    counts: dict[int, int] = dict(conn.execute(COUNTS).fetchall())
    agencies = tuple(
        AgencyRow(
            id=r[0],
            key=r[1],
            name=r[2],
            short_name=r[3],
            sector=r[4],
            contact=r[5],
            active=bool(r[6]),
            people=counts.get(r[0] or 0, 0),
        )
        for r in conn.execute(AGENCIES)
    )
    rows = conn.execute(PEOPLE).fetchall()
    names = {r[0]: r[1] for r in rows}
    deputies: dict[int, list[str]] = defaultdict(list)
    for member_id, deputy_id in conn.execute(DEPUTIES):
        deputies[member_id].append(names.get(deputy_id, "?"))
    panels: dict[int, list[str]] = defaultdict(list)
    for profile, person_id in conn.execute(PANELS):
        panels[person_id].append(profile)
    people = tuple(
        PersonRow(
            id=r[0] or 0,
            name=r[1],
            agency_id=r[2] or 0,
            agency=r[3],
            agency_key=r[4],
            sector=r[5],
            title=r[6],
            role=r[7],
            contact=r[8],
            active=bool(r[9]),
            deputies=tuple(deputies.get(r[0] or 0, ())),
            panels=tuple(panels.get(r[0] or 0, ())),
        )
        for r in rows
    )
    hub = tuple(r[0] for r in conn.execute(HUB_PROFILES))
    return DirectoryRows(agencies, people, hub)


def directory_rows(
    path: Path, *, key: bytes | None = None, access: tuple[str, Sequence[str]] | None = None
) -> DirectoryRows | None:
    """Every agency and person, and the hub's profiles, in one read transaction; None when
    the file is not one this version reads (the normal path then answers and says what is
    wrong).

    ``key`` opens an encrypted file (store/cipher.py). ``access`` (the account and the roles
    that may see it): NotPermitted if the account holds none of them."""
    return read_checked(path, key=key, access=access, then=_read)

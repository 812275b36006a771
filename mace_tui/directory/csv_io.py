"""Importing the directory from a CSV file (all or nothing) and exporting it (0600, never replacing).

An agency row with a key already in the directory updates that agency; a
person row with the name of someone already in that agency updates them
(people are told apart by name and agency, never by name alone).
Deputies and standing panels are added, never removed, by an import.
"""

from __future__ import annotations

import csv
import io
import os
from collections import Counter
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func
from sqlmodel import Session, col, select

from mace_tui.directory.csv_check import (
    COLUMNS,
    MAX_BYTES,
    DirectoryCheck,
    Known,
    Problem,
    check_rows,
    read_rows,
)
from mace_tui.directory.records import DirectoryError
from store.errors import UserError
from store.frozen import record
from store.models import Agency, NamedDeputy, PanelMember, Person

if TYPE_CHECKING:
    from store.db import Store


class DirectoryImportError(UserError):
    """The file cannot be imported; the message names the file and what to do."""


@record
class DirectoryImported:
    """What an import wrote."""

    agencies_added: int
    agencies_updated: int
    people_added: int
    people_updated: int


def read_file(path: Path) -> bytes:
    """The file's bytes, or DirectoryImportError saying why not."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise DirectoryImportError(
                f"{path.name}: larger than {MAX_BYTES // (1024 * 1024)} MB; check it is the right file."
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise DirectoryImportError(f"{path}: no such file. Check the path.") from None
    except IsADirectoryError:
        raise DirectoryImportError(f"{path}: this is a folder; name a .csv file.") from None
    except PermissionError:
        raise DirectoryImportError(f"{path}: cannot read it (permission denied).") from None


def _known(session: Session, profiles: Collection[str]) -> Known:
    agencies = session.exec(select(Agency)).all()
    return Known(
        agency_keys={a.key for a in agencies},
        agency_names={a.name.lower(): a.key for a in agencies},
        people=[
            (name.lower(), key)
            for name, key in session.exec(
                select(Person.name, Agency.key).join(
                    Agency, col(Agency.id) == col(Person.agency_id)
                )
            ).all()
        ],
        profiles=set(profiles),
    )


def check_bytes(
    session: Session, *, data: bytes, source: str, profiles: Collection[str]
) -> DirectoryCheck:
    """Check a whole file against the rules and the directory; nothing is written."""
    read = read_rows(data, source=source)
    if isinstance(read, DirectoryCheck):
        return read
    header, rows = read
    return check_rows(header, rows, known=_known(session, profiles), source=source)


def check_file(session: Session, *, path: Path, profiles: Collection[str]) -> DirectoryCheck:
    """Read and check a whole CSV file; nothing is written."""
    return check_bytes(session, data=read_file(path), source=path.name, profiles=profiles)


def apply_import(session: Session, check: DirectoryCheck) -> DirectoryImported:
    """Write every row of a file with no problems, in one transaction; otherwise nothing."""
    if check.problems:
        raise DirectoryImportError(
            f"{check.source}: {len(check.bad_rows)} rows have problems, so nothing was imported. "
            "Fix them and import the file again."
        )
    try:
        counts = _write(session, check)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return counts


def import_directory_file(
    store: Store, *, path: Path, profiles: Collection[str]
) -> DirectoryImported | list[str]:
    """Check a whole file and import every row in one transaction; or, when any row has a
    problem, import nothing and return the report's lines."""
    with store.session() as session:
        check = check_file(session, path=path, profiles=profiles)
        if check.problems:
            return list(check.report())
        return apply_import(session, check)


def _write(session: Session, check: DirectoryCheck) -> DirectoryImported:
    by_key = {a.key: a for a in session.exec(select(Agency)).all()}
    added_a = updated_a = 0
    for row in check.agencies:
        agency = by_key.get(row.key)
        if agency is None:
            agency = Agency(key=row.key, name=row.name, sector=row.sector)
            added_a += 1
        else:
            updated_a += 1
        agency.name, agency.short_name, agency.sector = row.name, row.short_name, row.sector
        agency.contact, agency.active = row.contact, row.active
        session.add(agency)
        by_key[row.key] = agency
    session.flush()
    added_p = updated_p = 0
    people: dict[tuple[str, str], Person] = {}
    for prow in check.people:
        agency_id = by_key[prow.agency].id
        person = session.exec(
            select(Person).where(
                Person.agency_id == agency_id, func.lower(Person.name) == prow.name.lower()
            )
        ).first()
        if person is None:
            person = Person(name=prow.name, agency_id=agency_id or 0)
            added_p += 1
        else:
            updated_p += 1
        person.role, person.title, person.email = prow.role, prow.title, prow.contact
        person.active = prow.active
        session.add(person)
        session.flush()
        people[(prow.name.lower(), prow.agency)] = person
    for prow in check.people:
        person = people[(prow.name.lower(), prow.agency)]
        for name, key in prow.deputy_members:
            member = people.get((name, key)) or _person_named(session, name, key)
            _link_deputy(session, member_id=member.id or 0, deputy_id=person.id or 0)
        for profile in prow.panels:
            _join_panel(session, profile=profile, person_id=person.id or 0)
    session.flush()
    return DirectoryImported(added_a, updated_a, added_p, updated_p)


def _person_named(session: Session, name: str, agency_key: str) -> Person:
    found = session.exec(
        select(Person)
        .join(Agency, col(Agency.id) == col(Person.agency_id))
        .where(func.lower(Person.name) == name.lower(), Agency.key == agency_key)
        .order_by(col(Person.id))
    ).first()
    if found is None:  # checked before writing; only a concurrent change gets here
        raise DirectoryError("deputy_for", "the member is no longer in the directory.")
    return found


def _link_deputy(session: Session, *, member_id: int, deputy_id: int) -> None:
    exists = session.exec(
        select(NamedDeputy).where(
            NamedDeputy.member_id == member_id, NamedDeputy.deputy_id == deputy_id
        )
    ).first()
    if exists is None:
        session.add(NamedDeputy(member_id=member_id, deputy_id=deputy_id))


def _join_panel(session: Session, *, profile: str, person_id: int) -> None:
    exists = session.exec(
        select(PanelMember).where(
            PanelMember.profile == profile, PanelMember.person_id == person_id
        )
    ).first()
    if exists is None:
        session.add(PanelMember(profile=profile, person_id=person_id))


# -- export ----------------------------------------------------------------------------


def guard(cell: str) -> str:
    """A leading apostrophe on text a spreadsheet would run as a formula (the shared rule)."""
    from mace_tui.reports.cells import csv_cell

    return csv_cell(cell)


def directory_rows(session: Session) -> list[dict[str, str]]:
    """The directory as CSV rows: agencies first, then people, each by name."""
    agencies = session.exec(select(Agency).order_by(col(Agency.name))).all()
    key_of = {a.id: a.key for a in agencies}
    rows = [
        {
            "kind": "agency",
            "agency": a.key,
            "name": a.name,
            "short_name": a.short_name,
            "sector": a.sector,
            "contact": a.contact,
            "active": "yes" if a.active else "no",
        }
        for a in agencies
    ]
    people = session.exec(select(Person).order_by(col(Person.agency_id), col(Person.name))).all()
    # A member is named as in the file; with " (agency key)" when others share the name.
    shared = {n for n, count in Counter(p.name.lower() for p in people).items() if count > 1}
    name_of = {
        p.id: f"{p.name} ({key_of.get(p.agency_id, '')})" if p.name.lower() in shared else p.name
        for p in people
    }
    deputising: dict[int, list[str]] = {}
    for link in session.exec(select(NamedDeputy).order_by(col(NamedDeputy.id))).all():
        deputising.setdefault(link.deputy_id, []).append(name_of.get(link.member_id, ""))
    panels: dict[int, list[str]] = {}
    for seat in session.exec(select(PanelMember).order_by(col(PanelMember.profile))).all():
        panels.setdefault(seat.person_id, []).append(seat.profile)
    for p in people:
        rows.append(
            {
                "kind": "person",
                "agency": key_of.get(p.agency_id, ""),
                "name": p.name,
                "contact": p.email,
                "role": p.role,
                "title": p.title,
                "active": "yes" if p.active else "no",
                "deputy_for": "; ".join(deputising.get(p.id or 0, [])),
                "panels": "; ".join(panels.get(p.id or 0, [])),
            }
        )
    return rows


def export_directory(session: Session, *, path: Path) -> int:
    """Write the directory to a new file (0600; an existing file is never replaced); rows written."""
    rows = directory_rows(session)
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, restval="", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: guard(v) for k, v in row.items()})
    data = out.getvalue().encode("utf-8")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise DirectoryImportError(
            f"{path}: a file of this name exists and is never replaced; choose another name."
        ) from None
    except OSError as exc:
        raise DirectoryImportError(f"{path}: cannot write it ({exc.strerror}).") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise DirectoryImportError(f"{path}: cannot write it ({exc.strerror}).") from None
    return len(rows)


__all__ = [
    "DirectoryImportError",
    "DirectoryImported",
    "Problem",
    "apply_import",
    "check_bytes",
    "check_file",
    "directory_rows",
    "export_directory",
]

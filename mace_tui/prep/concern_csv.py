"""Importing persons and locations of concern from a CSV file (R22): all rows or none.

One row per subject and link: several rows naming the same subject (same kind,
name and police reference or local authority) make one queue entry with
several links. Every row is checked before anything is written; a problem
names its row (the header is row 1), column and reason, never a cell's value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import field
from datetime import date, datetime
from pathlib import Path

from sqlmodel import Session, col, select

from mace_tui.csv_rows import Problem, RowProblems
from mace_tui.prep.concern import LINK_WORDS, LocationDetails, PersonDetails
from mace_tui.prep.csv_import import ImportFileError, read_file, read_named_table
from mace_tui.prep.deadline import late_after_change
from mace_tui.prep.fields import FieldError, parse_date
from mace_tui.prep.meeting import PrepTarget
from store import agenda
from store.agenda import concern
from store.frozen import record
from store.models import Child, ConcernLocation, ConcernPerson

REQUIRED = ("kind", "name", "reason")
OPTIONAL = (
    "aliases",
    "date_of_birth",
    "areas",
    "police_ref",
    "location_kind",
    "address",
    "local_authority",
    "child_ref",
    "link",
)
COLUMNS = REQUIRED + OPTIONAL
KINDS = {"person": "person", "person of concern": "person", "location": "location",
         "location of concern": "location", "place": "location"}  # fmt: skip
LOCATION_WORDS = {
    "premises": "premises",
    "street": "street-or-area",
    "area": "street-or-area",
    "street or area": "street-or-area",
    "street-or-area": "street-or-area",
    "online": "online",
    "online space": "online",
}
LIMITS = {"name": 200, "aliases": 1000, "areas": 2000, "police_ref": 60, "address": 2000,
          "local_authority": 120, "reason": 4000, "link": 100, "child_ref": 20}  # fmt: skip
WHOLE_ROW = "(whole row)"


@record
class ConcernRow:
    """A valid row: the subject, why it is on the queue, and a child to link it with."""

    row: int
    kind: str
    person: PersonDetails | None
    location: LocationDetails | None
    reason: str
    child_id: int | None = None
    link: str = ""

    @property
    def key(self) -> tuple[str, ...]:
        """What makes two rows the same subject."""
        if self.person is not None:
            return ("person", self.person.name.lower(), self.person.police_ref.lower())
        assert self.location is not None
        return ("location", self.location.name.lower(), self.location.local_authority.lower())


@record
class ConcernCheck(RowProblems):
    """What checking a file found; nothing is written until ``apply_concerns``."""

    source: str
    encoding: str
    rows_read: int
    valid: tuple[ConcernRow, ...]
    problems: tuple[Problem, ...] = field(default=())

    def summary(self) -> str:
        """One sentence: rows read, valid and bad."""
        rows = "row" if self.rows_read == 1 else "rows"
        text = f"{self.source} ({self.encoding}): {self.rows_read} {rows} read, {len(self.valid)} valid"
        if self.problems:
            text += f", {len(self.bad_rows)} with problems ({len(self.problems)} in all)"
        return text + "."

    def report(self) -> list[str]:
        """The summary, then every problem on its own line."""
        return [self.summary(), *(f"  {p}" for p in self.problems)]


def _read(data: bytes, *, source: str) -> tuple[str, list[str], list[tuple[int, list[str]]]]:
    return read_named_table(data, source=source, columns=COLUMNS, required=REQUIRED, aliases={})


def _text(raw: dict[str, str], column: str, problems: list[str]) -> str:
    value = " ".join(raw.get(column, "").split())
    if len(value) > LIMITS.get(column, 200):
        problems.append(f"{column}\0is {len(value)} characters long; keep it to {LIMITS[column]}.")
        return ""
    return value


def check_concern_rows(
    session: Session, *, header: list[str], rows: Sequence[tuple[int, list[str]]], on: date
) -> tuple[tuple[ConcernRow, ...], tuple[Problem, ...]]:
    """Every row checked; the valid ones and every problem, in row order."""
    wanted = {
        dict(zip(header, cells, strict=False)).get("child_ref", "").strip().upper()
        for _, cells in rows
    } - {""}
    children: dict[str, int] = {}
    if wanted:
        query = select(Child.ref, Child.id).where(col(Child.ref).in_(sorted(wanted)))
        children = {ref: child_id for ref, child_id in session.exec(query) if child_id is not None}
    valid: list[ConcernRow] = []
    problems: list[Problem] = []
    for number, cells in rows:
        found: list[str] = []
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            found.append(
                f"{WHOLE_ROW}\0has {len(cells)} cells but the header has {len(header)}; "
                "check for a comma that is not inside quotes."
            )
        raw = dict(zip(header, cells, strict=False))
        kind = KINDS.get(" ".join(raw.get("kind", "").lower().split()))
        if kind is None:
            found.append("kind\0is not a kind of subject; write person or location.")
        name = _text(raw, "name", found)
        if not name and "name" not in {f.split("\0")[0] for f in found}:
            found.append("name\0is empty; enter the person's or the location's name.")
        reason = _text(raw, "reason", found)
        if not reason and "reason" not in {f.split("\0")[0] for f in found}:
            found.append("reason\0is empty; say in a paragraph why the subject is being discussed.")
        born: date | None = None
        if raw.get("date_of_birth", "").strip():
            try:
                born = parse_date(raw["date_of_birth"])
                if born > on:
                    found.append("date_of_birth\0is after the meeting date; check the year.")
            except FieldError as exc:
                found.append(f"date_of_birth\0{exc.reason}")
        place_kind = ""
        if kind == "location":
            word = " ".join(raw.get("location_kind", "").lower().split())
            place_kind = LOCATION_WORDS.get(word, "")
            if not place_kind:
                found.append(
                    "location_kind\0is not a kind of location; write premises, street or area, or online."
                )
        if kind == "person" and raw.get("location_kind", "").strip():
            found.append("location_kind\0is for locations only; leave it empty for a person.")
        child_ref = raw.get("child_ref", "").strip().upper()
        link = _text(raw, "link", found)
        child_id = children.get(child_ref) if child_ref else None
        if child_ref and child_id is None:
            found.append(
                "child_ref\0is not the MACE reference of a recorded child; check it on the case list."
            )
        if child_ref and not link:
            found.append(
                f"link\0is empty; say what the link is (e.g. {LINK_WORDS[0]}, {LINK_WORDS[1]})."
            )
        if link and not child_ref:
            found.append("child_ref\0is empty; a link needs the MACE reference of the child.")
        texts = {
            c: _text(raw, c, found)
            for c in ("aliases", "areas", "police_ref", "address", "local_authority")
        }
        if found:
            problems += [Problem(number, *f.split("\0", 1)) for f in found]
            continue
        assert kind is not None
        valid.append(
            ConcernRow(
                row=number,
                kind=kind,
                person=PersonDetails(name, texts["aliases"], born, texts["areas"], texts["police_ref"])
                if kind == "person" else None,
                location=LocationDetails(name, place_kind, texts["address"], texts["local_authority"])
                if kind == "location" else None,
                reason=reason,
                child_id=child_id,
                link=link,
            )
        )  # fmt: skip
    return tuple(valid), tuple(problems)


def check_concern_bytes(
    session: Session, *, target: PrepTarget, data: bytes, source: str
) -> ConcernCheck:
    """Read and check a whole file; nothing is written."""
    encoding, header, rows = _read(data, source=source)
    valid, problems = check_concern_rows(session, header=header, rows=rows, on=target.meeting_date)
    return ConcernCheck(source, encoding, len(rows), valid, problems)


def check_concern_file(session: Session, *, target: PrepTarget, path: Path) -> ConcernCheck:
    """Read and check the CSV file at ``path``; nothing is written."""
    return check_concern_bytes(session, target=target, data=read_file(path), source=path.name)


@record
class ConcernImported:
    """What an import wrote."""

    persons: int
    locations: int
    links: int


def apply_concerns(
    session: Session, target: PrepTarget, check: ConcernCheck, *, at: datetime
) -> ConcernImported:
    """Write every row in one transaction; refused (nothing written) if any row has a problem."""
    if not check.all_valid:
        raise ImportFileError(
            f"{check.source}: {len(check.bad_rows)} rows have problems; nothing was imported. "
            "Fix them and import the whole file again."
        )
    meeting = agenda.get_meeting(session, meeting_id=target.meeting_id)
    agenda.ensure_editable(meeting, adding=True)
    late = late_after_change(at=at, deadline=target.deadline, was_late=False)
    subjects: dict[tuple[str, ...], int] = {}
    persons = locations = links = 0
    try:
        for row in check.valid:
            subject_id = subjects.get(row.key)
            if subject_id is None:
                made: ConcernPerson | ConcernLocation
                if row.person is not None:
                    p = row.person
                    made = concern.create_person(session, name=p.name, aliases=p.aliases,
                                                 date_of_birth=p.date_of_birth, areas=p.areas,
                                                 police_ref=p.police_ref, at=at)  # fmt: skip
                    persons += 1
                else:
                    assert row.location is not None
                    loc = row.location
                    made = concern.create_location(session, name=loc.name, kind=loc.kind, address=loc.address,
                                                   local_authority=loc.local_authority, at=at)  # fmt: skip
                    locations += 1
                assert made.id is not None
                subject_id = subjects[row.key] = made.id
                concern.add_subject_item(session, meeting=meeting, kind=row.kind, subject_id=subject_id,
                                         reason=row.reason, at=at, late=late)  # fmt: skip
            if row.child_id is not None:
                concern.link(session, child_id=row.child_id, kind=row.kind, subject_id=subject_id,
                             relation=row.link, at=at)  # fmt: skip
                links += 1
        session.commit()
    except Exception:
        session.rollback()
        raise
    return ConcernImported(persons, locations, links)


def check_concern_form(
    session: Session, *, raw: dict[str, str], on: date
) -> tuple[ConcernRow | None, tuple[Problem, ...]]:
    """A subject typed on screen, checked by the same rules as an imported row."""
    header = list(raw)
    valid, problems = check_concern_rows(
        session, header=header, rows=[(1, [raw[k] for k in header])], on=on
    )
    return (valid[0] if valid else None), problems

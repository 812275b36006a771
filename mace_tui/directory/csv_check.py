"""Checking a directory CSV file: every problem with its row, column and reason; nothing written.

One file holds agencies and people: the ``kind`` column says which a row is.
Reasons never repeat a cell's value: a shifted column can put anything
anywhere. See the README ("Directory CSV columns") for the columns.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import field

from mace_tui import csv_rows
from mace_tui.csv_rows import Problem, RowProblems, Unreadable, header_key
from mace_tui.rules.vocab import ROLES, SECTORS
from store.frozen import record

COLUMNS = (
    "kind",
    "agency",
    "name",
    "short_name",
    "sector",
    "contact",
    "role",
    "title",
    "active",
    "deputy_for",
    "panels",
)
REQUIRED = ("kind", "agency", "name")
WHOLE_ROW = "(whole row)"
MAX_BYTES = 5 * 1024 * 1024
_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
_YES = {"yes", "y", "true", "1", "active", ""}
_NO = {"no", "n", "false", "0", "inactive"}
_LIMITS = {"name": 200, "short_name": 40, "contact": 300, "title": 200}


@record
class AgencyRow:
    """A valid agency row."""

    row: int
    key: str
    name: str
    short_name: str
    sector: str
    contact: str
    active: bool


@record
class PersonRow:
    """A valid person row; ``agency`` is an agency key, ``deputy_for`` members' names."""

    row: int
    agency: str
    name: str
    role: str
    title: str
    contact: str
    active: bool
    deputy_for: tuple[str, ...]
    panels: tuple[str, ...]
    # ``deputy_for`` resolved by the cross-check: (name in lower case, agency key) each.
    deputy_members: tuple[tuple[str, str], ...] = ()


@record
class DirectoryCheck(RowProblems):
    """What checking a file found."""

    source: str
    rows_read: int
    agencies: tuple[AgencyRow, ...] = ()
    people: tuple[PersonRow, ...] = ()
    problems: tuple[Problem, ...] = field(default=())

    def report(self) -> list[str]:
        """A summary line, then every problem on its own line."""
        text = (
            f"{self.source}: {self.rows_read} rows read, {len(self.agencies)} agencies "
            f"and {len(self.people)} people valid"
        )
        if self.problems:
            text += f", {len(self.bad_rows)} rows with problems ({len(self.problems)} in all)"
        return [text + ".", *(f"  {p}" for p in self.problems)]


@record
class Known:
    """What the directory already holds, to check references against."""

    agency_keys: Collection[str] = ()
    # Agency names (lower case) to their keys, so a person row may name the agency.
    agency_names: dict[str, str] = field(default_factory=dict)
    # People already recorded, as (name in lower case, agency key); a pair twice is two
    # people of one name in one agency (a row naming them cannot say which to update).
    people: Collection[tuple[str, str]] = ()
    profiles: Collection[str] = ()


def _split(text: str) -> tuple[str, ...]:
    return tuple(p for p in (" ".join(x.split()) for x in re.split(r"[;|]", text)) if p)


def unescape(cell: str) -> str:
    """Undo the export's guard on formula-like cells (a leading apostrophe)."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@":
        return cell[1:]
    return cell


def _fail(source: str, row: int, column: str, reason: str) -> DirectoryCheck:
    return DirectoryCheck(source=source, rows_read=0, problems=(Problem(row, column, reason),))


def decode(data: bytes) -> tuple[str | None, Problem | None]:
    """The file's text (UTF-8, with or without a byte-order mark), or the problem."""
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        return body.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        row = body[: exc.start].count(b"\n") + 1
        return None, Problem(
            row,
            WHOLE_ROW,
            "is not UTF-8 text. Save the sheet as 'CSV UTF-8' and import it again.",
        )


def read_rows(
    data: bytes, *, source: str
) -> tuple[list[str], list[tuple[int, list[str]]]] | DirectoryCheck:
    """Header keys and the non-blank rows with their numbers; or a check holding the one problem."""
    if not data.strip():
        return _fail(
            source, 1, WHOLE_ROW, "the file is empty; it needs a header row naming the columns."
        )
    text, problem = decode(data)
    if text is None:
        assert problem is not None
        return DirectoryCheck(source=source, rows_read=0, problems=(problem,))
    try:
        cells, rows = csv_rows.read_rows(text)
    except Unreadable as exc:
        return _fail(source, exc.row, WHOLE_ROW, f"cannot be read as CSV ({exc.detail}).")
    keys = [header_key(c) for c in cells]
    known = [k for k in keys if k in COLUMNS]
    # A first row that starts like a data row ("agency,…" or "person,…") is not a header.
    looks_like_data = "kind" not in keys and keys[:1] in (["agency"], ["person"])
    if not known or looks_like_data:
        return _fail(
            source,
            1,
            WHOLE_ROW,
            f"there is no header row: the first row must name the columns ({', '.join(REQUIRED)}, …).",
        )
    for index, key in enumerate(keys):
        if key not in COLUMNS:
            return _fail(
                source,
                1,
                f"column {index + 1}",
                f"is not a directory column; the columns are: {', '.join(COLUMNS)}.",
            )
        if keys.count(key) > 1:
            return _fail(source, 1, key, "appears twice in the header; keep one.")
    for key in REQUIRED:
        if key not in keys:
            return _fail(source, 1, key, "column is missing from the header; add it.")
    return keys, rows


def _common(number: int, raw: dict[str, str], problems: list[Problem]) -> None:
    for column in REQUIRED:
        if not raw.get(column, ""):
            problems.append(Problem(number, column, "is empty; this column is required."))
    for column, limit in _LIMITS.items():
        if len(raw.get(column, "")) > limit:
            problems.append(Problem(number, column, f"is longer than {limit} characters."))
    if raw.get("active", "").lower() not in _YES | _NO:
        problems.append(Problem(number, "active", "write yes or no (empty means yes)."))


def _agency_row(number: int, raw: dict[str, str], problems: list[Problem]) -> AgencyRow | None:
    start = len(problems)
    key = raw.get("agency", "").lower()
    if key and not _KEY_RE.match(key):
        problems.append(
            Problem(number, "agency", "an agency key is lower-case letters, digits and hyphens.")
        )
    sector = raw.get("sector", "").lower()
    if not sector:
        problems.append(Problem(number, "sector", f"is empty; write one of: {', '.join(SECTORS)}."))
    elif sector not in SECTORS:
        problems.append(Problem(number, "sector", f"is not one of: {', '.join(SECTORS)}."))
    for column in ("role", "deputy_for", "panels", "title"):
        if raw.get(column):
            problems.append(Problem(number, column, "is for person rows; leave it empty here."))
    if len(problems) > start:
        return None
    return AgencyRow(
        row=number,
        key=key,
        name=raw["name"],
        short_name=raw.get("short_name", ""),
        sector=sector,
        contact=raw.get("contact", ""),
        active=raw.get("active", "").lower() not in _NO,
    )


def _person_row(
    number: int, raw: dict[str, str], known: Known, problems: list[Problem]
) -> PersonRow | None:
    start = len(problems)
    role = raw.get("role", "").lower().replace(" ", "-") or "member"
    if role not in ROLES:
        problems.append(Problem(number, "role", f"is not one of: {', '.join(ROLES)}."))
    if raw.get("sector") or raw.get("short_name"):
        column = "sector" if raw.get("sector") else "short_name"
        problems.append(Problem(number, column, "is for agency rows; leave it empty here."))
    panels = tuple(p.lower() for p in _split(raw.get("panels", "")))
    if any(p not in known.profiles for p in panels):
        problems.append(
            Problem(
                number,
                "panels",
                f"names a profile that does not exist; the profiles are: {', '.join(sorted(known.profiles))}.",
            )
        )
    if len(problems) > start:
        return None
    return PersonRow(
        row=number,
        agency=raw["agency"].lower(),
        name=raw["name"],
        role=role,
        title=raw.get("title", ""),
        contact=raw.get("contact", ""),
        active=raw.get("active", "").lower() not in _NO,
        deputy_for=_split(raw.get("deputy_for", "")),
        panels=panels,
    )


def check_rows(
    header: Sequence[str], rows: Sequence[tuple[int, list[str]]], *, known: Known, source: str
) -> DirectoryCheck:
    """Check each row, then the references between rows and to the directory."""
    problems: list[Problem] = []
    agencies: list[AgencyRow] = []
    people: list[PersonRow] = []
    for number, cells in rows:
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            problems.append(
                Problem(
                    number,
                    WHOLE_ROW,
                    f"has more cells than the header's {len(header)}; check for a comma outside quotes.",
                )
            )
            continue
        raw = {k: " ".join(unescape(v).split()) for k, v in zip(header, cells, strict=False)}
        _common(number, raw, problems)
        kind = raw.get("kind", "").lower()
        if kind and kind not in ("agency", "person"):
            problems.append(Problem(number, "kind", "write agency or person."))
        if any(p.row == number for p in problems):
            continue
        if kind == "agency":
            agency = _agency_row(number, raw, problems)
            if agency is not None:
                agencies.append(agency)
        else:
            person = _person_row(number, raw, known, problems)
            if person is not None:
                people.append(person)
    agencies, people = _cross_check(agencies, people, known, problems)
    problems.sort(key=lambda p: p.row)
    return DirectoryCheck(
        source=source,
        rows_read=len(rows),
        agencies=tuple(agencies),
        people=tuple(people),
        problems=tuple(problems),
    )


def _cross_check(
    agencies: list[AgencyRow], people: list[PersonRow], known: Known, problems: list[Problem]
) -> tuple[list[AgencyRow], list[PersonRow]]:
    """Duplicates within the file, people's agencies, and deputies' members."""
    first: dict[object, int] = {}
    kept_agencies: list[AgencyRow] = []
    for agency in agencies:
        if agency.key in first:
            problems.append(
                Problem(agency.row, "agency", f"the same agency key is on row {first[agency.key]}.")
            )
            continue
        first[agency.key] = agency.row
        kept_agencies.append(agency)
    keys = {a.key for a in kept_agencies} | set(known.agency_keys)
    names = {a.name.lower(): a.key for a in kept_agencies} | dict(known.agency_names)
    kept_people: list[PersonRow] = []
    for person in people:
        key = person.agency if person.agency in keys else names.get(person.agency)
        if key is None:
            problems.append(
                Problem(
                    person.row,
                    "agency",
                    "unknown agency: no agency row in the file and no agency in the directory "
                    "has this key or name. Add an agency row first.",
                )
            )
            continue
        identity = (person.name.lower(), key)
        if identity in first:
            problems.append(
                Problem(
                    person.row,
                    "name",
                    f"the same person (name and agency) is on row {first[identity]}.",
                )
            )
            continue
        first[identity] = person.row
        if list(known.people).count(identity) > 1:
            problems.append(
                Problem(
                    person.row,
                    "name",
                    "two people of this name are in this agency in the directory, so the row "
                    "cannot say which to update; tell them apart in the directory screen first.",
                )
            )
            continue
        kept_people.append(
            PersonRow(**{**person.__dict__, "agency": key})  # the agency by its key
        )
    # People are told apart by name and agency: who each name may mean.
    agencies_of: dict[str, set[str]] = {}
    for name, key in [(p.name.lower(), p.agency) for p in kept_people] + list(known.people):
        agencies_of.setdefault(name, set()).add(key)
    result: list[PersonRow] = []
    for person in kept_people:
        members: list[tuple[str, str]] = []
        for reference in person.deputy_for:
            found = member_of(reference, agencies_of, names)
            if isinstance(found, str):
                problems.append(Problem(person.row, "deputy_for", found))
                break
            members.append(found)
        else:
            if (person.name.lower(), person.agency) in members:
                problems.append(
                    Problem(person.row, "deputy_for", "a person cannot deputise for themselves.")
                )
                continue
            result.append(PersonRow(**{**person.__dict__, "deputy_members": tuple(members)}))
    return kept_agencies, result


def split_member(reference: str) -> tuple[str, str | None]:
    """``Name (agency)`` → (name, agency key or name); a bare name → (name, None)."""
    text = reference.strip()
    if text.endswith(")") and " (" in text:
        name, _, agency = text[:-1].rpartition(" (")
        if name.strip() and agency.strip():
            return name.strip(), agency.strip()
    return text, None


def member_of(
    reference: str, agencies_of: dict[str, set[str]], agency_names: dict[str, str]
) -> tuple[str, str] | str:
    """The (name, agency key) a ``deputy_for`` entry means, or the reason it means no one."""
    name, agency = split_member(reference)
    keys = agencies_of.get(name.lower(), set())
    if agency is not None:
        key = agency if agency in keys else agency_names.get(agency.lower())
        if key is None or key not in keys:
            return "names a member who is in neither the file nor the directory with that agency."
        return name.lower(), key
    if not keys:
        return "names a member who is neither in the file nor in the directory."
    if len(keys) > 1:
        return (
            "names a member whose name is shared by people of different agencies; write the "
            "agency after the name, e.g. Name (agency-key)."
        )
    return name.lower(), next(iter(keys))

"""Importing a case list from a CSV file: check every row first, then import all or nothing.

``check_file`` reads and checks the whole file without writing anything: each
problem is reported with its row (the header is row 1, as in a spreadsheet),
its column and the reason. ``apply_import`` then writes the rows in one
transaction: all of them, or — only when the user chose it after seeing the
report — just the valid ones. Nothing is ever half-imported.

Reasons never repeat a cell's value (R18): a shifted column can put a
child's name anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import field
from datetime import date, datetime
from pathlib import Path

from sqlmodel import Session

from mace_tui.csv_rows import Problem, RowProblems, Unreadable, header_key, looks_binary, read_rows
from mace_tui.prep.deadline import late_after_change
from mace_tui.prep.fields import (
    ChildDetails,
    FieldError,
    ItemDetails,
    check_child,
    check_item,
    check_ref,
)
from mace_tui.prep.meeting import PrepTarget
from store import agenda
from store.errors import UserError
from store.frozen import record

REQUIRED = ("name", "date_of_birth", "referral_source", "reason")
OPTIONAL = ("exploitation_types", "local_authority", "police_ref", "la_ref", "npa", "ref")
COLUMNS = REQUIRED + OPTIONAL
ALIASES = {
    "child": "name",
    "child_name": "name",
    "full_name": "name",
    "dob": "date_of_birth",
    "birth_date": "date_of_birth",
    "source": "referral_source",
    "referral": "referral_source",
    "types": "exploitation_types",
    "exploitation": "exploitation_types",
    "exploitation_type": "exploitation_types",
    "reason_for_referral": "reason",
    "la": "local_authority",
    "police_reference": "police_ref",
    "la_reference": "la_ref",
    "local_authority_ref": "la_ref",
    "mace_ref": "ref",
    "mace_reference": "ref",
}
MAX_BYTES = 20 * 1024 * 1024
WHOLE_ROW = "(whole row)"


class ImportFileError(UserError):
    """The file as a whole cannot be imported; the message names it and what to do."""


class ImportRefused(Exception):
    """An import with bad rows was asked for without choosing to leave them out."""


@record
class ImportRow:
    """A valid row: the child (recorded already, or new) and why they are on the queue."""

    row: int
    child: ChildDetails
    details: ItemDetails
    child_id: int | None = None


@record
class ImportCheck(RowProblems):
    """What checking a file found; nothing is written until ``apply_import``."""

    source: str
    encoding: str
    rows_read: int
    valid: tuple[ImportRow, ...]
    problems: tuple[Problem, ...] = field(default=())

    def summary(self) -> str:
        """One sentence: rows read, valid and bad."""
        bad = len(self.bad_rows)
        rows = "row" if self.rows_read == 1 else "rows"
        text = f"{self.source} ({self.encoding}): {self.rows_read} {rows} read, {len(self.valid)} valid"
        if bad:
            text += f", {bad} with problems ({len(self.problems)} in all)"
        return text + "."

    def report(self) -> list[str]:
        """The summary, then every problem on its own line, in row order."""
        return [self.summary(), *(f"  {p}" for p in self.problems)]


@record
class ImportResult:
    """What an import wrote."""

    added: int
    new_children: int
    left_out: int
    late: int


# -- reading -----------------------------------------------------------------------


def decode(data: bytes, *, source: str) -> tuple[str, str]:
    """The text of the file and the encoding used: UTF-8 (with or without BOM), UTF-16, else Windows/Latin-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "UTF-8 with BOM"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise ImportFileError(f"{source}: the file is damaged (bad UTF-16).") from None
    if b"\x00" in data:
        raise ImportFileError(
            f"{source}: this is not a text file. Save the sheet as CSV and try again."
        )
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1"


def named_columns(
    cells: Sequence[str],
    *,
    source: str,
    columns: Sequence[str],
    required: Sequence[str],
    aliases: dict[str, str],
) -> list[str]:
    """The header row's column keys, or ImportFileError naming what is wrong with it (for
    the smaller imports: research, missing episodes)."""
    keys = [header_key(c, aliases) for c in cells]
    if not any(k in columns for k in keys):
        raise ImportFileError(
            f"{source}: row 1 is not a header row. Add a first row naming the columns: "
            f"{', '.join(columns)}."
        )
    for number, key in enumerate(keys, start=1):
        if key not in columns:
            raise ImportFileError(
                f"{source}: row 1, column {number}: not a known column name. "
                f"The columns are: {', '.join(columns)}."
            )
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise ImportFileError(f"{source}: the column {repeated[0]!r} appears twice in the header.")
    missing = [k for k in required if k not in keys]
    if missing:
        needed = (
            f"Every column is needed: {', '.join(columns)}."
            if list(required) == list(columns)
            else f"Required columns: {', '.join(required)}."
        )
        raise ImportFileError(
            f"{source}: the header (row 1) has no {missing[0]!r} column. {needed}"
        )
    return keys


def read_named_table(
    data: bytes,
    *,
    source: str,
    columns: Sequence[str],
    required: Sequence[str],
    aliases: dict[str, str],
) -> tuple[str, list[str], list[tuple[int, list[str]]]]:
    """The file's encoding, the header's column keys and the numbered rows of a CSV file, or
    ImportFileError (empty, not text, not CSV, a bad header, no rows)."""
    text, encoding = decode(data, source=source)
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ImportFileError(f"{source}: the file is empty; it needs a header row and rows.")
    if looks_binary(text):
        raise ImportFileError(f"{source}: this is not a text file. Save the sheet as CSV.")
    try:
        cells, rows = read_rows(text)
    except Unreadable as exc:
        raise ImportFileError(
            f"{source}: cannot read row {exc.row} as CSV ({exc.detail}). Save it as CSV again."
        ) from None
    header = named_columns(
        cells, source=source, columns=columns, required=required, aliases=aliases
    )
    if not rows:
        raise ImportFileError(f"{source}: the header is there but no rows follow.")
    return encoding, header, rows


def read_named_rows(
    data: bytes,
    *,
    source: str,
    columns: Sequence[str],
    required: Sequence[str],
    aliases: dict[str, str],
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """``read_named_table`` without the encoding."""
    _, header, rows = read_named_table(
        data, source=source, columns=columns, required=required, aliases=aliases
    )
    return header, rows


def _header(cells: Sequence[str], *, source: str) -> list[str]:
    keys = [header_key(c, ALIASES) for c in cells]
    known = [k for k in keys if k in COLUMNS]
    if not known:
        # No cell names a column: most likely the header row is missing and row 1 is a child.
        raise ImportFileError(
            f"{source}: row 1 is not a header row (none of its {len(cells)} cells names a column). "
            f"Add a first row naming the columns: {', '.join(COLUMNS)}."
        )
    # The header is never quoted back: a shifted or missing header puts a child's name there.
    unknown = [i + 1 for i, k in enumerate(keys) if k not in COLUMNS]
    if unknown:
        raise ImportFileError(
            f"{source}: row 1, column {unknown[0]}: not a known column name. "
            f"The columns are: {', '.join(COLUMNS)}."
        )
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise ImportFileError(f"{source}: the column {repeated[0]!r} appears twice in the header.")
    missing = [k for k in REQUIRED if k not in keys]
    if missing:
        raise ImportFileError(
            f"{source}: the header (row 1) has no {missing[0]!r} column. "
            f"Required columns: {', '.join(REQUIRED)}."
        )
    return keys


def read_table(data: bytes, *, source: str) -> tuple[str, list[str], list[tuple[int, list[str]]]]:
    """Encoding, header keys and the non-blank rows (with their row numbers) of a CSV file."""
    text, encoding = decode(data, source=source)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise ImportFileError(
            f"{source}: the file is empty. It needs a header row with the columns "
            f"{', '.join(REQUIRED)} and one row per child."
        )
    if looks_binary(text):
        raise ImportFileError(
            f"{source}: this is not a text file. Save the sheet as CSV and try again."
        )
    try:
        header_cells, rows = read_rows(text)
    except Unreadable as exc:
        raise ImportFileError(
            f"{source}: cannot read row {exc.row} as CSV ({exc.detail}). Save the sheet as CSV again."
        ) from None
    header = _header(header_cells, source=source)
    if not rows:
        raise ImportFileError(
            f"{source}: the header is there but no rows follow; nothing to import."
        )
    return encoding, header, rows


# -- checking --------------------------------------------------------------------------


def _check_cells(
    number: int, header: list[str], cells: list[str], *, on: date
) -> tuple[ChildDetails | None, ItemDetails | None, str, list[Problem]]:
    problems: list[Problem] = []
    if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
        problems.append(
            Problem(
                number,
                WHOLE_ROW,
                f"has {len(cells)} cells but the header has {len(header)}; "
                "check for a comma that is not inside quotes.",
            )
        )
    raw = dict(zip(header, cells, strict=False))
    child, child_errors = check_child(raw, on=on)
    details, item_errors = check_item(raw)
    ref = ""
    try:
        ref = check_ref(raw.get("ref", ""))
    except FieldError as exc:
        item_errors.append(exc)
    problems += [Problem(number, e.field, e.reason) for e in [*child_errors, *item_errors]]
    return child, details, ref, problems


def check_table(
    session: Session,
    *,
    target: PrepTarget,
    source: str,
    encoding: str,
    header: list[str],
    rows: list[tuple[int, list[str]]],
) -> ImportCheck:
    """Check every row against the rules and against the store (existing children, the queue)."""
    on = target.meeting_date
    checked = [(number, *_check_cells(number, header, cells, on=on)) for number, cells in rows]
    known = agenda.children_for_import(
        session,
        refs={ref for _, child, _, ref, _ in checked if child is not None and ref},
        born_on={child.date_of_birth for _, child, _, _, _ in checked if child is not None},
    )
    by_ref = {m.ref.upper(): m for m in known}
    by_identity: dict[tuple[str, date], agenda.ChildMatch] = {}
    # The oldest record wins when two share a name and date of birth.
    for known_child in sorted(known, key=lambda m: m.id, reverse=True):
        if known_child.date_of_birth is not None:
            by_identity[(known_child.name.strip().lower(), known_child.date_of_birth)] = known_child
    queued = agenda.children_on_queue(session, meeting_id=target.meeting_id)

    problems: list[Problem] = []
    valid: list[ImportRow] = []
    first_row_of: dict[object, int] = {}
    for number, child, details, ref, row_problems in checked:
        problems += row_problems
        if row_problems or child is None or details is None:
            continue
        identity = (child.name.lower(), child.date_of_birth)
        match: agenda.ChildMatch | None = by_identity.get(identity)
        column = "name"
        if ref:
            column = "ref"
            match = by_ref.get(ref)
            if match is None:
                problems.append(
                    Problem(
                        number,
                        "ref",
                        "no child has this MACE reference; leave it empty for a new child.",
                    )
                )
                continue
            if (match.name.strip().lower(), match.date_of_birth) != identity:
                problems.append(
                    Problem(
                        number,
                        "ref",
                        "belongs to a child with another name or date of birth; check the reference.",
                    )
                )
                continue
        key: object = match.id if match is not None else identity
        if match is not None and match.id in queued:
            problems.append(
                Problem(
                    number,
                    column,
                    f"this child is already on the queue at position {queued[match.id]}.",
                )
            )
            continue
        if key in first_row_of:
            problems.append(
                Problem(
                    number,
                    column,
                    f"the same child (name and date of birth) is in row {first_row_of[key]}.",
                )
            )
            continue
        first_row_of[key] = number
        valid.append(
            ImportRow(
                row=number, child=child, details=details, child_id=match.id if match else None
            )
        )
    problems.sort(key=lambda p: p.row)
    return ImportCheck(
        source=source,
        encoding=encoding,
        rows_read=len(rows),
        valid=tuple(valid),
        problems=tuple(problems),
    )


def read_file(path: Path) -> bytes:
    """The bytes of a CSV file, or ImportFileError saying why not."""
    source = path.name
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ImportFileError(
                f"{source}: the file is {size // (1024 * 1024)} MB; a case list should be far "
                f"smaller (at most {MAX_BYTES // (1024 * 1024)} MB). Check it is the right file."
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(f"{path}: no such file. Check the path.") from None
    except IsADirectoryError:
        raise ImportFileError(f"{path}: this is a folder; name a .csv file.") from None
    except PermissionError:
        raise ImportFileError(f"{path}: cannot read it (permission denied).") from None
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot read it ({exc.strerror}).") from None


def check_file(session: Session, *, target: PrepTarget, path: Path) -> ImportCheck:
    """Read and check a whole CSV file; nothing is written."""
    return check_bytes(session, target=target, data=read_file(path), source=path.name)


def check_bytes(session: Session, *, target: PrepTarget, data: bytes, source: str) -> ImportCheck:
    """Check the contents of a CSV file; nothing is written."""
    encoding, header, rows = read_table(data, source=source)
    return check_table(
        session, target=target, source=source, encoding=encoding, header=header, rows=rows
    )


# -- writing ---------------------------------------------------------------------------


def apply_import(
    session: Session,
    target: PrepTarget,
    check: ImportCheck,
    *,
    at: datetime,
    only_valid: bool = False,
) -> ImportResult:
    """Write the checked rows in one transaction: every row, or only the valid ones if chosen."""
    if check.problems and not only_valid:
        raise ImportRefused(
            f"{check.source}: {len(check.bad_rows)} rows have problems, so nothing was imported. "
            "Fix them, or choose to import only the valid rows."
        )
    if not check.valid:
        raise ImportRefused(f"{check.source}: no valid rows, so nothing was imported.")
    try:
        meeting = agenda.get_meeting(session, meeting_id=target.meeting_id)
        agenda.ensure_editable(meeting)
        new_rows = [r for r in check.valid if r.child_id is None]
        new_ids = agenda.create_children(
            session,
            children=[
                agenda.NewChild(
                    name=r.child.name,
                    date_of_birth=r.child.date_of_birth,
                    local_authority=r.child.local_authority,
                    police_ref=r.child.police_ref,
                    la_ref=r.child.la_ref,
                    npa=r.child.npa,
                )
                for r in new_rows
            ],
            at=at,
        )
        ids = dict(zip((r.row for r in new_rows), new_ids, strict=True))
        current = agenda.items_by_child(session, meeting_id=target.meeting_id)
        additions = []
        for row in check.valid:
            child_id = row.child_id if row.child_id is not None else ids[row.row]
            earlier = current.get(child_id)
            was_late = earlier.late_change if earlier is not None else False
            additions.append(
                agenda.Addition(
                    child_id=child_id,
                    referral_source=row.details.referral_source,
                    exploitation_types=row.details.types_text,
                    reason=row.details.reason,
                    late=late_after_change(at=at, deadline=target.deadline, was_late=was_late),
                )
            )
        agenda.append_items(session, meeting=meeting, additions=additions, at=at)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return ImportResult(
        added=len(additions),
        new_children=len(new_rows),
        left_out=len(check.bad_rows),
        late=sum(1 for a in additions if a.late),
    )

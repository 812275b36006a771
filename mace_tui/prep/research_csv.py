"""Importing research contributions from a CSV file (R23): every row checked, then all or nothing.

Columns (header row first, any order, names in any case): ``child_ref`` (the
MACE reference of a subject on this meeting's queue: a child, or a person or a
location of concern; ``subject_ref`` is the same column), ``agency`` (its key, name
or short name in the directory), ``person`` (who sent it), ``kind`` (fact or
opinion), ``text``, ``received`` (DD/MM/YYYY or YYYY-MM-DD). Reasons never
repeat a cell's value (R18).
"""

from __future__ import annotations

from dataclasses import field
from datetime import datetime
from pathlib import Path

from sqlmodel import Session

from mace_tui.csv_rows import Problem
from mace_tui.prep.csv_import import ImportFileError, read_file, read_named_rows
from mace_tui.prep.meeting import PrepTarget
from mace_tui.prep.research import check_contribution
from store import queries
from store import research as store_research
from store.frozen import record
from store.research import NewResearch

COLUMNS = ("child_ref", "agency", "person", "kind", "text", "received")
ALIASES = {
    "ref": "child_ref",
    "mace_ref": "child_ref",
    "mace_reference": "child_ref",
    "child": "child_ref",
    "subject_ref": "child_ref",
    "subject": "child_ref",
    "contributor": "person",
    "from": "person",
    "fact_or_opinion": "kind",
    "type": "kind",
    "research": "text",
    "information": "text",
    "received_on": "received",
    "date_received": "received",
    "date": "received",
}
WHOLE_ROW = "(whole row)"


@record
class ResearchCheck:
    """What checking a research file found; nothing is written until ``apply``."""

    source: str
    rows_read: int
    valid: tuple[NewResearch, ...]
    problems: tuple[Problem, ...] = field(default=())

    def summary(self) -> str:
        """One sentence: rows read, valid, and rows with problems."""
        bad = len({p.row for p in self.problems})
        text = f"{self.source}: {self.rows_read} rows read, {len(self.valid)} valid"
        if bad:
            text += f", {bad} with problems ({len(self.problems)} in all)"
        return text + "."

    def report(self) -> list[str]:
        """The summary, then each problem on its own line."""
        return [self.summary(), *(f"  {p}" for p in self.problems)]


class ResearchImportRefused(ImportFileError):
    """Some rows have problems, so nothing was imported."""


def _rows(data: bytes, *, source: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    return read_named_rows(data, source=source, columns=COLUMNS, required=COLUMNS, aliases=ALIASES)


def check_bytes(session: Session, *, target: PrepTarget, data: bytes, source: str) -> ResearchCheck:
    """Check every row against the queue and the directory; nothing is written."""
    header, rows = _rows(data, source=source)
    queue = queries.meeting_queue(session, meeting_id=target.meeting_id)
    by_ref = {entry.child_ref.upper(): entry.item_id for entry in queue}
    agencies: dict[str, int | None] = {}
    for agency in store_research.agencies(session):
        for word in (agency.key, agency.name, agency.short_name):
            word = word.strip().casefold()
            if word:
                # A word two agencies share names neither.
                agencies[word] = None if agencies.get(word, agency.id) != agency.id else agency.id
    problems: list[Problem] = []
    valid: list[NewResearch] = []
    for number, cells in rows:
        row_problems: list[Problem] = []
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            row_problems.append(
                Problem(
                    number,
                    WHOLE_ROW,
                    f"has {len(cells)} cells but the header has {len(header)}; "
                    "put text with commas inside quotes.",
                )
            )
        raw = dict(zip(header, cells, strict=False))
        ref = raw.get("child_ref", "").strip().upper()
        item_id = by_ref.get(ref) if ref else None
        if not ref:
            row_problems.append(Problem(number, "child_ref", "is empty; give the MACE reference."))
        elif item_id is None:
            row_problems.append(
                Problem(
                    number,
                    "child_ref",
                    "is not on this meeting's queue (a child, person or location); check it.",
                )
            )
        agency_word = raw.get("agency", "").strip().casefold()
        agency_id = agencies.get(agency_word) if agency_word else None
        if not agency_word:
            row_problems.append(Problem(number, "agency", "is empty; name the agency."))
        elif agency_word not in agencies:
            row_problems.append(
                Problem(number, "agency", "is not in the directory; use its name or short name.")
            )
        elif agency_id is None:
            row_problems.append(
                Problem(number, "agency", "names more than one agency; use its full name.")
            )
        entry, errors = check_contribution(
            item_id=item_id or 0,
            agency_id=agency_id if agency_id is not None else 0,
            contributor=raw.get("person", ""),
            kind=raw.get("kind", ""),
            text=raw.get("text", ""),
            received=raw.get("received", ""),
            meeting_date=target.meeting_date,
        )
        row_problems += [Problem(number, e.field, e.reason) for e in errors]
        if row_problems:
            problems += row_problems
        elif entry is not None:
            valid.append(entry)
    return ResearchCheck(source, len(rows), tuple(valid), tuple(problems))


def check_file(session: Session, *, target: PrepTarget, path: Path) -> ResearchCheck:
    """Read and check a whole research file; nothing is written."""
    return check_bytes(session, target=target, data=read_file(path), source=path.name)


def apply(session: Session, check: ResearchCheck, *, at: datetime) -> int:
    """Store every row in one transaction, or none when any row has a problem; the count."""
    if check.problems:
        bad = len({p.row for p in check.problems})
        raise ResearchImportRefused(
            f"{check.source}: {bad} rows have problems, so nothing was imported. Fix them and "
            "import the whole file again."
        )
    try:
        ids = store_research.add(session, check.valid, at=at)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return len(ids)


__all__ = [
    "COLUMNS",
    "ResearchCheck",
    "ResearchImportRefused",
    "apply",
    "check_bytes",
    "check_file",
]

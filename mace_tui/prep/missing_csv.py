"""Importing missing episodes from a CSV file (R19): every row checked, then all or nothing.

Columns (header row first, any order, names in any case): ``child_ref`` (the
MACE reference of a recorded child), ``started_on`` (DD/MM/YYYY or
YYYY-MM-DD), ``ended_on`` (empty while the child is still missing), ``source``
and ``note`` (both optional). A problem names its row (the header is row 1),
column and reason, never a cell's value (R18).
"""

from __future__ import annotations

from dataclasses import field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from mace_tui.csv_rows import Problem, RowProblems
from mace_tui.prep.csv_import import ImportFileError, read_file, read_named_rows
from mace_tui.prep.missing import MissingDetails, check_episode
from store.frozen import record
from store.models import Child, MissingEpisode

REQUIRED = ("child_ref", "started_on")
OPTIONAL = ("ended_on", "source", "note")
COLUMNS = REQUIRED + OPTIONAL
ALIASES = {
    "ref": "child_ref",
    "mace_ref": "child_ref",
    "mace_reference": "child_ref",
    "started": "started_on",
    "start": "started_on",
    "from": "started_on",
    "missing_from": "started_on",
    "ended": "ended_on",
    "end": "ended_on",
    "to": "ended_on",
    "returned": "ended_on",
    "returned_on": "ended_on",
    "notes": "note",
}
WHOLE_ROW = "(whole row)"


@record
class MissingRow:
    """A valid row: which child and the episode."""

    row: int
    child_id: int
    details: MissingDetails
    # A recorded episode still open that this row gives the end of (None: a new episode).
    ends: int | None = None


@record
class MissingCheck(RowProblems):
    """What checking a file found; nothing is written until ``apply``."""

    source: str
    rows_read: int
    valid: tuple[MissingRow, ...]
    problems: tuple[Problem, ...] = field(default=())
    # Rows whose episode is recorded already (an earlier import, or a row repeated).
    already: tuple[int, ...] = ()

    def summary(self) -> str:
        """One sentence: rows read, valid, and rows with problems."""
        text = f"{self.source}: {self.rows_read} rows read, {len(self.valid)} valid"
        if self.already:
            text += f", {len(self.already)} already recorded (left as they are)"
        if self.problems:
            text += f", {len(self.bad_rows)} with problems ({len(self.problems)} in all)"
        return text + "."

    def report(self) -> list[str]:
        """The summary, then each problem on its own line."""
        return [self.summary(), *(f"  {p}" for p in self.problems)]


class MissingImportRefused(ImportFileError):
    """Some rows have problems, so nothing was imported."""


def _rows(data: bytes, *, source: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    return read_named_rows(data, source=source, columns=COLUMNS, required=REQUIRED, aliases=ALIASES)


def check_bytes(session: Session, *, data: bytes, source: str, today: date) -> MissingCheck:
    """Check every row against the recorded children; nothing is written."""
    header, rows = _rows(data, source=source)
    wanted = {
        dict(zip(header, cells, strict=False)).get("child_ref", "").strip().upper()
        for _, cells in rows
    } - {""}
    children: dict[str, tuple[int, date | None]] = {}
    if wanted:
        query = sa_select(col(Child.ref), col(Child.id), col(Child.date_of_birth)).where(
            col(Child.ref).in_(sorted(wanted))
        )
        children = {ref.upper(): (cid, born) for ref, cid, born in session.execute(query)}
    # The episodes recorded for these children: importing a file again adds nothing twice.
    recorded: dict[tuple[int, date], list[tuple[int, date | None]]] = {}
    if children:
        query_episodes = sa_select(
            col(MissingEpisode.child_id),
            col(MissingEpisode.started_on),
            col(MissingEpisode.id),
            col(MissingEpisode.ended_on),
        ).where(col(MissingEpisode.child_id).in_(sorted(cid for cid, _ in children.values())))
        for cid, started, episode_id, ended in session.execute(query_episodes):
            recorded.setdefault((cid, started), []).append((episode_id, ended))
    problems: list[Problem] = []
    valid: list[MissingRow] = []
    already: list[int] = []
    for number, cells in rows:
        found: list[Problem] = []
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            found.append(
                Problem(
                    number,
                    WHOLE_ROW,
                    f"has {len(cells)} cells but the header has {len(header)}; "
                    "put text with commas inside quotes.",
                )
            )
        raw = dict(zip(header, cells, strict=False))
        ref = raw.get("child_ref", "").strip().upper()
        child = children.get(ref)
        if not ref:
            found.append(Problem(number, "child_ref", "is empty; give the MACE reference."))
        elif child is None:
            found.append(
                Problem(number, "child_ref", "is not the MACE reference of a recorded child.")
            )
        details, errors = check_episode(raw, today=today, born=child[1] if child else None)
        found += [Problem(number, e.field, e.reason) for e in errors]
        if found:
            problems += found
        elif child is not None and details is not None:
            placed = _against_recorded(number, child[0], details, recorded)
            if isinstance(placed, Problem):
                problems.append(placed)
            elif placed is None:
                already.append(number)
            else:
                valid.append(placed)
    return MissingCheck(source, len(rows), tuple(valid), tuple(problems), tuple(already))


def _against_recorded(
    number: int,
    child_id: int,
    details: MissingDetails,
    recorded: dict[tuple[int, date], list[tuple[int, date | None]]],
) -> MissingRow | Problem | None:
    """A row set against the child's episodes starting that day (this file's rows included).

    The same episode again: None (left as it is). The end of an episode recorded as still
    missing: a row that records that end. Another end for a recorded episode: a problem.
    """
    same_start = recorded.setdefault((child_id, details.started_on), [])
    ends = [ended for _, ended in same_start]
    if details.ended_on in ends:
        return None
    if details.ended_on is None and same_start:
        return None  # recorded with its end since: nothing to add
    open_ids = [episode_id for episode_id, ended in same_start if ended is None]
    closed = [ended for ended in ends if ended is not None]
    earlier_rows = [-i for i, _ in same_start if i < 0]
    if earlier_rows:
        return Problem(
            number,
            "ended_on",
            f"row {earlier_rows[0]} has the same child and start with another end; keep one row.",
        )
    if closed and not open_ids:
        return Problem(
            number,
            "ended_on",
            "differs from the end recorded for this child's episode starting that day; "
            "check which is right.",
        )
    row = MissingRow(number, child_id, details, ends=open_ids[0] if open_ids else None)
    if open_ids:
        same_start[:] = [(i, details.ended_on if i == open_ids[0] else e) for i, e in same_start]
    else:
        same_start.append((-number, details.ended_on))  # below 0: a row of this file
    return row


def check_file(session: Session, *, path: Path, today: date) -> MissingCheck:
    """Read and check a whole file of missing episodes; nothing is written."""
    return check_bytes(session, data=read_file(path), source=path.name, today=today)


def apply(session: Session, check: MissingCheck, *, recorded_by: str, at: datetime) -> int:
    """Record every row in one transaction, or none when any row has a problem; the count."""
    if check.problems:
        raise MissingImportRefused(
            f"{check.source}: {len(check.bad_rows)} rows have problems, so nothing was imported. "
            "Fix them and import the whole file again."
        )
    try:
        for row in check.valid:
            d = row.details
            if row.ends is not None:
                episode = session.get(MissingEpisode, row.ends)
                if episode is not None and episode.ended_on is None:
                    episode.ended_on = d.ended_on
                    session.add(episode)
                continue
            session.add(
                MissingEpisode(
                    child_id=row.child_id,
                    started_on=d.started_on,
                    ended_on=d.ended_on,
                    source=d.source or "imported",
                    note=d.note,
                    recorded_by=recorded_by,
                    created_at=at,
                )
            )
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return len(check.valid)


__all__ = [
    "COLUMNS",
    "MissingCheck",
    "MissingImportRefused",
    "MissingRow",
    "apply",
    "check_bytes",
    "check_file",
]

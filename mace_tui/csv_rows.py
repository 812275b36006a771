"""Reading CSV files the same way in every importer, and reporting a bad row.

Every importer (the case list, research contributions, the directory) reads its
file through ``read_rows``: the delimiter guessed from the first line, blank rows
skipped, rows numbered as a spreadsheet numbers them. Each importer then checks
the header and the cells against its own columns and says what is wrong as a
``Problem``: the row, the column and what is wrong, never the cell's value (it
may be a child's name).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from store.frozen import record

DELIMITERS = (",", ";", "\t")


@record
class Problem:
    """One thing wrong in one row."""

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.reason}"


class RowProblems:
    """What a checked file says of its rows, for a check holding ``problems``."""

    problems: tuple[Problem, ...]

    @property
    def bad_rows(self) -> tuple[int, ...]:
        """The numbers of the rows with at least one problem."""
        return tuple(sorted({p.row for p in self.problems}))

    @property
    def all_valid(self) -> bool:
        """True when every row can be imported."""
        return not self.problems


class Unreadable(Exception):
    """The csv module cannot read a row (a stray quote, a huge cell, a NUL)."""

    def __init__(self, row: int, detail: str) -> None:
        super().__init__(f"row {row}: {detail}")
        self.row = row
        self.detail = detail


def header_key(cell: str, aliases: Mapping[str, str] | None = None) -> str:
    """A header cell as a column key: case, spaces and punctuation do not matter;
    ``aliases`` maps other names people give a column to its key."""
    words = "".join(ch if ch.isalnum() else " " for ch in cell.strip().lower()).split()
    key = "_".join(words)
    return aliases.get(key, key) if aliases else key


def looks_binary(text: str) -> bool:
    """True when the text is mostly control characters: a spreadsheet or image, not CSV."""
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    return controls > max(2, len(sample) // 100)


def delimiter(text: str) -> str:
    """The delimiter the first line uses most (comma, semicolon or tab); comma if none."""
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_rows(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The first row's cells and every later row that is not blank, with its number
    (the header is row 1). Raises ``Unreadable`` naming the row the csv module stopped at."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text))
    try:
        header = next(reader, [])
        rows = [
            (n, cells) for n, cells in enumerate(reader, start=2) if any(c.strip() for c in cells)
        ]
    except csv.Error as exc:
        raise Unreadable(reader.line_num, str(exc)) from None
    return header, rows


__all__ = [
    "DELIMITERS",
    "Problem",
    "RowProblems",
    "Unreadable",
    "delimiter",
    "header_key",
    "looks_binary",
    "read_rows",
]

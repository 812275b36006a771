"""What every CSV importer reports about a bad row: the row, the column and what is wrong.

Never the cell's value (it may be a child's name): the message names where, and why.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one row."""

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.reason}"


__all__ = ["Problem"]

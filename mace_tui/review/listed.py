"""A recording as one row of the review list: plain records, cheap to import and to pickle.

The shown state adds what only the disk or the audit log knows: a file that
is no longer there is *missing*, and one whose latest integrity check failed
is *integrity failed*. Nothing here imports the database stack: the start-up
helper sends these records to the UI (``mace_tui.review.early_read``).
"""

from __future__ import annotations

from pathlib import Path

from store.frozen import record
from store.review_records import DELETED, ReviewRow

# The states the admin filters by, in the order the filter offers them.
STATES = (
    "complete",
    "recovered",
    "missing",
    "integrity failed",
    "cut short",
    "deleted",
    "recording",
)
_STORED = {"failed": "cut short"}


@record
class ListedRecording:
    """A recording as one row of the list."""

    row: ReviewRow
    state: str
    size: int | None

    @property
    def id(self) -> int:
        """The recording's id."""
        return self.row.id


@record
class FoundRecordings:
    """The recordings the list shows, and how many of them are past retention."""

    found: list[ListedRecording]
    expired: int


def shown_state(row: ReviewRow, *, on_disk: bool) -> str:
    """The state to show: deleted, missing, integrity failed, or the state stored at recording."""
    if row.state == DELETED:
        return "deleted"
    if row.state == "missing" or not on_disk:
        return "missing"
    if row.verified is False:
        return "integrity failed"
    return _STORED.get(row.state, row.state)


def listed(row: ReviewRow) -> ListedRecording:
    """Look at the row's file on disk and say what to show."""
    path = Path(row.path)
    try:
        size: int | None = path.stat().st_size if row.state != DELETED else None
    except OSError:
        size = None
    return ListedRecording(row, shown_state(row, on_disk=size is not None), size)

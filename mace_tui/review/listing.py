"""The recordings list: the store's rows, each with the state the admin needs to see.

The shown state adds what only the disk or the audit log knows: a file that
is no longer there is *missing*, and one whose latest integrity check failed
is *integrity failed*. Filtering by those states happens here, after reading.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from store.db import Store
from store.review import DELETED, ReviewFilter, ReviewRow, review_rows

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


@dataclass(frozen=True)
class ListedRecording:
    """A recording as one row of the list."""

    row: ReviewRow
    state: str
    size: int | None

    @property
    def id(self) -> int:
        """The recording's id."""
        return self.row.id


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


def load_recordings(
    store: Store, where: ReviewFilter | None = None, *, state: str | None = None
) -> list[ListedRecording]:
    """The recordings matching ``where`` and, when given, showing ``state``."""
    with store.session() as session:
        rows = review_rows(session, where=where)
    found = [listed(row) for row in rows]
    if state is not None:
        found = [item for item in found if item.state == state]
    return found

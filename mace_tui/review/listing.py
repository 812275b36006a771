"""The recordings list: the store's rows, each with the state the admin needs to see.

The shown state adds what only the disk or the audit log knows: a file that
is no longer there is *missing*, and one whose latest integrity check failed
is *integrity failed*. Filtering by those states happens here, after reading.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from store.db import Store
from store.review import DELETED, ReviewFilter, ReviewRow, review_rows

if TYPE_CHECKING:
    from mace_tui.review.retention import Retention

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


@dataclass(frozen=True)
class FoundRecordings:
    """The recordings the list shows, and how many of them are past retention."""

    found: list[ListedRecording]
    expired: int


def find_recordings(
    store: Store,
    where: ReviewFilter,
    *,
    state: str | None,
    expired_only: bool,
    today: date,
    days: Retention,
) -> FoundRecordings:
    """The recordings matching ``where`` and showing ``state`` (None: any), only those past
    retention when ``expired_only``; with the count of those past retention."""
    from mace_tui.review.retention import is_expired

    found = load_recordings(store, where, state=state)
    if expired_only:
        found = [r for r in found if is_expired(r.row, today=today, days=days)]
    expired = sum(1 for r in found if is_expired(r.row, today=today, days=days))
    return FoundRecordings(found, expired)


def profile_choices(store: Store, config_dir: Path) -> list[tuple[str, str]]:
    """The profiles that have recordings, as ``("DRMM (llr-drmm)", "llr-drmm")``."""
    from mace_tui.review.words import short_name
    from store.review import profiles_with_recordings

    with store.session() as session:
        keys = profiles_with_recordings(session)
    return [(f"{short_name(k, config_dir)} ({k})", k) for k in keys]

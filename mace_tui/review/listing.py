"""The recordings list: the store's rows, each with the state the admin needs to see.

The rows and their shown state are in ``mace_tui.review.listed`` (light, for the
start-up helper); filtering by those states happens here, after reading.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from mace_tui.review.listed import FoundRecordings, ListedRecording, listed
from store.db import Store
from store.review import ReviewFilter, review_rows

if TYPE_CHECKING:
    from mace_tui.review.periods import Retention


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
    from mace_tui.review.periods import is_expired

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

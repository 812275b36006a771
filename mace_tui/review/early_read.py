"""The review screen's first list, read by the forked start-up helper (``mace_tui.early``).

The list with no filter, as the screen first asks for it, through the store;
the records it returns (``mace_tui.review.listed``) are light, so the UI shows
them before it has loaded the database stack itself.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mace_tui.config import Settings
    from mace_tui.review.listed import FoundRecordings


def read_review(settings: Settings, *, today: date) -> FoundRecordings:
    """The forked helper's job for review: every recording, newest meeting first, with how
    many are past retention on ``today``; for an admin only (NotPermitted otherwise: nothing
    is read before the app's own check)."""
    from mace_tui.launch import _check_access, open_store
    from mace_tui.review.listing import find_recordings
    from mace_tui.review.periods import retention_policy
    from store.review import ReviewFilter

    store = open_store(settings)
    try:
        _check_access(store, "review")
        return find_recordings(
            store,
            ReviewFilter(),
            state=None,
            expired_only=False,
            today=today,
            days=retention_policy(settings),
        )
    finally:
        store.close()

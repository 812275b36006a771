"""The review screen's first list, read by the forked start-up helper (``mace_tui.early``).

The list with no filter, as the screen first asks for it: read with sqlite3 alone
when it can (``store.quickreview``), else through the store. The records it
returns (``mace_tui.review.listed``) are light, so the UI shows them before it
has loaded the database stack itself.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mace_tui.config import Settings
    from mace_tui.review.listed import FoundRecordings
    from store.review_records import ReviewRow


def quick_rows(settings: Settings) -> list[ReviewRow] | None:
    """Every recording's row read with sqlite3 alone, for an admin only (NotPermitted
    otherwise); None when it cannot (not SQLite, another schema)."""
    from mace_tui.launch import quick_read
    from store.quickreview import review_rows

    return quick_read(settings, "review", review_rows)


def read_review(settings: Settings, *, today: date) -> FoundRecordings:
    """The forked helper's job for review: every recording, newest meeting first, with how
    many are past retention on ``today``; for an admin only (NotPermitted otherwise: nothing
    is read before the app's own check)."""
    from mace_tui.review.listed import FoundRecordings, listed
    from mace_tui.review.periods import is_expired, retention_policy

    days = retention_policy(settings)
    rows = quick_rows(settings)
    if rows is None:
        return _through_the_store(settings, today=today)
    found = [listed(row) for row in rows]
    expired = sum(1 for r in found if is_expired(r.row, today=today, days=days))
    return FoundRecordings(found, expired)


def _through_the_store(settings: Settings, *, today: date) -> FoundRecordings:
    """The same list through the store (PostgreSQL, or a file the quick read does not read)."""
    from mace_tui.launch import check_access, open_store
    from mace_tui.review.listing import find_recordings
    from mace_tui.review.periods import retention_policy
    from store.review import ReviewFilter

    store = open_store(settings)
    try:
        check_access(store, "review")
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

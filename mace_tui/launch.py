"""Opening the store for the app: the slow part, run in a worker after the first paint.

Nothing heavy is imported at module level; each function pulls in the
database stack when it is called.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from mace_tui.config import Settings

if TYPE_CHECKING:
    from store.db import Store


def open_store(settings: Settings) -> Store:
    """Open (and create or upgrade) the configured store."""
    from store.db import Store

    return Store.open(settings.db_url)


def open_demo_store(settings: Settings, *, today: date, years: int = 0) -> Store:
    """Open the store and fill it with the demo hub if it holds no meetings yet."""
    from mace_tui.demo import seed_demo
    from store.db import Store
    from store.queries import count_meetings

    store = Store.open(settings.db_url)
    with store.session() as session:
        if not count_meetings(session):
            seed_demo(session, today=today, years=years)
            store.notice = "Demo hub: every name here is made up."
    return store

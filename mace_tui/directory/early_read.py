"""The directory screen's first view, read with sqlite3 alone by the forked start-up helper.

``launch.read_directory`` asks here first: an SQLite file at the current schema
is read without the database stack (``store.quickdirectory``) and the view made
as the store path makes it (``gaps.directory_view``); anything else (PostgreSQL,
another schema, a missing file) answers None and the helper opens the store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mace_tui.config import Settings
    from mace_tui.directory.records import DirectoryView


def quick_directory(settings: Settings) -> DirectoryView | None:
    """Both lists and what the hub's profiles lack, for a hub admin only (NotPermitted
    otherwise); None when it cannot read them with sqlite3 alone."""
    from mace_tui.directory.gaps import directory_view
    from mace_tui.directory.records import AgencyEntry, PersonEntry
    from mace_tui.launch import quick_read
    from mace_tui.profiles import get_profile
    from store.quickdirectory import directory_rows

    rows = quick_read(settings, "directory", directory_rows)
    if rows is None:
        return None
    return directory_view(
        [AgencyEntry(**a._asdict()) for a in rows.agencies],
        [PersonEntry(**p._asdict()) for p in rows.people],
        hub_profiles=rows.hub_profiles,
        app_profile=get_profile(settings.profile, settings.config_dir),
        config_dir=settings.config_dir,
    )

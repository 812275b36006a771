"""Everything the directory screen shows, read in one unit of work."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import Session

from mace_tui.directory.agencies import list_agencies
from mace_tui.directory.gaps import directory_view
from mace_tui.directory.hub import hub_profiles
from mace_tui.directory.people import list_people
from mace_tui.directory.records import DirectoryView
from mace_tui.profiles import Profile

if TYPE_CHECKING:
    from store.db import Store


def read_directory(
    session: Session, *, app_profile: Profile, config_dir: Path | None
) -> DirectoryView:
    """The directory, checked against the profiles the hub runs (or the app's own profile)."""
    return directory_view(
        list_agencies(session),
        list_people(session),
        hub_profiles=hub_profiles(session),
        app_profile=app_profile,
        config_dir=config_dir,
    )


def load_directory(store: Store, *, app_profile: Profile, config_dir: Path | None) -> DirectoryView:
    """``read_directory`` in its own unit of work (the directory screen's read)."""
    with store.session() as session:
        return read_directory(session, app_profile=app_profile, config_dir=config_dir)

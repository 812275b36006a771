"""Everything the directory screen shows, read in one unit of work."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import Session

from mace_tui.directory.agencies import list_agencies
from mace_tui.directory.coverage import gap_lines
from mace_tui.directory.hub import hub_profiles
from mace_tui.directory.people import list_people
from mace_tui.directory.records import DirectoryView
from mace_tui.profiles import Profile, load_profiles

if TYPE_CHECKING:
    from store.db import Store


def read_directory(
    session: Session, *, app_profile: Profile, config_dir: Path | None
) -> DirectoryView:
    """The directory, checked against the profiles the hub runs (or the app's own profile)."""
    shipped = load_profiles(config_dir)
    chosen = [shipped[k] for k in hub_profiles(session) if k in shipped] or [app_profile]
    return DirectoryView(
        agencies=tuple(list_agencies(session)),
        people=tuple(list_people(session)),
        profiles=tuple(chosen),
        gaps=tuple(gap_lines(session, profiles=chosen)),
    )


def load_directory(store: Store, *, app_profile: Profile, config_dir: Path | None) -> DirectoryView:
    """``read_directory`` in its own unit of work (the directory screen's read)."""
    with store.session() as session:
        return read_directory(session, app_profile=app_profile, config_dir=config_dir)

"""What the preparation screen reads and writes, each a unit of work on the store.

The screen calls these from its workers with values it captured when the user
acted; each opens and closes its own session. Light to import (the database
stack loads on the first call), so the screen can name them before the store
is open.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from store.frozen import record

if TYPE_CHECKING:
    from mace_tui.csv_rows import Problem
    from mace_tui.prep.concern_csv import ConcernCheck, ConcernRow
    from mace_tui.prep.csv_import import ImportCheck
    from mace_tui.prep.edits import Edit, Saved
    from mace_tui.prep.meeting import PrepTarget, PrepView, SummaryCache
    from mace_tui.prep.npa import ReferralRow
    from mace_tui.profiles import Profile
    from store.agenda import ChildMatch
    from store.db import Store


@record
class OpenedMeeting:
    """The meeting being prepared, whether it was made just now, and the DRMM profiles."""

    target: PrepTarget
    created: bool
    drmm_profiles: tuple[str, ...]


@record
class OpenReferrals:
    """The NPA referrals still open: one line about them, and each child's (R7)."""

    line: str
    by_child: Mapping[int, tuple[ReferralRow, ...]]


@record
class PrepRead:
    """What the preparation screen shows, read in one go."""

    view: PrepView
    referrals: OpenReferrals


def open_prep_meeting(
    store: Store, *, profile: Profile, on: date, extraordinary: bool, config_dir: Path
) -> OpenedMeeting:
    """Find or create the meeting of ``profile`` on ``on`` (committed); name the DRMM profiles."""
    from mace_tui.prep.meeting import open_meeting
    from mace_tui.profiles import load_profiles

    drmm = tuple(p.key for p in load_profiles(config_dir).values() if p.counts_as_drmm)
    with store.session() as session:
        target, created = open_meeting(session, profile=profile, on=on, extraordinary=extraordinary)
    return OpenedMeeting(target, created, drmm)


def read_prep(
    store: Store,
    *,
    target: PrepTarget,
    drmm_profiles: Sequence[str],
    cache: SummaryCache | None,
    today: date,
    config_dir: Path,
) -> PrepRead:
    """The queue with each child's history, the invitations, conflicts and late changes;
    and the NPA referrals of ended meetings still open (R7)."""
    from mace_tui.prep.meeting import load_view
    from mace_tui.prep.npa import list_referrals, open_by_child, open_summary

    with store.session() as session:
        view = load_view(session, target=target, drmm_profiles=drmm_profiles, cache=cache)
        rows = list_referrals(session, today=today, config_dir=config_dir)
    return PrepRead(view, OpenReferrals(open_summary(rows), open_by_child(rows)))


def apply_edit(store: Store, change: Edit) -> Saved:
    """Make one of the coordinator's edits (``mace_tui.prep.edits``) in its own session."""
    with store.session() as session:
        return change(session)


def looks_like_date(text: str) -> date | None:
    """The date typed in the search box, if the whole query is one."""
    if not any(ch.isdigit() for ch in text) or any(ch.isalpha() for ch in text):
        return None
    from mace_tui.prep.fields import FieldError, parse_date  # the forms' module: not at start

    try:
        return parse_date(text)
    except FieldError:
        return None


def find_children(store: Store, *, text: str) -> list[ChildMatch]:
    """Children born on the date typed, or whose name or reference holds what is typed."""
    from store.agenda import search_children

    born = looks_like_date(text)
    with store.session() as session:
        if born is not None:
            return search_children(session, date_of_birth=born)
        return search_children(session, text=text)


def check_children_file(store: Store, *, target: PrepTarget, path: Path) -> ImportCheck:
    """Read and check a CSV list of children in full; nothing is written."""
    from mace_tui.prep.csv_import import check_file

    with store.session() as session:
        return check_file(session, target=target, path=path)


def check_concerns_file(store: Store, *, target: PrepTarget, path: Path) -> ConcernCheck:
    """Read and check a CSV list of persons and locations of concern; nothing is written."""
    from mace_tui.prep.concern_csv import check_concern_file

    with store.session() as session:
        return check_concern_file(session, target=target, path=path)


def check_concern_entry(
    store: Store, *, raw: dict[str, str], on: date
) -> tuple[ConcernRow | None, tuple[Problem, ...]]:
    """A person or location of concern typed on screen, checked like an imported row."""
    from mace_tui.prep.concern_csv import check_concern_form

    with store.session() as session:
        return check_concern_form(session, raw=raw, on=on)


def write_marked_list(
    store: Store,
    *,
    target: PrepTarget,
    drmm_profiles: Sequence[str],
    now: datetime,
    path: Path,
    folder: Path,
) -> list[Path]:
    """Write the marked case list as Markdown and CSV at ``path`` (making the default
    ``folder``, private, when it is the one chosen); the files written."""
    from mace_tui.prep.export import export_case_list

    if path.parent == folder:
        folder.mkdir(mode=0o700, exist_ok=True)
    with store.session() as session:
        return export_case_list(
            session, target=target, drmm_profiles=drmm_profiles, now=now, path=path
        )

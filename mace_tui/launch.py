"""Opening the store for the app: the slow part, run off the UI (a worker or a forked helper).

Nothing heavy is imported at module level; each function pulls in the
database stack when it is called.

The demo builds its made-up hub through the normal path (Alembic migrations,
then the seed), keeps a copy in the cache folder for the rest of the day, and
starts later runs from that copy: a fresh throw-away database in milliseconds
instead of the best part of a second.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from mace_tui import __version__
from mace_tui.config import Settings, ensure_private_dir

if TYPE_CHECKING:
    from mace_tui.chair.case import QueueState
    from mace_tui.chair.start import ChairOpening
    from mace_tui.directory.view import DirectoryView
    from mace_tui.overview import ChildSummary, MeetingOverview
    from mace_tui.profiles import Profile
    from store.db import Store
    from store.quickqueue import QuickQueue

T = TypeVar("T")

DEMO_NOTICE = "Demo hub: every name here is made up."


def open_store(settings: Settings) -> Store:
    """Open (and create or upgrade) the configured store, with its audit seal."""
    from mace_tui.protection import open_store as open_sealed

    return open_sealed(settings)


def needs_setup(settings: Settings) -> bool:
    """True when the store's directory is empty: a fresh install opens the guided set-up (R26).

    An SQLite file is looked at with sqlite3 alone (no database stack before the first paint).
    """
    path = settings.sqlite_path
    if path is not None:
        from store.quickread import directory_is_empty

        return directory_is_empty(path, key=_quick_key(settings, path)) is True
    from mace_tui.directory.hub import is_empty

    store = open_store(settings)
    try:
        with store.session() as session:
            return is_empty(session)
    finally:
        store.close()


def _quick_key(settings: Settings, path: Path) -> bytes | None:
    """The key of an encrypted SQLite file for the quick reads (None: plain, or not found:
    the normal path then says what is wrong)."""
    from store.cipher import is_encrypted

    if not is_encrypted(path):
        return None
    from mace_tui.cipher import database_key
    from store.errors import UserError

    try:
        return database_key(settings, path)
    except UserError:
        return None


def _template(settings: Settings, *, today: date, years: int) -> Path | None:
    if settings.cache_dir is None:
        return None
    from store.revision import HEAD

    return settings.cache_dir / f"demo-{__version__}-{HEAD}-{today:%Y%m%d}-{years}y.db"


def _copy_private(source: Path, target: Path) -> None:
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out, source.open("rb") as src:
        shutil.copyfileobj(src, out)


def _keep_template(store: Store, path: Path, template: Path) -> None:
    """Save a same-day copy of a freshly seeded demo, replacing older ones."""
    from sqlalchemy import text

    try:
        ensure_private_dir(template.parent, setting="cache folder")
        with store.engine.connect() as conn:
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        partial = template.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        _copy_private(path, partial)
        partial.replace(template)
        for old in template.parent.glob("demo-*.db"):
            if old != template:
                old.unlink(missing_ok=True)
    except Exception:
        # The cache only saves time; the demo works without it.
        return


def open_demo_store(settings: Settings, *, today: date, years: int = 0) -> Store:
    """Open the store and fill it with the demo hub if it holds no meetings yet."""
    from mace_tui.protection import seal
    from store.db import Store
    from store.identity import renew_store_id
    from store.queries import count_meetings

    path = settings.sqlite_path
    template = _template(settings, today=today, years=years)
    fresh = path is not None and (not path.exists() or path.stat().st_size == 0)
    # The forked helper may have copied the template already (_demo_from_template).
    copied = path is not None and _copied_marker(path).exists()
    if fresh and path is not None and template is not None and template.is_file():
        path.unlink(missing_ok=True)
        _copy_private(template, path)
        copied = True
    if copied and path is not None:
        store = Store.open(settings.db_url)
        _copied_marker(path).unlink(missing_ok=True)
        # A copy of the template is a store of its own: its own id, keys and anchor.
        with store.session() as session:
            renew_store_id(session)
        store.notice = DEMO_NOTICE
        seal(settings, store)
        _demo_login(store)
        demo_for_profile(store, settings, today=today)
        return store
    store = open_store(settings)
    with store.session() as session:
        if not count_meetings(session):
            from mace_tui.demo import seed_demo

            seed_demo(session, today=today, years=years)
            if fresh and path is not None and template is not None:
                _keep_template(store, path, template)
    store.notice = DEMO_NOTICE
    _demo_login(store)
    demo_for_profile(store, settings, today=today)
    return store


def demo_for_profile(store: Store, settings: Settings, *, today: date) -> str | None:
    """An actions-only profile's meetings (R21), when the demo is opened (or seeded with
    ``demo --no-ui``) with one; the profile's name when they were added."""
    from mace_tui.demo_monthly import seed_actions_only
    from mace_tui.profiles import get_profile

    profile = get_profile(settings.profile, settings.config_dir)
    if profile.discuss_children:
        return None
    with store.session() as session:
        added = seed_actions_only(session, profile=profile, today=today)
    return profile.name if added is not None else None


def _demo_login(store: Store) -> None:
    """The made-up hub's user holds every role: made quietly, the demo is no install to set up."""
    from mace_tui.access.service import who

    who(store)


def _open_for(settings: Settings, *, today: date, demo_years: int | None) -> Store:
    if demo_years is None:
        return open_store(settings)
    return open_demo_store(settings, today=today, years=demo_years)


def _demo_from_template(settings: Settings, *, today: date, years: int) -> None:
    """A fresh demo database as a copy of today's template, when there is one (no imports)."""
    path = settings.sqlite_path
    template = _template(settings, today=today, years=years)
    if path is None or template is None or not template.is_file():
        return
    if not path.exists() or path.stat().st_size == 0:
        path.unlink(missing_ok=True)
        _copy_private(template, path)
        # Tells open_demo_store to give the copy its own id, keys and anchor.
        _copied_marker(path).touch(mode=0o600)


def _copied_marker(path: Path) -> Path:
    """Left beside a demo database copied from the template, until the app makes it its own."""
    return path.with_name(path.name + ".copied")


def quick_chair(
    settings: Settings, *, today: date, meeting_date: date, demo_years: int | None = None
) -> ChairOpening | None:
    """The chair's first screen read with sqlite3 alone (store/quickread.py); None if it cannot."""
    from mace_tui.chair.attendance import AttendanceView, quorum_rule, seats
    from mace_tui.profiles import get_profile
    from mace_tui.rules.quorum import meeting_quorum
    from store.quickread import first_screen

    if settings.sqlite_path is None:
        return None
    if demo_years is not None:
        _demo_from_template(settings, today=today, years=demo_years)
    profile = get_profile(settings.profile, settings.config_dir)
    found = quick_read(settings, "chair", first_screen, profile=profile.key, on=meeting_date)
    if found is None:
        return None
    from mace_tui.chair.start import ChairOpening

    if found.meeting.stage != "attendance":
        return ChairOpening(found.meeting)
    view = AttendanceView(
        meeting=found.meeting,
        people=found.people,
        quorum=meeting_quorum(quorum_rule(profile), seats(found.people)),
        agencies=found.agencies,
        queue=found.queue,
    )
    return ChairOpening(found.meeting, view)


def read_chair(
    settings: Settings, *, today: date, meeting_date: date, demo_years: int | None = None
) -> ChairOpening:
    """The forked helper's job for the chair: open the store, find or create the meeting.

    The quick read answers first when it can (an existing meeting in an SQLite
    file at the current schema): the same records, without the database stack.
    """
    from mace_tui.chair.start import open_meeting
    from mace_tui.profiles import get_profile

    quick = quick_chair(settings, today=today, meeting_date=meeting_date, demo_years=demo_years)
    if quick is not None:
        return quick
    store = _open_for(settings, today=today, demo_years=demo_years)
    try:
        check_access(store, "chair")
        with store.session() as session:
            return open_meeting(
                session, profile=get_profile(settings.profile, settings.config_dir), on=meeting_date
            )
    finally:
        store.close()


def quick_read(
    settings: Settings, task: str, read: Callable[..., T | None], **args: Any
) -> T | None:
    """``read(path, key=…, access=…, **args)`` on the settings' SQLite file with sqlite3
    alone, for a login that may do ``task`` (store.quickread: NotPermitted otherwise); None
    when the store is not an SQLite file or the read cannot answer."""
    path = settings.sqlite_path
    if path is None:
        return None
    return read(path, key=_quick_key(settings, path), access=_access(task), **args)


def _access(task: str) -> tuple[str, tuple[str, ...]]:
    """The account at the keyboard and the roles that may do ``task``, for a quick read."""
    from mace_tui.access.roles import NEEDS
    from mace_tui.protection import os_user

    return os_user(), tuple(map(str, NEEDS[task]))


def check_access(store: Store, task: str) -> None:
    """NotPermitted unless the account may do ``task``: nothing is read (or made) early for an
    account the app will refuse, and nothing shown before its own check."""
    from mace_tui.access.service import may
    from store.quickread import NotPermitted

    if not may(store, task):
        raise NotPermitted


def read_home(
    settings: Settings, *, today: date, demo_years: int | None = None
) -> MeetingOverview | None:
    """The forked helper's job for the home screen: open the store, read today's meeting.

    The quick read answers first when it can (today's meeting in an SQLite file at
    the current schema): the same records, without the database stack.
    """
    from mace_tui.overview import home_overview
    from mace_tui.profiles import get_profile

    profile = get_profile(settings.profile, settings.config_dir)
    quick = quick_home(settings, today=today, profile=profile, demo_years=demo_years)
    if quick is not None:
        return quick
    store = _open_for(settings, today=today, demo_years=demo_years)
    try:
        check_access(store, "overview")
        return home_overview(store, profile=profile, on=today, config_dir=settings.config_dir)
    finally:
        store.close()


def _quick_queue(
    settings: Settings, *, on: date, task: str, profile: Profile | None = None
) -> tuple[QuickQueue, Profile, tuple[ChildSummary, ...]] | None:
    """The meeting of the settings' profile on ``on``, its queue and each entry's summary,
    read with sqlite3 alone (store/quickqueue.py) for a login that may do ``task``; None if
    it cannot (no such meeting, not SQLite, another schema)."""
    from mace_tui.overview import assemble_queue
    from mace_tui.profiles import get_profile, load_profiles
    from store.quickqueue import meeting_queue

    if settings.sqlite_path is None:
        return None
    profile = profile or get_profile(settings.profile, settings.config_dir)
    drmm = [p.key for p in load_profiles(settings.config_dir).values() if p.counts_as_drmm]
    found = quick_read(
        settings, task, meeting_queue, profile=profile.key, on=on, drmm_profiles=drmm
    )
    if found is None:
        return None
    counts = profile.counts_as_drmm
    summaries = assemble_queue(
        found.queue, facts=found.facts, meeting_date=on, on_drmm_queue=counts
    )
    return found, profile, summaries


def quick_home(
    settings: Settings, *, today: date, profile: Profile, demo_years: int | None = None
) -> MeetingOverview | None:
    """Today's meeting and its queue read with sqlite3 alone; None if it cannot."""
    from mace_tui.overview import MeetingOverview

    if demo_years is not None:
        _demo_from_template(settings, today=today, years=demo_years)
    read = _quick_queue(settings, on=today, task="overview", profile=profile)
    if read is None:
        return None
    found, _, queue = read
    return MeetingOverview(meeting=found.meeting, profile=profile, queue=queue)


def read_prep(
    settings: Settings, *, today: date, meeting_date: date | None = None
) -> MeetingOverview | None:
    """The forked helper's job for prep: the queue of the meeting being prepared, with each
    child's history, read with sqlite3 alone; None when it cannot (no such meeting yet, not
    SQLite, another schema): the screen then reads it itself once the store is open."""
    from mace_tui.overview import MeetingOverview
    from mace_tui.prep.deadline import default_meeting_date
    from mace_tui.profiles import get_profile

    profile = get_profile(settings.profile, settings.config_dir)
    on = meeting_date or default_meeting_date(profile, today)
    read = _quick_queue(settings, on=on, task="prep", profile=profile)
    if read is None:
        return None
    found, _, queue = read
    return MeetingOverview(meeting=found.meeting, profile=profile, queue=queue)


def read_directory(settings: Settings) -> DirectoryView:
    """The forked helper's job for the directory: both lists, for a hub admin only
    (NotPermitted otherwise: nothing is shown before the app's check); read with sqlite3
    alone when it can (mace_tui/directory/early_read.py), else through the store."""
    from mace_tui.directory.early_read import quick_directory

    quick = quick_directory(settings)
    if quick is not None:
        return quick
    from mace_tui.directory.view import load_directory
    from mace_tui.profiles import get_profile

    store = open_store(settings)
    try:
        check_access(store, "directory")
        profile = get_profile(settings.profile, settings.config_dir)
        return load_directory(store, app_profile=profile, config_dir=settings.config_dir)
    finally:
        store.close()


def read_minutes(
    settings: Settings, *, today: date, meeting_date: date | None = None
) -> QueueState | None:
    """The forked helper's job for the minute taker: the meeting's queue, read with sqlite3
    alone, for a chair or minute taker only; None when it cannot (no meeting, an ended one,
    not SQLite): the seat then finds the meeting itself once the store is open."""
    from mace_tui.chair.case import QueueState

    read = _quick_queue(settings, on=meeting_date or today, task="minutes")
    if read is None or read[0].meeting.stage == "ended":
        return None
    found, _, summaries = read
    return QueueState(
        meeting=found.meeting,
        queue=found.queue,
        summaries=summaries,
        quorum_overrides=found.overrides,
    )

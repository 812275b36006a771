"""The home screen's quick read (sqlite3 alone) gives exactly what the store's queries give."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from mace_tui.config import Settings
from mace_tui.launch import open_demo_store, quick_home, read_chair
from mace_tui.overview import MeetingOverview, load_overview
from mace_tui.profiles import Profile, get_profile, load_profiles
from store.db import Store
from store.identity import store_id
from store.models import Meeting
from store.quickqueue import meeting_queue
from tests.conftest import DEMO_TODAY

# The quick read is SQLite's by design; PostgreSQL takes the normal path (tested below).
pytestmark = pytest.mark.sqlite_only


def _drmm(settings: Settings) -> list[str]:
    return [p.key for p in load_profiles(settings.config_dir).values() if p.counts_as_drmm]


def _slow(store: Store, settings: Settings, profile: Profile, on: date) -> MeetingOverview | None:
    with store.session() as session:
        return load_overview(session, profile=profile, on=on, drmm_profiles=_drmm(settings))


def _quick(settings: Settings, profile: Profile, on: date) -> MeetingOverview | None:
    return quick_home(settings, today=on, profile=profile)


def test_every_meeting_of_the_demo_reads_the_same(demo_store: Store, settings: Settings) -> None:
    with demo_store.session() as session:
        meetings = [(m.profile, m.date) for m in session.query(Meeting).all()]
    assert len(meetings) > 5
    kinds: set[str] = set()
    with_history = flagged = 0
    for key, on in meetings:
        profile = get_profile(key, settings.config_dir)
        quick = _quick(settings, profile, on)
        assert quick is not None, (key, on)
        assert quick == _slow(demo_store, settings, profile, on), (key, on)
        kinds |= {c.entry.subject_kind for c in quick.queue}
        with_history += sum(1 for c in quick.queue if c.history)
        flagged += sum(1 for c in quick.queue if c.flags)
    # The comparison covered what the summaries are made of, not empty queues.
    assert {"child", "person", "location", "free"} <= kinds
    assert with_history and flagged


def test_todays_queue_of_the_demo(demo_store: Store, settings: Settings) -> None:
    quick = _quick(settings, get_profile("llr-drmm"), DEMO_TODAY)
    assert quick is not None
    assert len(quick.queue) == 10
    assert quick.meeting.date == DEMO_TODAY


def test_no_meeting_that_day_leaves_it_to_the_store(demo_store: Store, settings: Settings) -> None:
    assert _quick(settings, get_profile("llr-drmm"), date(2001, 1, 1)) is None


def test_an_older_schema_or_a_foreign_file_takes_the_normal_path(
    demo_store: Store, settings: Settings, tmp_path: Path
) -> None:
    path = settings.sqlite_path
    assert path is not None
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    assert meeting_queue(path, profile="llr-drmm", on=DEMO_TODAY, drmm_profiles=[]) is None
    foreign = tmp_path / "notes.txt"
    foreign.write_text("not a database")
    assert meeting_queue(foreign, profile="llr-drmm", on=DEMO_TODAY, drmm_profiles=[]) is None
    missing = tmp_path / "missing.db"
    assert meeting_queue(missing, profile="llr-drmm", on=DEMO_TODAY, drmm_profiles=[]) is None


def test_a_real_postgresql_store_takes_the_normal_path(pg_url: str, settings: Settings) -> None:
    from mace_tui.demo import seed_demo

    with Store.open(pg_url).session() as session:
        seed_demo(session, today=DEMO_TODAY)
    assert settings.db_url == pg_url and settings.sqlite_path is None
    assert _quick(settings, get_profile("llr-drmm"), DEMO_TODAY) is None


def test_a_demo_copied_by_the_quick_read_gets_its_own_id(settings: Settings) -> None:
    """The forked helper copies the day's template; the app then gives the copy its own id."""
    first = open_demo_store(settings, today=DEMO_TODAY)  # seeds, and keeps the template
    with first.session() as session:
        template_id = store_id(session)
    first.close()
    path = settings.sqlite_path
    assert path is not None
    path.unlink()
    read_chair(settings, today=DEMO_TODAY, meeting_date=DEMO_TODAY, demo_years=0)
    marker = path.with_name(path.name + ".copied")
    assert path.is_file() and marker.is_file()  # the helper's copy of the template
    second = open_demo_store(settings, today=DEMO_TODAY)
    try:
        with second.session() as session:
            assert store_id(session) != template_id
    finally:
        second.close()
    assert not marker.exists()


def test_the_quick_read_keeps_the_stores_limits_and_statuses() -> None:
    """The demo's children have under ten discussions each: the cut-off is checked here."""
    import inspect

    from store import queries, quickqueue
    from store.agenda import concern

    for limited in (queries.histories, concern.subject_histories):
        (limit,) = (
            p.default for name, p in inspect.signature(limited).parameters.items() if "per_" in name
        )
        assert limit == quickqueue.PER_SUBJECT
    assert quickqueue.DISCUSSED == queries.DISCUSSED_STATUSES == concern._DISCUSSED
    assert quickqueue.OPEN == queries.OPEN_STATUSES == concern._OPEN


def test_preps_head_start_reads_the_meeting_being_prepared(
    demo_store: Store, settings: Settings
) -> None:
    from mace_tui.launch import read_prep
    from mace_tui.prep.meeting import PrepTarget, SummaryCache, load_view

    early = read_prep(settings, today=DEMO_TODAY, meeting_date=DEMO_TODAY)
    assert early is not None and len(early.queue) == 10
    profile = get_profile("llr-drmm")
    with demo_store.session() as session:
        view = load_view(
            session,
            target=PrepTarget(profile, early.meeting.id, DEMO_TODAY, None),
            drmm_profiles=_drmm(settings),
            cache=SummaryCache(),
        )
    assert early.queue == view.queue
    # No meeting on that day yet: prep makes it itself, once the store is open.
    assert read_prep(settings, today=DEMO_TODAY, meeting_date=date(2001, 1, 3)) is None


def test_the_minute_takers_head_start_reads_the_queue_as_the_seat_does(
    demo_store: Store, settings: Settings
) -> None:
    from sqlmodel import select

    from mace_tui.chair.case import load_queue
    from mace_tui.launch import read_minutes
    from store import queries
    from store.models import AgendaItem

    with demo_store.session() as session:  # one child discussed under a quorum override
        meeting = queries.find_meeting(session, profile="llr-drmm", on=DEMO_TODAY)
        assert meeting is not None
        item = session.exec(
            select(AgendaItem).where(AgendaItem.meeting_id == meeting.id, AgendaItem.position == 3)
        ).first()
        assert item is not None
        item.quorum_override_reason = "Police rep delayed; chair agreed to go on"
        session.add(item)
        session.commit()
    early = read_minutes(settings, today=DEMO_TODAY)
    assert early is not None and early.quorum_overrides == (3,)
    with demo_store.session() as session:
        stored = load_queue(
            session,
            meeting_id=early.meeting.id,
            profile=get_profile("llr-drmm"),
            drmm_profiles=_drmm(settings),
        )
    assert early == stored
    assert read_minutes(settings, today=date(2001, 1, 1)) is None  # no meeting: the seat says so

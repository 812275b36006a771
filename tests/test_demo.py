"""The demo hub: today's queue tells the stories it promises, and every name is made up."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import col, func, select

from mace_tui import demo_data
from mace_tui.demo import DemoError, seed_demo
from mace_tui.overview import MeetingOverview, load_overview
from mace_tui.profiles import get_profile
from store.db import Store
from store.models import (
    Action,
    Attendance,
    Child,
    Conflict,
    Grading,
    Meeting,
    Person,
    StatementConfirmation,
)
from tests.conftest import DEMO_TODAY


@pytest.fixture
def overview(demo_store: Store) -> MeetingOverview:
    with demo_store.session() as session:
        result = load_overview(
            session, profile=get_profile("llr-drmm"), on=DEMO_TODAY, drmm_profiles=["llr-drmm"]
        )
    assert result is not None
    return result


def flags_of(overview: MeetingOverview, name: str) -> set[str]:
    [summary] = [c for c in overview.queue if c.entry.name == name]
    return {f.key for f in summary.flags}


def test_todays_drmm_has_ten_waiting_children(overview: MeetingOverview) -> None:
    assert overview.meeting.status == "planned"
    assert len(overview.queue) == 10
    assert {c.entry.status for c in overview.queue} == {"waiting"}


@pytest.mark.parametrize(
    ("name", "flags"),
    [
        ("Riley Example", set()),
        ("Jordan Sample", {"medium-3m", "seen", "actions"}),
        ("Casey Testcase", {"repeat", "seen"}),
        ("Morgan Placeholder", {"repeat", "returning", "seen"}),
        ("Alex Demo", {"seen", "actions"}),
    ],
)
def test_story_children_carry_their_flags(
    overview: MeetingOverview, name: str, flags: set[str]
) -> None:
    assert flags_of(overview, name) == flags


def test_casey_has_three_earlier_referrals(overview: MeetingOverview) -> None:
    [casey] = [c for c in overview.queue if c.entry.name == "Casey Testcase"]
    assert casey.drmm_referrals == 3


def test_past_meetings_are_complete_records(demo_store: Store) -> None:
    with demo_store.session() as s:
        finished = s.exec(select(Meeting).where(Meeting.status == "finished")).all()
        assert len(finished) >= 10
        for meeting in finished:
            assert meeting.started_at and meeting.ended_at and meeting.statements_confirmed_at
        assert (
            s.exec(
                select(func.count()).select_from(Attendance).where(Attendance.status == "present")
            ).one()
            > 50
        )
        assert s.exec(select(func.count()).select_from(StatementConfirmation)).one() >= 60
        assert s.exec(select(func.count()).select_from(Grading)).one() >= 50
        assert s.exec(select(func.count()).select_from(Action)).one() >= 50
        # Every HIGH has an allocated-professional action (R7).
        highs = s.exec(select(Grading.item_id).where(Grading.grade == "HIGH")).all()
        allocated = set(s.exec(select(Action.item_id).where(Action.allocated_professional)).all())
        assert set(highs) <= allocated


def test_a_conflict_is_prerecorded_for_today(demo_store: Store) -> None:
    with demo_store.session() as s:
        today = s.exec(select(Meeting).where(Meeting.date == DEMO_TODAY)).one()
        conflicts = s.exec(
            select(Conflict).where(Conflict.source == "prepared", col(Conflict.left_at).is_(None))
        ).all()
        assert len(conflicts) == 1
        assert today.status == "planned"


def test_names_are_obviously_made_up(demo_store: Store) -> None:
    with demo_store.session() as s:
        children = s.exec(select(Child.name)).all()
        people = s.exec(select(Person.name)).all()
    surnames = set(demo_data.SURNAMES)
    assert all(name.split()[-1] in surnames for name in children)
    assert {name for name, *_ in demo_data.PEOPLE} == set(people)
    for _key, agency, _sector, _contact in demo_data.AGENCIES:
        assert agency.endswith("(demo)")


def test_seeding_twice_is_refused(demo_store: Store) -> None:
    with demo_store.session() as s, pytest.raises(DemoError, match="already holds meetings"):
        seed_demo(s, today=DEMO_TODAY)


def test_years_of_history_at_a_busy_hubs_volume(store: Store) -> None:
    with store.session() as s:
        summary = seed_demo(s, today=date(2026, 11, 23), years=1)
    working_days = 252
    assert summary.items / working_days == pytest.approx(12.5, rel=0.15)


def test_a_demo_left_by_an_app_that_was_killed_is_removed_at_the_next_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """kill -9 leaves the throw-away demo's folder behind (nothing in the app runs): the next
    demo removes it. A folder whose app still runs, and anything not named as ours, stays."""
    import subprocess
    import sys
    import tempfile

    from mace_tui.commands.demo import DEMO_PREFIX, sweep_stale_demos

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    gone = tmp_path / f"{DEMO_PREFIX}{ended.stdout.strip()}-abc123"
    running = tmp_path / f"{DEMO_PREFIX}{os.getpid()}-def456"
    legacy = tmp_path / f"{DEMO_PREFIX}xyz789"  # named before the process id was in it
    for folder in (gone, running, legacy):
        (folder / "recordings").mkdir(parents=True)
        (folder / "demo.db").write_bytes(b"")
    assert sweep_stale_demos() == 1
    assert not gone.exists()
    assert running.exists() and legacy.exists()

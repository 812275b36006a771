"""The quick first-screen read (sqlite3 alone) gives exactly what the store's queries give."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from mace_tui.chair.start import open_meeting
from mace_tui.config import Settings
from mace_tui.launch import quick_chair
from mace_tui.profiles import get_profile
from store import attendance, meetings, queries
from store.db import Store
from store.models import Agency, Person
from store.quickread import first_screen
from tests.conftest import DEMO_TODAY

# The quick read is SQLite's by design; PostgreSQL takes the normal path (the last test).
pytestmark = pytest.mark.sqlite_only

AT = datetime(2026, 11, 23, 9, 3, 30, 123456, tzinfo=UTC)


def _path(settings: Settings) -> Path:
    path = settings.sqlite_path
    assert path is not None
    return path


def _meeting_id(store: Store) -> int:
    with store.session() as session:
        found = queries.find_meeting(session, profile="llr-drmm", on=DEMO_TODAY)
        assert found is not None and found.id is not None
        return found.id


def _slow(store: Store, on: date = DEMO_TODAY):
    with store.session() as session:
        return open_meeting(session, profile=get_profile("llr-drmm"), on=on)


def test_register_of_the_demo_matches_the_store(demo_store: Store, settings: Settings) -> None:
    quick = quick_chair(settings, today=DEMO_TODAY, meeting_date=DEMO_TODAY)
    assert quick is not None and quick.attendance is not None
    assert len(quick.attendance.queue) == 10 and len(quick.attendance.people) == 7
    assert quick == _slow(demo_store)


def test_present_late_left_deputy_and_walk_in_read_the_same(
    demo_store: Store, settings: Settings
) -> None:
    meeting_id = _meeting_id(demo_store)
    with demo_store.session() as session:
        people = attendance.meeting_attendance(session, meeting_id=meeting_id)
        first, second, third = (p.person_id for p in people[:3])
        attendance.mark_present(session, meeting_id=meeting_id, person_id=first, at=AT)
        attendance.mark_left(session, meeting_id=meeting_id, person_id=first, at=AT)
        attendance.mark_absent(session, meeting_id=meeting_id, person_id=second)
        agency = session.get(Agency, people[1].agency_id)
        assert agency is not None and agency.id is not None
        deputy = Person(name="Robin Standin-Ünïcode", agency_id=agency.id, role="member")
        session.add(deputy)
        session.commit()
        assert deputy.id is not None
        attendance.set_deputy(
            session, meeting_id=meeting_id, deputy_id=deputy.id, for_person_id=second, at=AT
        )
        attendance.add_walk_in(
            session,
            meeting_id=meeting_id,
            name="Walk-in Tester",
            agency_id=agency.id,
            title="Dr",
            role="member",
            at=AT,
        )
        attendance.mark_present(session, meeting_id=meeting_id, person_id=third, at=AT)
    quick = quick_chair(settings, today=DEMO_TODAY, meeting_date=DEMO_TODAY)
    slow = _slow(demo_store)
    assert quick == slow
    assert quick is not None and quick.attendance is not None
    shown = {p.name: p for p in quick.attendance.people}
    assert shown["Robin Standin-Ünïcode"].deputy_for == people[1].name
    assert shown["Walk-in Tester"].walk_in and shown["Walk-in Tester"].joined_at == AT
    assert shown[people[0].name].left_at == AT  # microseconds and zone kept


def test_after_the_register_only_the_meeting_is_read(demo_store: Store, settings: Settings) -> None:
    meeting_id = _meeting_id(demo_store)
    with demo_store.session() as session:
        meetings.start(session, meeting_id=meeting_id, at=AT, chair_id=None)
    quick = quick_chair(settings, today=DEMO_TODAY, meeting_date=DEMO_TODAY)
    assert quick is not None and quick.attendance is None
    assert quick == _slow(demo_store)
    assert quick.meeting.started_at == AT and quick.meeting.stage == "statements"


def test_no_meeting_yet_leaves_it_to_the_store(demo_store: Store, settings: Settings) -> None:
    # The normal path creates the meeting; the quick read never writes.
    later = date(2027, 3, 1)
    assert first_screen(_path(settings), profile="llr-drmm", on=later) is None
    assert quick_chair(settings, today=DEMO_TODAY, meeting_date=later) is None


@pytest.mark.parametrize(
    "spoil",
    [
        "UPDATE alembic_version SET version_num = '0000'",
        "DROP TABLE alembic_version",
        "DROP TABLE attendance",
    ],
    ids=["older-schema", "no-revision", "missing-table"],
)
def test_anything_unexpected_leaves_it_to_the_store(
    demo_store: Store, settings: Settings, spoil: str
) -> None:
    demo_store.close()
    with sqlite3.connect(_path(settings)) as conn:
        conn.execute(spoil)
    assert first_screen(_path(settings), profile="llr-drmm", on=DEMO_TODAY) is None


def test_not_a_database_or_no_file(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not an SQLite file at all" * 10)
    assert first_screen(junk, profile="llr-drmm", on=DEMO_TODAY) is None
    assert first_screen(tmp_path / "absent.db", profile="llr-drmm", on=DEMO_TODAY) is None
    assert not (tmp_path / "absent.db").exists()


def test_other_databases_take_the_normal_path(settings: Settings) -> None:
    other = settings.with_db("postgresql+psycopg://mace@localhost/mace")
    assert quick_chair(other, today=DEMO_TODAY, meeting_date=DEMO_TODAY) is None


def test_a_real_postgresql_store_takes_the_normal_path(pg_url: str, settings: Settings) -> None:
    from mace_tui.demo import seed_demo

    with Store.open(pg_url).session() as session:
        seed_demo(session, today=DEMO_TODAY)
    assert settings.db_url == pg_url and settings.sqlite_path is None
    assert quick_chair(settings, today=DEMO_TODAY, meeting_date=DEMO_TODAY) is None


def test_an_encrypted_store_is_read_quickly_with_its_key(
    demo_store: Store, settings: Settings
) -> None:
    from mace_tui.cipher import encrypt_store
    from mace_tui.launch import needs_setup

    encrypt_store(settings, demo_store, user="tester")
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(_path(settings)).execute("SELECT count(*) FROM meeting").fetchone()
    quick = quick_chair(settings, today=DEMO_TODAY, meeting_date=DEMO_TODAY)
    assert quick is not None and quick.attendance is not None
    assert quick == _slow(demo_store)
    assert not needs_setup(settings)
    # Without the key, the quick read leaves it to the store (which says what is wrong).
    assert first_screen(_path(settings), profile="llr-drmm", on=DEMO_TODAY) is None
    assert (
        first_screen(_path(settings), profile="llr-drmm", on=DEMO_TODAY, key=b"\x01" * 32) is None
    )


def test_an_empty_encrypted_store_still_needs_set_up(store: Store, settings: Settings) -> None:
    from mace_tui.cipher import encrypt_store
    from mace_tui.launch import needs_setup

    encrypt_store(settings, store, user="tester")
    assert needs_setup(settings)
    with store.session() as session:
        session.add(Agency(key="testshire-police", name="Testshire Police", sector="police"))
        session.commit()
    assert not needs_setup(settings)

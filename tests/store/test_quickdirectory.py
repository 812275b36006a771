"""The directory's quick read (sqlite3 alone) gives exactly the view the store path gives."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

import pytest
from alembic import command
from alembic.config import Config

from mace_tui.config import Settings
from mace_tui.directory import AgencyFields, PersonFields
from mace_tui.directory.early_read import quick_directory
from mace_tui.directory.edits import (
    agency_active,
    name_deputy,
    panel_seat,
    person_active,
    save_agency,
    save_person,
)
from mace_tui.directory.hub import set_hub_profiles, start_hub
from mace_tui.directory.records import DirectoryView
from mace_tui.directory.view import load_directory
from mace_tui.launch import read_directory
from mace_tui.profiles import get_profile
from store import migrations
from store.db import Store, dispose_engine
from store.quickdirectory import directory_rows

pytestmark = pytest.mark.sqlite_only

AT = datetime(2026, 11, 2, 9, tzinfo=UTC)


def _path(settings: Settings) -> Path:
    path = settings.sqlite_path
    assert path is not None
    return path


def _slow(store: Store, settings: Settings) -> DirectoryView:
    drmm = get_profile("llr-drmm", settings.config_dir)
    return load_directory(store, app_profile=drmm, config_dir=settings.config_dir)


def _ids(view: DirectoryView) -> dict[str, int]:
    return {p.name: p.id for p in view.people} | {a.name: a.id for a in view.agencies}


@pytest.fixture
def varied(demo_store: Store, settings: Settings) -> None:
    """Beside the demo's directory (all active, no deputies, no panels, no gaps): inactive
    agencies and people, an active person in an inactive agency, deputies named out of
    alphabetical order (one of them since made inactive), standing panels, the profiles the
    hub chose (one this version does not ship), and the gaps all that leaves."""
    ids = _ids(_slow(demo_store, settings))
    hub = [get_profile(k, settings.config_dir) for k in ("lincs-mace-l2", "llr-drmm")]
    start_hub(demo_store, profiles=hub, at=AT)  # the panels, as set-up gives them
    with demo_store.session() as session:
        set_hub_profiles(session, profiles=["lincs-mace-l2", "retired-profile", "llr-drmm"], at=AT)
    outreach = save_agency(
        demo_store,
        agency_id=None,
        fields=AgencyFields("Ærøskøbing Outreach", "police", short_name="ÆO", contact="Ünïcode"),
    )
    save_person(demo_store, person_id=None, fields=PersonFields("Zoë Ñandú", outreach))
    agency_active(demo_store, agency_id=outreach, active=False)
    # Health: one agency inactive, the other's only person gone (a gap naming the agency).
    agency_active(demo_store, agency_id=ids["Demoshire Hospitals Trust (demo)"], active=False)
    person_active(demo_store, person_id=ids["Bea Mockford"], active=False)
    person_active(demo_store, person_id=ids["Robin Minutes"], active=False)  # no minute taker
    ada = ids["DS Ada Testwell"]
    name_deputy(demo_store, member_id=ada, deputy_id=ids["PC Rowan Placeholder"])
    name_deputy(demo_store, member_id=ada, deputy_id=ids["DI Quinn Demoson"])
    person_active(demo_store, person_id=ids["DI Quinn Demoson"], active=False)
    panel_seat(demo_store, person_id=ids["Pat Sampleby"], profile="llr-monthly", on_panel=True)


def test_the_demos_directory_reads_the_same(demo_store: Store, settings: Settings) -> None:
    slow = _slow(demo_store, settings)
    assert len(slow.agencies) == 10 and len(slow.people) == 16
    quick = quick_directory(settings)
    assert quick == slow
    assert repr(quick) == repr(slow)  # the same types too (True, not 1)


def test_inactive_ones_deputies_panels_and_gaps_read_the_same(
    varied: None, demo_store: Store, settings: Settings
) -> None:
    slow = _slow(demo_store, settings)
    # Every case is there.
    assert [p.key for p in slow.profiles] == ["lincs-mace-l2", "llr-drmm"]
    assert not slow.agencies[-1].active and slow.agencies[-1].people == 1
    people = {p.name: p for p in slow.people}
    assert people["Zoë Ñandú"].active and not people["Zoë Ñandú"].agency.startswith("Demo")
    assert people["DS Ada Testwell"].deputies == ("PC Rowan Placeholder", "DI Quinn Demoson")
    assert not people["DI Quinn Demoson"].active
    assert people["Pat Sampleby"].panels == ("lincs-mace-l2", "llr-drmm", "llr-monthly")
    assert any("Sampleton Community Health" in g for g in slow.gaps)
    assert any("minute-taker" in g for g in slow.gaps)
    quick = quick_directory(settings)
    assert quick == slow
    assert repr(quick) == repr(slow)


def test_the_helper_reads_it_without_opening_the_store(
    varied: None, demo_store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mace_tui import launch

    slow = _slow(demo_store, settings)

    def no_store(settings: Settings) -> Store:
        raise AssertionError("the store was opened")

    monkeypatch.setattr(launch, "open_store", no_store)
    assert read_directory(settings) == slow


def test_an_older_schema_is_left_to_the_store(
    varied: None, demo_store: Store, settings: Settings
) -> None:
    command.downgrade(cast(Config, migrations.alembic_config(demo_store.engine)), "-1")
    dispose_engine(settings.db_url)
    assert directory_rows(_path(settings)) is None
    assert quick_directory(settings) is None
    early = read_directory(settings)  # the store path: it brings the file up to date
    assert migrations.current_revision(demo_store.engine) == migrations.HEAD
    assert early == _slow(demo_store, settings)
    assert [p.key for p in early.profiles] == ["lincs-mace-l2", "llr-drmm"]


@pytest.mark.parametrize(
    "spoil",
    ["DROP TABLE alembic_version", "DROP TABLE panel_member"],
    ids=["no-revision", "missing-table"],
)
def test_anything_unexpected_leaves_it_to_the_store(
    demo_store: Store, settings: Settings, spoil: str
) -> None:
    demo_store.close()
    with sqlite3.connect(_path(settings)) as conn:
        conn.execute(spoil)
    assert directory_rows(_path(settings)) is None


def test_not_a_database_or_no_file(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not an SQLite file at all" * 10)
    assert directory_rows(junk) is None
    assert directory_rows(tmp_path / "absent.db") is None
    assert not (tmp_path / "absent.db").exists()


def test_other_databases_take_the_normal_path(settings: Settings) -> None:
    other = settings.with_db("postgresql+psycopg://mace@localhost/mace")
    assert quick_directory(other) is None


def test_an_encrypted_store_is_read_quickly_with_its_key(
    varied: None, demo_store: Store, settings: Settings
) -> None:
    from mace_tui.cipher import encrypt_store

    encrypt_store(settings, demo_store, user="tester")
    assert directory_rows(_path(settings)) is None  # without the key it is left to the store
    assert directory_rows(_path(settings), key=b"\x01" * 32) is None
    assert quick_directory(settings) == _slow(demo_store, settings)

"""The directory's store-level services (each its own unit of work), as the set-up and
directory screens call them, on a real SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from mace_tui.directory import AgencyFields, DirectoryError, PersonFields, hub_profiles
from mace_tui.directory.coverage import read_gap_summary, setup_counts
from mace_tui.directory.csv_io import DirectoryImported, import_directory_file
from mace_tui.directory.edits import (
    agency_active,
    name_deputy,
    panel_seat,
    person_active,
    save_agency,
    save_person,
    unname_deputy,
)
from mace_tui.directory.hub import remember_hub_profiles, start_hub
from mace_tui.directory.view import load_directory
from mace_tui.overview import home_overview
from mace_tui.profiles import get_profile
from store.db import Store
from tests.conftest import DEMO_TODAY

SAMPLE = Path(__file__).parents[1] / "data" / "directory.csv"
AT = datetime(2026, 11, 2, 9, tzinfo=UTC)


def test_remembering_the_ticked_meetings_waits_for_someone_in_the_directory(store: Store) -> None:
    assert remember_hub_profiles(store, profiles=["llr-drmm"], at=AT) is False
    with store.session() as session:
        assert hub_profiles(session) == []
    save_agency(store, agency_id=None, fields=AgencyFields("Testshire Police", "police"))
    assert remember_hub_profiles(store, profiles=["llr-drmm"], at=AT) is True
    with store.session() as session:
        assert hub_profiles(session) == ["llr-drmm"]


def test_import_then_counts_then_start(store: Store, settings) -> None:
    drmm = get_profile("llr-drmm", settings.config_dir)
    before = setup_counts(store, profiles=[drmm])
    assert (before.agencies, before.people) == (0, 0)
    assert before.coverage[0].gaps
    assert "quorum cannot be met" in read_gap_summary(store, profile=drmm)

    done = import_directory_file(store, path=SAMPLE, profiles=["llr-drmm", "lincs-mace-l2"])
    assert isinstance(done, DirectoryImported) and done.people_added > 0
    after = setup_counts(store, profiles=[drmm])
    assert after.people == done.people_added and not after.coverage[0].gaps
    assert read_gap_summary(store, profile=drmm) == ""

    start_hub(store, profiles=[drmm], at=AT)
    view = load_directory(store, app_profile=drmm, config_dir=settings.config_dir)
    assert [p.key for p in view.profiles] == ["llr-drmm"]
    assert any("llr-drmm" in p.panels for p in view.people)


def test_the_end_of_set_up_keeps_both_the_meetings_and_their_panels_or_neither(
    store: Store, settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fault injected (a fake: the disk or server failing between the two steps)."""
    import mace_tui.directory.hub as hub

    drmm = get_profile("llr-drmm", settings.config_dir)
    import_directory_file(store, path=SAMPLE, profiles=["llr-drmm"])

    def failing(*args: object, **kwargs: object) -> dict[str, int]:
        raise OSError("disk I/O error")

    with monkeypatch.context() as patched:
        patched.setattr(hub, "_fill_panels", failing)
        with pytest.raises(OSError):
            start_hub(store, profiles=[drmm], at=AT)
    with store.session() as session:
        assert hub_profiles(session) == []  # not kept without the panels
    start_hub(store, profiles=[drmm], at=AT)
    with store.session() as session:
        assert hub_profiles(session) == ["llr-drmm"]


def test_a_bad_file_imports_nothing_and_says_which_row(store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(SAMPLE.read_text().replace(",police,", ",policing,", 1))
    report = import_directory_file(store, path=bad, profiles=["llr-drmm"])
    assert isinstance(report, list) and any("row 2" in line for line in report)
    assert setup_counts(store, profiles=[]).agencies == 0


def test_each_edit_is_saved_and_a_refusal_is_a_user_error(store: Store, settings) -> None:
    police = save_agency(store, agency_id=None, fields=AgencyFields("Testshire Police", "police"))
    ellis = save_person(store, person_id=None, fields=PersonFields("Ellis Examplewood", police))
    sam = save_person(store, person_id=None, fields=PersonFields("Sam Sampleford", police))
    assert save_person(store, person_id=sam, fields=PersonFields("Sam Sampleton", police)) == sam
    name_deputy(store, member_id=ellis, deputy_id=sam)
    panel_seat(store, person_id=ellis, profile="llr-drmm", on_panel=True)
    drmm = get_profile("llr-drmm", settings.config_dir)
    view = load_directory(store, app_profile=drmm, config_dir=settings.config_dir)
    ellis_entry = next(p for p in view.people if p.id == ellis)
    assert "Sam Sampleton" in ellis_entry.deputies
    assert "llr-drmm" in ellis_entry.panels

    with pytest.raises(DirectoryError, match="own deputy"):
        name_deputy(store, member_id=ellis, deputy_id=ellis)
    unname_deputy(store, member_id=ellis, deputy_id=sam)
    person_active(store, person_id=sam, active=False)
    agency_active(store, agency_id=police, active=False)
    view = load_directory(store, app_profile=drmm, config_dir=settings.config_dir)
    assert not next(p for p in view.people if p.id == ellis).deputies
    assert not next(p for p in view.people if p.id == sam).active
    assert not view.agencies[0].active


def test_home_overview_reads_todays_meeting(demo_store: Store, settings) -> None:
    drmm = get_profile("llr-drmm", settings.config_dir)
    found = home_overview(demo_store, profile=drmm, on=DEMO_TODAY, config_dir=settings.config_dir)
    assert found is not None and len(found.queue) == 10
    assert (
        home_overview(
            demo_store, profile=drmm, on=DEMO_TODAY.replace(day=1), config_dir=settings.config_dir
        )
        is None
    )

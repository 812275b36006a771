"""First run: an empty store opens the guided set-up; import the sample directory; on to prep."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select
from textual.widgets import Checkbox

from mace_tui.factory import make_app
from mace_tui.launch import needs_setup
from store.audit import audit_events
from store.cipher import is_encrypted
from store.db import Store
from store.models import Agency, Attendance, HubProfile, Meeting, PanelMember
from tests.app.chair_helpers import message, settle, type_text, wait_for_screen

SAMPLE = Path(__file__).parents[1] / "data" / "directory.csv"


async def wait_for_text(pilot, selector: str, text: str, tries: int = 100) -> str:
    for _ in range(tries):
        await settle(pilot)
        shown = message(pilot.app, selector)
        if text in shown:
            return shown
    raise AssertionError(f"{text!r} never showed in {selector}: {message(pilot.app, selector)!r}")


def test_an_empty_store_needs_set_up_and_a_filled_one_does_not(settings, store: Store) -> None:
    assert needs_setup(settings)
    with store.session() as session:
        session.add(Agency(key="testshire-police", name="Testshire Police", sector="police"))
        session.commit()
    assert not needs_setup(settings)


def test_a_missing_database_file_needs_set_up(settings) -> None:
    assert settings.sqlite_path is not None and not settings.sqlite_path.exists()
    assert needs_setup(settings)


async def test_set_up_from_the_sample_csv_then_prepare(settings, store: Store) -> None:
    app = make_app(settings, mode="setup")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "SetupScreen")
        status = await wait_for_text(pilot, "#setup-status", "0 agencies")
        assert "DRMM still lacks" in status  # nothing fills police, health, children's services
        # Tick MACE Level 2 as well (llr-drmm is ticked already: it is the default profile).
        await pilot.press("down", "space")
        await pilot.press("i")
        await wait_for_screen(pilot, "ImportPath")
        await type_text(pilot, str(SAMPLE))
        await pilot.press("enter")
        status = await wait_for_text(pilot, "#setup-status", "5 agencies and 9 people")
        assert "✓ DRMM" in status and "Testshire Police" in status
        assert "✓ MACE L2" in status  # its minute taker is in the sample
        await pilot.press("f9")
        await wait_for_screen(pilot, "PrepScreen")
        await wait_for_text(pilot, "#prep-info", "invited")
    # "Encrypt the database" was ticked by itself (sqlcipher3 is installed): done before the import.
    assert settings.sqlite_path is not None and is_encrypted(settings.sqlite_path)
    assert b"Testshire Police" not in settings.sqlite_path.read_bytes()
    with store.session() as session:
        assert {h.profile for h in session.exec(select(HubProfile)).all()} == {
            "llr-drmm",
            "lincs-mace-l2",
        }
        meeting = session.exec(select(Meeting)).one()
        invited = session.exec(select(Attendance).where(Attendance.meeting_id == meeting.id)).all()
        panel = session.exec(select(PanelMember).where(PanelMember.profile == "llr-drmm")).all()
        # The new meeting invites the standing panel the file named.
        assert {a.person_id for a in invited} == {p.person_id for p in panel}
        assert len(invited) == 4
        # Encrypting at set-up is in the audit log, as `mace-tui encrypt` is.
        actions = [e.action for e in audit_events(session)]
        assert actions.count("encrypt") == 1


async def test_a_set_up_left_after_the_import_keeps_the_meetings_ticked(
    settings, store: Store
) -> None:
    app = make_app(settings, mode="setup")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "SetupScreen")
        await wait_for_text(pilot, "#setup-status", "0 agencies")
        await pilot.press("down", "space")  # MACE Level 2 as well as the DRMM
        await pilot.press("i")
        await wait_for_screen(pilot, "ImportPath")
        await type_text(pilot, str(SAMPLE))
        await pilot.press("enter")
        await wait_for_text(pilot, "#setup-status", "5 agencies and 9 people")
        await settle(pilot)
    # Quit before F9: the next start goes to the home screen, so the choice must be kept now.
    assert not needs_setup(settings)
    with store.session() as session:
        assert {h.profile for h in session.exec(select(HubProfile)).all()} == {
            "llr-drmm",
            "lincs-mace-l2",
        }


async def test_a_bad_file_is_reported_and_nothing_is_imported(
    settings, store: Store, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "kind,agency,name,sector,role\n"
        "agency,testshire-police,Testshire Police,police,\n"
        "person,nowhere-agency,Jo Mockridge,,member\n",
        encoding="utf-8",
    )
    app = make_app(settings, mode="setup")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "SetupScreen")
        await wait_for_text(pilot, "#setup-status", "0 agencies")
        await pilot.press("i")
        await wait_for_screen(pilot, "ImportPath")
        await type_text(pilot, str(bad))
        await pilot.press("enter")
        problems = await wait_for_text(pilot, "#setup-problems", "Nothing was imported")
        assert "row 3, agency: unknown agency" in problems
        assert "Jo Mockridge" not in problems  # never a cell's value
        await pilot.press("f9")  # refused: nobody in the directory yet
        await settle(pilot)
        assert type(app.screen).__name__ == "SetupScreen"
    with store.session() as session:
        assert session.exec(select(Agency)).all() == []


async def test_set_up_leaves_the_database_plain_when_encryption_is_unticked(
    settings, store: Store
) -> None:
    app = make_app(settings, mode="setup")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "SetupScreen")
        await wait_for_text(pilot, "#setup-status", "0 agencies")
        box = app.screen.query_one("#setup-encrypt", Checkbox)
        assert box.value and "Encrypt the database" in str(box.label)
        await pilot.press("tab", "space")  # from the meetings to the box: unticked
        assert not box.value
        await pilot.press("i")
        await wait_for_screen(pilot, "ImportPath")
        await type_text(pilot, str(SAMPLE))
        await pilot.press("enter")
        await wait_for_text(pilot, "#setup-status", "5 agencies and 9 people")
    assert settings.sqlite_path is not None and not is_encrypted(settings.sqlite_path)
    assert not (settings.sqlite_path.parent / "mace.db.store-id").exists()


async def test_set_up_on_an_encrypted_store_says_so_and_offers_nothing_more(
    settings, store: Store
) -> None:
    from mace_tui.cipher import encrypt_store

    encrypt_store(settings, store, user="tester")
    app = make_app(settings, mode="setup")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "SetupScreen")
        await wait_for_text(pilot, "#setup-status", "0 agencies")
        assert message(app, "#setup-encrypted") == "The database is encrypted."
        assert not app.screen.query("#setup-encrypt")

"""The action log screen on a real store, driven by Pilot: tabs, keys and exports."""

from __future__ import annotations

import contextlib
import stat
from pathlib import Path

from textual.widgets import Input, Markdown, Static, TabbedContent
from textual.worker import WorkerFailed

from mace_tui.app import MaceApp
from mace_tui.clock import fixed_clock
from mace_tui.screens.action_log import ActionLogScreen
from mace_tui.screens.export_folder import ExportFolderScreen
from store.db import Store
from store.queries import latest_meeting
from tests.conftest import DEMO_NOW
from tests.reports import builders


async def settle(app: MaceApp, pilot) -> None:
    """Let the workers finish (failed ones included) and the screen catch up."""
    for _ in range(3):
        with contextlib.suppress(WorkerFailed):
            await app.workers.wait_for_complete()
        await pilot.pause()


def app_on(store: Store, settings) -> MaceApp:
    store.notice = None
    return MaceApp(settings=settings, open_store=lambda: store, clock=fixed_clock(DEMO_NOW))


def latest_finished(store: Store) -> int:
    with store.session() as session:
        meeting = latest_meeting(session, status="finished")
        assert meeting is not None and meeting.id is not None
        return meeting.id


async def open_log(app: MaceApp, pilot, meeting_id: int) -> ActionLogScreen:
    await settle(app, pilot)
    screen = ActionLogScreen(meeting_id=meeting_id)
    await app.push_screen(screen)
    await settle(app, pilot)
    return screen


def status(app: MaceApp) -> str:
    return str(app.screen.query_one("#log-status", Static).render())


def tabs(app: MaceApp, selector: str) -> TabbedContent:
    return app.screen.query_one(selector, TabbedContent)


async def shows_tab(pilot, selector: str, tab: str, tries: int = 50) -> bool:
    """Whether the tab becomes active (a key may wait in the key gate on a busy machine)."""
    for _ in range(tries):
        if tabs(pilot.app, selector).active == tab:
            return True
        await pilot.pause(0.05)
    return False


def shown_markdown(app: MaceApp) -> str:
    focused = app.focused
    assert focused is not None and "log-view" in focused.classes
    return focused.query_one(Markdown).source


def notices(app: MaceApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_latest_demo_meeting_shows_meeting_children_and_agencies(
    demo_store: Store, settings
) -> None:
    app = app_on(demo_store, settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_log(app, pilot, latest_finished(demo_store))
        assert (
            "Action log · DRMM Friday 20 November 2026 · version 1 · 4 children · 7 actions"
            in status(app)
        )
        assert await shows_tab(pilot, "#log-tabs", "meeting")
        meeting = shown_markdown(app)
        assert "- **Chair:** DS Ada Testwell" in meeting and "## Attendance" in meeting

        await pilot.press("c")
        assert await shows_tab(pilot, "#log-tabs", "children")
        assert tabs(app, "#child-tabs").tab_count == 4
        assert shown_markdown(app).startswith("## 1. ")
        await pilot.press("right_square_bracket")
        assert await shows_tab(pilot, "#child-tabs", "child-2")
        assert shown_markdown(app).startswith("## 2. ")
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert await shows_tab(pilot, "#child-tabs", "child-4")

        await pilot.press("a")
        assert await shows_tab(pilot, "#log-tabs", "agencies")
        agency = shown_markdown(app)
        # An agency with nothing new but an overdue action to escalate comes first (R12).
        assert agency.startswith("## Demoshire County Children's Services (demo)")
        assert "### For escalation" in agency
        assert "- **Due " in agency  # one action per line at this width

        await pilot.press("m")
        assert await shows_tab(pilot, "#log-tabs", "meeting")


async def test_page_down_scrolls_the_part_shown(demo_store: Store, settings) -> None:
    app = app_on(demo_store, settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_log(app, pilot, latest_finished(demo_store))
        view = app.focused
        assert view is not None and view.id == "meeting-view"
        await pilot.press("pagedown")
        await pilot.pause()
        assert view.scroll_y > 0


async def test_export_all_formats_to_a_typed_folder(
    demo_store: Store, settings, tmp_path: Path
) -> None:
    app = app_on(demo_store, settings)
    target = tmp_path / "exports"
    async with app.run_test(size=(100, 30)) as pilot:
        await open_log(app, pilot, latest_finished(demo_store))
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportFolderScreen)
        field = app.screen.query_one("#export-folder", Input)
        # The user's documents folder: the data folder may be the demo's throw-away one.
        assert field.value == str(tmp_path / "home" / "Documents" / "mace-tui")
        assert not field.value.startswith(str(settings.data_dir))
        field.value = str(target)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ActionLogScreen)
        written = sorted(target.iterdir())
        assert [p.name for p in written] == [
            "action-log_llr-drmm_2026-11-20_v1.csv",
            "action-log_llr-drmm_2026-11-20_v1.docx",
            "action-log_llr-drmm_2026-11-20_v1.md",
        ]
        assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in written)
        assert f"Exported 3 files to {target}" in status(app)
        assert any(
            n.startswith("Wrote 3 files (action log version 1: 4 children") for n in notices(app)
        )

        # The same folder again keeps the first files and writes new names.
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#export-folder", Input).value == str(target)
        await pilot.press("enter")
        await settle(app, pilot)
        assert len(list(target.iterdir())) == 6


async def test_f_writes_the_recording_forms_and_audits_each(
    demo_store: Store, settings, tmp_path: Path
) -> None:
    """f on the action log: one form per subject discussed, Markdown and Word, audited (R24)."""
    from sqlmodel import select

    from store.models import AuditEvent

    app = app_on(demo_store, settings)
    target = tmp_path / "forms"
    async with app.run_test(size=(80, 24)) as pilot:
        await open_log(app, pilot, latest_finished(demo_store))
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, ExportFolderScreen)
        assert "Markdown and Word files" in str(app.screen.query_one("#export-explain").render())
        app.screen.query_one("#export-folder", Input).value = str(target)
        await pilot.press("enter")
        await settle(app, pilot)
        import asyncio

        await asyncio.to_thread(app.writes.drain, 30.0)
        await settle(app, pilot)
        assert isinstance(app.screen, ActionLogScreen)
        written = sorted(target.iterdir())
        assert written and all(p.name.startswith("recording-form-llr-drmm-") for p in written)
        assert sorted({p.suffix for p in written}) == [".docx", ".md"]
        assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in written)
        count = len(written) // 2
        assert any(n.startswith(f"Wrote {count} recording form") for n in notices(app))
    with demo_store.session() as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "export-form")).all()
    assert len(events) == count


async def test_export_one_agency_from_its_tab(demo_store: Store, settings, tmp_path: Path) -> None:
    app = app_on(demo_store, settings)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_log(app, pilot, latest_finished(demo_store))
        assert screen.check_action("export_agency", ()) is None  # not on an agency tab
        # County children's services (escalations only), inclusion service, then police.
        await pilot.press("a", "right_square_bracket", "right_square_bracket", "x")
        await pilot.pause()
        assert isinstance(app.screen, ExportFolderScreen)
        assert "Export the actions for Demoshire Police (demo)" in str(
            app.screen.query_one("#export-title", Static).render()
        )
        app.screen.query_one("#export-folder", Input).value = str(tmp_path / "police")
        await pilot.press("enter")
        await settle(app, pilot)
        assert sorted(p.name for p in (tmp_path / "police").iterdir()) == [
            "action-log_llr-drmm_2026-11-20_v1_police.csv",
            "action-log_llr-drmm_2026-11-20_v1_police.docx",
            "action-log_llr-drmm_2026-11-20_v1_police.md",
        ]


async def test_export_problems_are_explained_and_write_nothing(
    demo_store: Store, settings, tmp_path: Path
) -> None:
    app = app_on(demo_store, settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_log(app, pilot, latest_finished(demo_store))
        # Cancelling writes nothing and says so.
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ActionLogScreen)
        assert "Nothing was exported." in notices(app)
        # An empty folder name is refused inside the dialog.
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#export-folder", Input).value = "  "
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportFolderScreen)
        assert "Folder: type where the files should go" in str(
            app.screen.query_one("#export-problem", Static).render()
        )
        # A folder whose parent is missing: a plain message, no files, no traceback.
        app.screen.query_one("#export-folder", Input).value = str(tmp_path / "no" / "where")
        await pilot.press("enter")
        await settle(app, pilot)
        assert any(
            n.startswith("Folder: ") and "does not exist; create it first" in n
            for n in notices(app)
        )
        assert not (tmp_path / "no").exists()


async def test_inquorate_meeting_shows_only_the_short_record(store: Store, settings) -> None:
    with store.session() as session:
        made = builders.hub(session)
        meeting_id = builders.inquorate_meeting(session, made)
    app = app_on(store, settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_log(app, pilot, meeting_id)
        assert "inquorate: short record" in status(app)
        assert tabs(app, "#log-tabs").tab_count == 1
        text = shown_markdown(app)
        assert "## Who was missing" in text and "Tuesday 24 November 2026" in text
        await pilot.press("c")
        assert "The meeting was inquorate: there is only the short record." in notices(app)


async def test_a_meeting_that_does_not_exist_is_explained(store: Store, settings) -> None:
    app = app_on(store, settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_log(app, pilot, 999)
        assert "The action log could not be read." in status(app)
        assert "meeting 999 does not exist" in status(app)


async def test_escape_returns_to_the_screen_before(demo_store: Store, settings) -> None:
    app = app_on(demo_store, settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_log(app, pilot, latest_finished(demo_store))
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ActionLogScreen)


def _log_snapshot(store: Store, settings) -> tuple[MaceApp, object]:
    app = app_on(store, settings)

    async def run_before(pilot) -> None:
        await open_log(pilot.app, pilot, latest_finished(store))

    return app, run_before


def test_snapshot_80x24(snap_compare, demo_store: Store, settings) -> None:
    app, run_before = _log_snapshot(demo_store, settings)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_snapshot_children_160x50(snap_compare, demo_store: Store, settings) -> None:
    app, run_before = _log_snapshot(demo_store, settings)
    assert snap_compare(app, terminal_size=(160, 50), run_before=run_before, press=["c"])


async def test_amend_an_action_issues_version_2_and_keeps_version_1(
    demo_store: Store, settings
) -> None:
    """n on the log: pick an action, change its owner, give a reason; the log becomes version 2."""
    from sqlmodel import col, select

    from mace_tui.screens.amend_form import AmendScreen
    from store.models import AuditEvent, LogVersion

    app = app_on(demo_store, settings)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_log(app, pilot, latest_finished(demo_store))
        assert "version 1" in status(app)
        await pilot.press("n")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, AmendScreen)
        await pilot.press("enter")  # the first action; its fields are filled in
        owner = form.query_one("#amend-owner", Input)
        assert owner.value  # as it stands
        owner.value = "DC Robin Placeholder"
        await pilot.press("ctrl+s")  # no reason yet: refused, the form comes back
        await asyncio_drain(app, pilot)
        form = app.screen
        assert isinstance(form, AmendScreen)
        assert "Reason: say why" in str(form.query_one("#form-errors", Static).render())
        assert form.query_one("#amend-owner", Input).value == "DC Robin Placeholder"
        form.query_one("#amend-reason", Input).value = "Owner moved team"
        await pilot.press("ctrl+s")
        await asyncio_drain(app, pilot)
        assert app.screen is screen
        assert "version 2" in status(app)
        await pilot.press("m")
        await settle(app, pilot)
        assert "Owner moved team" in shown_markdown(app)
    with demo_store.session() as session:
        numbers = session.exec(select(LogVersion.number).order_by(col(LogVersion.number))).all()
        actions = session.exec(select(AuditEvent.action)).all()
    assert numbers == [1, 2] and "amend-log" in actions


async def test_amend_a_note_shows_only_its_fields_and_issues_version_2(
    demo_store: Store, settings
) -> None:
    """n, then a note from the list: its text and fact/opinion are offered; the log changes."""
    from sqlmodel import select

    from mace_tui.screens.amend_form import AmendScreen
    from store.models import LogVersion, ThriveNote

    app = app_on(demo_store, settings)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_log(app, pilot, latest_finished(demo_store))
        await pilot.press("n")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, AmendScreen)
        first_note = next(i for i, c in enumerate(form.choices) if c.kind == "note")
        for _ in range(first_note):
            await pilot.press("down")
        await pilot.press("enter")
        note_id = int(form.choices[first_note].key[1:])
        # Only the note's fields are shown; the action's are hidden.
        assert form.query_one("#amend-note", Input).display is not False
        assert not form.query_one("#amend-owner", Input).parent.display  # type: ignore[union-attr]
        assert app.focused is form.query_one("#amend-note", Input)
        form.query_one("#amend-note", Input).value = "Seen near the bus station twice."
        await pilot.press("enter", "enter")  # to fact/opinion, then to the reason
        assert app.focused is form.query_one("#amend-reason", Input)
        await pilot.press(*"Place corrected", "enter")
        await asyncio_drain(app, pilot)
        assert app.screen is screen
        assert "version 2" in status(app)
    with demo_store.session() as session:
        note = session.get(ThriveNote, note_id)
        numbers = session.exec(select(LogVersion.number)).all()
    assert note is not None and note.text == "Seen near the bus station twice."
    assert sorted(numbers) == [1, 2]


async def test_only_the_chair_or_an_admin_may_amend(demo_store: Store, settings) -> None:
    """A coordinator's amendment is refused, named, audited; the log stays at version 1."""
    from sqlmodel import select

    from mace_tui.protection import os_user
    from mace_tui.screens.amend_form import AmendScreen
    from store.logins import save_login
    from store.models import AuditEvent, LogVersion

    with demo_store.session() as session:
        save_login(session, os_account=os_user(), roles=("coordinator",))
    app = app_on(demo_store, settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_log(app, pilot, latest_finished(demo_store))
        await pilot.press("n")
        await settle(app, pilot)
        await pilot.press("enter")
        form = app.screen
        assert isinstance(form, AmendScreen)
        form.query_one("#amend-owner", Input).value = "DC Robin Placeholder"
        form.query_one("#amend-reason", Input).value = "Owner moved team"
        await pilot.press("ctrl+s")
        await asyncio_drain(app, pilot)
        form = app.screen
        assert isinstance(form, AmendScreen)
        assert "needs the chair or admin role" in str(
            form.query_one("#form-errors", Static).render()
        )
        assert "version 1" in str(form.query_one(".dialog-title", Static).render())
    with demo_store.session() as session:
        assert session.exec(select(LogVersion)).all() == []
        refused = session.exec(select(AuditEvent).where(AuditEvent.action == "refused")).all()
    assert any("amend the log" in e.detail for e in refused)


async def asyncio_drain(app: MaceApp, pilot) -> None:
    import asyncio

    for _ in range(3):
        await asyncio.to_thread(app.writes.drain, 30.0)
        await settle(app, pilot)

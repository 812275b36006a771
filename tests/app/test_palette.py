"""Every key of the screen in use is also in the command palette, and runs from there."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from mace_tui.factory import make_app
from store.models import Attendance
from tests.app.chair_helpers import TestClock, settle, type_text, wait_for_screen
from tests.conftest import DEMO_TODAY


async def test_attendance_keys_are_commands(settings) -> None:
    app = make_app(
        settings,
        clock=TestClock(datetime(2026, 11, 23, 9, tzinfo=UTC)),
        demo_today=DEMO_TODAY,
        mode="chair",
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "AttendanceScreen")
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for expected in (
            "Present (p)",
            "Absent (a)",
            "Deputy for… (d)",
            "Walk-in (w)",
            "Start meeting (s)",
            "Inquorate (i)",
        ):
            assert expected in titles, titles
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "Present")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        store = app.store
    assert store is not None
    with store.session() as s:
        present = s.exec(
            select(Attendance).where(Attendance.status == "present", Attendance.meeting_id == 20)
        ).all()
    assert len(present) == 1


async def test_keys_moved_in_settings_work_and_the_palette_shows_them(settings) -> None:
    """A [keys] table in settings.toml remaps bindings by id (Textual's keymap)."""
    from dataclasses import replace

    from mace_tui.config import load_settings

    (settings.config_dir / "settings.toml").write_text(
        '[keys]\nattendance.present = "ctrl+y"\n"attendance.absent" = "x,ctrl+b"\n',
        encoding="utf-8",
    )
    moved = load_settings()
    assert dict(moved.keys) == {"attendance.present": "ctrl+y", "attendance.absent": "x,ctrl+b"}
    app = make_app(
        replace(settings, keys=moved.keys),
        clock=TestClock(datetime(2026, 11, 23, 9, tzinfo=UTC)),
        demo_today=DEMO_TODAY,
        mode="chair",
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "AttendanceScreen")
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Present (^y)" in titles or "Present (ctrl+y)" in titles, titles
        assert "Present (p)" not in titles
        await pilot.press("p")  # no longer Present
        await settle(pilot)
        await pilot.press("ctrl+y")
        await settle(pilot)
        store = app.store
    assert store is not None
    with store.session() as s:
        present = s.exec(
            select(Attendance).where(Attendance.status == "present", Attendance.meeting_id == 20)
        ).all()
    assert len(present) == 1


def test_a_bad_key_in_settings_is_named(settings) -> None:
    import pytest

    from mace_tui.config import SettingsError, load_settings

    (settings.config_dir / "settings.toml").write_text(
        '[keys]\n"case.close" = 8\n', encoding="utf-8"
    )
    with pytest.raises(SettingsError, match=r"\[keys\] case.close must be a key name"):
        load_settings()

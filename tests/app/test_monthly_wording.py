"""The monthly meeting (R21) reads as an actions-only meeting all the way through: no
children, no recording banner, its items in the log, and titles that fit at 80 columns."""

from __future__ import annotations

import dataclasses
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual.app import App
from textual.widgets import DataTable, TabPane

from mace_tui.factory import make_app
from mace_tui.screens.action_log import ActionLogScreen
from mace_tui.screens.monthly import MonthlyScreen
from mace_tui.widgets.mic_check import MicCheck
from mace_tui.widgets.recording_indicator import NOT_RECORDED, RecordingIndicator
from tests.app.chair_helpers import TestClock, settle, wait_for_screen
from tests.conftest import DEMO_TODAY

MACE = (sys.executable, "-m", "mace_tui")
START = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
DATA_PACK = "Data pack: referrals, high-risk numbers, repeat referrals, investigations"


def footer_words(app: App[Any]) -> list[str]:
    """What the footer and the command palette offer on the screen shown."""
    return [b.binding.description for b in app.screen.active_bindings.values()]


def indicator_text(app: App[Any]) -> str:
    return str(app.screen.query_one(RecordingIndicator).render())


async def test_monthly_meeting_says_items_and_shows_no_recording_alarm(settings) -> None:
    settings = dataclasses.replace(settings, profile="llr-monthly")
    clock = TestClock(START)
    app = make_app(settings, clock=clock, demo_today=DEMO_TODAY, mode="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "AttendanceScreen")
        await settle(pilot)
        # No microphone check: nothing is recorded, so nothing is opened.
        assert not app.screen.query_one(MicCheck).display
        assert app.chair_audio.current is None
        for _ in range(8):
            await pilot.press("p", "down")
            await settle(pilot)
        await pilot.press("s")
        await wait_for_screen(pilot, "StatementsScreen")
        await settle(pilot)
        assert indicator_text(app) == NOT_RECORDED
        for _ in range(5):
            clock.advance(0.5)
            await pilot.press("enter")
            await settle(pilot)
        await wait_for_screen(pilot, "CarryOverScreen")
        await settle(pilot)
        assert indicator_text(app) == NOT_RECORDED
        assert "Recording unavailable" not in indicator_text(app)
        words = footer_words(app)
        assert "On to the items" in words
        assert not [w for w in words if "child" in w.lower()]
        message = str(app.screen.query_one("#carry-message").render())
        assert "on to the items" in message and "children" not in message
        assert app.chair_audio.current is None
        # Last month's actions were on topics: the list names each one's topic.
        carried = app.screen.query_one("#carried-table", DataTable)
        assert [str(c.label) for c in carried.columns.values()][1] == "Item"
        topics = app.profile.topics
        assert {str(carried.get_row_at(r)[1]) for r in range(carried.row_count)} <= set(topics)

        await pilot.press("f9")
        await wait_for_screen(pilot, "MonthlyScreen")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MonthlyScreen)
        table = screen.query_one("#monthly-items", DataTable)
        # The long topic wraps inside the list rather than running off its edge.
        first = table.get_row_at(0)
        assert str(first[1]) == DATA_PACK
        assert table.rows[next(iter(table.rows))].height > 1
        width = sum(c.get_render_width(table) for c in table.columns.values())
        assert width <= table.scrollable_content_region.width
        shown = "\n".join(
            "".join(seg.text for seg in table.render_line(y)) for y in range(table.size.height)
        )
        assert "investigations" in shown

        # The action form names the item it is for, on one line.
        await pilot.press("n")
        await wait_for_screen(pilot, "ActionEditor")
        title = str(app.screen.query_one("#action-title").render())
        assert title.startswith("New action on: Data pack")
        assert app.screen.query_one("#action-title").size.height == 1
        await pilot.press("escape")
        await wait_for_screen(pilot, "MonthlyScreen")

        await pilot.press("f12")
        await wait_for_screen(pilot, "ConfirmModal")
        await pilot.press("y")
        await wait_for_screen(pilot, "ActionLogScreen")
        await settle(pilot)
        log_screen = app.screen
        assert isinstance(log_screen, ActionLogScreen)
        panes = {p.id for p in log_screen.query(TabPane)}
        assert "items" in panes and "children" not in panes
        status = str(log_screen.query_one("#log-status").render())
        assert "children" not in status
        words = footer_words(app)
        assert "Items" in words and "Children" not in words
        await pilot.press("i")
        await settle(pilot)
        assert log_screen.query_one("#log-tabs").active == "items"  # type: ignore[attr-defined]


async def test_monthly_inquorate_dialog_speaks_of_items_not_children(settings) -> None:
    settings = dataclasses.replace(settings, profile="llr-monthly")
    app = make_app(settings, clock=TestClock(START), demo_today=DEMO_TODAY, mode="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "AttendanceScreen")
        await settle(pilot)
        await pilot.press("i")  # nobody is marked present: not quorate
        await settle(pilot)
        body = str(app.screen.query_one(".dialog-body").render())
        assert "The meeting's items goes to a rearranged meeting" not in body
        assert "The meeting's items go to a rearranged meeting" in body
        assert "The queue (" not in body and "children" not in body.split("Tell:")[0]


def test_demo_no_ui_adds_the_monthly_meetings(tmp_path: Path) -> None:
    """`demo --no-ui --profile llr-monthly` writes what the app's demo shows for it."""
    db = tmp_path / "demo.db"
    result = subprocess.run(
        [*MACE, "--profile", "llr-monthly", "demo", "--no-ui", "--db", f"sqlite:///{db}"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert "Monthly" in result.stdout
    with sqlite3.connect(db) as con:
        dates = [
            row[0] for row in con.execute("SELECT date FROM meeting WHERE profile = 'llr-monthly'")
        ]
    # Today's meeting and last month's, as in the app's demo.
    assert len(set(dates)) == 2


def test_monthly_statements_speak_of_items_not_children() -> None:
    """The research-scope and conflicts statements read at an actions-only meeting (R21) name
    its items; the monthly meeting has no list of children."""
    from mace_tui.profiles import get_profile

    profile = get_profile("llr-monthly", None)
    assert not profile.discuss_children
    said = {s.key: s.text for s in profile.statements}
    for key in ("research", "conflicts"):
        assert "child" not in said[key].lower(), key
        assert "item" in said[key].lower(), key

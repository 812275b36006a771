"""At 80×24 every key the footer shows is whole on screen (issue 17): the footer never
scrolls, and what it leaves out is in the command palette."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from mace_tui.factory import make_app
from store.db import Store
from tests.app.chair_helpers import (
    TestClock,
    meeting_under_way,
    start_child,
    wait_for_screen,
)
from tests.conftest import DEMO_TODAY

START = datetime(2026, 11, 23, 9, 10, tzinfo=UTC)


def keys_cut(app) -> list[str]:
    """The footer's keys that do not fit in its width at 80 columns."""
    footer = app.screen.query_one(Footer)
    right = footer.region.right
    return [
        f"{key.key_display} {key.description}"
        for key in footer.query(FooterKey)
        if key.styles.display != "none" and key.region.right > right
    ]


async def test_attendance_footer_shows_every_key_whole(settings) -> None:
    app = make_app(settings, clock=TestClock(START), demo_today=DEMO_TODAY, mode="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "AttendanceScreen")
        footer = app.screen.query_one(Footer)
        assert footer.virtual_size.width <= footer.size.width, keys_cut(app)
        assert keys_cut(app) == []


async def test_case_footer_shows_every_key_whole(demo_store: Store, settings) -> None:
    meeting_under_way(demo_store, stage="cases", at=START)
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        footer = app.screen.query_one(Footer)
        assert footer.virtual_size.width <= footer.size.width, keys_cut(app)
        await start_child(pilot)
        for tab in ("f2", "f3", "f4", "f5", "f7"):
            await pilot.press(tab)
            await pilot.pause()
            footer = app.screen.query_one(Footer)
            assert footer.virtual_size.width <= footer.size.width, (tab, keys_cut(app))


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_prep_footer_shows_quit_whole(settings, size: tuple[int, int]) -> None:
    """Preparation's footer keeps "q Quit" whole on screen at 80 and at 100 columns; the keys
    it leaves out (export, the agenda from data, the app-wide ^q) are in the command palette."""
    from tests.app.test_prep import prep_app, settle

    app = prep_app(settings)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        assert type(app.screen).__name__ == "PrepScreen"
        footer = app.screen.query_one(Footer)
        shown = [
            f"{key.key_display} {key.description}"
            for key in footer.query(FooterKey)
            if key.styles.display != "none" and key.region.right <= footer.region.right
        ]
        assert "q Quit" in shown, shown
        assert keys_cut(app) == []
        palette = {c.title.split(" (")[0] for c in app.get_system_commands(app.screen)}
        assert {"Export", "Quit"} <= palette

"""At 80×24 every key the footer shows is whole on screen (issue 17): the footer never
scrolls, and what it leaves out is in the command palette."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mace_tui.factory import make_app
from mace_tui.widgets.footer import KeysFooter
from store.db import Store
from tests.app.chair_helpers import (
    TestClock,
    meeting_under_way,
    start_child,
    wait_for_screen,
)
from tests.conftest import DEMO_TODAY

START = datetime(2026, 11, 23, 9, 10, tzinfo=UTC)


def shown(app) -> list[str]:
    """The footer's keys that show whole, as "key description"."""
    footer = app.screen.query_one(KeysFooter)
    return [f"{item.text} {item.binding.description}" for item in whole(footer, True)]


def keys_cut(app) -> list[str]:
    """The footer's keys (or group names) that do not fit in its width."""
    footer = app.screen.query_one(KeysFooter)
    return [item.text for item in whole(footer, False)]


def whole(footer: KeysFooter, fits: bool):
    items = footer.shown_keys()
    palette = items[-1] if items and items[-1].kind == "palette" else None
    room = palette.start if palette is not None else footer.size.width
    return [
        item
        for item in items
        if item.kind != "palette" and (item.end <= room) is fits and (item.binding or not fits)
    ]


async def test_attendance_footer_shows_every_key_whole(settings) -> None:
    app = make_app(settings, clock=TestClock(START), demo_today=DEMO_TODAY, mode="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "AttendanceScreen")
        assert shown(app)
        assert keys_cut(app) == []


async def test_case_footer_shows_every_key_whole(demo_store: Store, settings) -> None:
    meeting_under_way(demo_store, stage="cases", at=START)
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        assert keys_cut(app) == []
        await start_child(pilot)
        for tab in ("f2", "f3", "f4", "f5", "f7"):
            await pilot.press(tab)
            await pilot.pause()
            assert keys_cut(app) == [], tab


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_prep_footer_shows_quit_whole(settings, size: tuple[int, int]) -> None:
    """Preparation's footer keeps "q Quit" whole on screen at 80 and at 100 columns; the keys
    it leaves out (export, the agenda from data, the app-wide ^q) are in the command palette."""
    from tests.app.test_prep import prep_app, settle

    app = prep_app(settings)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        assert type(app.screen).__name__ == "PrepScreen"
        assert "q Quit" in shown(app), shown(app)
        assert keys_cut(app) == []
        palette = {c.title.split(" (")[0] for c in app.get_system_commands(app.screen)}
        assert {"Export", "Quit"} <= palette

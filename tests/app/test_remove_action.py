"""Removing an action asks first, with No as the default, on every screen that lists actions:
the chair's child (F4), an other item (MPRU, AOB). Enter on the question keeps the action;
y removes it, and the list shows it gone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from textual.widgets import DataTable

from mace_tui.factory import make_app
from mace_tui.screens.modals import ConfirmModal
from store.db import Store
from tests.app.chair_helpers import (
    TestClock,
    meeting_under_way,
    settle,
    start_child,
    type_text,
    wait_for_screen,
)
from tests.app.test_free_items_chair import first_free_item

START = datetime(2026, 11, 23, 9, 10, tzinfo=UTC)


async def _open_child(pilot) -> str:
    await start_child(pilot)
    await pilot.press("f4")
    return "CaseScreen"


async def _open_free_item(pilot) -> str:
    await pilot.press("f9")
    await wait_for_screen(pilot, "FreeDiscussionScreen")
    return "FreeDiscussionScreen"


@pytest.mark.parametrize(
    ("free", "open_subject"), [(False, _open_child), (True, _open_free_item)], ids=["child", "free"]
)
async def test_removing_an_action_asks_and_no_is_the_default(
    demo_store: Store, settings, free: bool, open_subject
) -> None:
    if free:
        first_free_item(demo_store)
    meeting_under_way(demo_store, stage="cases", at=START)
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        screen_name = await open_subject(pilot)
        await settle(pilot)
        await pilot.press("n")
        await wait_for_screen(pilot, "ActionEditor")
        await type_text(pilot, "Share the patrol plan with the school")
        await pilot.press("tab")
        await type_text(pilot, "Lou Specimen")
        await pilot.press("tab", "tab")
        await type_text(pilot, "+7d")
        await pilot.press("tab", "space", "ctrl+s")
        await wait_for_screen(pilot, screen_name)
        await settle(pilot)
        table = app.screen.query_one("#actions-table", DataTable)
        assert table.row_count == 1
        table.focus()
        await pilot.press("delete")
        await wait_for_screen(pilot, "ConfirmModal")
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("enter")  # No has the focus: nothing is removed
        await wait_for_screen(pilot, screen_name)
        await settle(pilot)
        assert app.screen.query_one("#actions-table", DataTable).row_count == 1
        app.screen.query_one("#actions-table", DataTable).focus()
        await pilot.press("delete")
        await wait_for_screen(pilot, "ConfirmModal")
        await pilot.press("y")
        await wait_for_screen(pilot, screen_name)
        await settle(pilot)
        assert app.screen.query_one("#actions-table", DataTable).row_count == 0

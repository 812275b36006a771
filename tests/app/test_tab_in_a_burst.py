"""Tab typed in one burst with text moves the text to the next field (issue 17: "Tab right
after typing in the info-sharing dialog sometimes lands the next keys in the previous
field")."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.widgets import Input

from mace_tui.factory import make_app
from store.db import Store
from tests.app.chair_helpers import (
    TestClock,
    meeting_under_way,
    settle,
    start_child,
    wait_for_screen,
)
from tests.app.test_keys_after_opening import burst

START = datetime(2026, 11, 23, 9, 10, tzinfo=UTC)


async def test_keys_after_tab_in_one_burst_land_in_the_next_field(
    demo_store: Store, settings
) -> None:
    meeting_under_way(demo_store, stage="cases", at=START)
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await start_child(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("i")
        await wait_for_screen(pilot, "ActionEditor")
        await settle(pilot)
        burst(app, "S", "hare records\tLou")
        await settle(pilot)
        screen = app.screen
        assert screen.query_one("#action-what").text == "Share records"  # type: ignore[attr-defined]
        assert screen.query_one("#action-owner", Input).value.startswith("Lou")

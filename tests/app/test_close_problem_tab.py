"""F8 on a discussion not ready to close: after the dialog the chair is on the tab that puts
the first problem right (CloseProblem.tab), even when the cursor was in another tab."""

from __future__ import annotations

from datetime import UTC, datetime

from mace_tui.factory import make_app
from mace_tui.widgets.pane_tabs import PaneTabs
from store.db import Store
from tests.app.chair_helpers import (
    TestClock,
    meeting_under_way,
    settle,
    start_child,
    type_text,
    wait_for_screen,
)

START = datetime(2026, 11, 23, 9, 10, tzinfo=UTC)


async def test_back_to_it_lands_on_the_actions_tab_from_the_grade_tab(
    demo_store: Store, settings
) -> None:
    meeting_under_way(demo_store, stage="cases", at=START)
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await start_child(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("h")
        await pilot.press("tab", "tab", "tab", "tab")  # past the three flags to the rationale
        await type_text(pilot, "Named adult and repeated missing episodes")
        team = app.screen.query_one("#team-name")
        for _ in range(8):
            if app.focused is team:
                break
            await pilot.press("tab")
        assert app.focused is team
        await type_text(pilot, "Sampleton Exploitation Team")
        await pilot.pause(0.7)
        await settle(pilot)
        await pilot.press("f8")
        await wait_for_screen(pilot, "ConfirmModal")
        body = str(app.screen.query_one(".dialog-body").render())
        assert body.startswith("• HIGH: add an action allocating a named professional")
        await pilot.press("y")  # Back to it
        await wait_for_screen(pilot, "CaseScreen")
        await settle(pilot)
        assert app.screen.query_one("#case-tabs", PaneTabs).active == "actions"

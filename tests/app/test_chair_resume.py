"""Resume: a meeting half-done in one app instance carries on in a new one on the same store."""

from __future__ import annotations

from datetime import UTC, datetime

from mace_tui.factory import make_app
from mace_tui.widgets.grading_pane import GradingPane
from mace_tui.widgets.thrive_pane import ThrivePane
from tests.app.chair_helpers import (
    TestClock,
    past_carry_over,
    settle,
    start_child,
    type_text,
    wait_for_screen,
)
from tests.conftest import DEMO_TODAY

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


async def test_half_done_meeting_continues_in_a_new_app(settings) -> None:
    clock = TestClock(START)
    first = make_app(settings, clock=clock, demo_today=DEMO_TODAY, mode="chair")
    async with first.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "AttendanceScreen")
        for _ in range(7):
            await pilot.press("p", "down")
            await settle(pilot)
        await pilot.press("s")
        await wait_for_screen(pilot, "StatementsScreen")
        for _ in range(3):  # half the statements
            await pilot.press("enter")
            await settle(pilot)

    second = make_app(settings, clock=clock, demo_today=DEMO_TODAY, mode="chair")
    async with second.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "StatementsScreen")
        assert "3 of 6 confirmed" in str(second.screen.query_one("#statements-title").render())
        for _ in range(3):
            await pilot.press("enter")
            await settle(pilot)
        await past_carry_over(pilot)
        await start_child(pilot)  # Riley
        await pilot.press("down", "enter")  # a note under Harm
        await type_text(pilot, "Bruised hand explained as a fall")
        await pilot.pause(0.7)
        await pilot.press("f3")
        await settle(pilot)  # the grade choice has the focus before the grade key
        await pilot.press("m")
        await pilot.pause(0.7)  # past the grade's autosave
        await settle(pilot)

    third = make_app(settings, clock=clock, demo_today=DEMO_TODAY, mode="chair")
    async with third.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await settle(pilot)
        header = str(third.screen.query_one("#child-header").render())
        assert "Riley Example" in header
        drafts = third.screen.query_one(ThrivePane).drafts
        assert [(d.section, d.text) for d in drafts] == [
            ("harm", "Bruised hand explained as a fall")
        ]
        grading = third.screen.query_one(GradingPane).grading
        assert grading is not None and grading.grade == "MEDIUM"

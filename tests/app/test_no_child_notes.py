"""With no child under discussion, the THRIVE tab shows nothing of the last child and takes
no note: a note started there was saved nowhere, and its words were lost without a word."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.widgets import Static

from mace_tui.factory import make_app
from mace_tui.widgets.thrive_pane import ThrivePane
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


def _pane_text(app) -> str:
    pane = app.screen.query_one(ThrivePane)
    return " ".join(str(s.render()) for s in pane.query(Static))


async def test_after_a_deferral_the_thrive_tab_takes_no_note(demo_store: Store, settings) -> None:
    meeting_under_way(demo_store, stage="cases", at=START)
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await start_child(pilot)
        await pilot.press("enter")  # a note in Threat
        await settle(pilot)
        await type_text(pilot, "Seen with an adult at the flat")
        await pilot.pause(0.7)
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        await type_text(pilot, "Police check still to come")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.case is None  # type: ignore[attr-defined]
        await pilot.press("f2", "enter")
        await settle(pilot)
        await type_text(pilot, "lost words")
        await settle(pilot)
        pane = app.screen.query_one(ThrivePane)
        assert pane.editing is None
        assert "lost words" not in pane.query_one("#note-editor").text  # type: ignore[attr-defined]
        shown = _pane_text(app)
        assert "adult at the flat" not in shown  # nothing of the last child (R18)
        assert "No child under discussion" in shown


async def test_after_a_close_the_grade_tab_shows_nothing_of_the_last_child(
    demo_store: Store, settings
) -> None:
    from mace_tui.widgets.grading_pane import GradingPane

    meeting_under_way(demo_store, stage="cases", at=START)
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await start_child(pilot)
        await pilot.press("f3", "m")
        await settle(pilot)
        app.screen.query_one("#rationale").focus()
        await type_text(pilot, "Older adult contact")
        await pilot.pause(0.7)
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        await type_text(pilot, "Police check still to come")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.case is None  # type: ignore[attr-defined]
        await pilot.press("f3")
        await settle(pilot)
        pane = app.screen.query_one(GradingPane)
        assert pane.query_one("#rationale").text == ""  # type: ignore[attr-defined]
        assert pane.disabled  # nothing to grade until the next child is open

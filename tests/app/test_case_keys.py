"""Keys on the case screen that must not do more than the chair means."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.widgets import Checkbox

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


def grade_shown(app) -> str:
    from textual.widgets import RadioSet

    pressed = app.screen.query_one("#grade-choice", RadioSet).pressed_button
    return "" if pressed is None else str(pressed.label)


async def test_words_typed_off_the_grade_choice_do_not_change_the_grade(
    demo_store: Store, settings
) -> None:
    meeting_under_way(demo_store, stage="cases", at=START)
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await start_child(pilot)
        await pilot.press("f3", "m")
        await settle(pilot)
        assert "MEDIUM" in grade_shown(app)
        await pilot.press("tab")  # on to a checkbox
        await settle(pilot)
        assert isinstance(app.focused, Checkbox)
        await type_text(pilot, "Adult male")  # an l, an m, and an h would all be grades
        assert "MEDIUM" in grade_shown(app)


async def test_the_next_child_starts_with_an_empty_note_editor(demo_store: Store, settings) -> None:
    """Nothing typed about one child may still be on screen for the next (R18)."""
    meeting_under_way(demo_store, stage="cases", at=START)
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await start_child(pilot)
        await pilot.press("enter")  # write a note in Threat
        await settle(pilot)
        await type_text(pilot, "Riley was seen with an adult at the flat")
        await pilot.pause(0.7)
        await settle(pilot)
        await pilot.press("f10")  # defer, with a reason
        await settle(pilot)
        await type_text(pilot, "Police check still to come")
        await pilot.press("enter")
        await settle(pilot)
        await start_child(pilot)
        await settle(pilot)
        editor = app.screen.query_one(ThrivePane).query_one("#note-editor")
        assert editor.text == ""  # type: ignore[attr-defined]
        assert "Riley" not in str(app.screen.query_one(ThrivePane).render())


async def test_escape_asks_before_throwing_a_typed_action_away(demo_store: Store, settings) -> None:
    meeting_under_way(demo_store, stage="cases", at=START)
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await start_child(pilot)
        await pilot.press("f4", "n")
        await wait_for_screen(pilot, "ActionEditor")
        await pilot.press("escape")  # nothing typed: it just closes
        await wait_for_screen(pilot, "CaseScreen")
        await pilot.press("n")
        await wait_for_screen(pilot, "ActionEditor")
        await type_text(pilot, "Refer to the youth project")
        await pilot.press("escape")
        await wait_for_screen(pilot, "ConfirmModal")
        await pilot.press("n")  # keep editing
        await wait_for_screen(pilot, "ActionEditor")
        assert "Refer to the youth project" in app.screen.query_one("#action-what").text  # type: ignore[attr-defined]
        await pilot.press("escape")
        await wait_for_screen(pilot, "ConfirmModal")
        await pilot.press("y")  # discard
        await wait_for_screen(pilot, "CaseScreen")


async def test_tab_accepts_the_suggested_owner_as_right_arrow_does(
    demo_store: Store, settings
) -> None:
    meeting_under_way(demo_store, stage="cases", at=START)
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await start_child(pilot)
        await pilot.press("f4", "n")
        await wait_for_screen(pilot, "ActionEditor")
        await type_text(pilot, "Share the school attendance record with police")
        await pilot.press("tab")
        await settle(pilot)
        owner = app.screen.query_one("#action-owner")
        assert app.focused is owner
        await type_text(pilot, "ds a")
        await settle(pilot)
        await pilot.press("tab")
        await settle(pilot)
        assert owner.value == "DS Ada Testwell"  # type: ignore[attr-defined]
        assert app.focused is not owner  # and on to the next field

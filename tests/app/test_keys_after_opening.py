"""Keys typed just after a key opens a screen or dialog land in that screen's first field,
never on the screen below (issue 17)."""

from __future__ import annotations

from datetime import UTC, datetime

from textual import events

from mace_tui.factory import make_app
from store.db import Store
from tests.app.chair_helpers import (
    TestClock,
    meeting_under_way,
    settle,
    start_child,
    wait_for_screen,
)
from tests.conftest import DEMO_TODAY

START = datetime(2026, 11, 23, 9, 10, tzinfo=UTC)
NAMES = {" ": "space", "\t": "tab"}


def burst(app, first: str, text: str) -> None:
    """One key that opens something, then text, all reaching the app at once (a fast typist,
    or a terminal handing over several keys in one read)."""
    app.post_message(events.Key(first, first if len(first) == 1 else None))
    for char in text:
        app.post_message(events.Key(NAMES.get(char, char), char))


async def test_text_typed_right_after_n_lands_in_the_new_action(
    demo_store: Store, settings
) -> None:
    meeting_under_way(demo_store, stage="cases", at=START)
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await start_child(pilot)
        await pilot.press("f4")
        await settle(pilot)
        burst(app, "n", "Ring school")
        await wait_for_screen(pilot, "ActionEditor")
        await settle(pilot)
        assert app.screen.query_one("#action-what").text == "Ring school"  # type: ignore[attr-defined]
        await pilot.press("escape")
        await wait_for_screen(pilot, "ConfirmModal")
        await pilot.press("y")
        await wait_for_screen(pilot, "CaseScreen")


async def test_text_typed_right_after_w_lands_in_the_walk_in_name(settings) -> None:
    app = make_app(settings, clock=TestClock(START), demo_today=DEMO_TODAY, mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "AttendanceScreen")
        burst(app, "w", "Dev Fakeley")
        await wait_for_screen(pilot, "WalkInModal")
        await settle(pilot)
        assert app.screen.query_one("#walk-name").value == "Dev Fakeley"  # type: ignore[attr-defined]


async def test_keys_typed_right_after_f8_never_reach_the_note_below(
    demo_store: Store, settings
) -> None:
    """F8 checks the discussion (a write) and, with no grade yet, opens "Not ready to close":
    keys typed meanwhile wait for that dialog instead of going into the note underneath."""
    meeting_under_way(demo_store, stage="cases", at=START)
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await start_child(pilot)
        await pilot.press("enter")  # write a note in Threat
        await settle(pilot)
        burst(app, "S", "een at the station")
        await settle(pilot)
        editor = app.screen.query_one("#note-editor")
        typed = editor.text  # type: ignore[attr-defined]
        assert typed.endswith("Seen at the station")
        burst(app, "f8", "abc")
        await wait_for_screen(pilot, "ConfirmModal")
        await settle(pilot)
        assert editor.text == typed  # type: ignore[attr-defined]

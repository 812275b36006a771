"""Steady typing reaches the store even when the app runs its keys late (#15).

On a loaded machine the keys are handled after their save was due. The save
must then happen at once: a timer restarted on every key (or one of 0 s, which
Textual never fires) put it off for as long as the typing went on, and a kill
lost everything since (the CI's kill -9 trial, 46 characters).
"""

from __future__ import annotations

from datetime import UTC, datetime

from mace_tui.chair.autosave import SavePace
from mace_tui.factory import make_app
from mace_tui.widgets.thrive_pane import ThrivePane
from store import discussion
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


async def test_keys_handled_after_their_save_was_due_are_saved_while_typing_goes_on(
    demo_store: Store, settings
) -> None:
    meeting_under_way(demo_store, stage="cases", at=START)
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await start_child(pilot)
        screen = app.screen
        case = screen.case  # type: ignore[attr-defined]
        assert case is not None
        await pilot.press("enter")
        await settle(pilot)
        # Every key comes after its save was due: what a busy machine does to each key.
        screen._pace = SavePace(pause=0.3, at_most=0.0)  # type: ignore[attr-defined]
        typed = ""
        for word in ("seen", "near", "the", "station", "late"):
            typed = f"{typed} {word}".strip()
            await type_text(pilot, word if typed == word else f" {word}")
            stored = ""
            for _ in range(100):  # the editor keeps the focus: no leaving-the-field save
                await pilot.pause(0.05)
                with demo_store.session() as session:
                    notes = discussion.notes(session, item_id=case.item_id)
                stored = notes[-1].text if notes else ""
                if stored == typed:
                    break
            assert stored == typed, f"stored {stored!r} while typing {typed!r}"
        pane = screen.query_one(ThrivePane)
        assert pane.editing is not None and pane.editing.text == typed

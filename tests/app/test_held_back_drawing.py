"""MaceScreen draws nothing while the app holds its output back (Textual would draw and throw
it away), yet loses nothing: a screen under a dialog that changed meanwhile shows the change
once the app draws again."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from mace_tui.screens.base import MaceScreen


class Under(MaceScreen[None]):
    def compose(self) -> ComposeResult:
        yield Static("OLD-TEXT", id="text")


class PlainUnder(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static("OLD-TEXT", id="text")


class Dialog(ModalScreen[None]):
    DEFAULT_CSS = "Dialog Static { dock: bottom; width: 8; }"

    def compose(self) -> ComposeResult:
        yield Static("DIALOG")


async def _shown_after_a_held_back_change(under: Screen[None]) -> str:
    app = App[None]()
    async with app.run_test(size=(40, 10)) as pilot:
        await app.push_screen(under)
        await app.push_screen(Dialog())
        await pilot.pause()
        app._begin_batch()  # as Textual's batch_update
        under.query_one("#text", Static).update("NEW-TEXT")
        await pilot.pause()
        under._refresh_layout()  # as a resize or a style change would, still in the batch
        await pilot.pause()
        app._end_batch()
        await pilot.pause(0.2)
        return app.export_screenshot()


async def test_a_screen_under_a_dialog_shows_a_change_made_while_drawing_was_held() -> None:
    assert "NEW-TEXT" in await _shown_after_a_held_back_change(PlainUnder())  # Textual's own
    assert "NEW-TEXT" in await _shown_after_a_held_back_change(Under())

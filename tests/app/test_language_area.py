"""Better wording (R15) in the text areas: the hint and ctrl+l are about the same phrase."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.app import App, ComposeResult

from mace_tui.factory import make_app
from mace_tui.widgets.language_area import LanguageArea
from store.db import Store
from tests.app.chair_helpers import (
    TestClock,
    meeting_under_way,
    message,
    settle,
    start_child,
    type_text,
    wait_for_screen,
)

SAM = "Sam is putting themselves at risk by going missing and is streetwise."
START = datetime(2026, 11, 23, 9, 10, tzinfo=UTC)


class AreaApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.hints: list[str | None] = []

    def compose(self) -> ComposeResult:
        yield LanguageArea(id="area")

    def on_language_area_hint_changed(self, event: LanguageArea.HintChanged) -> None:
        self.hints.append(event.hit.text if event.hit else None)


async def test_ctrl_l_acts_on_the_phrase_the_hint_shows_and_never_garbles() -> None:
    app = AreaApp()
    async with app.run_test() as pilot:
        area = app.query_one(LanguageArea)
        area.load_text(SAM)
        area.move_cursor(area.document.end)
        await pilot.pause()
        assert app.hints[-1] == "streetwise"  # the phrase before the cursor
        # No drop-in wording fits "is streetwise": nothing is offered, nothing changes.
        assert area.apply_better_wording() is None
        assert area.text == SAM
        area.move_cursor((0, 12))  # inside the first phrase
        await pilot.pause()
        assert app.hints[-1] == "putting themselves at risk"
        replaced = area.apply_better_wording()
        assert replaced is not None and replaced.text == "putting themselves at risk"
        assert area.text == (
            "Sam is being put at risk by others by going missing and is streetwise."
        )


async def test_the_hint_is_about_the_phrase_at_or_before_the_cursor() -> None:
    app = AreaApp()
    async with app.run_test() as pilot:
        area = app.query_one(LanguageArea)
        area.load_text(SAM)
        area.move_cursor((0, 0))
        await pilot.pause()
        assert area.hint_hit is None
        area.move_cursor((0, 40))  # after the first phrase, before the second
        await pilot.pause()
        assert area.hint_hit is not None and area.hint_hit.text == "putting themselves at risk"


async def test_the_hint_shows_on_the_status_line_at_80x24(demo_store: Store, settings) -> None:
    meeting_under_way(demo_store, stage="cases", at=START)
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await start_child(pilot)
        await pilot.press("enter")  # a note in Threat
        await settle(pilot)
        await type_text(pilot, "Riley is streetwise")
        await settle(pilot)
        line = app.screen.query_one("#case-message")
        assert line.region.height >= 1 and line.region.y < 24
        shown = message(app, "#case-message")
        assert "“streetwise”" in shown and "protection" in shown  # the phrase and why
        await pilot.press("ctrl+l")  # nothing fits in place of "streetwise"
        await settle(pilot)
        await type_text(pilot, " but putting herself at risk")
        await settle(pilot)
        assert "ctrl+l → “being put at risk by others”" in message(app, "#case-message")
        await pilot.press("ctrl+l")
        await pilot.press("escape")  # leave the note: the hint goes with it
        await settle(pilot)
        assert "streetwise" not in message(app, "#case-message")

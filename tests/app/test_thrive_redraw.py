"""The THRIVE pane redraws only what a key changed; what it shows stays right.

Each key no longer lays out the whole screen (README, Speed): the note list is laid
out again only when the note takes more or fewer lines. These check what the chair
sees: every line of a note that wraps, and the section's count once a note has text.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import OptionList, Static

from mace_tui.widgets.language_area import LanguageArea
from mace_tui.widgets.thrive_pane import ThrivePane

WORDS = "Seen near the station late with two older males, phone seized by police. "


class PaneApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ThrivePane(id="thrive")


def shown_lines(app: PaneApp) -> list[str]:
    """The note list as drawn on screen (its lines, wrapped at the pane's width)."""
    notes = app.query_one("#notes-text", Static)
    region = notes.region
    lines = [
        "".join(segment.text for segment in app.screen._compositor.render_strips()[y])
        for y in range(region.y, region.y + region.height)
    ]
    return [line[region.x : region.x + region.width].rstrip() for line in lines]


async def test_a_note_that_wraps_shows_every_line_and_the_section_counts_it() -> None:
    app = PaneApp()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ThrivePane)
        pane.load([], default_agency=(None, "Testshire Police"))
        pane.action_new_note()
        await pilot.pause()
        assert isinstance(app.focused, LanguageArea)
        first_height = app.query_one("#notes-text", Static).region.height
        text = WORDS * 3
        for char in text:
            await pilot.press("space" if char == " " else char)
        await pilot.pause()
        notes = app.query_one("#notes-text", Static)
        assert notes.region.height > first_height  # the list grew as the note wrapped
        drawn = " ".join(line.strip() for line in shown_lines(app))
        assert "police." in drawn.split("Seen near the station")[-1]  # the last line is drawn
        assert " ".join(drawn.split()).endswith(" ".join(text.split()))
        sections = app.query_one("#sections", OptionList)
        assert "(1)" in str(sections.get_option_at_index(0).prompt)

        # Emptying the note again takes the count away and shrinks the list.
        for _ in text:
            await pilot.press("backspace")
        await pilot.pause()
        assert "(1)" not in str(sections.get_option_at_index(0).prompt)
        assert app.query_one("#notes-text", Static).region.height == first_height

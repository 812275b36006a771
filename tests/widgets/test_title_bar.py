"""The title bar draws what Textual's Header draws, follows the title, and opens the palette."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.command import CommandPalette
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Header, Static

from mace_tui.widgets.title_bar import TitleBar


def titled(bar: type[Widget], title: str, sub_title: str) -> App[None]:
    class Titled(App[None]):
        TITLE = title
        SUB_TITLE = sub_title

        def compose(self) -> ComposeResult:
            yield bar()
            yield Static("below")

    return Titled()


async def top_line(app: App[None], width: int) -> list[tuple[str, str, object]]:
    """The first line as drawn, segment by segment (text, style, meta), as a snapshot sees it
    before the meta is dropped."""
    async with app.run_test(size=(width, 5)) as pilot:
        await pilot.pause()
        compositor = app.screen._compositor
        chops = compositor._render_chops(compositor.size.region, lambda y: True)
        line = Strip.join(chops[0].values()).simplify()
        return [(s.text, str(s.style), s.style.meta if s.style else None) for s in line]


@pytest.mark.parametrize(
    ("width", "title", "sub_title"),
    [
        (100, "mace-tui", "Daily Risk Management Meeting"),
        (61, "mace-tui", "Daily Risk"),  # an odd room: one more cell on the right
        (30, "mace-tui", "Daily Risk Management Meeting"),  # cut, with an ellipsis
        (41, "A much longer title than the room", "and a sub-title"),  # cut in the title
        (80, "mace-tui", ""),  # no sub-title: no dash
        (19, "mace", "x"),  # room for one cell
        (18, "t", ""),  # no room at all
        (80, "Ünïcödé 日本", "子 sub"),  # wide characters
    ],
)
async def test_it_draws_what_textuals_header_draws(width: int, title: str, sub_title: str) -> None:
    textuals = await top_line(titled(Header, title, sub_title), width)
    ours = await top_line(titled(TitleBar, title, sub_title), width)
    assert ours == textuals


async def test_it_follows_the_screens_title_and_opens_the_palette() -> None:
    app = titled(TitleBar, "mace-tui", "Daily Risk Management Meeting")
    async with app.run_test(size=(80, 5)) as pilot:
        bar = app.screen.query_one(TitleBar)
        app.screen.sub_title = "Preparation"
        await pilot.pause()
        assert "mace-tui — Preparation" in bar.render_line(0).text
        app.title = "Hub"
        await pilot.pause()
        assert "Hub — Preparation" in bar.render_line(0).text
        await pilot.hover(TitleBar, offset=(2, 0))
        await pilot.pause()
        assert bar.tooltip == "Open the command palette"
        await pilot.click(TitleBar, offset=(20, 0))  # the title: nothing happens
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)
        await pilot.click(TitleBar, offset=(1, 0))  # the icon
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)

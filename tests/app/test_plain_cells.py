"""Text people typed shows in the tables as typed: square brackets are not read as markup."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from mace_tui.widgets.cells import plain

TYPED = [
    "Call back [urgent]",  # a word Rich would take for a style, and drop
    "Sampleton [red] team",  # a colour name: it would colour the rest instead
    "Note [/b] here",  # a stray closing tag: it stopped the app
    "Plain words",
]


class OneTable(App[None]):
    def compose(self) -> ComposeResult:
        yield DataTable[object]()


@pytest.mark.parametrize("text", TYPED)
async def test_a_typed_cell_shows_as_typed(text: str) -> None:
    app = OneTable()
    async with app.run_test(size=(80, 6)) as pilot:
        table = app.query_one(DataTable)
        table.add_column("What", width=30)
        table.add_row(*plain(text))
        await pilot.pause()
        shown = "\n".join(table.render_line(y).text for y in range(table.size.height))
        assert text in shown

"""QuickTable draws its one-line text cells as Textual's DataTable does, character by character
and style by style, and leaves every other cell to Textual."""

from __future__ import annotations

from typing import Any

import pytest
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from mace_tui.widgets.cells import headings, plain
from mace_tui.widgets.quick_table import QuickTable

# Cells of every kind our tables hold, and some they may one day.
ROWS: list[tuple[Any, ...]] = [
    plain("1", "Riley Example", "14", "Exampleford"),
    (Text("·", style="dim"), Text("Jordan Sample", style="bold"), "[b]markup[/b]", ""),
    (
        Text.assemble(("M<3m", "red"), "  ", ("prev MED", "dim")),
        Text("Casey Testcase", no_wrap=True, end=""),
        Text(""),
        Text("宽字 wide", style="italic"),
    ),
    plain("4", "A name far too long for its column, cropped", "x", "y"),  # Textual crops
    (Text("right", justify="right"), Text("two\nlines"), Text("a\ttab"), 3.14159),
    (Text("centre", justify="center", style="on blue"), Text("left", justify="left"), 7, None),
    (Text("ends!", end="!"), Text("ends", end="\n"), Text("x", end=""), ""),
]
WIDTHS = (6, 16, 10, 12)


def _cells(lines: list[list[Segment]]) -> list[list[tuple[str, Style | None]]]:
    """Each line as (character, style) pairs: what the terminal shows."""
    return [[(char, segment.style) for segment in line for char in segment.text] for line in lines]


class Tables(App[None]):
    AUTO_FOCUS = None  # each table is focused in turn (the cursor is drawn differently)

    def compose(self) -> ComposeResult:
        for kind, table_id in ((QuickTable, "quick"), (DataTable, "textual")):
            table: DataTable[Any] = kind(id=table_id, zebra_stripes=True, cursor_type="row")
            table.fixed_columns = 1
            for heading, width in zip(headings("#", "Child", "Age", "LA"), WIDTHS, strict=True):
                table.add_column(heading, width=width)
            for row in ROWS:
                table.add_row(*row)
            yield table


CASES = [
    (row, column, base, cursor, hover)
    for row in range(-1, len(ROWS))
    for column in range(len(WIDTHS))
    for base in (Style(), Style(bgcolor="grey11"), Style(color="white", bold=True))
    for cursor, hover in ((False, False), (True, False), (False, True))
]


async def _drawn(table: DataTable[Any], pilot: Any, focused: bool, padding: int) -> list[Any]:
    if focused:
        table.focus()
        await pilot.pause()
    return [
        _cells(table._render_cell(row, column, base, WIDTHS[column] + 2 * padding, cursor, hover))
        for row, column, base, cursor, hover in CASES
    ]


@pytest.mark.parametrize("focused", [False, True], ids=["unfocused", "focused"])
@pytest.mark.parametrize("padding", [1, 0, 2])
async def test_every_cell_is_drawn_as_textual_draws_it(padding: int, focused: bool) -> None:
    app = Tables()
    async with app.run_test(size=(100, 30)) as pilot:
        quick = app.query_one("#quick", QuickTable)
        textual = app.query_one("#textual", DataTable)
        for table in (quick, textual):
            table.cell_padding = padding
        await pilot.pause()
        mine = await _drawn(quick, pilot, focused, padding)
        theirs = await _drawn(textual, pilot, focused, padding)
        for case, my_cell, their_cell in zip(CASES, mine, theirs, strict=True):
            assert my_cell == their_cell, case
        # The comparison covered cells drawn by the quick path, not only Textual's.
        quickly = [
            quick._quick_cell(row, column, base, WIDTHS[column] + 2 * padding, cursor, hover)
            for row, column, base, cursor, hover in CASES
        ]
        assert sum(lines is not None for lines in quickly) > 100


async def test_cells_rich_would_lay_out_are_left_to_textual() -> None:
    app = Tables()
    async with app.run_test(size=(100, 30)) as pilot:
        quick = app.query_one("#quick", QuickTable)
        await pilot.pause()
        style = Style()

        def quick_path(row: int, column: int) -> bool:
            return (
                quick._quick_cell(row, column, style, WIDTHS[column] + 2, False, False) is not None
            )

        assert quick_path(0, 1) and quick_path(2, 1) and quick_path(-1, 1)
        assert not quick_path(3, 1)  # too wide: cropped by Rich
        assert not quick_path(4, 0)  # justified
        assert not quick_path(4, 1)  # two lines
        assert not quick_path(4, 2)  # a tab
        assert not quick_path(5, 1)  # justified left: Rich pads it under its style
        assert not quick_path(0, -1)  # a row label
        assert not quick_path(6, 0) and quick_path(6, 1)  # an end Rich would draw; a new line

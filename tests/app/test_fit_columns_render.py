"""fit_columns shows the new widths at once, even on a table already drawn with its first
widths (issue 17: at 160 columns the demo's attendance table stayed cut at 20 characters
until the first change of a row, though the column had been widened)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable

from mace_tui.widgets.cells import plain
from mace_tui.widgets.fit_columns import fit_columns

AGENCY = "Demoshire County Children's Services (demo)"


class OneTable(App[None]):
    """A table with a Name and an Agency column at ``width`` each, holding ``row``."""

    def __init__(self, *, width: tuple[int, int], row: tuple[object, ...]) -> None:
        super().__init__()
        self.width, self.row = width, row

    def compose(self) -> ComposeResult:
        yield DataTable()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Name", key="name", width=self.width[0])
        table.add_column("Agency", key="agency", width=self.width[1])
        table.add_row(*self.row)


async def test_a_table_drawn_before_it_is_fitted_shows_the_whole_agency() -> None:
    app = OneTable(width=(24, 20), row=("Hal Pretendy", AGENCY))
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        table = app.query_one(DataTable)
        assert AGENCY not in table.render_line(1).text  # drawn cut, at its first widths
        fit_columns(table, {"name": 24, "agency": 20})
        await pilot.pause()
        await pilot.pause()
        assert AGENCY in table.render_line(1).text


async def test_wide_characters_are_given_the_columns_they_take() -> None:
    """A name in wide characters (two columns each) gets the width it takes on screen."""
    app = OneTable(width=(8, 8), row=plain("李小龙 Wong", "Zoë Ångström Ōtsuka"))
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(DataTable)
        fit_columns(table, {"name": 8, "agency": 8})
        await pilot.pause()
        await pilot.pause()
        line = table.render_line(1).text
        assert "李小龙 Wong" in line and "Zoë Ångström Ōtsuka" in line

"""A DataTable that draws its one-line text cells without Rich's layout.

Textual draws every cell through Rich's general pipeline (padding, wrapping, cropping, a
style sandwich), about 100 µs a cell here: the queue's 88 cells took 10 ms of the minute
taker's and the chair's first frame. Almost all our cells are one line of ``Text`` that
fits its column, and for those the result is simple: the cell padding, the text's own
segments, spaces to the column's width, the padding again, each under the row's style, the
text's style and the cursor's, layered as Textual layers them. Any other cell (wrapped, too
wide, a tab or a new line, justified, a row label, taller rows) is drawn by Textual as before.

tests/widgets/test_quick_table.py draws cells both ways and compares them character by
character, style by style.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.widgets import DataTable

if TYPE_CHECKING:
    from textual.widgets._data_table import CellCacheKey

CellType = TypeVar("CellType")

_NULL = Style.null()
_JOIN = Text("\n")  # Rich joins a text's lines with this before drawing it; one line here


class QuickTable(DataTable[CellType]):
    """A DataTable whose one-line text cells are drawn directly (see the module)."""

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        lines = self._quick_cell(row_index, column_index, base_style, width, cursor, hover)
        if lines is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        return lines

    def _quick_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool,
        hover: bool,
    ) -> list[list[Segment]] | None:
        """The cell's lines as Textual draws them, or None for Textual to draw it."""
        is_header = row_index == -1
        if column_index == -1:
            return None  # a row label
        row_key = self._header_row_key if is_header else self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:
            return None
        key: CellCacheKey = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cached = self._cell_render_cache.get(key)
        if cached is not None:
            return cached
        height = self.header_height if is_header else self.rows[row_key].height
        if height != 1:
            return None
        _, cells = self._get_row_renderables(row_index)
        cell = cells[column_index]
        pad = self.cell_padding
        if not isinstance(cell, Text) or not _drawn_as_is(cell, width - 2 * pad):
            return None
        component_style, post_style = self._get_styles_to_render_cell(
            is_header,
            False,
            not is_header and (row_index < self.fixed_rows or column_index < self.fixed_columns),
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        pre = base_style + Style.from_meta({"row": row_index, "column": column_index})
        pre += component_style
        if cell.spans or cell.style:
            segments = list(_JOIN.join([cell]).render(self.app.console, end=""))
        else:  # what Rich draws for a text with no style
            segments = [Segment(cell.plain)]
        fill = width - 2 * pad - cell_len(cell.plain)
        edge = [Segment(" " * pad, _NULL)] if pad else []
        line = [*edge, *segments, *([Segment(" " * fill)] if fill else []), *edge]
        lines = [list(Segment.apply_style(line, style=pre, post_style=post_style))]
        self._cell_render_cache[key] = lines
        return lines


def _drawn_as_is(cell: Text, room: int) -> bool:
    """Whether Rich would draw the text as one line of its own segments, as it is. (A justified
    text is padded by Rich itself, under the text's style; Textual's console options never
    justify.)"""
    plain = cell.plain
    return (
        cell.justify in (None, "default")
        and cell.end in ("", "\n")  # Rich draws any other end after the text
        and room >= 0
        and "\n" not in plain
        and "\t" not in plain
        and cell_len(plain) <= room
    )

"""Table columns that use the width there is (a DataTable's fixed widths cut names at 160 columns).

DataTable has no public way to change a column's width once added; the two
private names it needs (``_require_update_dimensions``, and ``_clear_caches`` so that
rows already drawn at the old widths are drawn again) are used here, in one place, and
tests/app/test_fit_columns_render.py fails if an upgrade moves them.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

SCROLLBAR = 2


def _length(cell: object) -> int:
    """The cell's width on screen (a wide character takes two columns)."""
    if isinstance(cell, Text):
        return cell.cell_len
    if isinstance(cell, str):  # drawn as markup
        return Text.from_markup(cell).cell_len
    return cell_len(str(cell))


def fit_columns(table: DataTable[object], flexible: dict[str, int]) -> None:
    """Share the table's spare width among the ``flexible`` columns (key → minimum width).

    Each gets what its longest cell needs when there is room; otherwise each gets
    its minimum and what room is left is shared in proportion to what more it needs.
    """
    total = table.size.width
    if total <= 0 or not table.columns:
        return
    keys = {key.value: column for key, column in table.columns.items()}
    fixed = sum(c.width for k, c in keys.items() if k not in flexible)
    spare = total - fixed - 2 * table.cell_padding * len(keys) - SCROLLBAR
    need = {
        k: max([minimum, len(str(keys[k].label))] + [_length(v) for v in table.get_column(k)])
        for k, minimum in flexible.items()
        if k in keys
    }
    wanted = sum(need.values())
    floor = sum(flexible[k] for k in need)
    extra = max(spare - floor, 0)  # what is left once every column has its minimum
    above = max(wanted - floor, 1)
    changed = False
    for k, width in need.items():
        grown = flexible[k] + extra * (width - flexible[k]) // above
        new_width = width if wanted <= spare else grown
        changed = changed or keys[k].width != new_width
        keys[k].width = new_width
        keys[k].auto_width = False
    if changed:
        # Rows drawn at the old widths are cached by row, not by width: without this the
        # table kept showing "Demoshire County Chi" at 160 columns until a row changed.
        table._clear_caches()
    table._require_update_dimensions = True
    table.refresh(layout=True)

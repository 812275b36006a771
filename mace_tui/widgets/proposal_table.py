"""The FORM agenda proposed from data (R19) as a table: a heading row per section, then its
entries, each kept, dropped or already queued, with why it is there."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.coordinate import Coordinate
from textual.markup import escape

from mace_tui.rules.form_proposal import FREE_SECTIONS, SECTIONS
from mace_tui.widgets.quick_table import QuickTable

KEPT, DROPPED, QUEUED = "✓", "–", "queued"
MARK_WIDTH, SUBJECT_WIDTH = 6, 24


@dataclass
class Line:
    """One entry as the coordinator sees it: proposed or added, kept or dropped."""

    section: str
    kind: str
    subject_id: int
    name: str
    why: str
    kept: bool
    on_queue: bool = False
    added: bool = False


def cells(line: Line) -> tuple[str, str, str]:
    """An entry's mark, name and reason as markup: a dropped entry struck through."""
    mark = QUEUED if line.on_queue else (KEPT if line.kept else DROPPED)
    name = escape(line.name) + (" [dim](person)[/dim]" if line.kind == "person" else "")
    why = escape(line.why)
    if not line.kept and not line.on_queue:
        name, why = f"[dim strike]{name}[/]", f"[dim]{why}[/]"
    return mark, name, why


class ProposalTable(QuickTable[str]):
    """The proposal by section; knows which section and entry each of its rows shows."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        # What each row is: (section, index into the lines or None for a heading).
        self.shown: list[tuple[str, int | None]] = []

    def draw(self, lines: Sequence[Line], *, width: int, cursor: int | None = None) -> None:
        """Show ``lines`` by section in ``width`` columns; the cursor stays on its row (or
        goes to ``cursor``)."""
        keep = self.cursor_row if cursor is None else cursor
        self.clear(columns=True)
        # Fixed widths, so a long reason wraps onto more lines instead of running off screen.
        self.add_column("", width=MARK_WIDTH)
        self.add_column("Subject", width=SUBJECT_WIDTH)
        self.add_column("Why", width=max(20, width - MARK_WIDTH - SUBJECT_WIDTH - 8))
        self.shown = []
        for key, title in SECTIONS:
            mine = [n for n, line in enumerate(lines) if line.section == key]
            self.add_row("", f"[b]{escape(title)}[/b]", f"[dim]{len(mine)}[/dim]")
            self.shown.append((key, None))
            for n in mine:
                self.add_row(*cells(lines[n]), height=None)
                self.shown.append((key, n))
            if not mine:
                # Two short cells: the subject column is too narrow for the whole hint.
                empty = "" if key in FREE_SECTIONS else "[dim]none from the data[/dim]"
                keys = "o to add" if key == "high-persons" else "a to add"
                self.add_row("", empty, f"[dim]{keys}[/dim]")
                self.shown.append((key, None))
        self.move_cursor(row=min(max(keep, 0), len(self.shown) - 1))

    def current(self, lines: Sequence[Line]) -> tuple[str, Line | None]:
        """The highlighted row's section, and its entry (None on a heading or hint)."""
        row = self.cursor_row
        if not 0 <= row < len(self.shown):
            return SECTIONS[0][0], None
        section, index = self.shown[row]
        return section, (lines[index] if index is not None else None)

    def restyle(self, line: Line) -> None:
        """Show the highlighted entry kept or dropped without drawing the whole table again."""
        row = self.cursor_row
        for column, value in enumerate(cells(line)):
            self.update_cell_at(Coordinate(row, column), value)

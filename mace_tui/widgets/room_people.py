"""The room step's table: everyone at the meeting and anyone out for this child (R2, R3)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from mace_tui.rules.deadline import LOCAL_ZONE
from mace_tui.rules.vocab import role_label
from mace_tui.widgets.cells import plain
from mace_tui.widgets.fit_columns import fit_columns
from mace_tui.widgets.quick_table import QuickTable

if TYPE_CHECKING:
    from mace_tui.chair.room import RoomView
    from store.conflicts import ItemConflict
    from store.records import AttendanceRecord

SOURCE_WORDS = {
    "prepared": "recorded beforehand",
    "asked": "declared as the child came up",
    "raised": "raised during the discussion",
}

Row = tuple["AttendanceRecord | None", "ItemConflict | None"]


def conflict_words(conflict: ItemConflict, *, started: bool) -> str:
    """``out (conflict): knows the family · recorded beforehand``."""
    if conflict.source == "cleared":
        return "in · " + conflict.reason
    when = SOURCE_WORDS.get(conflict.source, conflict.source)
    if conflict.left_at is not None:
        when += f", left {conflict.left_at.astimezone(LOCAL_ZONE):%H:%M}"
    elif not started:
        when += ", leaves when the discussion starts"
    return f"out (conflict): {conflict.reason} · {when}"


def room_rows(view: RoomView) -> list[Row]:
    """The people in the room (with their conflict, if any), then those out and not here."""
    rows: list[Row] = [(p, view.conflict_of(p.person_id)) for p in view.in_room]
    in_room = {p.person_id for p in view.in_room}
    rows += [(None, c) for c in view.conflicts if c.person_id not in in_room]
    return rows


class RoomPeople(QuickTable[object]):
    """Name, agency and where each person stands for this child."""

    WIDTHS = {"name": 26, "agency": 22}

    def add_room_columns(self) -> None:
        """The columns (the screen calls this on mount, before the first ``show``)."""
        self.add_column("Name", key="name", width=self.WIDTHS["name"])
        self.add_column("Agency", key="agency", width=self.WIDTHS["agency"])
        self.add_column("For this child", key="status")

    def show(self, view: RoomView) -> None:
        """Fill the table from ``view``, keeping the cursor's row."""
        row = self.cursor_row
        self.clear()
        for person, conflict in room_rows(view):
            if person is not None:
                name = Text(person.name)
                if person.role != "member":
                    name.append(f" ({role_label(person.role)})", style="dim")
                if person.deputy_for:
                    name.append(f" deputy for {person.deputy_for}", style="dim")
                agency = person.agency
                key = str(person.person_id)
            else:
                assert conflict is not None
                name, agency, key = Text(conflict.name), conflict.agency, f"c{conflict.id}"
            if conflict is None:
                status = Text("in", style="green")
            elif conflict.active:
                status = Text(conflict_words(conflict, started=view.started), style="bold red")
            else:
                status = Text(conflict_words(conflict, started=view.started), style="dim")
            if person is None:
                status = Text("not at the meeting · ", style="dim") + status
            self.add_row(*plain(name, agency, status), key=key)
        if self.row_count:
            self.move_cursor(row=min(max(row, 0), self.row_count - 1))
        self.focus()
        self.fit()

    def selected(self, view: RoomView | None) -> Row:
        """The highlighted row's person and conflict."""
        if view is None:
            return None, None
        rows = room_rows(view)
        if not rows:
            return None, None
        return rows[min(max(self.cursor_row, 0), len(rows) - 1)]

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit)

    def fit(self) -> None:
        """Names and agencies take the width there is, not a fixed cut."""
        fit_columns(self, self.WIDTHS)

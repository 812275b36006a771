"""The child's actions (R8, R9): a table with each action's SMART state."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from mace_tui.chair.closing import draft_of
from mace_tui.rules.smart import check_action
from mace_tui.widgets.cells import plain
from mace_tui.widgets.fit_columns import fit_columns
from store.records import ActionDetail

# Columns that share the width there is (key → least width).
FLEXIBLE = {"what": 18, "owner": 12, "agency": 10}


class ActionsPane(Vertical):
    """Actions agreed for the child. n adds, i adds an information-sharing action, Enter edits."""

    BINDINGS = [
        Binding("ctrl+n,n", "add('action')", "New action", id="actions.new"),
        # Short for the 80-column footer; the palette gives the whole name.
        Binding(
            "i",
            "add('info-share')",
            "Share",
            tooltip="New information-sharing action",
            id="actions.info",
        ),
        Binding("delete", "remove", "Remove", id="actions.remove"),
    ]

    DEFAULT_CSS = """
    ActionsPane { height: 1fr; }
    ActionsPane DataTable { height: 1fr; }
    ActionsPane #actions-hint { height: auto; color: $text-muted; }
    """

    @dataclass
    class EditWanted(Message):
        """Open the editor for an action (None: a new one of ``kind``)."""

        action: ActionDetail | None
        kind: str

    @dataclass
    class RemoveWanted(Message):
        """Remove an action (after confirmation)."""

        action: ActionDetail

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.actions: list[ActionDetail] = []

    def compose(self) -> ComposeResult:
        yield DataTable(id="actions-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="actions-hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        # Due and Agreed before the long text, so 80 columns show them (R8).
        for label in ("#", "Due", "Agreed", "SMART", "What", "Owner", "Agency"):
            table.add_column(label, key=label.lower())

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        # The text, owner and agency share what is left, so 80 columns still show who owns
        # each action (a 60-character text pushed the owner off the edge).
        fit_columns(self.query_one(DataTable), FLEXIBLE)

    def show(
        self,
        actions: Sequence[ActionDetail],
        *,
        today: date,
        excluded_owners: Collection[str] = (),
    ) -> None:
        """Redraw the table; an owner in ``excluded_owners`` (a conflict) is marked ✗."""
        self.actions = list(actions)
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for index, action in enumerate(actions, start=1):
            problems = check_action(draft_of(action), today=today, excluded_owners=excluded_owners)
            blocking = sum(1 for p in problems if p.blocking)
            state = (
                Text("✓", style="green")
                if not problems
                else Text(f"✗ {blocking}", style="bold red")
                if blocking
                else Text(f"! {len(problems)}", style="yellow")
            )
            what = ("ℹ " if action.kind == "info-share" else "") + (
                "★ " if action.allocated_professional else ""
            )
            table.add_row(
                *plain(
                    str(index),
                    f"{action.due:%d %b}" if action.due else "",
                    "yes" if action.agreed else "no",
                    state,
                    what + action.text[:60],
                    action.owner,
                    action.agency,
                ),
                key=str(action.id),
            )
        if actions:
            table.move_cursor(row=min(max(row, 0), len(actions) - 1))
        self._fit()
        self.query_one("#actions-hint", Static).update(
            "n: new action · i: information-sharing action · Enter: edit · Delete: remove"
            if actions
            else "No actions yet. Press n to add one (i for an information-sharing action)."
        )

    def action_add(self, kind: str) -> None:
        self.post_message(self.EditWanted(None, kind))

    @on(DataTable.RowSelected)
    def edit(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.actions:
            self.post_message(self.EditWanted(self.actions[event.cursor_row], "action"))

    def action_remove(self) -> None:
        if self.actions:
            table = self.query_one(DataTable)
            self.post_message(self.RemoveWanted(self.actions[table.cursor_row]))

    def focus_table(self) -> None:
        """Put the focus on the table."""
        self.query_one(DataTable).focus()

"""Earlier meetings' actions to update (R12): a table, the highlighted one in full, one key per update.

c complete · p in progress · x not possible (circumstances changed) ·
d not done (agency) · Enter chooses. Overdue ones are marked in red. Used by
the carry-over step (every open action of the profile) and by the case
screen (the child's own).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.markup import escape
from textual.message import Message
from textual.widgets import DataTable, Static

from mace_tui.rules.carryover import REVIEW_WORDS, days_overdue, is_overdue
from mace_tui.rules.deadline import LOCAL_ZONE
from mace_tui.widgets.cells import plain

if TYPE_CHECKING:
    from mace_tui.prep.npa import ReferralRow
    from store.carryover import CarriedItem

SHORT_WORDS = {
    "open": "open",
    "in-progress": "in progress",
    "complete": "complete",
    "not-possible": "not possible",
    "not-done": "not done",
}
STATUS_STYLES = {
    "complete": "green",
    "in-progress": "yellow",
    "not-possible": "magenta",
    "not-done": "bold red",
}


UPDATE = Binding.Group("Update")


class CarriedActions(Vertical):
    """The actions to update; posts ``ReviewWanted`` for the highlighted one."""

    BINDINGS = [
        # One footer entry for the four ("c p x d Update"), so 80 columns keep the meeting's
        # keys too; each key's own name is in the palette, its tooltip and the table's hint.
        Binding("c", "review('complete')", "Complete", id="carried.complete", group=UPDATE),
        Binding("p", "review('in-progress')", "In progress", id="carried.progress", group=UPDATE),
        Binding(
            "x", "review('not-possible')", "Not possible", id="carried.not_possible", group=UPDATE
        ),
        Binding("d", "review('not-done')", "Not done", id="carried.not_done", group=UPDATE),
    ]

    DEFAULT_CSS = """
    CarriedActions { height: 1fr; }
    CarriedActions DataTable { height: 1fr; }
    CarriedActions #carried-referrals { height: auto; padding: 0 1; display: none; }
    CarriedActions #carried-detail { height: auto; max-height: 5; padding: 0 1;
        border-top: solid $primary 40%; }
    """

    @dataclass
    class ReviewWanted(Message):
        """Give an update on ``item``; ``status`` is the one pressed (None: choose)."""

        item: CarriedItem
        status: str | None

    def __init__(
        self, *, with_child: bool = True, subject_word: str = "Child", id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.with_child = with_child
        # "Item" on an actions-only meeting (R21), whose actions are mostly on topics.
        self.subject_word = subject_word
        self.items: list[CarriedItem] = []
        self.today: date | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="carried-referrals")
        yield DataTable(id="carried-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="carried-detail")

    def on_mount(self) -> None:
        self._columns()

    def on_resize(self) -> None:
        self._columns()
        self._rows()

    def _columns(self) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        fixed = {"due": 8, "owner": 16, "update": 13}
        if self.with_child:
            fixed["child"] = 16
        # Each column has a cell's padding either side; the text gets what is left.
        room = self.size.width - sum(fixed.values()) - 2 * (len(fixed) + 1) - 2
        table.add_column("Due", key="due", width=fixed["due"])
        if self.with_child:
            table.add_column(self.subject_word, key="child", width=fixed["child"])
        table.add_column("What", key="what", width=max(room, 20))
        table.add_column("Owner", key="owner", width=fixed["owner"])
        table.add_column("Update", key="update", width=fixed["update"])

    def show(
        self, items: Sequence[CarriedItem], *, today: date, updated: int | None = None
    ) -> None:
        """Redraw with ``items``, keeping the cursor where it was.

        ``updated``: the action just given an update; the cursor moves on to the
        next one still waiting for an update, so the chair can go down the list.
        """
        self.items = list(items)
        self.today = today
        self._rows()
        if updated is not None:
            self._move_past(updated)

    def show_referrals(self, referrals: Sequence[ReferralRow]) -> None:
        """The subject's open NPA referrals above the actions (R7), an overdue one flagged."""
        from mace_tui.widgets.child_history import referral_lines

        shown = self.query_one("#carried-referrals", Static)
        shown.update("\n".join(referral_lines(referrals)))
        shown.display = bool(referrals)

    def _move_past(self, action_id: int) -> None:
        ids = [item.action_id for item in self.items]
        if action_id not in ids:
            return
        start = ids.index(action_id)
        order = list(range(start + 1, len(ids))) + list(range(start))
        waiting = next((i for i in order if self.items[i].review is None), None)
        if waiting is not None:
            self.query_one(DataTable).move_cursor(row=waiting)
            self._detail()

    def _rows(self) -> None:
        if self.today is None:
            return
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for item in self.items:
            overdue = is_overdue(item.due, item.status, today=self.today)
            due = Text(
                f"{item.due:%d %b}" if item.due else "—",
                style="bold red" if overdue else "",
            )
            if overdue:
                due.append("!", style="bold red")
            cells: list[str | Text] = [due]
            if self.with_child:
                cells.append(item.child_name or item.topic or "(meeting)")
            cells += [item.text, item.owner]
            if item.review is not None:
                status = item.review.status
                cells.append(
                    Text(SHORT_WORDS.get(status, status), style=STATUS_STYLES.get(status, ""))
                )
            else:
                cells.append(Text("to update", style="dim"))
            table.add_row(*plain(*cells), key=str(item.action_id))
        if self.items:
            table.move_cursor(row=min(max(row, 0), len(self.items) - 1))
        self._detail()

    def _selected(self) -> CarriedItem | None:
        if not self.items:
            return None
        row = self.query_one(DataTable).cursor_row
        return self.items[min(max(row, 0), len(self.items) - 1)]

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._detail()

    def _detail(self) -> None:
        detail = self.query_one("#carried-detail", Static)
        item = self._selected()
        if item is None or self.today is None:
            detail.update("[dim]No open actions from earlier meetings.[/dim]")
            return
        lines = [f"[b]{escape(item.text)}[/b]"]
        who = f"{escape(item.owner)}" + (f", {escape(item.agency)}" if item.agency else "")
        facts = [f"Agreed {item.agreed_on:%d %b %Y}", who or "no owner"]
        if self.with_child and (item.child_name or item.topic):
            facts.insert(1, escape(item.child_name or item.topic))
        if item.due is not None:
            late = days_overdue(item.due, today=self.today)
            due = f"due {item.due:%d %b %Y}"
            if is_overdue(item.due, item.status, today=self.today):
                due = f"[b red]{due}: {late} day{'s' if late != 1 else ''} overdue[/]"
            facts.append(due)
        lines.append(" · ".join(facts))
        review = item.review
        if review is not None:
            at = review.reviewed_at.astimezone(LOCAL_ZONE)
            note = f": {escape(review.note)}" if review.note else ""
            lines.append(
                f"Update {at:%H:%M}, given by {escape(review.given_by)} — "
                f"{escape(REVIEW_WORDS.get(review.status, review.status))}{note}"
            )
        else:
            lines.append("[dim]c complete · p in progress · x not possible · d not done[/dim]")
        detail.update("\n".join(lines))

    def action_review(self, status: str) -> None:
        item = self._selected()
        if item is not None:
            self.post_message(self.ReviewWanted(item, status))

    @on(DataTable.RowSelected)
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        item = self._selected()
        if item is not None:
            self.post_message(self.ReviewWanted(item, None))

    def focus_table(self) -> None:
        """Put the focus on the table."""
        self.query_one(DataTable).focus()

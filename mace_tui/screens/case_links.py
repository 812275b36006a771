"""The links of the subject under discussion (R22): add one, remove one, go to a linked one.

Opened from the case screen (ctrl+k). Enter on a link whose other end is on this queue
returns that item, and the case screen puts the queue's cursor on it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, Static

from mace_tui.chair.links import HOW, LinkError, LinkRow, parse_link
from mace_tui.screens.modals import ConfirmModal

if TYPE_CHECKING:
    from mace_tui.app import MaceApp
    from mace_tui.screens.case import CaseScreen


class LinksModal(ModalScreen[int | None]):
    """A subject's links; the result is a linked item on this queue to go to, or None."""

    app: MaceApp

    BINDINGS = [
        Binding("escape", "close", "Close", id="links.close"),
        Binding("delete", "remove", "Remove link", id="links.remove"),
    ]

    DEFAULT_CSS = """
    LinksModal .dialog { width: 76; height: auto; max-height: 90%; }
    LinksModal DataTable { height: auto; max-height: 10; }
    LinksModal #links-message { height: auto; color: $text-muted; }
    """

    def __init__(self, *, item_id: int, subject_kind: str, title: str) -> None:
        super().__init__(classes="modal")
        self.item_id = item_id
        self.subject_kind = subject_kind
        self.title_text = title
        self.rows: list[LinkRow] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"[b]Links of {escape(self.title_text)}[/b]", classes="dialog-title")
            yield DataTable(id="links-table", cursor_type="row", show_header=False)
            yield Input(placeholder="3 seen with · person: name; recruited by", id="link-line")
            yield Static(HOW, id="links-message")

    def on_mount(self) -> None:
        self.query_one(DataTable).add_column("Link", key="link")
        self.query_one("#link-line", Input).focus()
        self.load()

    def load(self, said: str = "") -> None:
        """Read the links."""
        self._read(self.app, self.item_id, said)

    @work(thread=True, exclusive=True, group="links-read", exit_on_error=False)
    def _read(self, app: MaceApp, item_id: int, said: str) -> None:
        from mace_tui.chair.links import discussion_links

        rows = discussion_links(app.require_store(), item_id=item_id)
        app.call_from_thread(self._show, rows, said)

    def _show(self, rows: list[LinkRow], said: str) -> None:
        self.rows = rows
        table = self.query_one(DataTable)
        table.clear()
        for row in rows:
            mark = "  (on this queue: Enter goes to it)" if row.item_id else ""
            table.add_row(escape(row.text) + mark, key=str(row.link_id))
        if not rows:
            table.add_row("No links yet.")
        if said:
            self.say(said)

    def say(self, text: str) -> None:
        """A line under the form."""
        self.query_one("#links-message", Static).update(escape(text))

    @on(Input.Submitted, "#link-line")
    def add(self, event: Input.Submitted) -> None:
        try:
            wanted = parse_link(event.value, subject_kind=self.subject_kind)
        except LinkError as exc:
            self.say(str(exc))
            return
        app = self.app
        item_id, at = self.item_id, self.app.clock()

        def job() -> None:
            from mace_tui.chair.links import add_link

            add_link(app.require_store(), item_id=item_id, wanted=wanted, at=at)

        def done(_: object) -> None:
            self.query_one("#link-line", Input).value = ""
            self.load("Link saved.")

        self._write("link-add", job, done)

    def _write(self, name: str, job: Callable[[], None], done: Callable[[object], None]) -> None:
        """On the app's one write queue; a refusal is said here."""
        gate = self.app.keygate

        def applied(result: object) -> None:
            done(result)
            gate.work_done(busy=self.app.writes.pending > 1)

        def refused(text: str) -> None:
            self.say(text)
            gate.work_done(busy=self.app.writes.pending > 1)

        self.app.writes.submit(name, job, done=applied, refused=refused)

    @on(DataTable.RowSelected)
    def go(self, event: DataTable.RowSelected) -> None:
        if not self.rows:
            return
        row = self.rows[event.cursor_row]
        if row.item_id is None:
            self.say("Not on this queue: it can be added in preparation.")
            return
        self.dismiss(row.item_id)

    def action_remove(self) -> None:
        if not self.rows or not self.query_one(DataTable).has_focus:
            return
        row = self.rows[self.query_one(DataTable).cursor_row]
        app = self.app

        def job() -> None:
            from mace_tui.chair.links import remove_link

            remove_link(app.require_store(), link_id=row.link_id)

        def removed(_: object) -> None:
            self.load("Link removed.")

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._write("link-remove", job, removed)

        self.app.push_screen(
            ConfirmModal("Remove this link?", row.text, yes="Remove", destructive=True), confirmed
        )

    def action_close(self) -> None:
        self.dismiss(None)


def open_links(screen: CaseScreen) -> None:
    """The case screen's ctrl+k: the links of the subject under discussion; going to a linked
    subject on the queue puts the queue's cursor on it."""
    from mace_tui.widgets.case_queue import CaseQueue

    case = screen.case
    if case is None:
        screen.say("Start a discussion first (F9); links are also made in preparation (k).")
        return
    entry = case.summary.entry

    def chosen(item_id: int | None) -> None:
        if item_id is None:
            return
        queue = screen.query_one(CaseQueue)
        screen.action_tab("queue")
        queue.move_cursor(row=queue.get_row_index(str(item_id)))
        screen.say(
            "The linked subject is highlighted: close (F8) or defer (F10) this one, then Enter."
        )

    screen.app.push_screen(
        LinksModal(item_id=entry.item_id, subject_kind=entry.subject_kind, title=entry.name),
        chosen,
    )


__all__ = ["LinksModal", "open_links"]

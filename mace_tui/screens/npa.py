"""NPA referrals (R7): every child a meeting referred to the NPA, tracked until the task is closed.

Opened from the preparation screen (``f``). Overdue referrals come first and
are marked. The form is checked and edited here (``e``), then recorded as sent
(``s``), its outcome from the NPA (``o``), and closed (``c``); each step goes
through ``mace_tui.prep.npa`` on the app's one write queue and is audited.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.markup import escape
from textual.widgets import DataTable, Static

from mace_tui.prep import npa_steps
from mace_tui.screens.base import MaceScreen
from mace_tui.screens.npa_forms import ReferralStepScreen, ReferralTextScreen
from mace_tui.widgets.footer import KeysFooter
from mace_tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from mace_tui.prep.npa import ReferralRow

# Which step each key records, the status it needs, and its fields: (key, label).
STEPS: dict[str, tuple[str, str, tuple[tuple[str, str], ...]]] = {
    "sent": (
        "draft",
        "Record the referral as sent",
        (("sent_on", "Sent on"), ("npa", "To which NPA"), ("sent_by", "Sent by")),
    ),
    "outcome": (
        "sent",
        "Record the NPA's outcome",
        (
            ("outcome", "What the NPA did"),
            ("rationale", "Why not (work not done)"),
            ("received_on", "Received on"),
        ),
    ),
    "close": ("outcome", "Close the referral", (("closed_on", "Closed on"),)),
}


class NpaScreen(MaceScreen[None]):
    """The coordinator's list of NPA referrals, with keys for each step."""

    CSS_PATH = "prep.tcss"
    BINDINGS = [
        Binding("e", "edit", "Check form", id="npa.edit"),
        Binding("s", "step('sent')", "Sent", id="npa.sent"),
        Binding("o", "step('outcome')", "Outcome", id="npa.outcome"),
        Binding("c", "step('close')", "Close", id="npa.close"),
        Binding("escape,q", "back", "Back", id="npa.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ReferralRow] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Reading the referrals…", id="npa-summary")
        yield DataTable(id="npa-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="npa-detail")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        """Read every referral, off the event loop."""
        today, config_dir = self.app.today, self.app.settings.config_dir
        self.read(
            "npa-load",
            lambda store: npa_steps.read_referrals(store, today=today, config_dir=config_dir),
            self._show,
        )

    def _show(self, rows: list[ReferralRow]) -> None:
        from mace_tui.prep.npa import open_summary

        table = self.query_one("#npa-table", DataTable)
        keep = table.cursor_row
        self.rows = rows
        summary = self.query_one("#npa-summary", Static)
        line = open_summary(rows) or "No NPA referral is open."
        summary.set_class("OVERDUE" in line, "warning")
        summary.update(f"[b]{escape(line)}[/b] · {len(rows)} referrals in all")
        table.clear(columns=True)
        table.add_columns("Meeting", "Ref", "Child", "Status", "NPA")
        for row in rows:
            status = row.short_status
            table.add_row(
                f"{row.meeting_date:%d/%m/%Y}",
                escape(row.child_ref),
                escape(row.child_name),
                f"[b red]{escape(status)}[/]" if row.overdue else escape(status),
                escape(row.npa),
                key=str(row.item_id),
            )
        if not rows:
            table.add_row("No meeting has referred a child to the NPA.", "", "", "", "")
        table.move_cursor(row=min(max(keep, 0), max(len(rows) - 1, 0)))
        table.focus()
        self._detail()
        self.refresh_bindings()

    @on(DataTable.RowHighlighted, "#npa-table")
    def highlighted(self) -> None:
        self._detail()
        self.refresh_bindings()

    def _current(self) -> ReferralRow | None:
        row = self.query_one("#npa-table", DataTable).cursor_row
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _detail(self) -> None:
        row = self._current()
        text = ""
        if row is not None:
            parts = [
                row.status_words,
                f"referred by the {row.profile} meeting of {row.meeting_date:%d %b %Y}",
            ]
            parts.append("form checked by the coordinator" if row.edited else "form not checked")
            if row.sent_on:
                parts.append(f"sent {row.sent_on:%d %b %Y} by {row.sent_by}")
            if row.outcome:
                parts.append(f"NPA: {row.outcome}")
            if row.outcome_rationale:
                parts.append(f"why not: {row.outcome_rationale}")
            if row.closed_on:
                parts.append(f"closed {row.closed_on:%d %b %Y}")
            text = escape(" · ".join(parts))
        self.query_one("#npa-detail", Static).update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        row = self._current() if self.is_mounted else None
        if action == "edit":
            return True if row is not None and row.is_open else None
        if action == "step":
            needs = STEPS[str(parameters[0])][0]
            return True if row is not None and row.status == needs else None
        return True

    # -- the form ----------------------------------------------------------------------

    def action_edit(self) -> None:
        """Check and edit the highlighted referral's form."""
        row = self._current()
        if row is not None and row.is_open:
            self.read_text(row)

    def read_text(self, row: ReferralRow) -> None:
        """Read the form (the saved one, or the draft from the discussion), then show it."""
        item_id, at, config_dir = row.item_id, self.app.clock(), self.app.settings.config_dir
        title = f"NPA referral for [b]{escape(row.child_name)}[/b] ({escape(row.child_ref)})"

        def show(text: str) -> None:
            self.app.push_screen(
                ReferralTextScreen(title=title, text=text),
                partial(self._text_entered, item_id=item_id),
            )

        self.read(
            "npa-text",
            lambda store: npa_steps.read_referral_text(
                store, item_id=item_id, at=at, config_dir=config_dir
            ),
            show,
        )

    def _text_entered(self, text: str | None, *, item_id: int) -> None:
        if text is None:
            return
        store = self.app.require_store()
        user, at = self._user(), self.app.clock()
        self.write(
            "npa-text",
            lambda: npa_steps.keep_referral_text(
                store, item_id=item_id, text=text, user=user, at=at
            ),
            done=lambda _: self._saved("The checked form is kept."),
        )

    # -- sent, outcome, closed -----------------------------------------------------------

    def action_step(self, step: str) -> None:
        """Record the next step of the highlighted referral."""
        row = self._current()
        if row is None or row.status != STEPS[step][0]:
            return
        today = f"{self.app.today:%Y-%m-%d}"
        first = {
            "sent_on": today,
            "received_on": today,
            "closed_on": today,
            "npa": row.npa,
            "sent_by": self._user(),
        }
        self._ask(step, row, first, "")

    def _ask(self, step: str, row: ReferralRow, values: dict[str, str], problem: str) -> None:
        _needs, title, fields = STEPS[step]
        self.app.push_screen(
            ReferralStepScreen(
                title=f"{title}: {escape(row.child_ref)}",
                fields=[(key, label, values.get(key, "")) for key, label in fields],
                problem=problem,
            ),
            partial(self._step_entered, step=step, row=row),
        )

    def _step_entered(self, values: dict[str, str] | None, *, step: str, row: ReferralRow) -> None:
        if values is None:
            return
        store = self.app.require_store()
        user, at, today, item_id = self._user(), self.app.clock(), self.app.today, row.item_id
        fields = dict(values)

        def job() -> None:
            npa_steps.record_step(
                store, step=step, item_id=item_id, values=fields, user=user, at=at, today=today
            )

        def refused(text: str) -> None:
            self._ask(step, row, values, text)

        self.write(f"npa-{step}", job, done=lambda _: self._saved("Recorded."), refused=refused)

    def _saved(self, message: str) -> None:
        self.notify(message)
        self.load()

    def _user(self) -> str:
        from mace_tui.protection import os_user

        return os_user()

    def action_back(self) -> None:
        """Back to preparing the meeting."""
        self.dismiss(None)


__all__ = ["STEPS", "NpaScreen"]

"""Opening statements (R4): shown one at a time; the chair confirms each was read."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.widgets import Static

from mace_tui.chair.recording import records_anything
from mace_tui.rules.deadline import LOCAL_ZONE
from mace_tui.screens.base import MaceScreen, queued_write
from mace_tui.widgets.footer import KeysFooter
from mace_tui.widgets.recording_indicator import RecordingIndicator

if TYPE_CHECKING:
    from mace_tui.app import MaceApp


class StatementsScreen(MaceScreen[None]):
    """The profile's statements in order; Enter confirms the one shown."""

    BINDINGS = [
        Binding("enter,space", "confirm", "Confirm read", id="statements.confirm"),
        Binding("up,k", "previous", "Previous", id="statements.previous"),
        Binding("down,j", "next", "Next", id="statements.next"),
        Binding("ctrl+b", "retry_recording", "Retry rec", show=False, id="statements.retry_rec"),
    ]

    def __init__(self, *, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.confirmed: dict[str, datetime] = {}
        self.index = 0

    def compose(self) -> ComposeResult:
        yield Static("", id="statements-title", classes="screen-title")
        yield Static("", id="statements-list")
        with VerticalScroll(id="statement-panel"):
            yield Static("", id="statement-text")
        yield Static("", id="statements-message", classes="hint")
        yield RecordingIndicator(id="recording")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.load(self.app, self.meeting_id)
        indicator = self.query_one(RecordingIndicator)
        if records_anything(self.app.profile):
            self.attach_recorder(self.app, self.meeting_id, indicator)
        else:
            indicator.not_recorded = True

    @work(thread=True, exclusive=True, group="recorder", exit_on_error=False)
    def attach_recorder(self, app: MaceApp, meeting_id: int, indicator: RecordingIndicator) -> None:
        """Show the recorder (introductions are recorded apart from any child, per profile)."""
        audio = app.chair_audio.for_part(app.require_store(), meeting_id, "introductions")
        app.call_from_thread(setattr, indicator, "source", audio)

    @work(thread=True, exclusive=True, group="statements", exit_on_error=False)
    def load(self, app: MaceApp, meeting_id: int) -> None:
        """Read which statements are already confirmed (after a restart, some may be)."""
        from mace_tui.chair.stage import confirmed_statements

        confirmed = confirmed_statements(app.require_store(), meeting_id=meeting_id)
        app.call_from_thread(self._loaded, confirmed)

    def _loaded(self, confirmed: dict[str, datetime]) -> None:
        self.confirmed = confirmed
        statements = self.app.profile.statements
        pending = [i for i, s in enumerate(statements) if s.key not in confirmed]
        self.index = pending[0] if pending else 0
        if not statements or not pending:
            self.finish()
            return
        self.render_all()

    def render_all(self) -> None:
        statements = self.app.profile.statements
        done = sum(1 for s in statements if s.key in self.confirmed)
        self.query_one("#statements-title", Static).update(
            f"[b]Opening statements[/b] — {done} of {len(statements)} confirmed"
        )
        lines = Text()
        for i, statement in enumerate(statements):
            at = self.confirmed.get(statement.key)
            mark = f"✓ {at.astimezone(LOCAL_ZONE):%H:%M}" if at else "      "
            style = "reverse" if i == self.index else ""
            lines.append(f" {mark}  {statement.title} \n", style=style)
        self.query_one("#statements-list", Static).update(lines)
        current = statements[self.index]
        self.query_one("#statement-text", Static).update(
            f"[b]{escape(current.title)}[/b]\n\n{escape(current.text)}"
        )
        self.query_one("#statements-message", Static).update(
            "Read the statement aloud, then press Enter to confirm it."
        )

    def action_previous(self) -> None:
        self.index = max(0, self.index - 1)
        self.render_all()

    def action_next(self) -> None:
        self.index = min(len(self.app.profile.statements) - 1, self.index + 1)
        self.render_all()

    def action_confirm(self) -> None:
        statement = self.app.profile.statements[self.index]
        if statement.key in self.confirmed:
            self.action_next()
            return
        at = self.app.clock()
        # The write queue keeps the order, so the next statement can show at once; the
        # move on to the next stage is queued after every confirmation.
        self.save(statement.key, at)
        self._saved(statement.key, at)

    @queued_write
    def save(self, key: str, at: datetime) -> None:
        """Store the confirmation and its time."""
        from mace_tui.chair.stage import confirm_statement

        confirm_statement(self.app.require_store(), meeting_id=self.meeting_id, key=key, at=at)

    def _saved(self, key: str, at: datetime) -> None:
        self.confirmed[key] = at
        statements = self.app.profile.statements
        pending = [i for i, s in enumerate(statements) if s.key not in self.confirmed]
        if not pending:
            self.finish()
            return
        self.index = pending[0]
        self.render_all()

    def finish(self) -> None:
        """All read: on to the carried-over actions, or the children."""
        self.advance(self.app.clock())

    @queued_write
    def advance(self, at: datetime) -> None:
        """Earlier meetings' open actions come next (R12); with none, the children."""
        from mace_tui.chair.stage import after_statements

        record = after_statements(self.app.require_store(), meeting_id=self.meeting_id, at=at)
        from mace_tui.screens.chair_start import open_stage

        self.app.call_from_thread(open_stage, self.app, record)

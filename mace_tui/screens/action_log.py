"""The action log on screen after a meeting ends: meeting, children and agencies, with exports.

The log is read once in a thread worker; each tab shows the same Markdown the
exported file holds. Exports run in a worker too and report paths and counts.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.markup import escape
from textual.widgets import Static, TabbedContent
from textual.worker import Worker, WorkerState

from mace_tui.screens.action_log_export import LogExports
from mace_tui.widgets.footer import KeysFooter
from mace_tui.widgets.log_tabs import LogBody, log_status
from mace_tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from mace_tui.chair.amend import Amendable
    from mace_tui.reports.export import ExportResult
    from mace_tui.reports.records import ActionLog
    from store.db import Store


class ActionLogScreen(LogExports):
    """The issued action log of one meeting, tab by tab, with keys to export it."""

    CSS_PATH = "action_log.tcss"
    BINDINGS = [
        Binding("m", "section('meeting')", "Meeting", id="log.meeting"),
        Binding("c", "section('children')", "Children", id="log.children"),
        Binding("i", "section('items')", "Items", id="log.items"),
        Binding("a", "section('agencies')", "Agencies", id="log.agencies"),
        Binding("right_square_bracket", "step(1)", "Next", id="log.next"),
        Binding("left_square_bracket", "step(-1)", "Previous", id="log.previous"),
        Binding("e", "export", "Export all", id="log.export"),
        Binding("x", "export_agency", "Export agency", id="log.export_agency"),
        Binding("n", "amend", "Amend", id="log.amend"),
        Binding("f", "export_forms", "Export recording forms", id="log.forms", show=False),
        Binding("escape", "close", "Close", id="log.close"),
    ]

    def __init__(self, meeting_id: int, *, final: bool = False) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        # At the end of the chair's meeting there is nothing to go back to.
        self.final = final
        self.last_folder: Path | None = None
        self.last_export: ExportResult | None = None
        # What an amendment can change (R20), read with the log.
        self.amendable: list[Amendable] = []

    # -- layout ----------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(self._status_text(), id="log-status")
        yield LogBody(id="log-body")
        yield KeysFooter()

    def _status_text(self) -> str:
        return log_status(
            self.record,
            discuss_children=self.app.profile.discuss_children,
            export=self.last_export,
            folder=self.last_folder,
        )

    # -- loading ---------------------------------------------------------------
    def on_mount(self) -> None:
        self.watch(self.app, "store", self._store_changed, init=True)

    def _store_changed(self, store: Store | None) -> None:
        if store is not None and self.record is None:
            self.load_log()

    def load_log(self) -> None:
        """Read the meeting's record once, off the event loop."""
        meeting_id, at, config_dir = self.meeting_id, self.app.clock(), self.app.settings.config_dir

        def job(store: Store) -> tuple[ActionLog, list[Amendable]]:
            from mace_tui.chair.amend import read_log

            return read_log(store, meeting_id=meeting_id, generated_at=at, config_dir=config_dir)

        self.read("action-log", job, lambda read: self._loaded(*read))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Worker messages do not bubble: hand failures to the app's one handler."""
        if event.state != WorkerState.ERROR:
            return
        self.app.report_worker(event)
        if event.worker.group == "action-log":
            from mace_tui.app import user_message

            self.query_one("#log-status", Static).update(
                "[b]The action log could not be read.[/b] "
                + escape(user_message(event.worker.error))
            )

    def _loaded(self, log: ActionLog, choices: list[Amendable]) -> None:
        self.amendable = choices
        self.record = log
        self.call_later(self._show_record)

    async def _show_record(self) -> None:
        if self.record is None:  # read again since (an amendment): shown when it is back
            return
        self.query_one("#log-status", Static).update(self._status_text())
        # Only the body is rebuilt: recomposing the whole screen raced the header's own updates.
        actions_only = not self.app.profile.discuss_children
        await self.query_one(LogBody).show(self.record, actions_only=actions_only)
        self._focus_visible_view()

    # -- moving around ---------------------------------------------------------
    def action_section(self, section: str) -> None:
        """Show the meeting, the children or the agencies."""
        if not self.query_one(LogBody).show_section(section):
            self.notify("The meeting was inquorate: there is only the short record.")
            return
        self._focus_view()

    def action_step(self, step: int) -> None:
        """Next or previous child (or agency) in the section shown."""
        if self.query_one(LogBody).step(step):
            self._focus_view()

    @on(TabbedContent.TabActivated)
    def tab_changed(self) -> None:
        body = self.query_one(LogBody)
        body.fill(body.visible_view_id())
        # "Export agency" applies only on an agency's tab: keep the footer honest.
        self.refresh_bindings()

    def _focus_view(self) -> None:
        """Put the keyboard on the visible part so arrows and Page Down scroll it."""
        self.call_after_refresh(self._focus_visible_view)

    def _focus_visible_view(self) -> None:
        self.query_one(LogBody).focus_visible()

    def action_close(self) -> None:
        """Leave the action log."""
        if self.final:
            self.notify("The meeting has ended. Export the log with e, or press Ctrl+Q to quit.")
        elif len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        else:
            self.notify("This is the first screen; press Ctrl+Q to quit.")

    # -- amending (R20) ---------------------------------------------------------
    def action_amend(self) -> None:
        """Change an action, a note or a grade's rationale: the log is issued again as the
        next version, with the reason."""
        self._ask_amendment({}, "")

    def _ask_amendment(self, values: dict[str, str], problem: str) -> None:
        from mace_tui.screens.amend_form import AmendScreen

        log = self.record
        if log is None or not self.amendable:
            return
        self.app.push_screen(
            AmendScreen(
                version=log.version, choices=self.amendable, values=values, problem=problem
            ),
            self._amendment_entered,
        )

    def _amendment_entered(self, values: dict[str, str] | None) -> None:
        if values is None:
            return
        from mace_tui.chair.amend import change_from
        from mace_tui.protection import os_user

        store, user, at, today = (
            self.app.require_store(),
            os_user(),
            self.app.clock(),
            self.app.today,
        )
        meeting_id, config_dir = self.meeting_id, self.app.settings.config_dir
        change = change_from(values)

        def job() -> int:
            from mace_tui.chair.amend import amend_as

            return amend_as(
                store, meeting_id=meeting_id, change=change, user=user, at=at,
                today=today, config_dir=config_dir,
            )  # fmt: skip

        def done(number: int) -> None:
            self.notify(f"Version {number} of the log issued; earlier versions are kept.")
            self.record = None
            self.load_log()

        self.write(
            "amend-log",
            job,
            done=done,
            refused=lambda text: self._ask_amendment(values, text),
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "section" and parameters:
            # Items for an actions-only meeting (R21), children for any other; each key
            # shows only where its tab can be.
            actions_only = not self.app.profile.discuss_children
            if parameters[0] == "items" and not actions_only:
                return False
            if parameters[0] == "children" and actions_only:
                log = self.record
                return None if log is None else bool(log.children)
        if action == "amend":
            log = self.record
            return True if log is not None and self.amendable and not log.agency_filter else None
        if action in ("export", "export_forms", "section", "step") and self.record is None:
            return None
        if action == "export_agency":
            return True if self._current_agency() is not None else None
        return True

"""The action log on screen after a meeting ends: meeting, children and agencies, with exports.

The log is read once in a thread worker; each tab shows the same Markdown the
exported file holds. Exports run in a worker too and report paths and counts.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.markup import escape
from textual.reactive import reactive
from textual.widgets import Footer, Header, Markdown, Static, TabbedContent, TabPane
from textual.worker import Worker, WorkerState

from mace_tui.screens.base import MaceScreen
from mace_tui.screens.export_folder import ExportFolderScreen

if TYPE_CHECKING:
    from mace_tui.chair.amend import Amendable
    from mace_tui.reports.export import ExportResult
    from mace_tui.reports.records import ActionLog, AgencyActions
    from store.db import Store


def _short_name(name: str) -> str:
    """``Riley E.`` for a tab label."""
    parts = name.split()
    if len(parts) < 2:
        return name
    return f"{parts[0]} {parts[-1][0]}."


class LogBody(Vertical):
    """The log's tabs, built once the log has been read."""

    DEFAULT_CSS = "LogBody { height: 1fr; }"

    def compose(self) -> ComposeResult:
        screen = self.screen
        assert isinstance(screen, ActionLogScreen)
        if screen.record is not None:
            yield from screen._tabs(screen.record)


class ActionLogScreen(MaceScreen[None]):
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

    record: reactive[ActionLog | None] = reactive(None, init=False)

    def __init__(self, meeting_id: int, *, final: bool = False) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        # At the end of the chair's meeting there is nothing to go back to.
        self.final = final
        self.last_folder: Path | None = None
        self.last_export: ExportResult | None = None
        # Each part's Markdown, kept until its tab is first shown: mounting every
        # child's and agency's document up front made the screen slow to appear.
        self._unshown: dict[str, str] = {}
        # What an amendment can change (R20), read with the log.
        self.amendable: list[Amendable] = []

    # -- layout ----------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self._status_text(), id="log-status")
        yield LogBody(id="log-body")
        yield Footer()

    def _scroll(self, markdown: str, pane_id: str) -> VerticalScroll:
        """A focusable scrolling view of one part of the log, filled when first shown."""
        view_id = f"{pane_id}-view"
        self._unshown[view_id] = markdown
        return VerticalScroll(id=view_id, classes="log-view")

    def _tabs(self, log: ActionLog) -> ComposeResult:
        from mace_tui.reports import layout
        from mace_tui.reports.markdown import blocks_to_markdown

        with TabbedContent(id="log-tabs"):
            if log.short_record:
                with TabPane("Meeting (inquorate)", id="meeting"):
                    yield self._scroll(blocks_to_markdown(layout.short_record(log)), "meeting")
                return
            # An actions-only meeting (R21) discusses no children: its topics get a tab of their
            # own, and a Children tab only appears for subjects the coordinator queued.
            actions_only = not self.app.profile.discuss_children
            meeting = [*layout.versions_part(log), *layout.meeting_part(log)]
            if not actions_only:
                meeting += layout.meeting_actions_part(log)
            meeting.append(layout.Heading(2, "Carried-over actions"))
            meeting.append(layout.carried_table(log.carried))
            with TabPane("Meeting", id="meeting"):
                yield self._scroll(blocks_to_markdown(meeting), "meeting")
            if actions_only:
                items = layout.meeting_actions_part(log) or [
                    layout.Paragraph("No actions were agreed on the meeting's items.")
                ]
                count = len(log.meeting_actions)
                with TabPane(f"Items ({count} action{'' if count == 1 else 's'})", id="items"):
                    yield self._scroll(blocks_to_markdown(items), "items")
            if log.children or not actions_only:
                yield from self._children_tab(log, actions_only=actions_only)
            with TabPane(f"Agencies ({len(log.agencies)})", id="agencies"):
                if not log.agencies:
                    yield Static("No actions were agreed.", classes="log-empty")
                else:
                    with TabbedContent(id="agency-tabs"):
                        for index, agency in enumerate(log.agencies, start=1):
                            with TabPane(escape(agency.name), id=f"agency-{index}"):
                                blocks = layout.agency_section(agency, level=2, compact=True)
                                yield self._scroll(blocks_to_markdown(blocks), f"agency-{index}")

    def _children_tab(self, log: ActionLog, *, actions_only: bool) -> ComposeResult:
        from mace_tui.reports import layout
        from mace_tui.reports.markdown import blocks_to_markdown

        word = "Subjects" if actions_only else "Children"
        with TabPane(f"{word} ({len(log.children)})", id="children"):
            if not log.children:
                yield Static("No children were on this meeting's queue.", classes="log-empty")
                return
            with TabbedContent(id="child-tabs"):
                for child in log.children:
                    label = f"{child.order} {_short_name(child.child.name)}"
                    with TabPane(escape(label), id=f"child-{child.order}"):
                        show = layout.free_section if child.kind == "free" else layout.child_section
                        blocks = show(child, level=2, compact=True)
                        yield self._scroll(blocks_to_markdown(blocks), f"child-{child.order}")

    def _status_text(self) -> str:
        log = self.record
        if log is None:
            return "Reading the action log…"
        meeting = log.meeting
        from mace_tui.reports import words

        head = f"[b]Action log[/b] · {escape(meeting.short_name)} {words.long_date(meeting.date)}"
        head += f" · {log.version_label}"
        if log.short_record:
            return head + " · inquorate: short record"
        acts = len(log.actions)
        kinds = [c.kind for c in log.children]
        if self.app.profile.discuss_children or kinds:  # an actions-only meeting: none
            head += f" · {words.subjects_counted(kinds)}"
        head += f" · {acts} action{'' if acts == 1 else 's'}"
        if self.last_export is not None:
            head += (
                f"\nExported {len(self.last_export.paths)} files to {escape(str(self.last_folder))}"
            )
        return head

    # -- loading ---------------------------------------------------------------
    def on_mount(self) -> None:
        self.watch(self.app, "store", self._store_changed, init=True)

    def _store_changed(self, store: Store | None) -> None:
        if store is not None and self.record is None:
            self.load_log(store)

    @work(thread=True, exclusive=True, group="action-log", exit_on_error=False)
    def load_log(self, store: Store) -> None:
        """Read the meeting's record once, off the event loop."""
        from mace_tui.chair.amend import amendable
        from mace_tui.reports.action_log import build_action_log

        with store.session() as session:
            log = build_action_log(
                session,
                meeting_id=self.meeting_id,
                generated_at=self.app.clock(),
                config_dir=self.app.settings.config_dir,
            )
            choices = [] if log.short_record else amendable(session, meeting_id=self.meeting_id)
        self.app.call_from_thread(self._loaded, log, choices)

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
        self._unshown.clear()
        self.query_one("#log-status", Static).update(self._status_text())
        # Only the body is rebuilt: recomposing the whole screen raced the header's own updates.
        await self.query_one(LogBody).recompose()
        self._focus_visible_view()

    # -- moving around ---------------------------------------------------------
    def _outer(self) -> TabbedContent | None:
        found = self.query("#log-tabs")
        return found.first(TabbedContent) if found else None

    def action_section(self, section: str) -> None:
        """Show the meeting, the children or the agencies."""
        outer = self._outer()
        if outer is None or not outer.query(f"TabPane#{section}"):
            self.notify("The meeting was inquorate: there is only the short record.")
            return
        outer.active = section
        self._focus_view()

    def action_step(self, step: int) -> None:
        """Next or previous child (or agency) in the section shown."""
        outer = self._outer()
        if outer is None or outer.active not in ("children", "agencies"):
            return
        inner_id = "#child-tabs" if outer.active == "children" else "#agency-tabs"
        found = self.query(inner_id)
        if not found:
            return
        inner = found.first(TabbedContent)
        prefix = "child-" if outer.active == "children" else "agency-"
        panes = [pane.id for pane in inner.query(TabPane) if pane.id and pane.id.startswith(prefix)]
        if not panes:
            return
        index = panes.index(inner.active) if inner.active in panes else 0
        inner.active = panes[(index + step) % len(panes)]
        self._focus_view()

    @on(TabbedContent.TabActivated)
    def tab_changed(self) -> None:
        self._fill(self._visible_view_id())
        # "Export agency" applies only on an agency's tab: keep the footer honest.
        self.refresh_bindings()

    def _focus_view(self) -> None:
        """Put the keyboard on the visible part so arrows and Page Down scroll it."""
        self.call_after_refresh(self._focus_visible_view)

    def _visible_view_id(self) -> str | None:
        outer = self._outer()
        if outer is None:
            return None
        pane = outer.active
        inner = {"children": "#child-tabs", "agencies": "#agency-tabs"}.get(pane)
        if inner is not None:
            found = self.query(inner)
            if not found:
                return None
            pane = found.first(TabbedContent).active
        return f"{pane}-view"

    def _fill(self, view_id: str | None) -> None:
        markdown = self._unshown.pop(view_id, None) if view_id else None
        if markdown is not None:
            self.query_one(f"#{view_id}", VerticalScroll).mount(Markdown(markdown))

    def _focus_visible_view(self) -> None:
        view_id = self._visible_view_id()
        if view_id is None:
            return
        self._fill(view_id)
        views = self.query(f"#{view_id}")
        if views:
            views.first().focus()

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
            from mace_tui.access.service import AccessRefused, require
            from mace_tui.chair.amend import AmendError, amend

            try:  # the chair or an admin (R20); a refusal is audited
                require(store, "amend", at=at, account=user, what="amend the log")
            except AccessRefused as refused:
                raise AmendError(str(refused)) from None
            with store.session() as session:
                issued = amend(
                    session, meeting_id=meeting_id, change=change, user=user, at=at,
                    today=today, config_dir=config_dir,
                )  # fmt: skip
            return issued.number

        def done(number: int) -> None:
            self.notify(f"Version {number} of the log issued; earlier versions are kept.")
            self.record = None
            self.load_log(store)

        self.write(
            "amend-log",
            job,
            done=done,
            refused=lambda text: self._ask_amendment(values, text),
        )

    # -- exporting -------------------------------------------------------------
    def _current_agency(self) -> AgencyActions | None:
        outer = self._outer()
        log = self.record
        if outer is None or log is None or outer.active != "agencies":
            return None
        found = self.query("#agency-tabs")
        if not found:
            return None
        active = found.first(TabbedContent).active
        if not active.startswith("agency-"):
            return None
        return log.agencies[int(active.removeprefix("agency-")) - 1]

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

    def action_export(self) -> None:
        """Ask for a folder, then write the whole log as Markdown, CSV and Word."""
        self._ask_folder(None)

    def action_export_forms(self) -> None:
        """Ask for a folder, then write each discussed subject's recording form (R24)."""
        if self.record is None or self.record.short_record:
            self.notify("The meeting was inquorate: nobody was discussed, so there are no forms.")
            return
        folder = self.last_folder or self.app.settings.proposed_export_dir

        def chosen(target: Path | None) -> None:
            if target is None:
                self.notify("Nothing was exported.")
                return
            self._write_forms(target)

        self.app.push_screen(
            ExportFolderScreen(
                what="the recording forms", folder=folder, formats="Markdown and Word"
            ),
            chosen,
        )

    def _write_forms(self, folder: Path) -> None:
        from mace_tui.protection import os_user

        store, user, at = self.app.require_store(), os_user(), self.app.clock()
        meeting_id, config_dir = self.meeting_id, self.app.settings.config_dir

        def job() -> int:
            from mace_tui.chair.forms import export_meeting_forms

            written = export_meeting_forms(
                store, meeting_id=meeting_id, folder=folder, config_dir=config_dir,
                user=user, at=at,
            )  # fmt: skip
            return len(written)

        def done(count: int) -> None:
            self.last_folder = folder
            self.notify(
                f"Wrote {count} recording form{'' if count == 1 else 's'} "
                f"({2 * count} files, Markdown and Word).\nFolder: {folder}",
                title="Exported",
                timeout=10,
            )

        self.write("export-forms", job, done=done)

    def action_export_agency(self) -> None:
        """Ask for a folder, then write the shown agency's copy in every format."""
        agency = self._current_agency()
        if agency is None:
            self.notify("Open an agency's tab first (a, then [ or ]).")
            return
        self._ask_folder(agency)

    def _ask_folder(self, agency: AgencyActions | None) -> None:
        if self.record is None:
            return
        folder = self.last_folder or self.app.settings.proposed_export_dir
        what = f"the actions for {agency.name}" if agency else "the whole action log"

        def chosen(target: Path | None) -> None:
            if target is None:
                self.notify("Nothing was exported.")
                return
            self.export_files(target, agency)

        self.app.push_screen(ExportFolderScreen(what=what, folder=folder), chosen)

    @work(thread=True, exclusive=True, group="action-log-export", exit_on_error=False)
    def export_files(self, folder: Path, agency: AgencyActions | None) -> None:
        """Render and write every format, off the event loop."""
        from mace_tui.reports.export import FORMATS, export_action_log

        log = self.record
        if log is None:
            return
        if agency is not None:
            log = log.for_agency(agency)
        result = export_action_log(log, folder, FORMATS, field="Folder")
        from mace_tui.access.events import record_log_export
        from mace_tui.chair.amend import keep_exported
        from mace_tui.protection import os_user

        store, user, at = self.app.require_store(), os_user(), self.app.clock()
        record_log_export(store, user=user, at=at, log=log, paths=result.paths)
        keep_exported(store, log=log, paths=result.paths, user=user, at=at)
        self.app.call_from_thread(self._exported, folder, result)

    def _exported(self, folder: Path, result: ExportResult) -> None:
        self.last_folder = folder
        self.last_export = result
        self.query_one("#log-status", Static).update(self._status_text())
        self.notify(f"{result.summary()}\nFolder: {folder}", title="Exported", timeout=10)

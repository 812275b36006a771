"""The action log screen's exports: the whole log or one agency's part (Markdown, CSV, Word),
and each discussed subject's recording form (R24). Each asks for a folder first; the files are
written off the event loop and the export is audited.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.reactive import reactive
from textual.widgets import Static

from mace_tui.screens.base import MaceScreen
from mace_tui.screens.export_folder import ExportFolderScreen
from mace_tui.widgets.log_tabs import LogBody

if TYPE_CHECKING:
    from mace_tui.reports.export import ExportResult
    from mace_tui.reports.records import ActionLog, AgencyActions
    from store.db import Store


class LogExports(MaceScreen[None]):
    """Export keys for the action log screen, which reads ``record`` and shows the status."""

    record: reactive[ActionLog | None] = reactive(None, init=False)
    meeting_id: int
    last_folder: Path | None
    last_export: ExportResult | None

    def _status_text(self) -> str:
        """The status line (the action log screen's own)."""
        raise NotImplementedError

    def _current_agency(self) -> AgencyActions | None:
        index, log = self.query_one(LogBody).agency_index(), self.record
        return None if index is None or log is None else log.agencies[index]

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

    def export_files(self, folder: Path, agency: AgencyActions | None) -> None:
        """Render and write every format, off the event loop."""
        from mace_tui.protection import os_user

        if self.record is not None:
            store, user, at = self.app.require_store(), os_user(), self.app.clock()
            self._export_files(self.record, agency, folder, store, user, at)

    @work(thread=True, exclusive=True, group="action-log-export", exit_on_error=False)
    def _export_files(
        self,
        log: ActionLog,
        agency: AgencyActions | None,
        folder: Path,
        store: Store,
        user: str,
        at: datetime,
    ) -> None:
        from mace_tui.chair.log_export import export_log_files

        result = export_log_files(store, log=log, agency=agency, folder=folder, user=user, at=at)
        self.app.call_from_thread(self._exported, folder, result)

    def _exported(self, folder: Path, result: ExportResult) -> None:
        self.last_folder = folder
        self.last_export = result
        self.query_one("#log-status", Static).update(self._status_text())
        self.notify(f"{result.summary()}\nFolder: {folder}", title="Exported", timeout=10)

"""Exporting an issued action log from the screen: the files, the audit record, version 1 kept."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mace_tui.reports.export import ExportResult
    from mace_tui.reports.records import ActionLog, AgencyActions
    from store.db import Store


def export_log_files(
    store: Store,
    *,
    log: ActionLog,
    agency: AgencyActions | None,
    folder: Path,
    user: str,
    at: datetime,
) -> ExportResult:
    """Write ``log`` (only ``agency``'s part when given) as Markdown, CSV and Word into
    ``folder``; audit the export and keep the Markdown as version 1 if none is kept yet."""
    from mace_tui.access.events import record_log_export
    from mace_tui.chair.amend import keep_exported
    from mace_tui.reports.export import FORMATS, export_action_log

    if agency is not None:
        log = log.for_agency(agency)
    result = export_action_log(log, folder, FORMATS, field="Folder")
    record_log_export(store, user=user, at=at, log=log, paths=result.paths)
    keep_exported(store, log=log, paths=result.paths, user=user, at=at)
    return result

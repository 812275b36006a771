"""Exporting an issued action log from the screen: the files, the audit record, version 1 kept."""

from __future__ import annotations

from collections.abc import Sequence
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
    from mace_tui.reports.export import FORMATS, export_action_log

    if agency is not None:
        log = log.for_agency(agency)
    result = export_action_log(log, folder, FORMATS, field="Folder")
    keep_and_audit(store, log=log, paths=result.paths, user=user, at=at)
    return result


def keep_and_audit(
    store: Store,
    *,
    log: ActionLog,
    paths: Sequence[Path],
    user: str,
    at: datetime,
    without_notes: bool = False,
) -> None:
    """Once an action log's files are written: keep the Markdown as version 1 if none is kept
    yet, and audit the export, in one commit. Apart, a crash between them left the first
    issue audited but not kept, and a later file became version 1 (R20)."""
    from mace_tui.access.events import record_log_export
    from mace_tui.chair.amend import keep_exported
    from store.db import all_or_nothing

    with store.session() as session, all_or_nothing(session):
        keep_exported(session, log=log, paths=paths, user=user, at=at)
        record_log_export(  # last: the audit anchor moves once the block commits
            session, user=user, at=at, log=log, paths=paths, without_notes=without_notes
        )

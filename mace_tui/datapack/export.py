"""Writing the data pack to files: every format rendered first, then all written or none.

Files are 0600, never written over an existing file (``mace_tui.reports.files``),
and each export is one audit event naming the month and the files.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from mace_tui.datapack.pack import DataPack
from mace_tui.datapack.render import file_stem, render_csv, render_docx, render_markdown
from mace_tui.reports.files import OutputError, prepare_folder, write_new
from store.audit import AuditRecord, append_event
from store.db import Store

EXPORT_PACK = "export-data-pack"
RENDERERS = {".md": render_markdown, ".csv": render_csv, ".docx": render_docx}


def export_pack(pack: DataPack, folder: Path, *, field: str = "--out") -> tuple[Path, ...]:
    """Write the pack as Markdown, CSV and Word into ``folder``; on failure nothing is left."""
    rendered = [(suffix, render(pack)) for suffix, render in RENDERERS.items()]
    target = prepare_folder(folder, field=field)
    written: list[Path] = []
    try:
        for suffix, data in rendered:
            written.append(write_new(target, file_stem(pack), suffix, data))
    except OutputError:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return tuple(written)


def record_pack_export(
    store: Store, *, user: str, at: datetime, pack: DataPack, paths: Sequence[Path]
) -> AuditRecord:
    """Write that ``user`` exported the data pack of a month, and where."""
    detail = "; ".join(
        [
            f"data pack of {pack.month} ({len(pack.months)}-month trend)",
            f"{len(paths)} files: {', '.join(p.name for p in paths)}",
            f"folder {paths[0].parent}" if paths else "no files",
        ]
    )
    with store.session() as session:
        return append_event(session, action=EXPORT_PACK, os_user=user, at=at, detail=detail)


__all__ = ["EXPORT_PACK", "export_pack", "record_pack_export"]

"""Export an action log to files: render every format first, then write them all or none."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from mace_tui.reports import words
from mace_tui.reports.files import OutputError, prepare_folder, write_new
from mace_tui.reports.records import ActionLog
from store.frozen import record

FORMATS = ("md", "csv", "docx")
SUFFIXES = {"md": ".md", "csv": ".csv", "docx": ".docx"}


def _renderer(fmt: str) -> Callable[[ActionLog], bytes]:
    # Imported on use: Word support pulls in lxml, which Markdown and CSV never need.
    if fmt == "md":
        from mace_tui.reports.markdown import render_markdown_bytes

        return render_markdown_bytes
    if fmt == "csv":
        from mace_tui.reports.csv_out import render_csv_bytes

        return render_csv_bytes
    if fmt == "docx":
        from mace_tui.reports.docx_out import render_docx_bytes

        return render_docx_bytes
    raise OutputError(f"--format: {fmt!r} is not a format; use one of {', '.join(FORMATS)}.")


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


@record
class ExportResult:
    """What was written: paths and counts only, never a child's name (R18)."""

    paths: tuple[Path, ...]
    subjects: tuple[str, ...]  # the kind of each subject in the log (child, person, location)
    actions: int
    carried: int
    version: int

    def summary(self) -> str:
        """One line for the command line or a notification."""
        return (
            f"Wrote {_count(len(self.paths), 'file', 'files')} (action log version {self.version}: "
            f"{words.subjects_counted(self.subjects)}, {_count(self.actions, 'action', 'actions')}, "
            f"{_count(self.carried, 'carried-over update', 'carried-over updates')})."
        )


def export_action_log(
    log: ActionLog, folder: Path, formats: Sequence[str], *, field: str = "--out"
) -> ExportResult:
    """Write ``log`` in each of ``formats`` into ``folder``; on failure nothing is left."""
    wanted = list(dict.fromkeys(formats))
    rendered = [(fmt, _renderer(fmt)(log)) for fmt in wanted]
    target = prepare_folder(folder, field=field)
    stem = words.file_stem(log)
    written: list[Path] = []
    try:
        for fmt, data in rendered:
            written.append(write_new(target, stem, SUFFIXES[fmt], data))
    except OutputError:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    if log.agency_filter:
        agency = log.agencies[0]
        actions = len(agency.actions)
        kind_of = {c.child.ref: c.kind for c in log.children}
        refs = {a.child.ref for a in agency.actions if a.child.ref}
        subjects = tuple(kind_of.get(ref, "child") for ref in sorted(refs))
    else:
        actions = len(log.actions)
        subjects = tuple(c.kind for c in log.children)
    return ExportResult(tuple(written), subjects, actions, len(log.carried), log.version)

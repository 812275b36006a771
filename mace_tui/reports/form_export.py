"""Recording forms to files (R24): Markdown and Word, marked, 0600, never over an existing file.

Every form is rendered before anything is written; a failure part-way removes
what this export wrote, so a folder never holds half of a meeting's forms.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

from mace_tui.reports.files import OutputError, prepare_folder, write_new
from mace_tui.reports.markdown import blocks_to_markdown
from mace_tui.reports.marking import marking_line
from mace_tui.reports.recording_form import RecordingForm, document

CLOSING = (
    "Shared only with the people listed above. Keep it with the subject's record; "
    "do not print it or pass it on."
)


def render_markdown(form: RecordingForm) -> bytes:
    """The form as Markdown, the marking on its first and last line."""
    marking = marking_line(form.log.version_label)
    body = blocks_to_markdown(document(form))
    return f"{marking}\n\n{body}\n\n---\n\n{CLOSING}\n\n{marking}\n".encode()


def render_docx(form: RecordingForm) -> bytes:
    """The form as a Word document, marked in the header and footer of every page."""
    from docx import Document
    from docx.shared import Pt

    from mace_tui.reports.docx_out import _add_block, _set_up_page

    marking = marking_line(form.log.version_label)
    doc = Document()
    doc.styles["Normal"].font.size = Pt(10)
    _set_up_page(doc.sections[0], marking)
    properties = doc.core_properties
    meeting = form.log.meeting
    # Shown by file browsers: the opaque reference only, never the child's name.
    properties.title = (
        f"Recording form {form.child.child.ref}, {meeting.short_name} {meeting.date:%Y-%m-%d}"
    )
    properties.subject = marking
    properties.author = "mace-tui"
    properties.last_modified_by = "mace-tui"
    properties.keywords = "OFFICIAL-SENSITIVE"
    moment = form.log.generated_at.astimezone(UTC).replace(tzinfo=None)
    properties.created = moment
    properties.modified = moment
    for block in document(form):
        _add_block(doc, block)
    doc.add_paragraph().add_run(CLOSING).italic = True
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class FormFiles:
    """The files written for one form."""

    form: RecordingForm
    paths: tuple[Path, ...]


def export_forms(
    forms: Sequence[RecordingForm], folder: Path, *, field: str = "--out"
) -> list[FormFiles]:
    """Write every form as .md and .docx into ``folder``; all of them, or none."""
    rendered = [(form, render_markdown(form), render_docx(form)) for form in forms]
    target = prepare_folder(folder, field=field)
    written: list[FormFiles] = []
    try:
        for form, markdown, word in rendered:
            paths = [write_new(target, form.file_stem, ".md", markdown)]
            try:
                paths.append(write_new(target, form.file_stem, ".docx", word))
            finally:
                written.append(FormFiles(form, tuple(paths)))
    except OutputError:
        for files in written:
            for path in files.paths:
                path.unlink(missing_ok=True)
        raise
    return written


__all__ = ["FormFiles", "export_forms", "render_docx", "render_markdown"]

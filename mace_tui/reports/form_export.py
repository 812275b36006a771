"""Recording forms to files (R24): Markdown and Word, marked, 0600, never over an existing file.

Every form is rendered before anything is written; a failure part-way removes
what this export wrote, so a folder never holds half of a meeting's forms.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

from mace_tui.reports.files import OutputError, prepare_folder, write_new
from mace_tui.reports.layout import Block
from mace_tui.reports.markdown import blocks_to_markdown
from mace_tui.reports.marking import marking_line
from mace_tui.reports.recording_form import RecordingForm, document
from store.frozen import record

CLOSING = (
    "Shared only with the people listed above. Keep it with the subject's record; "
    "do not print it or pass it on."
)


def blocks_markdown(blocks: Sequence[Block], *, marking: str, closing: str) -> bytes:
    """Blocks as a Markdown file, the marking on its first and last line."""
    body = blocks_to_markdown(blocks)
    return f"{marking}\n\n{body}\n\n---\n\n{closing}\n\n{marking}\n".encode()


def blocks_docx(
    blocks: Sequence[Block],
    *,
    marking: str,
    title: str,
    at: datetime,
    closing: str,
    pictures: Mapping[int, tuple[bytes, str]] | None = None,
) -> bytes:
    """Blocks as a Word document, marked in the header and footer of every page.

    ``title`` goes into the file's properties, which file browsers show: never a child's name.
    ``pictures``: a PNG and its caption to put after the block with that index (a chart).
    """
    from docx import Document
    from docx.shared import Cm, Pt

    from mace_tui.reports.docx_out import _add_block, _set_up_page

    doc = Document()
    doc.styles["Normal"].font.size = Pt(10)
    _set_up_page(doc.sections[0], marking)
    properties = doc.core_properties
    properties.title = title
    properties.subject = marking
    properties.author = "mace-tui"
    properties.last_modified_by = "mace-tui"
    properties.keywords = "OFFICIAL-SENSITIVE"
    moment = at.astimezone(UTC).replace(tzinfo=None)
    properties.created = moment
    properties.modified = moment
    for index, block in enumerate(blocks):
        _add_block(doc, block)
        if pictures and index in pictures:
            png, words = pictures[index]
            doc.add_picture(io.BytesIO(png), width=Cm(16))
            doc.add_paragraph().add_run(words).italic = True
    doc.add_paragraph().add_run(closing).italic = True
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render_markdown(form: RecordingForm) -> bytes:
    """The form as Markdown."""
    return blocks_markdown(
        document(form), marking=marking_line(form.log.version_label), closing=CLOSING
    )


def render_docx(form: RecordingForm) -> bytes:
    """The form as a Word document."""
    meeting = form.log.meeting
    return blocks_docx(
        document(form),
        marking=marking_line(form.log.version_label),
        title=f"Recording form {form.child.child.ref}, {meeting.short_name} {meeting.date:%Y-%m-%d}",
        at=form.log.generated_at,
        closing=CLOSING,
    )


def write_pairs(
    pairs: Sequence[tuple[str, bytes, bytes]], folder: Path, *, field: str = "--out"
) -> list[tuple[Path, ...]]:
    """Write each (stem, Markdown, Word) as ``stem.md`` and ``stem.docx``: all, or none."""
    target = prepare_folder(folder, field=field)
    written: list[tuple[Path, ...]] = []
    try:
        for stem, markdown, word in pairs:
            paths = [write_new(target, stem, ".md", markdown)]
            try:
                paths.append(write_new(target, stem, ".docx", word))
            finally:
                written.append(tuple(paths))
    except OutputError:
        for paths_written in written:
            for path in paths_written:
                path.unlink(missing_ok=True)
        raise
    return written


@record
class FormFiles:
    """The files written for one form."""

    form: RecordingForm
    paths: tuple[Path, ...]


def export_forms(
    forms: Sequence[RecordingForm], folder: Path, *, field: str = "--out"
) -> list[FormFiles]:
    """Write every form as .md and .docx into ``folder``; all of them, or none."""
    rendered = [(form.file_stem, render_markdown(form), render_docx(form)) for form in forms]
    written = write_pairs(rendered, folder, field=field)
    return [FormFiles(form, paths) for form, paths in zip(forms, written, strict=True)]


__all__ = [
    "FormFiles",
    "blocks_docx",
    "blocks_markdown",
    "export_forms",
    "render_docx",
    "render_markdown",
    "write_pairs",
]

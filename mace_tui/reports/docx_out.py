"""The action log as a Word document (python-docx), marked in the header and footer of every page.

The page is A4 landscape so the per-agency tables stay readable; table
header rows repeat on each page. The document's properties name no child.
"""

from __future__ import annotations

import io
from datetime import UTC

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row
from docx.section import Section
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from mace_tui.reports import layout, words
from mace_tui.reports.layout import Block, Bullets, Facts, Heading, Paragraph, Table
from mace_tui.reports.marking import marking_line
from mace_tui.reports.records import ActionLog

_MARK_COLOUR = RGBColor(0xB0, 0x00, 0x20)
_TABLE_STYLE = "Table Grid"


def _marking(paragraph: DocxParagraph, text: str) -> None:
    paragraph.text = ""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(9)
    run.font.color.rgb = _MARK_COLOUR


def _page_number(paragraph: DocxParagraph) -> None:
    """Append ``Page N`` as a Word field, so every page numbers itself."""
    paragraph.add_run("  ·  Page ").font.size = Pt(9)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _set_up_page(section: Section, marking: str) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    # The same header and footer on every page, the first one included.
    section.different_first_page_header_footer = False
    section.header.is_linked_to_previous = False
    section.footer.is_linked_to_previous = False
    _marking(section.header.paragraphs[0], marking)
    footer = section.footer.paragraphs[0]
    _marking(footer, marking)
    _page_number(footer)


def _repeat_header_row(row_element: CT_Row) -> None:
    properties = row_element.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def _add_block(doc: DocxDocument, block: Block) -> None:
    if isinstance(block, Heading):
        doc.add_heading(block.text, level=min(block.level, 9))
    elif isinstance(block, Paragraph):
        paragraph = doc.add_paragraph()
        if block.label:
            paragraph.add_run(block.label + " ").bold = True
        paragraph.add_run(block.text)
    elif isinstance(block, Facts):
        for label, value in block.items:
            paragraph = doc.add_paragraph(style="List Bullet")
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)
    elif isinstance(block, Bullets):
        for item in block.items:
            doc.add_paragraph(item, style="List Bullet")
    elif isinstance(block, Table):
        table = doc.add_table(rows=1, cols=len(block.header))
        table.style = _TABLE_STYLE
        for cell, text in zip(table.rows[0].cells, block.header, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
        _repeat_header_row(table.rows[0]._tr)
        for row in block.rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.text = text or words.NONE


def render_docx_bytes(log: ActionLog) -> bytes:
    """The Word document's bytes."""
    marking = marking_line(log.version_label)
    doc = Document()
    doc.styles["Normal"].font.size = Pt(10)
    _set_up_page(doc.sections[0], marking)
    properties = doc.core_properties
    # Properties travel with the file and are shown by file browsers: no child's name here.
    properties.title = f"Action log, {log.meeting.short_name} {log.meeting.date:%Y-%m-%d}"
    properties.subject = marking
    properties.author = "mace-tui"
    properties.last_modified_by = "mace-tui"
    properties.comments = ""
    properties.keywords = "OFFICIAL-SENSITIVE"
    properties.revision = log.version
    moment = log.generated_at.astimezone(UTC).replace(tzinfo=None)
    properties.created = moment
    properties.modified = moment
    for block in layout.document(log):
        _add_block(doc, block)
    closing = doc.add_paragraph()
    closing.add_run(layout.closing(log)).italic = True
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()

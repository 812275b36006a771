"""The Word document opens in python-docx, is marked on every page and holds every action."""

from __future__ import annotations

import io

import docx

from mace_tui.reports.action_log import ActionLog
from mace_tui.reports.docx_out import render_docx_bytes
from mace_tui.reports.marking import marking_line
from store.db import Store
from tests.reports.conftest import Meetings
from tests.reports.test_golden import demo_log

MARKING = marking_line("version 1")


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def opened(log: ActionLog):
    return docx.Document(io.BytesIO(render_docx_bytes(log)))


def assert_marked(document) -> None:
    assert document.sections, "a document has at least one section"
    for section in document.sections:
        assert not section.different_first_page_header_footer
        assert MARKING in section.header.paragraphs[0].text
        assert MARKING in section.footer.paragraphs[0].text
        assert not section.header.is_linked_to_previous


def test_demo_meeting_docx_is_marked_and_holds_every_action(demo_store: Store) -> None:
    log = demo_log(demo_store)
    document = opened(log)
    assert_marked(document)
    text = all_text(document)
    assert log.actions, "the demo meeting has actions"
    for action in log.actions:
        assert f"A{action.id}" in text
        assert action.text in text
    for child in log.children:
        assert child.child.name in text
    assert "Action log version 1" in text


def test_rich_meeting_docx_has_overrides_deferral_carry_over_and_unicode(
    meetings: Meetings,
) -> None:
    log = meetings.log(meetings.rich)
    document = opened(log)
    assert_marked(document)
    text = all_text(document)
    for action in log.actions:
        assert action.text in text
    for update in log.carried:
        assert update.action.text in text and update.note in text
    assert "Zoë Ñandú-Øster" in text and "Siân O'Hara-Łukasz" in text
    assert "the panel decided otherwise" in text
    assert "Deferred to the next meeting: No children's services member" in text
    # Table headers repeat on every page a table spans.
    first_row = document.tables[0].rows[0]._tr
    assert first_row.trPr is not None and first_row.trPr.xpath("./w:tblHeader")


def test_docx_properties_name_no_child(meetings: Meetings) -> None:
    log = meetings.log(meetings.rich)
    props = opened(log).core_properties
    visible = " ".join(
        str(v) for v in (props.title, props.subject, props.author, props.comments, props.keywords)
    )
    assert "Zoë" not in visible and "Siân" not in visible
    assert props.author == "mace-tui" and props.revision == 1
    assert "OFFICIAL-SENSITIVE" in visible


def test_agency_copy_docx_holds_only_that_agency(meetings: Meetings) -> None:
    log = meetings.log(meetings.rich)
    police = log.agency("police")
    assert police is not None
    document = opened(log.for_agency(police))
    assert_marked(document)
    text = all_text(document)
    assert "Circulate the updated contact list" in text
    assert "Share attendance for the last four weeks" not in text


def test_inquorate_docx_is_the_short_record(meetings: Meetings) -> None:
    document = opened(meetings.log(meetings.inquorate))
    assert_marked(document)
    text = all_text(document)
    assert "Who was missing" in text and "Rearranged to: Tuesday 24 November 2026" in text

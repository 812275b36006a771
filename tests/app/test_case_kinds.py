"""Discussing a person and a location of concern on the case screen (R22), by keys, real store."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select
from textual.widgets import OptionList

from mace_tui.factory import make_app
from mace_tui.widgets.pane_tabs import PaneTabs
from mace_tui.widgets.thrive_pane import ThrivePane
from store.agenda import concern
from store.db import Store
from store.models import (
    AgendaItem,
    ConcernLocation,
    ConcernPerson,
    Grading,
    Meeting,
    ThriveNote,
)
from tests.app.chair_helpers import (
    TestClock,
    meeting_under_way,
    settle,
    start_child,
    type_text,
    wait_for_screen,
)

START = datetime(2026, 11, 23, 9, 10, tzinfo=UTC)


def first_on_queue(store: Store, meeting_id: int, kind: str) -> int:
    """Put a new person or location of concern first on the meeting's queue; its item id."""
    with store.session() as s:
        meeting = s.get(Meeting, meeting_id)
        assert meeting is not None
        subject: ConcernPerson | ConcernLocation
        if kind == "person":
            subject = concern.create_person(s, name="Dale Testperson", at=START)
        else:
            subject = concern.create_location(s, name="The Sample Street Arcade, Testshire",
                                              kind="premises", at=START)  # fmt: skip
        assert subject.id is not None
        item = concern.add_subject_item(s, meeting=meeting, kind=kind, subject_id=subject.id,
                                        reason="Named by children", at=START, late=False)  # fmt: skip
        item.position = 0
        s.commit()
        assert item.id is not None
        return item.id


def section_titles(app) -> list[str]:
    options = app.screen.query_one(ThrivePane).query_one("#sections", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


# kind → the discussion tab's title and its sections
KINDS = [
    ("person", "F2 Person", ["Threat posed", "Links", "Intelligence", "Disruption options"]),
    ("location", "F2 Location", ["What happens there", "Who uses it", "Disruption options"]),
]


async def _discuss(demo_store: Store, settings, kind: str):
    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    item_id = first_on_queue(demo_store, meeting_id, kind)
    return make_app(settings, clock=TestClock(START), mode="chair"), item_id


async def test_a_person_has_its_own_sections_notes_and_grade(demo_store: Store, settings) -> None:
    app, item_id = await _discuss(demo_store, settings, "person")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await start_child(pilot)
        assert str(app.screen.query_one(PaneTabs).label("thrive")) == "F2 Person"
        assert section_titles(app) == KINDS[0][2]
        await pilot.press("down", "enter")  # a note under Links
        await settle(pilot)
        await type_text(pilot, "Seen with two children at the arcade")
        await pilot.pause(0.7)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f3", "h")
        await settle(pilot)
        await pilot.press("tab")
        await settle(pilot)
    with demo_store.session() as s:
        notes = s.exec(select(ThriveNote).where(ThriveNote.item_id == item_id)).all()
        assert [(n.section, n.text) for n in notes] == [
            ("links", "Seen with two children at the arcade")
        ]
        assert notes[0].agency_id is not None  # attributed, as for a child
        grade = s.exec(select(Grading).where(Grading.item_id == item_id)).first()
        assert grade is not None and grade.grade == "HIGH" and grade.child_id is None
        item = s.get(AgendaItem, item_id)
        assert item is not None and item.status == "in-discussion"


async def test_a_location_has_its_own_sections(demo_store: Store, settings) -> None:
    app, _ = await _discuss(demo_store, settings, "location")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await start_child(pilot)
        assert str(app.screen.query_one(PaneTabs).label("thrive")) == "F2 Location"
        assert section_titles(app) == KINDS[1][2]
        assert "What has been seen or reported" in str(
            app.screen.query_one(ThrivePane).query_one("#prompts").render()
        )


def test_the_action_log_has_a_section_per_kind(demo_store: Store, settings) -> None:
    """A finished meeting with a person discussed: the log names them under their own heading."""
    from mace_tui.reports.action_log import build_action_log
    from mace_tui.reports.layout import full_record
    from store.models import ThriveNote as Note

    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    item_id = first_on_queue(demo_store, meeting_id, "person")
    with demo_store.session() as s:
        item = s.get(AgendaItem, item_id)
        assert item is not None
        item.status, item.started_at, item.ended_at = "done", START, START
        s.add(Note(item_id=item_id, section="disruption", kind="opinion", text="A warning notice would help",
                   created_at=START, updated_at=START))  # fmt: skip
        meeting = s.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.status = "finished"
        s.commit()
        log = build_action_log(s, meeting_id=meeting_id, generated_at=START)
    headings = [getattr(b, "text", "") for b in full_record(log) if type(b).__name__ == "Heading"]
    assert headings.index("Children") < headings.index("Persons of concern")
    person = next(c for c in log.children if c.kind == "person")
    assert person.child.name == "Dale Testperson" and person.notes[0].section == "disruption"

"""Conflicts of interest (R3) and per-child quorum (R2), driven with the keyboard on the demo hub.

Today's demo DRMM: Avery Imaginary (last on the queue) has a conflict for
Hal Pretendy recorded while preparing; Bea Mockford is the only one from
health in the room, so her conflict leaves the child without health.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import col, select
from textual.widgets import DataTable, OptionList

from mace_tui.factory import make_app
from mace_tui.reports.action_log import build_action_log
from mace_tui.reports.layout import document
from mace_tui.reports.markdown import blocks_to_markdown
from mace_tui.widgets.pane_tabs import PaneTabs
from mace_tui.widgets.thrive_pane import ThrivePane
from store.db import Store
from store.models import Action, AgendaItem, Attendance, Child, Conflict, Meeting, Person
from tests.app.chair_helpers import (
    TestClock,
    choose_row,
    meeting_under_way,
    message,
    settle,
    start_child,
    type_text,
    wait_for_screen,
)
from tests.conftest import DEMO_TODAY
from tests.ids import id_of

START = datetime(2026, 11, 23, 9, 10, tzinfo=UTC)


def item_of(store: Store, name: str, meeting_id: int) -> AgendaItem:
    with store.session() as s:
        return s.exec(
            select(AgendaItem)
            .join(Child, col(Child.id) == AgendaItem.child_id)
            .where(Child.name == name, AgendaItem.meeting_id == meeting_id)
        ).one()


def conflict_of(store: Store, item_id: int, person: str) -> Conflict:
    with store.session() as s:
        return s.exec(
            select(Conflict)
            .join(Person, col(Person.id) == Conflict.person_id)
            .where(Conflict.item_id == item_id, Person.name == person)
        ).one()


def room_row(app, name: str) -> str:
    table = app.screen.query_one("#room-people", DataTable)
    for index in range(table.row_count):
        cells = table.get_row_at(index)
        if name in str(cells[0]):
            return " ".join(str(c) for c in cells)
    raise AssertionError(f"{name} is not in the room")


def log_text(store: Store, meeting_id: int) -> str:
    with store.session() as s:
        log = build_action_log(s, meeting_id=meeting_id, generated_at=START)
    return blocks_to_markdown(document(log))


async def grade_low_and_close(pilot) -> None:
    await pilot.press("f3", "l", "tab", "tab", "tab", "tab")
    await type_text(pilot, "Protective factors outweigh the concerns")
    await pilot.pause(0.7)
    await settle(pilot)
    await pilot.press("f8")
    await settle(pilot)


async def declare(pilot, person: str, reason: str) -> None:
    await choose_row(pilot, "#room-people", person)
    await pilot.press("c")
    await settle(pilot)
    await type_text(pilot, reason)
    await pilot.press("enter")
    await settle(pilot)


async def test_prepared_conflict_is_shown_applied_and_rejoined(demo_store: Store, settings) -> None:
    clock = TestClock(START)
    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    avery = item_of(demo_store, "Avery Imaginary", meeting_id)
    app = make_app(settings, clock=clock, mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await pilot.press("f5", "ctrl+end")  # the last child: Avery
        await pilot.press("enter")
        await wait_for_screen(pilot, "RoomScreen")
        # Shown before the discussion starts, with who covers the sector.
        row = room_row(app, "Hal Pretendy")
        assert "out (conflict): Neighbour of the child's family." in row
        assert "recorded beforehand, leaves when the discussion starts" in row
        assert "Out for this child: Hal Pretendy" in message(app, "#room-verdict")
        assert "quorate" in message(app, "#room-quorum")
        assert "NOT" not in message(app, "#room-quorum")  # Cal covers children's services

        clock.advance(1)
        await pilot.press("f9")
        await wait_for_screen(pilot, "CaseScreen")
        assert "Out (conflict): Hal Pretendy" in message(app, "#child-header")
        started = clock()
        assert conflict_of(demo_store, id_of(avery), "Hal Pretendy").left_at == started

        await grade_low_and_close(pilot)
        clock.advance(3)
        await pilot.press("f12")
        await settle(pilot)
        await pilot.press("y")
        await wait_for_screen(pilot, "ActionLogScreen")
    ended = clock()
    hal = conflict_of(demo_store, id_of(avery), "Hal Pretendy")
    assert (hal.source, hal.left_at, hal.rejoined_at) == ("prepared", started, ended)
    text = log_text(demo_store, meeting_id)
    assert (
        "Hal Pretendy, Demoshire County Children's Services (demo), declared before the meeting, left 09:11, rejoined 09:14"
        in text
    )


async def test_chair_clears_a_prepared_conflict_with_a_reason(demo_store: Store, settings) -> None:
    clock = TestClock(START)
    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    avery = item_of(demo_store, "Avery Imaginary", meeting_id)
    app = make_app(settings, clock=clock, mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await pilot.press("f5", "ctrl+end", "enter")
        await wait_for_screen(pilot, "RoomScreen")
        await choose_row(pilot, "#room-people", "Hal Pretendy")
        await pilot.press("x")
        await settle(pilot)
        await type_text(pilot, "The family moved away last year")
        await pilot.press("enter")
        await settle(pilot)
        assert "in · Cleared by the chair: The family moved away last year" in room_row(
            app, "Hal Pretendy"
        )
        await pilot.press("f9")
        await wait_for_screen(pilot, "CaseScreen")
        assert "Out (conflict)" not in message(app, "#child-header")
    hal = conflict_of(demo_store, id_of(avery), "Hal Pretendy")
    assert (hal.source, hal.left_at) == ("cleared", None)


async def test_conflict_raised_mid_discussion_leaves_at_once_and_rejoins_next_child(
    demo_store: Store, settings
) -> None:
    clock = TestClock(START)
    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    riley = item_of(demo_store, "Riley Example", meeting_id)
    app = make_app(settings, clock=clock, mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await start_child(pilot)  # Riley
        clock.advance(2)
        await pilot.press("f6")
        await wait_for_screen(pilot, "RoomScreen")
        await declare(pilot, "Lou Specimen", "Teaches the child's brother")
        assert "raised during the discussion, left 09:12" in room_row(app, "Lou Specimen")
        raised = conflict_of(demo_store, id_of(riley), "Lou Specimen")
        assert (raised.source, raised.left_at, raised.rejoined_at) == ("raised", clock(), None)
        await pilot.press("escape")
        await wait_for_screen(pilot, "CaseScreen")
        assert "Out (conflict): Lou Specimen" in message(app, "#child-header")

        await grade_low_and_close(pilot)
        clock.advance(1)
        await start_child(pilot)  # Jordan: Lou is back
        assert "Out (conflict)" not in message(app, "#child-header")
    assert conflict_of(demo_store, id_of(riley), "Lou Specimen").rejoined_at == clock()


async def _bea_out_before_riley(pilot, app) -> None:
    await wait_for_screen(pilot, "CaseScreen")
    await pilot.press("f9")
    await wait_for_screen(pilot, "RoomScreen")
    await declare(pilot, "Bea Mockford", "Her sister is the child's foster carer")
    # The only health member has left: the child cannot go ahead, and the screen says why.
    assert type(app.screen).__name__ == "ChoiceModal"
    assert "no Health (Bea Mockford has a conflict)" in message(app, ".dialog-body")


async def test_quorum_lost_deputy_joins(demo_store: Store, settings) -> None:
    clock = TestClock(START)
    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    app = make_app(settings, clock=clock, mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await _bea_out_before_riley(pilot, app)
        await pilot.press("enter")  # (a) add a deputy
        await settle(pilot)
        await type_text(pilot, "Dev")
        await pilot.press("enter")
        await wait_for_screen(pilot, "RoomScreen")
        assert "NOT" not in message(app, "#room-quorum")
        assert "in" in room_row(app, "Dev Fakeley")
        await pilot.press("f9")
        await wait_for_screen(pilot, "CaseScreen")
        assert "Out (conflict): Bea Mockford" in message(app, "#child-header")
    with demo_store.session() as s:
        people = {p.name: p.id for p in s.exec(select(Person))}
        dev = s.exec(
            select(Attendance).where(
                Attendance.meeting_id == meeting_id, Attendance.person_id == people["Dev Fakeley"]
            )
        ).one()
    assert dev.status == "present" and dev.deputy_for_id == people["Bea Mockford"]


async def test_the_room_says_f9_offers_the_ways_forward_while_the_child_cannot_go_ahead(
    demo_store: Store, settings
) -> None:
    meeting_under_way(demo_store, stage="cases", at=START)
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await _bea_out_before_riley(pilot, app)
        await pilot.press("escape")  # none of the ways forward yet
        await wait_for_screen(pilot, "RoomScreen")
        hint = message(app, "#room-message")
        assert "F9 or Enter: choose a way forward" in hint
        assert "start the discussion" not in hint


async def test_quorum_lost_child_deferred_with_a_reason(demo_store: Store, settings) -> None:
    clock = TestClock(START)
    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    riley = item_of(demo_store, "Riley Example", meeting_id)
    app = make_app(settings, clock=clock, mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await _bea_out_before_riley(pilot, app)
        await pilot.press("down", "enter")  # (b) defer
        await settle(pilot)
        await pilot.press("enter")  # the suggested reason names what is missing
        await wait_for_screen(pilot, "CaseScreen")
        assert "Riley Example: deferred to the next meeting" in message(app, "#case-message")
    with demo_store.session() as s:
        item = s.get(AgendaItem, riley.id)
        moved = s.exec(select(AgendaItem).where(AgendaItem.deferred_from_id == riley.id)).one()
    assert item is not None and item.status == "deferred"
    assert item.deferred_reason == "Not quorate for this child: no Health"
    assert moved.meeting_date > DEMO_TODAY


async def test_quorum_lost_override_is_written_and_flagged(demo_store: Store, settings) -> None:
    clock = TestClock(START)
    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    riley = item_of(demo_store, "Riley Example", meeting_id)
    app = make_app(settings, clock=clock, mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await _bea_out_before_riley(pilot, app)
        await pilot.press("escape")  # not now: the child still cannot start
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        assert type(app.screen).__name__ == "ChoiceModal"  # the three ways, again
        await pilot.press("down", "down", "enter")  # (c) override
        await settle(pilot)
        await type_text(pilot, "Safety plan needed today and health gave a written update")
        await pilot.press("enter")
        await wait_for_screen(pilot, "CaseScreen")  # the discussion starts at once
        assert "Quorum overridden (no Health)" in message(app, "#child-header")
        await grade_low_and_close(pilot)
        assert "discussion closed" in message(app, "#case-message")
        await pilot.press("f12")
        await settle(pilot)
        await pilot.press("y")
        await wait_for_screen(pilot, "ActionLogScreen")
    with demo_store.session() as s:
        item = s.get(AgendaItem, riley.id)
    assert item is not None and item.status == "done"
    assert item.quorum_override_reason == (
        "Safety plan needed today and health gave a written update"
    )
    assert (
        "Discussed without full quorum:** the chair overrode the per-child quorum: "
        "Safety plan needed today" in log_text(demo_store, meeting_id)
    )


async def test_inquorate_child_cannot_close_until_resolved(demo_store: Store, settings) -> None:
    clock = TestClock(START)
    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    riley = item_of(demo_store, "Riley Example", meeting_id)
    app = make_app(settings, clock=clock, mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await start_child(pilot)
        await pilot.press("f6")
        await wait_for_screen(pilot, "RoomScreen")
        await declare(pilot, "Bea Mockford", "Treats the child's mother")
        assert type(app.screen).__name__ == "ChoiceModal"
        await pilot.press("escape")  # dismiss the choices,
        await settle(pilot)
        await pilot.press("escape")  # and go back to the discussion
        await wait_for_screen(pilot, "CaseScreen")
        assert "Not quorate for this child: no Health" in message(app, "#child-header")
        await grade_low_and_close(pilot)
        assert type(app.screen).__name__ == "ConfirmModal"
        assert "Not quorate for this child: no Health" in message(app, ".dialog-body")
        await pilot.press("escape")
        await settle(pilot)
        with demo_store.session() as s:
            assert s.get_one(AgendaItem, riley.id).status == "in-discussion"
        # The override from the room step (F6, o) lets the discussion close.
        await pilot.press("f6")  # from the rationale's text area, as typed
        await wait_for_screen(pilot, "RoomScreen")
        await pilot.press("o")
        await settle(pilot)
        await type_text(pilot, "Health update read out from the referral")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await wait_for_screen(pilot, "CaseScreen")
        await pilot.press("f8")
        await settle(pilot)
        assert "discussion closed" in message(app, "#case-message")


async def test_conflicted_person_cannot_own_an_action_or_author_a_note(
    demo_store: Store, settings
) -> None:
    clock = TestClock(START)
    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    riley = item_of(demo_store, "Riley Example", meeting_id)
    app = make_app(settings, clock=clock, mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await pilot.press("f9")
        await wait_for_screen(pilot, "RoomScreen")
        await declare(pilot, "Lou Specimen", "Teaches the child")
        await pilot.press("f9")
        await wait_for_screen(pilot, "CaseScreen")

        # As an action's owner: the editor marks it and refuses to save.
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Share the attendance record for six weeks with police")
        await pilot.press("tab")
        await type_text(pilot, "Lou Specimen")
        await pilot.press("tab", "tab")
        await type_text(pilot, "+7d")
        await pilot.press("tab", "space")
        await settle(pilot)
        problems = message(app, "#action-problems")
        assert (
            "Lou Specimen has a conflict for this discussion and cannot own its actions" in problems
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "ActionEditor"  # refused: still open
        await pilot.press("escape")
        await wait_for_screen(pilot, "ConfirmModal")
        await pilot.press("y")  # throw the refused action away
        await settle(pilot)

        # As a note's author: refused, and the note keeps no person.
        await pilot.press("f2", "enter")
        await type_text(pilot, "Attendance has dropped this term")
        await pilot.press("ctrl+o")
        await settle(pilot)
        await type_text(pilot, "Lou")
        options = app.screen.query_one("#choices", OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert labels == ["Lou Specimen — out (conflict): cannot be the author"]
        await pilot.press("enter")
        await settle(pilot)
        assert "cannot be a note's author" in message(app, "#case-message")
        editing = app.screen.query_one(ThrivePane).editing
        assert editing is not None and editing.person_id is None
        # Someone in the room can be named instead.
        await pilot.press("ctrl+o")
        await settle(pilot)
        await type_text(pilot, "Max Trialson")
        await pilot.press("enter")
        await pilot.pause(0.7)
        await settle(pilot)
        editing = app.screen.query_one(ThrivePane).editing
        assert editing is not None and editing.person == "Max Trialson"
    with demo_store.session() as s:
        assert s.exec(select(Action).where(Action.item_id == riley.id)).all() == []
        people = {p.name: p.id for p in s.exec(select(Person))}
        from store.models import ThriveNote

        [note] = s.exec(select(ThriveNote).where(ThriveNote.item_id == riley.id)).all()
    assert note.person_id == people["Max Trialson"]


async def test_store_refuses_a_conflicted_author_even_if_the_screen_did_not(
    demo_store: Store, settings
) -> None:
    """The last line of defence: the note saver checks the conflict in the store."""
    import pytest

    from mace_tui.chair.notes import NoteDraft, NotesSaver
    from store import conflicts
    from store.conflicts import ConflictError

    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    riley = item_of(demo_store, "Riley Example", meeting_id)
    with demo_store.session() as s:
        lou = s.exec(select(Person).where(Person.name == "Lou Specimen")).one()
        conflicts.declare(s, item_id=id_of(riley), person_id=id_of(lou), reason="Teaches the child",
                          source="asked", at=START)  # fmt: skip
    saver = NotesSaver(demo_store, item_id=id_of(riley), clock=lambda: START)
    saver.put(NoteDraft(1, None, "threat", lou.agency_id, "", "fact", "Seen at the station", lou.id, "Lou Specimen"))  # fmt: skip
    with pytest.raises(ConflictError, match="Author: Lou Specimen has a conflict"):
        saver.flush()
    with demo_store.session() as s:
        from store.models import ThriveNote

        assert s.exec(select(ThriveNote).where(ThriveNote.item_id == riley.id)).all() == []


async def test_tabs_do_not_change_while_the_room_step_is_open(demo_store: Store, settings) -> None:
    """Escape from the room step before a child starts leaves the child waiting."""
    clock = TestClock(START)
    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    riley = item_of(demo_store, "Riley Example", meeting_id)
    app = make_app(settings, clock=clock, mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await pilot.press("f9")
        await wait_for_screen(pilot, "RoomScreen")
        await pilot.press("escape")
        await wait_for_screen(pilot, "CaseScreen")
        assert app.screen.query_one(PaneTabs).active == "queue"
        assert "Not started" in message(app, "#case-message")
    with demo_store.session() as s:
        item = s.get(AgendaItem, riley.id)
        meeting = s.get(Meeting, meeting_id)
    assert item is not None and item.status == "waiting" and item.started_at is None
    assert meeting is not None and meeting.current_item_id is None


async def test_an_override_stands_only_for_the_gap_it_was_written_for(
    demo_store: Store, settings
) -> None:
    clock = TestClock(START)
    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    riley = item_of(demo_store, "Riley Example", meeting_id)
    app = make_app(settings, clock=clock, mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await _bea_out_before_riley(pilot, app)
        await pilot.press("down", "down", "enter")  # (c) override, for Health
        await settle(pilot)
        await type_text(pilot, "Health gave a written update")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f9")
        await wait_for_screen(pilot, "CaseScreen")
        # Both police officers declare during the discussion: a new gap the override never covered.
        await pilot.press("f6")
        await wait_for_screen(pilot, "RoomScreen")
        await declare(pilot, "Pat Sampleby", "Arrested the child's brother")
        await declare(pilot, "DS Ada Testwell", "Arrested the child's brother")
        assert type(app.screen).__name__ == "ChoiceModal"  # asked again
        assert "no Police" in message(app, ".dialog-body")
        with demo_store.session() as s:
            item = s.get(AgendaItem, riley.id)
            assert item is not None and item.quorum_override_reason == ""
        await pilot.press("down", "down", "enter")  # override again: the old reason to start from
        await settle(pilot)
        await pilot.press("end")
        await type_text(pilot, "; police briefed by phone")
        await pilot.press("enter")
        await wait_for_screen(pilot, "CaseScreen")
    with demo_store.session() as s:
        item = s.get(AgendaItem, riley.id)
    assert item is not None
    assert item.quorum_override_reason == "Health gave a written update; police briefed by phone"


async def test_an_override_no_longer_needed_is_withdrawn_before_the_start(
    demo_store: Store, settings
) -> None:
    clock = TestClock(START)
    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    riley = item_of(demo_store, "Riley Example", meeting_id)
    app = make_app(settings, clock=clock, mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await _bea_out_before_riley(pilot, app)
        await pilot.press("down", "down", "enter")  # (c) override
        await settle(pilot)
        await type_text(pilot, "Health gave a written update")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("a")  # then a deputy arrives after all
        await settle(pilot)
        await type_text(pilot, "Dev")
        await pilot.press("enter")
        await settle(pilot)
        assert "override is no longer needed" in message(app, "#room-message")
        await pilot.press("f9")
        await wait_for_screen(pilot, "CaseScreen")
        assert "overridden" not in message(app, "#child-header")
    with demo_store.session() as s:
        item = s.get(AgendaItem, riley.id)
    assert item is not None and item.quorum_override_reason == ""
    assert "without full quorum" not in log_text(demo_store, meeting_id)


async def test_a_note_given_before_the_conflict_keeps_its_author_and_others_still_save(
    demo_store: Store, settings
) -> None:
    """Lou's earlier note can still be corrected; a new note in Lou's name cannot be saved,
    and that refusal does not hold back the chair's other notes."""
    import pytest

    from mace_tui.chair.notes import NoteDraft, NotesSaver
    from store import conflicts
    from store.conflicts import ConflictError
    from store.models import ThriveNote

    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    riley = item_of(demo_store, "Riley Example", meeting_id)
    with demo_store.session() as s:
        lou = s.exec(select(Person).where(Person.name == "Lou Specimen")).one()
        item = s.get(AgendaItem, riley.id)
        assert item is not None
        item.status = "in-discussion"
        s.commit()
    saver = NotesSaver(demo_store, item_id=id_of(riley), clock=lambda: START)
    given = NoteDraft(1, None, "threat", lou.agency_id, "", "fact", "Seen at the statoin", lou.id, "Lou Specimen")  # fmt: skip
    saver.put(given)
    saver.flush()
    with demo_store.session() as s:
        conflicts.declare(s, item_id=id_of(riley), person_id=id_of(lou), reason="Teaches the child",
                          source="raised", at=START)  # fmt: skip
    saver.put(NoteDraft(1, None, "threat", lou.agency_id, "", "fact", "Seen at the station", lou.id, "Lou Specimen"))  # fmt: skip
    saver.put(NoteDraft(2, None, "harm", lou.agency_id, "", "fact", "New: in Lou's name", lou.id, "Lou Specimen"))  # fmt: skip
    saver.put(NoteDraft(3, None, "risk", lou.agency_id, "", "opinion", "The chair's own note"))
    with pytest.raises(ConflictError, match="Author: Lou Specimen has a conflict"):
        saver.flush()
    with demo_store.session() as s:
        notes = s.exec(select(ThriveNote).where(ThriveNote.item_id == riley.id)).all()
    assert sorted((n.text, n.person_id) for n in notes) == [
        ("Seen at the station", lou.id),
        ("The chair's own note", None),
    ]

"""The register after the start (R1, R2), driven with the keyboard on the demo hub.

Today's demo DRMM, every invited person present: Bea Mockford is the only one
from health. When she leaves during Riley Example's discussion, Riley's quorum
is broken and the chair is offered a deputy, a deferral or an override; the
meeting as a whole has lost quorum too, and the screen says so.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import col, select

from mace_tui.factory import make_app
from mace_tui.reports.action_log import build_action_log
from mace_tui.reports.layout import document
from mace_tui.reports.markdown import blocks_to_markdown
from store.db import Store
from store.models import AgendaItem, Attendance, Child, Person
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

START = datetime(2026, 11, 23, 9, 10, tzinfo=UTC)


def seat(store: Store, meeting_id: int, name: str) -> Attendance:
    with store.session() as s:
        return s.exec(
            select(Attendance)
            .join(Person, col(Person.id) == Attendance.person_id)
            .where(Attendance.meeting_id == meeting_id, Person.name == name)
        ).one()


def riley(store: Store, meeting_id: int) -> AgendaItem:
    with store.session() as s:
        return s.exec(
            select(AgendaItem)
            .join(Child, col(Child.id) == AgendaItem.child_id)
            .where(Child.name == "Riley Example", AgendaItem.meeting_id == meeting_id)
        ).one()


def log_text(store: Store, meeting_id: int) -> str:
    with store.session() as s:
        log = build_action_log(s, meeting_id=meeting_id, generated_at=START)
    return blocks_to_markdown(document(log))


async def bea_leaves_during_riley(pilot, clock: TestClock) -> None:
    """Riley's discussion is under way; the register opens; Bea (health) leaves."""
    app = pilot.app
    await wait_for_screen(pilot, "CaseScreen")
    await start_child(pilot)  # Riley
    clock.advance(5)
    await pilot.press("ctrl+g")
    await wait_for_screen(pilot, "RegisterScreen")
    await choose_row(pilot, "#people", "Bea Mockford")
    await pilot.press("l")
    await settle(pilot)
    # Back to the child at once, with the three ways forward offered.
    await wait_for_screen(pilot, "ChoiceModal")
    body = message(app, ".dialog-body")
    assert "Not quorate for this child: no Health" in body


async def test_late_arrival_and_early_leaver_are_timed_and_in_the_log(
    demo_store: Store, settings
) -> None:
    clock = TestClock(START)
    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    # Lou Specimen sent word they would be late.
    with demo_store.session() as s:
        lou = s.exec(
            select(Attendance)
            .join(Person, col(Person.id) == Attendance.person_id)
            .where(Attendance.meeting_id == meeting_id, Person.name == "Lou Specimen")
        ).one()
        lou.status, lou.joined_at = "expected", None
        s.add(lou)
        s.commit()
    app = make_app(settings, clock=clock, mode="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await start_child(pilot)
        clock.advance(7)  # 09:17
        # Someone arrives in the middle of a note: the register opens from the note editor.
        await pilot.press("enter")
        await type_text(pilot, "Seen at the station")
        assert app.focused is not None and app.focused.id == "note-editor"
        await pilot.press("ctrl+g")
        await wait_for_screen(pilot, "RegisterScreen")
        assert "Register during the meeting" in message(app, "#attendance-title")
        await choose_row(pilot, "#people", "Lou Specimen")
        await pilot.press("p")
        await settle(pilot)
        assert "Lou Specimen is present" in message(app, "#attendance-message")
        clock.advance(13)  # 09:30
        await choose_row(pilot, "#people", "Cal Exampleton")
        await pilot.press("l")
        await settle(pilot)
        assert "Cal Exampleton has left at 09:30" in message(app, "#attendance-message")
        await pilot.press("escape")
        await wait_for_screen(pilot, "CaseScreen")
    assert seat(demo_store, meeting_id, "Lou Specimen").joined_at == START.replace(minute=17)
    assert seat(demo_store, meeting_id, "Cal Exampleton").left_at == START.replace(minute=30)
    with demo_store.session() as s:
        from store import meetings

        meetings.end(s, meeting_id=meeting_id, at=START.replace(minute=55))
    text = log_text(demo_store, meeting_id)
    assert "**Arrived after the start:** Lou Specimen" in text
    assert "at 09:17" in text
    assert "**Left before the end:** Cal Exampleton" in text
    assert "at 09:30" in text


async def test_leave_that_breaks_the_childs_quorum_then_a_deputy_joins(
    demo_store: Store, settings
) -> None:
    clock = TestClock(START)
    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    app = make_app(settings, clock=clock, mode="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await bea_leaves_during_riley(pilot, clock)
        await pilot.press("enter")  # (a) a deputy
        await settle(pilot)
        await type_text(pilot, "Dev")
        await pilot.press("enter")
        await wait_for_screen(pilot, "CaseScreen")  # quorate again: straight back to Riley
        assert "no longer quorate" not in message(app, "#child-header")
        assert "Not quorate" not in message(app, "#child-header")
    bea = seat(demo_store, meeting_id, "Bea Mockford")
    assert bea.left_at == START.replace(minute=15)
    dev = seat(demo_store, meeting_id, "Dev Fakeley")
    assert dev.status == "present" and dev.left_at is None


async def test_leave_that_breaks_the_childs_quorum_then_the_child_is_deferred(
    demo_store: Store, settings
) -> None:
    clock = TestClock(START)
    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    item = riley(demo_store, meeting_id)
    app = make_app(settings, clock=clock, mode="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await bea_leaves_during_riley(pilot, clock)
        await pilot.press("down", "enter")  # (b) defer
        await settle(pilot)
        await pilot.press("enter")  # the suggested reason names what is missing
        await wait_for_screen(pilot, "CaseScreen")
        assert "Riley Example: deferred to the next meeting" in message(app, "#case-message")
    with demo_store.session() as s:
        moved = s.exec(select(AgendaItem).where(AgendaItem.deferred_from_id == item.id)).one()
        deferred = s.get(AgendaItem, item.id)
    assert deferred is not None and deferred.status == "deferred"
    assert deferred.deferred_reason == "Not quorate for this child: no Health"
    assert moved.meeting_date.isoformat() == "2026-11-24"  # the next working day's DRMM


async def test_leave_that_breaks_the_childs_quorum_then_an_override(
    demo_store: Store, settings
) -> None:
    clock = TestClock(START)
    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    item = riley(demo_store, meeting_id)
    app = make_app(settings, clock=clock, mode="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await bea_leaves_during_riley(pilot, clock)
        await pilot.press("down", "down", "enter")  # (c) override
        await settle(pilot)
        await type_text(pilot, "Health sent a written update before leaving")
        await pilot.press("enter")
        await wait_for_screen(pilot, "CaseScreen")  # the discussion carries on at once
        header = message(app, "#child-header")
        # The meeting as a whole has lost quorum, and the screen says so plainly.
        assert "The meeting has lost quorum" in header
        assert "Quorum overridden (no Health)" in header
    with demo_store.session() as s:
        overridden = s.get(AgendaItem, item.id)
    assert overridden is not None
    assert overridden.quorum_override_reason == "Health sent a written update before leaving"
    with demo_store.session() as s:
        from store import meetings

        meetings.end(s, meeting_id=meeting_id, at=START.replace(minute=50))
    text = log_text(demo_store, meeting_id)
    assert "**Quorum:** quorate at the start; lost at 09:15 when someone left (no Health)" in text
    assert "**Left before the end:** Bea Mockford" in text

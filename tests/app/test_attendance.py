"""Attendance and quorum (R1) on the demo hub: inquorate, deputies, walk-ins, late and early."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import select
from textual.widgets import DataTable

from mace_tui.factory import make_app
from store.models import AgendaItem, Attendance, Meeting, Person
from tests.app.chair_helpers import TestClock, message, settle, type_text, wait_for_screen
from tests.conftest import DEMO_TODAY

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def row_of(app, name: str) -> int:
    table = app.screen.query_one("#people", DataTable)
    for index in range(table.row_count):
        if name in str(table.get_row_at(index)[0]):
            return index
    raise AssertionError(f"{name} not listed")


async def go_to(pilot, name: str) -> None:
    table = pilot.app.screen.query_one("#people", DataTable)
    table.move_cursor(row=row_of(pilot.app, name))
    await pilot.pause()


async def test_inquorate_meeting_is_recorded_with_the_rearranged_date(settings) -> None:
    app = make_app(settings, clock=TestClock(START), demo_today=DEMO_TODAY, mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "AttendanceScreen")
        for name in (
            "DS Ada Testwell",
            "Cal Exampleton",
        ):  # police and children's services; no health
            await go_to(pilot, name)
            await pilot.press("p")
            await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        body = str(app.screen.query_one(".dialog-body").render())
        assert "Missing: Health" in body
        # DRMM: the queue goes to the next working day's meeting, with its panel and conflicts.
        assert "The queue (10 children) goes to the next working day's meeting" in body
        assert "Tuesday 24 November 2026" in body
        assert "Sampleton Community Health (demo): Named nurse for safeguarding" in body
        assert "The chair (DS Ada Testwell)" in body
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("enter")  # keep the suggested note
        await wait_for_screen(pilot, "ActionLogScreen")
        await settle(pilot)
        assert "inquorate: short record" in message(app, "#log-status")
        store = app.store
    assert store is not None
    with store.session() as s:
        meeting = s.exec(select(Meeting).where(Meeting.date == DEMO_TODAY)).one()
        assert meeting.status == "inquorate"
        assert meeting.rearranged_date == date(2026, 11, 24)
        assert meeting.inquorate_reason == "No Health"
        assert meeting.started_at is None
        following = s.exec(select(Meeting).where(Meeting.date == date(2026, 11, 24))).one()
        queued = s.exec(select(AgendaItem).where(AgendaItem.meeting_id == following.id)).all()
        invited = s.exec(select(Attendance).where(Attendance.meeting_id == following.id)).all()
        assert len(queued) == 10 and len(invited) >= 3


async def test_quorate_meeting_cannot_be_recorded_inquorate(settings) -> None:
    app = make_app(settings, clock=TestClock(START), demo_today=DEMO_TODAY, mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "AttendanceScreen")
        for name in ("DS Ada Testwell", "Cal Exampleton", "Bea Mockford"):
            await go_to(pilot, name)
            await pilot.press("p")
            await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert "quorate: press s" in message(app, "#attendance-message")


async def test_deputy_counts_for_the_agency_and_the_member_is_absent(settings) -> None:
    clock = TestClock(START)
    app = make_app(settings, clock=clock, demo_today=DEMO_TODAY, mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "AttendanceScreen")
        for name in ("DS Ada Testwell", "Cal Exampleton"):
            await go_to(pilot, name)
            await pilot.press("p")
            await settle(pilot)
        # Dev Fakeley (hospital trust, health) walks in and deputises for Bea Mockford.
        await pilot.press("w")
        await settle(pilot)
        await type_text(pilot, "Dev Fakeley")
        await pilot.press("tab", "enter")  # open the agency list
        await type_text(pilot, "Demoshire Hosp")  # type to search
        await pilot.press("enter")
        await pilot.press("tab", "tab", "tab", "enter")  # past title and role to Add
        await settle(pilot)
        await go_to(pilot, "Dev Fakeley")
        await pilot.press("d")
        await settle(pilot)
        await type_text(pilot, "Bea")
        await pilot.press("enter")
        await settle(pilot)
        assert "✓ Health" in str(app.screen.query_one("#quorum").render())
        # Late and early: someone leaves at 09:40; the time is kept.
        clock.advance(40)
        await go_to(pilot, "Cal Exampleton")
        await pilot.press("l")
        await settle(pilot)
        assert "NOT quorate" in str(app.screen.query_one("#quorum").render())
        store = app.store
    assert store is not None
    with store.session() as s:
        people = {p.id: p.name for p in s.exec(select(Person)).all()}
        rows = {
            people[a.person_id]: a for a in s.exec(select(Attendance)).all() if a.meeting_id == 20
        }
        assert rows["Bea Mockford"].status == "absent"
        dev = rows["Dev Fakeley"]
        assert dev.status == "present" and people[dev.deputy_for_id] == "Bea Mockford"
        assert rows["Cal Exampleton"].left_at == datetime(2026, 11, 23, 9, 40, tzinfo=UTC)


async def test_a_refused_change_is_explained(settings) -> None:
    app = make_app(settings, clock=TestClock(START), demo_today=DEMO_TODAY, mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "AttendanceScreen")
        await go_to(pilot, "Lou Specimen")
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("a")  # already joined: absent is refused
        await settle(pilot)
        shown = [n.message for n in app._notifications]
        assert any("mark them as left instead" in text for text in shown), shown


async def test_an_absent_members_named_deputy_is_offered_with_d(demo_store, settings) -> None:
    """Issue 12: the directory's named deputies are used at the meeting: on a member who is
    not here, d offers the people named to stand in for them."""
    from store.models import NamedDeputy

    with demo_store.session() as s:
        bea = s.exec(select(Person).where(Person.name == "Bea Mockford")).one()
        dana = Person(name="Dana Standin", agency_id=bea.agency_id, role="member")
        s.add(dana)
        s.commit()
        s.add(NamedDeputy(member_id=bea.id or 0, deputy_id=dana.id or 0))
        s.commit()
        bea_id, dana_id = bea.id, dana.id
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "AttendanceScreen")
        await go_to(pilot, "Bea Mockford")
        await pilot.press("d")
        await wait_for_screen(pilot, "ChoiceModal")
        from textual.widgets import OptionList

        first = app.screen.query_one(OptionList).get_option_at_index(0)
        assert "Dana Standin" in str(first.prompt)
        await pilot.press("enter")
        await wait_for_screen(pilot, "AttendanceScreen")
        await settle(pilot)
        table = app.screen.query_one("#people", DataTable)
        assert "deputy for Bea Mockford" in str(table.get_row_at(row_of(app, "Dana Standin"))[2])
    with demo_store.session() as s:
        seat = s.exec(select(Attendance).where(Attendance.person_id == dana_id)).one()
        assert (seat.deputy_for_id, seat.status) == (bea_id, "present")

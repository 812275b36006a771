"""An inquorate Lincolnshire Level 2 panel is rearranged on a date the chair types (R1)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import select
from textual.widgets import Input

from mace_tui.config import load_settings, prepare
from mace_tui.factory import make_app
from store.db import Store
from store.models import Agency, AgendaItem, Attendance, Child, Conflict, Meeting, Person
from tests.app.chair_helpers import TestClock, message, settle, wait_for_screen
from tests.ids import id_of

THURSDAY = date(2026, 11, 26)
START = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def panel_with_no_minute_taker(store: Store) -> int:
    """Thursday's L2 panel: police, health, children's services invited; the minute taker too."""
    with store.session() as s:
        police = Agency(key="police", name="Testshire Police (demo)", sector="police")
        health = Agency(key="health", name="Exampleton Health (demo)", sector="health")
        council = Agency(
            key="cs", name="Mockford Children's Services (demo)", sector="childrens-services"
        )
        s.add_all([police, health, council])
        s.flush()
        people = [
            Person(name="DS Ada Testwell", agency_id=id_of(police), role="chair"),
            Person(name="Bea Mockford", agency_id=id_of(health)),
            Person(name="Cal Exampleton", agency_id=id_of(council)),
            Person(name="Mo Notetaker", agency_id=id_of(police), role="minute-taker"),
        ]
        child = Child(ref="C-RILEY001", name="Riley Example", date_of_birth=date(2012, 3, 5))
        s.add_all([*people, child])
        s.flush()
        meeting = Meeting(
            profile="lincs-mace-l2", date=THURSDAY, scheduled_start="10:00", scheduled_minutes=120
        )
        s.add(meeting)
        s.flush()
        s.add_all(
            Attendance(meeting_id=id_of(meeting), person_id=id_of(p), invited=True) for p in people
        )
        item = AgendaItem(
            meeting_id=id_of(meeting),
            child_id=id_of(child),
            meeting_date=THURSDAY,
            profile="lincs-mace-l2",
            position=1,
        )
        s.add(item)
        s.flush()
        s.add(
            Conflict(
                item_id=id_of(item),
                person_id=id_of(people[1]),
                reason="Neighbour",
                source="prepared",
            )
        )
        s.commit()
        return id_of(meeting)


async def test_rearranged_date_is_typed_checked_and_the_queue_moves(tmp_path) -> None:
    settings = load_settings(profile="lincs-mace-l2")
    prepare(settings)
    store = Store.open(settings.db_url)
    meeting_id = panel_with_no_minute_taker(store)
    app = make_app(settings, clock=TestClock(START), mode="chair", meeting_date=THURSDAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "AttendanceScreen")
        for _ in range(3):  # everyone but the minute taker (last by agency and name)
            await pilot.press("p", "down")
            await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        body = message(app, ".dialog-body")
        assert "Missing: minute taker" in body
        assert (
            "The queue (1 child) goes to a rearranged meeting, proposed Friday 27 November 2026"
            in body
        )
        assert "up to Thursday 10 December 2026" in body
        await pilot.press("y")
        await settle(pilot)
        # A Saturday is refused, with the reason; nothing is written.
        date_box = app.screen.query_one("#reason", Input)
        assert date_box.value == "2026-11-27"
        date_box.value = "2026-11-28"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")  # keep the suggested note
        await settle(pilot)
        assert "Not recorded. date: Saturday 28 November 2026 is not a working day" in message(
            app, "#attendance-message"
        )
        # Again, with a working day within the limit.
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        app.screen.query_one("#reason", Input).value = "2026-12-02"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await wait_for_screen(pilot, "ActionLogScreen")
    with store.session() as s:
        old = s.get(Meeting, meeting_id)
        new = s.exec(select(Meeting).where(Meeting.date == date(2026, 12, 2))).one()
        queued = s.exec(select(AgendaItem).where(AgendaItem.meeting_id == new.id)).all()
        invited = s.exec(select(Attendance).where(Attendance.meeting_id == new.id)).all()
        carried = s.exec(select(Conflict).where(Conflict.item_id == queued[0].id)).all()
    store.close()
    assert old is not None and (old.status, old.rearranged_date) == ("inquorate", date(2026, 12, 2))
    assert [q.referral_source for q in queued] == ["deferred"]
    assert len(invited) == 4 and all(seat.invited for seat in invited)
    assert [(c.reason, c.source) for c in carried] == [("Neighbour", "prepared")]

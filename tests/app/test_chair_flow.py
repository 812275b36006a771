"""A whole meeting on the demo hub, keyboard only: attendance → statements → three children → end."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

import pytest
from sqlmodel import col, select

from mace_tui.cipher import encrypt_store
from mace_tui.factory import make_app
from mace_tui.protection import open_store
from store.db import Store
from store.models import (
    Action,
    AgendaItem,
    Attendance,
    Child,
    Grading,
    Meeting,
    StatementConfirmation,
    ThriveNote,
)
from tests.app.chair_helpers import (
    TestClock,
    message,
    past_carry_over,
    settle,
    start_child,
    type_text,
    wait_for_screen,
)
from tests.conftest import DEMO_TODAY
from tests.ids import id_of

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def today_meeting(store: Store) -> Meeting:
    with store.session() as s:
        return s.exec(
            select(Meeting).where(Meeting.date == DEMO_TODAY, Meeting.profile == "llr-drmm")
        ).one()


async def mark_everyone_present(pilot, count: int) -> None:
    for _ in range(count):
        await pilot.press("p", "down")
        await settle(pilot)


async def write_note(pilot, text: str) -> None:
    await pilot.press("enter")  # a new note in the highlighted section
    await type_text(pilot, text)
    await pilot.pause(0.7)  # the autosave fires half a second after the last key
    await settle(pilot)
    await pilot.press("escape")


async def grade(pilot, key: str, rationale: str) -> None:
    await pilot.press("f3")
    await settle(pilot)
    await pilot.press(key)  # h, m or l
    await pilot.press("tab", "tab", "tab", "tab")  # past the three flags to the rationale
    await type_text(pilot, rationale)
    await pilot.pause(0.7)
    await settle(pilot)


async def add_action(pilot, text: str, owner: str, due: str, *, allocate: bool = False) -> None:
    await pilot.press("f4")
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    await type_text(pilot, text)
    await pilot.press("tab")
    await type_text(pilot, owner)
    await pilot.press("tab", "tab")  # the agency follows the owner
    await type_text(pilot, due)
    await pilot.press("tab", "space")  # agreed
    if allocate:
        await pilot.press("tab", "space")
    await pilot.press("ctrl+s")
    await settle(pilot)


# Once on PostgreSQL too: the demo seeded there, then every write of a whole meeting.
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
async def test_a_whole_meeting(settings, encrypted: bool) -> None:
    if encrypted and settings.sqlite_path is None:
        pytest.skip("a PostgreSQL server keeps its own data; only SQLite is encrypted by mace-tui")
    if encrypted:  # chosen at set-up (here as `mace-tui encrypt` does it), before the demo fills it
        made = open_store(settings)
        encrypt_store(settings, made, user="tester")
        made.close()
    clock = TestClock(START)
    app = make_app(settings, clock=clock, demo_today=DEMO_TODAY, mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "AttendanceScreen")
        store = app.store
        assert store is not None

        # Nobody marked present: the meeting refuses to start (R1).
        await pilot.press("s")
        await settle(pilot)
        assert "cannot start" in message(app, "#attendance-message")
        assert today_meeting(store).status == "planned"

        await mark_everyone_present(pilot, 7)
        await pilot.press("s")
        await wait_for_screen(pilot, "StatementsScreen")
        for _ in range(6):
            clock.advance(0.5)
            await pilot.press("enter")
            await settle(pilot)
        await past_carry_over(pilot)

        # Child 1, Riley: a note, LOW, one action.
        clock.advance(1)
        await start_child(pilot, "enter")
        await write_note(pilot, "Seen near the station with two unknown adults")
        await grade(pilot, "l", "Some indicators but strong family support")
        await add_action(
            pilot,
            "Share the school attendance record for six weeks with police",
            "Lou Specimen",
            "+7d",
        )
        await pilot.press("f8")
        await settle(pilot)

        # Child 2, Jordan: MEDIUM two months ago, so no new NPA referral (R7).
        clock.advance(5)
        await start_child(pilot)
        await pilot.press("f2")  # past the action from an earlier meeting, to THRIVE
        await write_note(pilot, "Missing twice this month")
        await grade(pilot, "m", "Clear indicators and likely impact")
        assert "graded MEDIUM on" in str(app.screen.query_one("#proposal").render())
        await add_action(
            pilot,
            "Complete a return home interview and send the summary to the hub",
            "Cal Exampleton",
            "fri",
        )
        await pilot.press("f8")
        await settle(pilot)

        # Child 3, Casey: HIGH cannot close without an allocated professional.
        clock.advance(5)
        await start_child(pilot)
        await grade(pilot, "h", "Imminent harm likely after the latest missing episode")
        await pilot.press("f8")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmModal"
        body = str(app.screen.query_one(".dialog-body").render())
        assert "allocating a named professional" in body
        # HIGH with no crime: a named multi-agency team, so its name is asked for (R7).
        assert "Name the multi-agency team" in body
        await pilot.press("escape")
        await add_action(
            pilot,
            "Allocate a named social worker to visit Casey twice a week and report back",
            "Hal Pretendy",
            "+3d",
            allocate=True,
        )
        await pilot.press("f3")
        await settle(pilot)
        team = app.screen.query_one("#team-name")
        assert team.display  # shown because the outcome is the named team
        for _ in range(8):
            if app.focused is team:
                break
            await pilot.press("tab")
        assert app.focused is team
        await type_text(pilot, "Sampleton Exploitation Team")
        await pilot.pause(0.7)
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)

        # End: the seven children not reached move to the next meeting.
        clock.advance(30)
        await pilot.press("f12")
        await settle(pilot)
        await pilot.press("y")
        await wait_for_screen(pilot, "ActionLogScreen")
        await settle(pilot)
        assert "10 children · 3 actions" in str(app.screen.query_one("#log-status").render())

    with store.session() as s:
        meeting = s.exec(
            select(Meeting).where(Meeting.date == DEMO_TODAY, Meeting.profile == "llr-drmm")
        ).one()
        assert meeting.status == "finished"
        assert meeting.started_at == START
        assert meeting.ended_at is not None and meeting.ended_at > START
        assert (
            len(
                s.exec(
                    select(StatementConfirmation).where(
                        StatementConfirmation.meeting_id == meeting.id
                    )
                ).all()
            )
            == 6
        )
        present = s.exec(
            select(Attendance).where(
                Attendance.meeting_id == meeting.id, Attendance.status == "present"
            )
        ).all()
        assert len(present) == 7
        items = s.exec(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting.id)
            .order_by(col(AgendaItem.position))
        ).all()
        assert [i.status for i in items] == ["done"] * 3 + ["deferred"] * 7
        assert {i.deferred_reason for i in items[3:]} == {"Not reached"}
        grades = {
            g.item_id: g
            for g in s.exec(select(Grading).where(Grading.meeting_date == DEMO_TODAY)).all()
        }
        assert [grades[id_of(i)].grade for i in items[:3]] == ["LOW", "MEDIUM", "HIGH"]
        names = [c.name for c in s.exec(select(Child)).all()]
    store.close()
    if encrypted:
        path = settings.sqlite_path
        with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
            sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchone()
        written = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
        assert names and not any(n.encode() in written for n in names)
        assert grades[id_of(items[1])].outcome == "no-new-referral"
        assert (grades[id_of(items[2])].outcome, grades[id_of(items[2])].team_name) == (
            "ma-team",
            "Sampleton Exploitation Team",
        )
        assert all(grades[id_of(i)].rationale for i in items[:3])
        notes = s.exec(
            select(ThriveNote).where(col(ThriveNote.item_id).in_([i.id for i in items[:2]]))
        ).all()
        assert sorted(n.text for n in notes) == [
            "Missing twice this month",
            "Seen near the station with two unknown adults",
        ]
        actions = s.exec(select(Action).where(Action.meeting_id == meeting.id)).all()
        assert len(actions) == 3
        assert all(a.agreed and a.due and a.due >= DEMO_TODAY for a in actions)
        assert [a.owner for a in actions] == ["Lou Specimen", "Cal Exampleton", "Hal Pretendy"]
        assert actions[1].due == date(2026, 11, 27)  # "fri"
        assert actions[2].allocated_professional
        # The deferred children wait on the next DRMM (Tuesday).
        moved = s.exec(
            select(AgendaItem).where(AgendaItem.meeting_date == date(2026, 11, 24))
        ).all()
        assert len(moved) == 7 and all(m.referral_source == "deferred" for m in moved)

"""A chair seat that another seat has taken over stops driving the meeting (R25).

The old seat hears of the take-over at its next renewal; from then on the keys that
move the meeting on (next, close, defer, end, the room, the register) are refused with
a line naming who has the chair, and nothing is written.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mace_tui.factory import make_app
from store import seats
from store.db import Store
from tests.app.chair_helpers import (
    TestClock,
    meeting_under_way,
    settle,
    start_child,
    wait_for_screen,
)
from tests.app.test_live_seats import wait_until
from tests.app.test_minutes_seat import shown

START = datetime(2026, 11, 23, 9, 10, tzinfo=UTC)
NEW_CHAIR = "robin on hub-pc-9"


def statuses(store: Store, meeting_id: int) -> list[str]:
    """The meeting's status, then each child's on its agenda, as stored."""
    from sqlmodel import col, select

    from store.models import AgendaItem, Meeting

    with store.session() as session:
        meeting = session.get(Meeting, meeting_id)
        items = session.exec(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id)
            .order_by(col(AgendaItem.id))
        ).all()
        assert meeting is not None
        return [str(meeting.status), *(str(i.status) for i in items)]


@pytest.mark.parametrize(
    ("key", "child_open"),
    [
        ("f9", False),  # next child
        ("f12", False),  # end the meeting
        ("ctrl+g", False),  # the register
        ("f8", True),  # close the child under discussion
        ("f10", True),  # defer it
        ("f6", True),  # the room
    ],
)
async def test_a_taken_over_chair_refuses_the_keys_that_move_the_meeting(
    demo_store: Store, settings, monkeypatch: pytest.MonkeyPatch, key: str, child_open: bool
) -> None:
    monkeypatch.setattr(seats, "RENEW_SECONDS", 0.05)  # hear of the take-over at once
    meeting_under_way(demo_store, stage="cases", at=START)
    chair = make_app(settings, clock=TestClock(START), mode="chair")
    async with chair.run_test(size=(100, 30)) as cp:
        await wait_for_screen(cp, "CaseScreen")
        if child_open:
            await start_child(cp)
        screen = chair.screen
        meeting_id = screen.meeting_id  # type: ignore[attr-defined]
        before = statuses(demo_store, meeting_id)
        # Another seat takes the chair over (as its `t` on the start screen does).
        with demo_store.session() as session:
            seats.take_chair(
                session,
                meeting_id=meeting_id,
                seat="another-seat",
                holder=NEW_CHAIR,
                at=START,
                take_over=True,
            )
        await wait_until(cp, lambda: chair.chair_lost_to is not None, "the take-over heard")
        await cp.press(key)
        await settle(cp)
        assert chair.screen is screen  # no room step, register or end dialog opened
        line = shown(chair, "#case-message")
        assert NEW_CHAIR in line and "has the chair" in line
        assert statuses(demo_store, meeting_id) == before
        # The chair's seat stays with the seat that took it over.
        with demo_store.session() as session:
            holder = seats.chair_holder(session, meeting_id=meeting_id, at=START)
        assert holder is not None and holder.holder == NEW_CHAIR


@pytest.mark.parametrize(
    ("keys", "child_open"),
    [
        (("f9", "f9"), False),  # next child, then start it from the room step
        (("f8",), True),  # close the child under discussion
    ],
)
async def test_a_move_before_the_take_over_is_heard_is_refused_by_the_store(
    demo_store: Store, settings, monkeypatch: pytest.MonkeyPatch, keys: tuple[str, ...],
    child_open: bool,
) -> None:  # fmt: skip
    """Between a take-over and the old seat's next renewal the old seat does not know yet:
    the write that would move the meeting checks the lease and is refused."""
    monkeypatch.setattr(seats, "RENEW_SECONDS", 3600)  # the renewal never comes in this test
    meeting_under_way(demo_store, stage="cases", at=START)
    chair = make_app(settings, clock=TestClock(START), mode="chair")
    async with chair.run_test(size=(100, 30)) as cp:
        await wait_for_screen(cp, "CaseScreen")
        if child_open:
            await start_child(cp)
        screen = chair.screen
        meeting_id = screen.meeting_id  # type: ignore[attr-defined]
        before = statuses(demo_store, meeting_id)
        with demo_store.session() as session:
            seats.take_chair(
                session,
                meeting_id=meeting_id,
                seat="another-seat",
                holder=NEW_CHAIR,
                at=START,
                take_over=True,
            )
        assert chair.chair_lost_to is None  # not heard of yet
        for key in keys:
            await cp.press(key)
            await settle(cp)
        await wait_until(cp, lambda: NEW_CHAIR in shown(chair, "#case-message"), "the refusal")
        assert chair.screen is screen
        assert statuses(demo_store, meeting_id) == before
        # From then on the keys refuse at once, without asking the store.
        assert chair.chair_lost_to == NEW_CHAIR


def everyone_present(store: Store, at: datetime) -> int:
    """Today's demo DRMM, not started, with every invited person marked present."""
    from store import attendance, queries
    from tests.conftest import DEMO_TODAY

    with store.session() as session:
        found = queries.find_meeting(session, profile="llr-drmm", on=DEMO_TODAY)
        assert found is not None and found.id is not None
        for person in attendance.meeting_attendance(session, meeting_id=found.id):
            attendance.mark_present(session, meeting_id=found.id, person_id=person.person_id, at=at)
        return found.id


def stage_of(store: Store, meeting_id: int) -> tuple[str, bool]:
    from store.models import Meeting

    with store.session() as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None
        return str(meeting.stage), meeting.started_at is not None


@pytest.mark.parametrize(
    ("stage", "key", "screen_name", "line", "heard"),
    [
        ("attendance", "s", "AttendanceScreen", "#attendance-message", True),
        ("attendance", "s", "AttendanceScreen", "#attendance-message", False),
        ("carry-over", "f9", "CarryOverScreen", "#carry-message", True),
        ("carry-over", "f9", "CarryOverScreen", "#carry-message", False),
    ],
)
async def test_a_taken_over_chair_neither_starts_nor_leaves_the_review(
    demo_store: Store, settings, monkeypatch: pytest.MonkeyPatch,
    stage: str, key: str, screen_name: str, line: str, heard: bool,
) -> None:  # fmt: skip
    """Starting the meeting (s) and going on to the children (F9) move the meeting too."""
    monkeypatch.setattr(seats, "RENEW_SECONDS", 0.05 if heard else 3600)
    if stage == "attendance":
        meeting_id = everyone_present(demo_store, START)
    else:
        meeting_id = meeting_under_way(demo_store, stage=stage, at=START)
    chair = make_app(settings, clock=TestClock(START), mode="chair")
    async with chair.run_test(size=(100, 30)) as cp:
        await wait_for_screen(cp, screen_name)
        await settle(cp)
        screen = chair.screen
        before = stage_of(demo_store, meeting_id)
        with demo_store.session() as session:
            seats.take_chair(
                session,
                meeting_id=meeting_id,
                seat="another-seat",
                holder=NEW_CHAIR,
                at=START,
                take_over=True,
            )
        if heard:
            await wait_until(cp, lambda: chair.chair_lost_to is not None, "the take-over heard")
        await cp.press(key)
        await settle(cp)
        await wait_until(cp, lambda: NEW_CHAIR in shown(chair, line), "the refusal")
        assert chair.screen is screen
        assert stage_of(demo_store, meeting_id) == before

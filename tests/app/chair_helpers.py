"""Helpers for driving the chair's screens with Pilot, as the chair would with the keyboard."""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerFailed

from mace_tui.app import MaceApp
from store.db import Store
from tests.conftest import DEMO_TODAY


class TestClock:
    """A clock the test moves forward (time is the one thing we cannot wait for here)."""

    __test__ = False

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += timedelta(minutes=minutes)


async def settle(pilot: Pilot[None]) -> None:
    """Let workers finish (failed ones too) and the screen catch up.

    A worker in an exclusive group is cancelled when the next one of its group
    starts (the queue read that opens the child under discussion, say): that is
    by design, and waiting for it must not fail the test.
    """
    import asyncio

    app = pilot.app
    for _ in range(4):
        # Writes go through the app's one write queue, not Textual workers.
        writes = getattr(app, "writes", None)
        if writes is not None:
            await asyncio.to_thread(writes.drain, 30.0)
        with contextlib.suppress(WorkerFailed, WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type like a fast typist: every key in order, then let the app catch up.

    (``pilot.press`` waits for the app to go idle after each key, which with
    the screens' clocks ticking costs most of a tenth of a second a key.)
    """
    from textual import events

    names = {" ": "space", ".": "full_stop", ",": "comma", "-": "minus", "+": "plus", "/": "slash"}
    for char in text:
        pilot.app.post_message(events.Key(names.get(char, char), char))
    await pilot.pause()


async def wait_for_screen(pilot: Pilot[None], name: str, tries: int = 50) -> None:
    """Wait until the named screen is on top."""
    for _ in range(tries):
        await settle(pilot)
        if type(pilot.app.screen).__name__ == name:
            return
    raise AssertionError(f"{name} never appeared; on top: {pilot.app.screen!r}")


def message(app: MaceApp, selector: str) -> str:
    """The text of a Static on the current screen."""
    from textual.widgets import Static

    return str(app.screen.query_one(selector, Static).render())


async def past_carry_over(pilot: Pilot[None]) -> None:
    """Leave the carried-over actions as they are and go on to the children (F9)."""
    await wait_for_screen(pilot, "CarryOverScreen")
    await pilot.press("f9")
    await wait_for_screen(pilot, "CaseScreen")


async def start_child(pilot: Pilot[None], key: str = "f9") -> None:
    """Bring the next child up (``key``), see the room step, and start the discussion."""
    await pilot.press(key)
    await wait_for_screen(pilot, "RoomScreen")
    await pilot.press("f9")
    await wait_for_screen(pilot, "CaseScreen")


def meeting_under_way(store: Store, *, stage: str, at: datetime) -> int:
    """Today's demo DRMM with every invited person present and the statements read, at ``stage``.

    Arriving here by keys is what test_chair_flow does; tests of the later
    steps start from the stored state, as a restarted app would.
    """
    from mace_tui.profiles import get_profile
    from store import attendance, meetings, queries

    with store.session() as session:
        found = queries.find_meeting(session, profile="llr-drmm", on=DEMO_TODAY)
        assert found is not None and found.id is not None
        meeting_id = found.id
        for person in attendance.meeting_attendance(session, meeting_id=meeting_id):
            attendance.mark_present(
                session, meeting_id=meeting_id, person_id=person.person_id, at=at
            )
        meetings.start(session, meeting_id=meeting_id, at=at, chair_id=None)
        for statement in get_profile("llr-drmm").statements:
            meetings.confirm_statement(session, meeting_id=meeting_id, key=statement.key, at=at)
        meetings.set_stage(session, meeting_id=meeting_id, stage=stage, at=at)
    return meeting_id


async def choose_row(pilot: Pilot[None], selector: str, text: str) -> None:
    """Put a table's cursor on the row whose first cell holds ``text`` (as arrow keys would)."""
    from textual.widgets import DataTable

    table = pilot.app.screen.query_one(selector, DataTable)
    for index in range(table.row_count):
        if text in str(table.get_row_at(index)[0]):
            table.move_cursor(row=index)
            await pilot.pause()
            return
    raise AssertionError(f"{text} is not in {selector}")


def drop_toasts(app: App[Any]) -> None:
    """Take every toast off every screen of the stack, for a snapshot.

    A toast lives for seconds of wall-clock time, so whether it is still up depends on
    the machine's load. ``clear_notifications`` redraws only the top screen's toasts: a
    dialog's snapshot would still show the ones on the screen beneath it.
    """
    from textual.widgets._toast import Toast

    app.clear_notifications()
    for screen in app.screen_stack:
        for toast in screen.query(Toast):
            toast.remove()


def hold_cursors_still(app: App[Any]) -> None:
    """Stop every field's cursor blinking (shown where the field has the focus), for a snapshot.

    A blinking cursor is drawn or not by the wall clock. A TextArea keeps its drawn lines by a
    key that reads the same for "blinking, in the off half" and "not blinking": a line drawn
    in the off half, before the blink was stopped, came back from that cache without its
    cursor (a snapshot under load lost the cursor this way). So its lines are drawn afresh.
    """
    from textual.widgets import Input, TextArea

    for field in app.screen.query(Input):
        field.cursor_blink = False
    for area in app.screen.query(TextArea):
        area.cursor_blink = False
        area._line_cache.clear()  # Textual's own cache of drawn lines (see above)
        area.refresh()

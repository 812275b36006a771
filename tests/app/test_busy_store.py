"""A note typed while another program holds the store's write lock is kept and saved (#15).

Another connection to the same SQLite file (as a long import would) takes the
write lock and keeps it for longer than the store's 5 s busy timeout while the
chair types a note. The chair must be told, in plain words, that the store is
busy and that saving is being retried; the note stays on screen; and once the
other program lets go, the note reaches the store with no further key pressed.
"""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime

import pytest

from mace_tui.factory import make_app
from mace_tui.widgets.thrive_pane import ThrivePane
from store import discussion
from store.db import Store
from tests.app.chair_helpers import (
    TestClock,
    meeting_under_way,
    settle,
    start_child,
    type_text,
    wait_for_screen,
)

START = datetime(2026, 11, 23, 9, 10, tzinfo=UTC)
NOTE = "seen near the station late"
# Generous bounds on waiting for an outcome (polled, never asserted as a speed).
WAIT = 120.0
STEP = 0.1


class OtherProgram:
    """A second connection to the store's file that holds its write lock until let go."""

    def __init__(self, path: str) -> None:
        self._path = path
        self.holding = threading.Event()
        self.let_go = threading.Event()
        self._thread = threading.Thread(target=self._run, name="other-program", daemon=True)

    def __enter__(self) -> OtherProgram:
        self._thread.start()
        assert self.holding.wait(30), "the other program never got the write lock"
        return self

    def __exit__(self, *_exc: object) -> None:
        self.let_go.set()
        self._thread.join(30)

    def _run(self) -> None:
        connection = sqlite3.connect(self._path, isolation_level=None, timeout=30)
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute(
                "INSERT INTO agency (key, name, short_name, sector, contact, active) "
                "VALUES ('imported-example', 'Examplefield Imports', 'EI', 'other', '', 1)"
            )
            self.holding.set()
            self.let_go.wait(WAIT)
            connection.execute("ROLLBACK")
        finally:
            connection.close()


def _stored(store: Store, item_id: int) -> str:
    with store.session() as session:
        notes = discussion.notes(session, item_id=item_id)
    return notes[-1].text if notes else ""


def _shown(app: object) -> list[str]:
    return [n.message for n in app._notifications]  # type: ignore[attr-defined]


async def test_a_note_typed_while_another_program_holds_the_store_is_kept_and_saved_after(
    demo_store: Store, settings
) -> None:
    prefix = "sqlite:///"
    if not demo_store.url.startswith(prefix):
        pytest.skip("the write lock held by another connection is SQLite's")
    path = demo_store.url[len(prefix) :].split("?", 1)[0]
    meeting_under_way(demo_store, stage="cases", at=START)
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await start_child(pilot)
        screen = app.screen
        case = screen.case  # type: ignore[attr-defined]
        assert case is not None
        await pilot.press("enter")
        await settle(pilot)
        pane = screen.query_one(ThrivePane)
        with OtherProgram(path) as other:
            await type_text(pilot, NOTE)
            # The save waits out the 5 s busy timeout, fails, and the user is told.
            for _ in range(int(WAIT / STEP)):
                if any("store is busy" in text for text in _shown(app)):
                    break
                await pilot.pause(STEP)
            shown = _shown(app)
            busy = [text for text in shown if "store is busy" in text]
            assert busy, f"no word of the busy store; shown: {shown}"
            assert "retrying" in busy[0] and "Nothing is lost" in busy[0]
            assert not any("restart" in text.lower() for text in shown)
            assert not any("Something went wrong" in text for text in shown)
            # What was typed is still on screen, and not yet in the store.
            assert pane.editing is not None and pane.editing.text == NOTE
            assert _stored(demo_store, case.item_id) != NOTE
            other.let_go.set()
        # No key pressed from here on: the retry alone must save the note.
        stored = ""
        for _ in range(int(WAIT / STEP)):
            stored = _stored(demo_store, case.item_id)
            if stored == NOTE:
                break
            await pilot.pause(STEP)
        assert stored == NOTE, f"stored {stored!r} after the store was let go"
        assert pane.editing is not None and pane.editing.text == NOTE
        for _ in range(int(WAIT / STEP)):
            if any("Saving again" in text for text in _shown(app)):
                break
            await pilot.pause(STEP)
        assert any("Saving again" in text for text in _shown(app))
        assert not any("store is busy" in text for text in _shown(app))


async def test_preparation_creates_its_meeting_once_another_program_lets_go_of_the_store(
    store: Store, settings
) -> None:
    """Creating the meeting is a write like any other: it waits its turn and is retried."""
    from mace_tui.clock import fixed_clock
    from store.queries import find_meeting
    from tests.conftest import DEMO_TODAY

    prefix = "sqlite:///"
    if not store.url.startswith(prefix):
        pytest.skip("the write lock held by another connection is SQLite's")
    path = store.url[len(prefix) :].split("?", 1)[0]

    def meeting_made() -> bool:
        with store.session() as session:
            return find_meeting(session, profile="llr-drmm", on=DEMO_TODAY) is not None

    app = make_app(settings, clock=fixed_clock(datetime(2026, 11, 20, 14, 0, tzinfo=UTC)),
                   mode="prep")  # fmt: skip
    with OtherProgram(path) as other:
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(int(WAIT / STEP)):
                if any("store is busy" in text for text in _shown(app)):
                    break
                await pilot.pause(STEP)
            shown = _shown(app)
            assert any("store is busy" in text for text in shown), f"shown: {shown}"
            assert not any("Something went wrong" in text for text in shown)
            assert not meeting_made()
            other.let_go.set()
            for _ in range(int(WAIT / STEP)):
                if meeting_made() and app.screen.query("#prep-empty"):
                    empty = app.screen.query_one("#prep-empty").render()
                    if "No children on this queue yet" in str(empty):
                        break
                await pilot.pause(STEP)
            assert meeting_made()
            assert "No children on this queue yet" in str(
                app.screen.query_one("#prep-empty").render()
            )


async def test_quitting_while_the_store_is_busy_keeps_the_app_open_until_the_note_is_saved(
    demo_store: Store, settings
) -> None:
    """ctrl+q waits for the queued writes; when they still cannot be written (a full disk, a
    busy store) it does not quit and throw the typed note away: it says so, and a second
    ctrl+q is needed to quit anyway."""
    prefix = "sqlite:///"
    if not demo_store.url.startswith(prefix):
        pytest.skip("the write lock held by another connection is SQLite's")
    path = demo_store.url[len(prefix) :].split("?", 1)[0]
    meeting_under_way(demo_store, stage="cases", at=START)
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await start_child(pilot)
        screen = app.screen
        case = screen.case  # type: ignore[attr-defined]
        assert case is not None
        await pilot.press("enter")
        await settle(pilot)
        with OtherProgram(path) as other:
            await type_text(pilot, NOTE)
            for _ in range(int(WAIT / STEP)):
                if any("store is busy" in text for text in _shown(app)):
                    break
                await pilot.pause(STEP)
            assert any("store is busy" in text for text in _shown(app))
            await pilot.press("ctrl+q")
            for _ in range(int(WAIT / STEP)):
                if app._exit or any("ctrl+q again" in text for text in _shown(app)):
                    break
                await pilot.pause(STEP)
            assert not app._exit, "ctrl+q quit with the note not yet saved"
            warning = [text for text in _shown(app) if "ctrl+q again" in text]
            assert warning and "not saved" in warning[0].lower()
            assert _stored(demo_store, case.item_id) != NOTE
            other.let_go.set()
        stored = ""
        for _ in range(int(WAIT / STEP)):
            stored = _stored(demo_store, case.item_id)
            if stored == NOTE:
                break
            await pilot.pause(STEP)
        assert stored == NOTE, f"stored {stored!r} after the store was let go"
        await pilot.press("ctrl+q")
        for _ in range(int(WAIT / STEP)):
            if app._exit:
                break
            await pilot.pause(STEP)
        assert app._exit, "once everything is saved, ctrl+q quits"

"""Prep, the directory and review show what the start-up helper read before the store is open.

The helper is a forked process (mace_tui/early.py), which EarlyRead refuses to start in a
process with threads, as pytest's is: ``HandedIn`` stands in for it, handing the screen
the very records ``launch.read_prep`` / ``read_directory`` (or ``review.early_read.read_review``)
read from the same database file. The store opens
only when the test lets it, so what shows before is the helper's alone.
"""

from __future__ import annotations

import asyncio
import dataclasses
import pickle
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from textual.widgets import DataTable, Static

from mace_tui.app import MaceApp
from mace_tui.clock import fixed_clock
from mace_tui.config import Settings
from mace_tui.early import EarlyFailure
from mace_tui.launch import open_store, read_prep
from mace_tui.screens.prep import PrepScreen
from mace_tui.widgets import CaseQueue
from store.db import Store
from tests.app.test_prep import FRIDAY_2PM, settle
from tests.conftest import DEMO_NOW, DEMO_TODAY
from tests.review.fixtures import Recorded


class HandedIn:
    """Stands in for the forked helper's EarlyRead: its result, already read. ``done``: the
    helper had finished by the time the screen mounted (else the screen waits in a worker)."""

    def __init__(self, value: Any, *, done: bool = False) -> None:
        self.value = value
        self.done = done

    def wait(self, timeout: float = 60.0) -> Any:
        if threading.current_thread() is not threading.main_thread():
            time.sleep(0.5)  # waited for in a worker: as a helper still at work would be
        return self.value

    def finished(self) -> bool:
        return self.done


def _app(
    settings: Settings,
    early: Any,
    gate: threading.Event,
    mode: str = "prep",
    now: datetime = FRIDAY_2PM,
    demo: bool = False,
) -> MaceApp:
    def opener() -> Store:
        gate.wait(30)
        return open_store(settings)

    return MaceApp(
        settings=settings,
        open_store=opener,
        clock=fixed_clock(now),
        mode=mode,
        early=early,
        meeting_date=DEMO_TODAY,
        demo=demo,
    )


async def _until(condition: Any, pilot: Any) -> None:
    for _ in range(400):  # a bound on waiting (a busy machine), not a speed
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the screen never showed it")


def _names(app: MaceApp) -> list[str]:
    table = app.screen.query_one("#prep-queue", CaseQueue)
    return [str(table.get_row_at(r)[2]) for r in range(table.row_count)] if table.display else []


async def test_the_helpers_queue_shows_before_the_store_opens(
    demo_store: Store, settings: Settings
) -> None:
    early = read_prep(settings, today=DEMO_TODAY, meeting_date=DEMO_TODAY)
    assert early is not None and len(early.queue) == 10
    gate = threading.Event()
    app = _app(settings, HandedIn(early), gate)
    async with app.run_test(size=(100, 30)) as pilot:
        await _until(lambda: len(_names(app)) == 10, pilot)
        assert app.store is None  # shown from the helper's read alone
        assert isinstance(app.screen, PrepScreen) and app.screen.view is None
        assert any(early.queue[-1].entry.name in name for name in _names(app))
        history = str(app.screen.query_one("#prep-history", Static).render())
        assert early.queue[0].entry.name in history
        gate.set()
        await _until(lambda: app.store is not None, pilot)
        await settle(app, pilot)
        assert app.screen.view is not None  # the store's read took over, the same queue
        assert _names(app) == [s.entry.name for s in app.screen.view.queue][: len(_names(app))]
        assert len(_names(app)) == 10


async def test_a_finished_helpers_queue_is_in_the_first_frame(
    demo_store: Store, settings: Settings
) -> None:
    """The helper usually finishes long before Textual has loaded: then the screen mounts with
    its data, not with a loading line that a later frame replaces."""
    from mace_tui.launch import read_home
    from mace_tui.screens.home import HomeScreen

    early = read_home(settings, today=DEMO_TODAY)
    assert early is not None
    for mode, screen_type, table_id, read in (
        (
            "prep",
            PrepScreen,
            "#prep-queue",
            read_prep(settings, today=DEMO_TODAY, meeting_date=DEMO_TODAY),
        ),
        ("home", HomeScreen, "#queue", early),
    ):
        gate = threading.Event()
        app = _app(settings, HandedIn(read, done=True), gate, mode=mode)
        async with app.run_test(size=(100, 30)):
            # No pause: what run_test hands over is the first frame's screen.
            assert isinstance(app.screen, screen_type)
            table = app.screen.query_one(table_id, CaseQueue)
            assert table.display and table.row_count == 10, mode
            gate.set()  # the store may open now (the app may already be waiting for it)
            app.exit()


async def test_prep_builds_its_second_tab_just_after_the_first_frame(
    demo_store: Store, settings: Settings
) -> None:
    """The invitations and conflicts (the second tab) are built just after the first frame,
    which shows the queue; the meeting read and a wish for the focus meanwhile are kept."""
    from mace_tui.widgets.prep_panel import PrepPanel

    read = read_prep(settings, today=DEMO_TODAY, meeting_date=DEMO_TODAY)
    gate = threading.Event()
    app = _app(settings, HandedIn(read, done=True), gate, mode="prep")
    async with app.run_test(size=(100, 30)) as pilot:
        panel = app.screen.query_one(PrepPanel)
        assert len(_names(app)) == 10 and not panel.built  # the first frame: the queue
        assert panel.chosen_invitation() is None and panel.chosen_conflict() is None
        await pilot.press("2")  # to the second tab at once: its table takes the focus once built
        await _until(lambda: panel.built, pilot)
        await pilot.pause()
        assert app.focused is app.screen.query_one("#prep-invited", DataTable)
        gate.set()
        screen = app.screen
        assert isinstance(screen, PrepScreen)
        await _until(lambda: screen.view is not None, pilot)
        await settle(app, pilot)
        assert screen.view is not None
        invited = screen.query_one("#prep-invited", DataTable)
        assert invited.row_count == len(screen.view.invitations) > 0
        app.exit()


@pytest.mark.parametrize(
    ("demo", "first"),
    [(False, "AttendanceScreen"), (True, "ChairStartScreen")],
    ids=["chair", "demo"],
)
async def test_the_chairs_first_frame_is_the_register_when_the_helper_is_done(
    demo_store: Store, settings: Settings, demo: bool, first: str
) -> None:
    """A finished helper's read opens the register before the first frame, with the queue
    beside it; the demo keeps its light start screen first (its helper makes the store too),
    and shows the register from there."""
    from mace_tui.launch import read_chair

    early = read_chair(settings, today=DEMO_TODAY, meeting_date=DEMO_TODAY)
    assert early.attendance is not None and early.attendance.queue
    gate = threading.Event()
    app = _app(settings, HandedIn(early, done=True), gate, mode="chair", now=DEMO_NOW, demo=demo)
    async with app.run_test(size=(120, 30)) as pilot:
        # No pause: what run_test hands over is the first frame's screen.
        assert type(app.screen).__name__ == first
        last = early.attendance.queue[-1].name

        def preview() -> str:
            found = app.screen.query("#queue-preview")
            return str(found.first(Static).render()) if found else ""

        if not demo:  # in the first frame
            assert last in preview()
        await _until(lambda: last in preview(), pilot)  # the queue beside the register
        assert app.store is None  # all of it from the helper's read
        gate.set()
        app.exit()


async def test_nothing_shows_early_when_the_helper_read_nothing(
    demo_store: Store, settings: Settings
) -> None:
    gate = threading.Event()
    app = _app(settings, HandedIn(EarlyFailure(None)), gate)
    async with app.run_test(size=(100, 30)) as pilot:
        await asyncio.sleep(0.8)
        await pilot.pause()
        assert _names(app) == []
        assert app.first_data_shown.is_set()  # the store is not held back waiting for it
        gate.set()
        await _until(lambda: len(_names(app)) == 10, pilot)


async def test_the_directory_lists_early_and_changes_wait_for_the_store(
    demo_store: Store, settings: Settings
) -> None:
    from mace_tui.launch import read_directory
    from mace_tui.screens.directory import DirectoryScreen

    early = read_directory(settings)
    assert early.agencies
    gate = threading.Event()
    app = _app(settings, HandedIn(early), gate, mode="directory")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, DirectoryScreen)
        table = screen.query_one("#dir-table", DataTable)
        await _until(lambda: table.row_count == len(early.agencies), pilot)
        assert app.store is None
        await pilot.press("a")  # adding needs the store: greyed, the key waits for it
        await pilot.pause()
        assert app.screen is screen
        gate.set()
        # Once the store is open, the key pressed before acts: no second press needed.
        await _until(lambda: type(app.screen).__name__ == "AgencyForm", pilot)
        await _until(lambda: app.focused is not None and app.focused.id == "f-name", pilot)


def _minutes_app(settings: Settings) -> tuple[MaceApp, Any, threading.Event]:
    """The minute taker's app, handed the helper's queue, its store held by the gate."""
    from mace_tui.launch import read_minutes

    early = read_minutes(settings, today=DEMO_TODAY)
    assert early is not None
    gate = threading.Event()
    app = _app(settings, HandedIn(early), gate, mode="minutes")
    app.meeting_date = DEMO_TODAY
    return app, early, gate


async def _minutes_screen(app: MaceApp, pilot: Any) -> Any:
    """The minute taker's screen, once it is there with its queue table."""
    from mace_tui.screens.minutes import MinutesScreen

    await _until(
        lambda: isinstance(app.screen, MinutesScreen) and bool(app.screen.query(CaseQueue)),
        pilot,
    )
    assert isinstance(app.screen, MinutesScreen)
    return app.screen


async def test_the_minute_takers_seat_shows_the_queue_before_the_store_opens(
    demo_store: Store, settings: Settings
) -> None:

    app, early, gate = _minutes_app(settings)
    async with app.run_test(size=(100, 30)) as pilot:
        # Pushed once the helper's queue arrived; its table is mounted with it.
        screen = await _minutes_screen(app, pilot)
        table = screen.query_one(CaseQueue)
        await _until(lambda: table.row_count == 10, pilot)
        assert app.store is None  # the helper's queue alone
        assert early.queue[-1].name in str(table.get_row_at(9))
        gate.set()
        await _until(lambda: app.store is not None, pilot)
        await settle(app, pilot)
        assert app.screen is screen  # followed once, not a second seat screen on top
        assert len(app.screen_stack) == 2 and table.row_count == 10


def _shown(app: MaceApp) -> list[list[str]]:
    grid = app.screen.query_one("#recordings", DataTable)
    if not grid.display:
        return []
    return [[str(c) for c in grid.get_row_at(r)] for r in range(grid.row_count)]


def _status(app: MaceApp) -> str:
    return str(app.screen.query_one("#review-status", Static).render())


async def test_the_review_list_shows_early_and_acting_on_a_recording_waits_for_the_store(
    recorded: Recorded, demo_store: Store, settings: Settings
) -> None:
    from mace_tui.review.early_read import read_review
    from mace_tui.screens.review import ReviewScreen
    from mace_tui.screens.review_export import ExportRecordingScreen

    # Kept 30 days and looked at 40 days on: all three recordings are past retention.
    kept = dataclasses.replace(settings, retention_days=30)
    later = DEMO_NOW + timedelta(days=40)
    early = read_review(kept, today=later.date())
    assert len(early.found) == 3 and early.expired == 3
    assert pickle.loads(pickle.dumps(early)) == early  # as the helper sends it
    gate = threading.Event()
    app = _app(kept, HandedIn(early), gate, mode="review", now=later)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await _until(lambda: len(_shown(app)) == 3, pilot)
        assert app.store is None  # the helper's read alone
        entries = recorded.meeting.queue[:3]
        assert [r[2] for r in _shown(app)] == [f"{e.child_ref} {e.name}" for e in entries]
        before = _status(app)
        assert "3 recordings" in before and "3 past retention" in before
        await pilot.press("e")  # exporting needs the store: greyed, the key waits for it
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        gate.set()
        await _until(lambda: app.store is not None, pilot)
        # The key pressed before the store was open acts now, with no second press.
        await _until(lambda: isinstance(app.screen, ExportRecordingScreen), pilot)
        await settle(app, pilot)
        # Beneath it, the store's own read took over and shows the very same list.
        assert screen.recordings == early.found
        assert str(screen.query_one("#review-status", Static).render()) == before


async def test_a_finished_helpers_review_list_is_in_the_first_frame(
    recorded: Recorded, demo_store: Store, settings: Settings
) -> None:
    from mace_tui.review.early_read import read_review

    early = read_review(settings, today=FRIDAY_2PM.date())
    gate = threading.Event()
    app = _app(settings, HandedIn(early, done=True), gate, mode="review")
    async with app.run_test(size=(100, 30)):
        # No pause: what run_test hands over is the first frame's screen.
        assert len(_shown(app)) == 3
        assert "3 recordings" in _status(app)
        gate.set()  # the store may open now (the app may already be waiting for it)
        app.exit()


async def test_the_review_filters_come_just_after_the_list_and_keep_what_was_asked(
    recorded: Recorded, demo_store: Store, settings: Settings
) -> None:
    """The filter fields are built just after the first frame, which shows the list: what
    was asked of them before (the search field, the profiles to choose from) is kept."""
    from textual import events
    from textual.widgets import Input, Select

    from mace_tui.review.early_read import read_review
    from mace_tui.widgets.recording_filters import RecordingFilters

    early = read_review(settings, today=FRIDAY_2PM.date())
    gate = threading.Event()
    app = _app(settings, HandedIn(early, done=True), gate, mode="review")
    async with app.run_test(size=(100, 30)) as pilot:
        filters = app.screen.query_one(RecordingFilters)
        assert len(_shown(app)) == 3 and not filters.built  # the first frame: the list
        assert not filters.any_set() and filters.query_values().child is None
        filters.set_profiles([("Demoshire DRMM", "llr-drmm")])
        filters.focus_search()
        for letter in "tex":  # typed before the field is there: they wait for it
            app.post_message(events.Key(letter, letter))
        await _until(lambda: filters.built, pilot)
        await pilot.pause()
        search = app.screen.query_one("#filter-child", Input)
        assert app.focused is search
        await _until(lambda: search.value == "tex", pilot)
        profile = app.screen.query_one("#filter-profile", Select)
        profile.value = "llr-drmm"
        assert filters.query_values().profile == "llr-drmm" and filters.any_set()
        gate.set()
        app.exit()


async def test_no_recordings_yet_is_in_the_first_frame(
    demo_store: Store, settings: Settings
) -> None:
    from mace_tui.review.early_read import read_review

    early = read_review(settings, today=FRIDAY_2PM.date())
    assert early.found == []
    gate = threading.Event()
    app = _app(settings, HandedIn(early, done=True), gate, mode="review")
    async with app.run_test(size=(100, 30)):
        empty = app.screen.query_one("#review-empty", Static)
        assert empty.display and "No recordings yet" in str(empty.render())
        assert "0 recordings" in _status(app)
        gate.set()  # the store may open now (the app may already be waiting for it)
        app.exit()


@pytest.mark.parametrize("read_early", [True, False], ids=["read early", "nothing early"])
async def test_a_review_store_that_cannot_open_is_explained(
    recorded: Recorded, demo_store: Store, settings: Settings, read_early: bool
) -> None:
    from mace_tui.review.early_read import read_review
    from mace_tui.screens.review import ReviewScreen
    from store.db import StoreError

    early: Any = HandedIn(read_review(settings, today=FRIDAY_2PM.date()), done=True)

    def broken() -> Store:
        raise StoreError("database: it holds tables this app did not create (invoices…).")

    app = MaceApp(
        settings=settings,
        open_store=broken,
        clock=fixed_clock(FRIDAY_2PM),
        mode="review",
        early=early if read_early else None,
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await _until(lambda: "could not be opened" in _status(app), pilot)
        assert "did not create" in _status(app)
        assert len(_shown(app)) == (3 if read_early else 0)  # a list read early stays
        await pilot.press("e")  # nothing to export through: the keys stay greyed
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)


async def test_a_later_screen_is_not_handed_the_first_screens_read(
    demo_store: Store, settings: Settings
) -> None:
    """Home's queue, read early for home, was handed to every screen opened after it: the
    directory and the recordings crashed on it (printing the queue in the crash report), and
    prep showed today's queue under another meeting's heading for a moment."""
    from mace_tui.launch import read_home
    from mace_tui.screens.directory import DirectoryScreen
    from mace_tui.screens.review import ReviewScreen

    early = read_home(settings, today=DEMO_TODAY)
    assert early is not None
    gate = threading.Event()
    gate.set()
    app = _app(settings, HandedIn(early, done=True), gate, mode="home")
    async with app.run_test(size=(100, 30)) as pilot:
        await _until(lambda: app.store is not None, pilot)
        await settle(app, pilot)
        for key, screen_type in (("d", DirectoryScreen), ("v", ReviewScreen)):
            await pilot.press(key)
            await _until(lambda kind=screen_type: isinstance(app.screen, kind), pilot)
            await settle(app, pilot)
            assert app.is_running and isinstance(app.screen, screen_type)
            app.switch_mode("home")
            await _until(lambda: app.current_mode == "home", pilot)
            await settle(app, pilot)


def _hold_first_frame(monkeypatch: pytest.MonkeyPatch) -> list[Callable[[], object]]:
    """What waits for "just after the first frame", held until ``_first_frame_out``."""
    held: list[Callable[[], object]] = []
    monkeypatch.setattr(MaceApp, "after_first_frame", lambda self, callback: held.append(callback))
    return held


def _first_frame_out(app: MaceApp, held: list[Callable[[], object]]) -> None:
    for callback in held:
        app.call_later(callback)


async def test_the_minute_takers_hidden_panes_come_just_after_the_queue(
    demo_store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The panes of the tabs not shown at first are mounted just after the first frame; the
    THRIVE tab asked for before that (F2) opens once its pane is there, with the focus in it."""
    from mace_tui.widgets.built_later import MountedAfterFirstFrame
    from mace_tui.widgets.pane_tabs import Pane, PaneTabs
    from mace_tui.widgets.tab_strip import TabStrip
    from mace_tui.widgets.thrive_pane import ThrivePane

    # "Just after the first frame" is held here until the test lets it come.
    held = _hold_first_frame(monkeypatch)
    app, _, gate = _minutes_app(settings)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _minutes_screen(app, pilot)
        # One stand-in for the five panes; the tabs are all on the strip already.
        assert len(screen.query(MountedAfterFirstFrame)) == 1 and not screen.query(ThrivePane)
        strip = screen.query_one(TabStrip)
        assert [strip.label(t) for t in ("research", "thrive", "queue")] == [
            "F11 Research", "F2 THRIVE", "F5 Queue"]  # fmt: skip
        screen.action_tab("thrive")  # as F2 does, before the pane is there
        await pilot.pause()
        assert screen.query_one(PaneTabs).active == "queue"  # waiting for the pane
        _first_frame_out(app, held)
        await _until(lambda: not screen.query(MountedAfterFirstFrame), pilot)
        await _until(lambda: screen.query_one(PaneTabs).active == "thrive", pilot)
        await pilot.pause()
        pane = screen.query_one(ThrivePane)
        assert app.focused is not None and pane in app.focused.ancestors_with_self
        # The panes mounted late are hidden but the one asked for.
        assert [p.id for p in screen.query(Pane) if p.display] == ["thrive"]
        gate.set()
        await _until(lambda: app.store is not None, pilot)
        await settle(app, pilot)
        app.exit()


async def test_a_tab_clicked_before_the_panes_come_opens_once_they_are(
    demo_store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A click on a tab's label in the instant before the minute taker's panes are mounted
    (the review found it stopped the app): the tab opens once its pane is there."""
    from mace_tui.widgets.built_later import MountedAfterFirstFrame
    from mace_tui.widgets.pane_tabs import PaneTabs
    from mace_tui.widgets.tab_strip import TabStrip

    held = _hold_first_frame(monkeypatch)
    app, _, gate = _minutes_app(settings)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _minutes_screen(app, pilot)
        strip = screen.query_one(TabStrip)
        x = 1  # where the "F3 Grade" label starts: each label has a space either side
        for tab, label in strip.tabs:
            if tab == "grade":
                break
            x += len(label) + 2

        def under_the_label() -> bool:  # laid out and drawn: the label is there to click
            from textual.errors import NoWidget

            try:
                return screen.get_widget_at(strip.region.x + x + 1, strip.region.y)[0] is strip
            except NoWidget:
                return False

        await _until(under_the_label, pilot)
        assert await pilot.click(TabStrip, offset=(x + 1, 0))
        await pilot.pause()
        assert screen.query_one(PaneTabs).active == "queue"  # waiting for the pane
        _first_frame_out(app, held)
        await _until(lambda: not screen.query(MountedAfterFirstFrame), pilot)
        await _until(lambda: screen.query_one(PaneTabs).active == "grade", pilot)
        gate.set()
        await _until(lambda: app.store is not None, pilot)
        await settle(app, pilot)
        app.exit()


async def test_a_child_read_before_the_panes_opens_only_if_still_under_discussion(
    demo_store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The minute taker's read of the chair's child may finish before the panes are there; it
    waits for them, and is dropped if the queue read since has no child under discussion."""
    from types import SimpleNamespace

    from mace_tui.screens.minutes import MinutesScreen

    held = _hold_first_frame(monkeypatch)
    app, _, gate = _minutes_app(settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await _until(
            lambda: isinstance(app.screen, MinutesScreen) and app.screen.state is not None,
            pilot,
        )
        screen = app.screen
        assert isinstance(screen, MinutesScreen) and screen.state is not None
        assert screen.state.current is None  # the demo's meeting: nobody under discussion
        # A read that found the first child open, then the queue as read since: none open.
        first = screen.state.queue[0]
        screen._following(screen.state, SimpleNamespace(item_id=first.item_id))  # type: ignore[arg-type]
        screen._following(screen.state, SimpleNamespace(item_id=first.item_id))  # type: ignore[arg-type]
        _first_frame_out(app, held)
        await _until(lambda: not screen._waiting_for_panes and screen._pending is None, pilot)
        await pilot.pause()
        assert screen.case is None  # not opened: the chair has no child open now
        gate.set()
        await _until(lambda: app.store is not None, pilot)
        await settle(app, pilot)
        app.exit()

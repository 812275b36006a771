"""The home screen on a real store, driven by Pilot."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime

from textual.widgets import Static
from textual.worker import WorkerFailed

from mace_tui.app import MaceApp
from mace_tui.clock import fixed_clock
from mace_tui.factory import make_app
from mace_tui.widgets import CaseQueue
from tests.conftest import DEMO_NOW, DEMO_TODAY


async def settle(app: MaceApp, pilot) -> None:
    """Let the workers finish (failed ones included) and the screen catch up."""
    for _ in range(3):
        with contextlib.suppress(WorkerFailed):
            await app.workers.wait_for_complete()
        await pilot.pause()


def text_of(app: MaceApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_demo_queue_is_shown(settings) -> None:
    app = make_app(settings, clock=fixed_clock(DEMO_NOW), demo_today=DEMO_TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        queue = app.screen.query_one(CaseQueue)
        assert queue.row_count == 10
        assert "10 children on the queue, 10 waiting" in text_of(app, "#meeting-info")
        assert "Riley Example" in text_of(app, "#child-detail")
        await pilot.press("down", "down")
        assert "4 referrals to the DRMM" in text_of(app, "#child-detail")


async def test_no_meeting_today_says_what_to_do(settings) -> None:
    app = make_app(settings, clock=fixed_clock(datetime(2026, 11, 24, 9, tzinfo=UTC)))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert not app.screen.query(CaseQueue)
        empty = text_of(app, "#empty")
        assert "There is no DRMM meeting today" in empty
        assert "mace-tui prep" in empty


async def test_store_that_cannot_open_is_explained(settings) -> None:
    from store.db import StoreError

    def broken():
        raise StoreError("database: it holds tables this app did not create (invoices…).")

    app = MaceApp(settings=settings, open_store=broken, clock=fixed_clock(DEMO_NOW))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        info = text_of(app, "#meeting-info")
        assert "The store could not be opened" in info
        assert "did not create" in info


async def test_unexpected_error_shows_only_its_kind(settings) -> None:
    def leaky():
        raise RuntimeError("Riley Example, born 2012-03-04")  # must never reach the screen

    app = MaceApp(settings=settings, open_store=leaky, clock=fixed_clock(DEMO_NOW))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        info = text_of(app, "#meeting-info")
        assert "RuntimeError" in info
        assert "Riley" not in info


async def test_home_leads_to_each_task(settings) -> None:
    app = make_app(settings, clock=fixed_clock(DEMO_NOW), demo_today=DEMO_TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        for key, screen in (("p", "PrepScreen"), ("v", "ReviewScreen"), ("c", "ChairStartScreen")):
            await pilot.press(key)
            await settle(app, pilot)
            assert type(app.screen_stack[0]).__name__ == screen
            await app.switch_mode("home")
            await settle(app, pilot)


async def test_the_queue_is_counted_by_kind(settings, demo_store) -> None:
    """An other item (AOB) on today's queue is not counted as a child."""
    from mace_tui.prep.fields import FreeItemInput
    from mace_tui.prep.free import add_free
    from mace_tui.prep.meeting import open_meeting
    from mace_tui.profiles import get_profile

    with demo_store.session() as session:
        target, _ = open_meeting(session, profile=get_profile("llr-drmm"), on=DEMO_TODAY)
        add_free(session, target, entry=FreeItemInput("aob", "Room booking"), at=DEMO_NOW)
    app = make_app(settings, clock=fixed_clock(DEMO_NOW))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        info = text_of(app, "#meeting-info")
        assert "10 children, 1 other item on the queue, 11 waiting" in info

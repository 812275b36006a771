"""The UI process starts with Python's garbage collector off (mace_tui/handoff.py: about
120 collections, 25-35 ms, before the first frame) and turns it back on once the first frame
is out; anywhere else it is left alone."""

from __future__ import annotations

import gc

from textual.pilot import Pilot

from mace_tui.clock import fixed_clock
from mace_tui.config import Settings
from mace_tui.factory import make_app
from mace_tui.handoff import collect_garbage_after_first_frame
from mace_tui.widgets import CaseQueue
from tests.conftest import DEMO_NOW, DEMO_TODAY


async def _queue_shown(pilot: Pilot[None]) -> None:
    for _ in range(100):
        if pilot.app.screen.query(CaseQueue) and pilot.app.screen.query_one(CaseQueue).row_count:
            return
        await pilot.pause(0.05)
    raise AssertionError("the queue never showed")


async def test_garbage_is_collected_again_once_the_first_frame_is_out(settings: Settings) -> None:
    app = make_app(settings, clock=fixed_clock(DEMO_NOW), demo_today=DEMO_TODAY)
    gc.disable()  # as the UI process does first thing
    try:
        frozen = gc.get_freeze_count()
        collect_garbage_after_first_frame(app)
        async with app.run_test(size=(100, 30)) as pilot:
            await _queue_shown(pilot)
            assert gc.isenabled()
            # What start-up made is left out of later collections.
            assert gc.get_freeze_count() > frozen
    finally:
        gc.enable()
        gc.unfreeze()  # the test app and what it made may be collected again


async def test_a_process_collecting_garbage_is_left_alone(settings: Settings) -> None:
    app = make_app(settings, clock=fixed_clock(DEMO_NOW), demo_today=DEMO_TODAY)
    frozen = gc.get_freeze_count()
    collect_garbage_after_first_frame(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await _queue_shown(pilot)
        # Nothing more frozen (the count only falls, as frozen objects die).
        assert gc.isenabled() and gc.get_freeze_count() <= frozen

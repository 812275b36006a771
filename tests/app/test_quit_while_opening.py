"""Quitting while the store is still opening ends the program.

A screen's read waits on a worker thread for the store (``MaceApp.require_store``). Python
joins those threads before the process can end, so a read still waiting when the app closed
held a blank terminal for up to two minutes after ctrl+q (found walking the demo: ctrl+q
pressed as the register appeared)."""

from __future__ import annotations

import threading

from mace_tui.app import MaceApp
from mace_tui.clock import fixed_clock
from mace_tui.config import Settings
from mace_tui.launch import open_store
from store.db import Store
from tests.app.test_prep import FRIDAY_2PM


async def test_a_read_waiting_for_the_store_gives_up_when_the_app_closes(
    settings: Settings,
) -> None:
    gate = threading.Event()  # the store does not open until the test ends

    def opener() -> Store:
        gate.wait(60)
        return open_store(settings)

    app = MaceApp(
        settings=settings, open_store=opener, clock=fixed_clock(FRIDAY_2PM), mode="review"
    )
    waiting = threading.Event()
    gave_up = threading.Event()
    outcome: list[str] = []

    def read() -> None:
        waiting.set()
        try:
            app.require_store()
        except Exception as exc:  # the app is closing: no store
            outcome.append(type(exc).__name__)
        gave_up.set()

    try:
        async with app.run_test(size=(100, 30)) as pilot:
            app.run_worker(read, thread=True)
            await pilot.pause(0.2)
            assert waiting.is_set() and not gave_up.is_set()
            app.exit()
        gave_up.wait(10)  # a bound on waiting, not a speed
        assert outcome == ["StoreUnavailable"]
    finally:
        gate.set()

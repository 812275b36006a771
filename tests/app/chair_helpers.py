"""Helpers for driving the chair's screens with Pilot, as the chair would with the keyboard."""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta

from textual.pilot import Pilot
from textual.worker import WorkerFailed

from mace_tui.app import MaceApp


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
    """Let workers finish (failed ones too) and the screen catch up."""
    app = pilot.app
    for _ in range(4):
        with contextlib.suppress(WorkerFailed):
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

"""Snapshots of the attendance and case screens at 80×24, 100×30 and 160×50 (frozen clock, demo hub)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mace_tui.factory import make_app
from tests.app.chair_helpers import (
    TestClock,
    drop_toasts,
    hold_cursors_still,
    past_carry_over,
    settle,
    start_child,
    type_text,
    wait_for_screen,
)
from tests.conftest import DEMO_TODAY

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
SIZES = [(80, 24), (100, 30), (160, 50)]

# The recording line names why there is no recording, which depends on whether
# PortAudio sees any microphone at all: with the session's virtual devices set
# up, it always does, so the snapshots do not depend on which tests ran first.
pytestmark = pytest.mark.usefixtures("virtual_audio")


async def _attendance(pilot) -> None:
    await wait_for_screen(pilot, "AttendanceScreen")
    for _ in range(4):
        await pilot.press("p", "down")
        await settle(pilot)
    await _without_toasts(pilot)


async def _case(pilot) -> None:
    clock = pilot.app.clock
    await wait_for_screen(pilot, "AttendanceScreen")
    for _ in range(7):
        await pilot.press("p", "down")
        await settle(pilot)
    await pilot.press("s")
    await wait_for_screen(pilot, "StatementsScreen")
    for _ in range(6):
        await pilot.press("enter")
        await settle(pilot)
    await past_carry_over(pilot)
    await pilot.press("f5", "down", "down")  # Casey: four referrals
    await start_child(pilot, "enter")
    clock.advance(7)
    await pilot.press("enter")
    await type_text(pilot, "Seen with an older boyfriend at the station")
    await pilot.pause(0.7)
    await settle(pilot)
    await _without_toasts(pilot)


async def _without_toasts(pilot) -> None:
    # A toast lives for a few seconds of wall-clock time, so whether it is still up depends on
    # the machine's load, not on the app: the screen itself is what the snapshot holds.
    drop_toasts(pilot.app)
    hold_cursors_still(pilot.app)
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_attendance(snap_compare, settings, size) -> None:
    app = make_app(settings, clock=TestClock(START), demo_today=DEMO_TODAY, mode="chair")
    assert snap_compare(app, terminal_size=size, run_before=_attendance)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_case(snap_compare, settings, size) -> None:
    app = make_app(settings, clock=TestClock(START), demo_today=DEMO_TODAY, mode="chair")
    assert snap_compare(app, terminal_size=size, run_before=_case)

"""Snapshots of the main screens at fixed sizes, with a frozen clock and the demo hub."""

from __future__ import annotations

from mace_tui.clock import fixed_clock
from mace_tui.factory import make_app
from tests.app.chair_helpers import drop_toasts
from tests.conftest import DEMO_NOW, DEMO_TODAY


async def _settled(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    # Toasts time out by the wall clock: whether one is still up depends on the machine's load.
    drop_toasts(pilot.app)
    await pilot.pause()


def test_home_100x30(snap_compare, settings) -> None:
    app = make_app(settings, clock=fixed_clock(DEMO_NOW), demo_today=DEMO_TODAY)
    assert snap_compare(app, terminal_size=(100, 30), run_before=_settled)


def test_home_80x24(snap_compare, settings) -> None:
    app = make_app(settings, clock=fixed_clock(DEMO_NOW), demo_today=DEMO_TODAY)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_settled)

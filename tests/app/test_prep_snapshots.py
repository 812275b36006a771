"""Snapshots of the preparation screen (its queue at 100×30 and 80×24, its invitations) with
the demo hub and a frozen clock."""

from __future__ import annotations

from datetime import UTC, datetime

from mace_tui.clock import fixed_clock
from mace_tui.factory import make_app
from tests.app.chair_helpers import drop_toasts
from tests.conftest import DEMO_TODAY

# Friday 20 November 2026, 14:00: two hours before Monday's list is due.
FRIDAY_2PM = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)


async def _settled_on_a_returning_child(pilot) -> None:
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    drop_toasts(pilot.app)  # the demo's "every name is made up" toast
    # Morgan: three earlier referrals, discharged and now back (R16, R17).
    await pilot.press("down", "down", "down")
    await pilot.pause()
    await pilot.pause()


def test_prep_100x30(snap_compare, settings) -> None:
    app = make_app(settings, clock=fixed_clock(FRIDAY_2PM), demo_today=DEMO_TODAY, mode="prep")
    assert snap_compare(app, terminal_size=(100, 30), run_before=_settled_on_a_returning_child)


def test_prep_80x24(snap_compare, settings) -> None:
    app = make_app(settings, clock=fixed_clock(FRIDAY_2PM), demo_today=DEMO_TODAY, mode="prep")
    assert snap_compare(app, terminal_size=(80, 24), run_before=_settled_on_a_returning_child)


async def _on_the_invitations(pilot) -> None:
    await _settled_on_a_returning_child(pilot)
    await pilot.press("2", "down")
    for _ in range(3):
        await pilot.pause()


def test_prep_invitations_100x30(snap_compare, settings) -> None:
    app = make_app(settings, clock=fixed_clock(FRIDAY_2PM), demo_today=DEMO_TODAY, mode="prep")
    assert snap_compare(app, terminal_size=(100, 30), run_before=_on_the_invitations)

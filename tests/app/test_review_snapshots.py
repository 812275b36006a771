"""A snapshot of the review screen at 80×24 on recordings made through the virtual microphone."""

from __future__ import annotations

import dataclasses

from mace_tui.app import MaceApp
from mace_tui.clock import fixed_clock
from mace_tui.config import Settings
from store.db import Store
from tests.conftest import DEMO_NOW
from tests.review.fixtures import Recorded


async def _settled(pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    await pilot.press("down")
    await pilot.pause()


def test_review_80x24(
    snap_compare, recorded: Recorded, demo_store: Store, settings: Settings
) -> None:
    demo_store.notice = None
    app = MaceApp(
        settings=dataclasses.replace(settings, retention_days=365),
        open_store=lambda: demo_store,
        clock=fixed_clock(DEMO_NOW),
        mode="review",
    )
    assert snap_compare(app, terminal_size=(80, 24), run_before=_settled)

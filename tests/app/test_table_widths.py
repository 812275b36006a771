"""Attendance and room tables use the width there is: no agency cut to 20 characters at 160."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from textual.widgets import DataTable

from mace_tui.factory import make_app
from tests.app.chair_helpers import TestClock, settle, wait_for_screen
from tests.conftest import DEMO_TODAY

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
LONGEST = "Demoshire County Children's Services (demo)"


def _width(table: DataTable, key: str) -> int:
    return next(c.width for k, c in table.columns.items() if k.value == key)


@pytest.mark.parametrize(("size", "whole"), [((160, 50), True), ((80, 24), False)])
async def test_attendance_agency_column_uses_the_width(settings, size, whole) -> None:
    app = make_app(settings, clock=TestClock(START), demo_today=DEMO_TODAY, mode="chair")
    async with app.run_test(size=size) as pilot:
        await wait_for_screen(pilot, "AttendanceScreen")
        await settle(pilot)
        table = app.screen.query_one("#people", DataTable)
        assert LONGEST in [str(v) for v in table.get_column("agency")]
        width = _width(table, "agency")
        assert (width >= len(LONGEST)) is whole
        assert width >= 20  # never narrower than before
        # Never wider than before at 80 columns (In and Out stay on screen), all of it at 160.
        rendered = sum(c.get_render_width(table) for c in table.columns.values())
        assert rendered <= max(table.size.width, 86)
        if whole:
            assert rendered <= table.size.width


async def test_room_agency_column_uses_the_width(demo_store, settings) -> None:
    from tests.app.chair_helpers import meeting_under_way

    meeting_under_way(demo_store, stage="cases", at=START)
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await pilot.press("f9")
        await wait_for_screen(pilot, "RoomScreen")
        await settle(pilot)
        table = app.screen.query_one("#room-people", DataTable)
        longest = max(len(str(v)) for v in table.get_column("agency"))
        assert longest > 22
        assert _width(table, "agency") >= longest

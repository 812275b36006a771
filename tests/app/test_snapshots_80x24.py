"""The chair's dialogs and panes at 80×24, where space is tightest (frozen clock, demo hub)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mace_tui.factory import make_app
from store.db import Store
from tests.app.chair_helpers import (
    TestClock,
    drop_toasts,
    hold_cursors_still,
    meeting_under_way,
    settle,
    start_child,
    type_text,
    wait_for_screen,
)

START = datetime(2026, 11, 23, 9, 10, tzinfo=UTC)
SIZE = (80, 24)

pytestmark = pytest.mark.usefixtures("virtual_audio")


def _app(demo_store: Store, settings, stage: str):
    meeting_under_way(demo_store, stage=stage, at=START)
    return make_app(settings, clock=TestClock(START), mode="chair")


def test_carry_over_update_shows_the_note_box(snap_compare, demo_store: Store, settings) -> None:
    async def run_before(pilot) -> None:
        await wait_for_screen(pilot, "CarryOverScreen")
        await pilot.press("d")
        await wait_for_screen(pilot, "ActionReviewModal")
        await type_text(pilot, "No officer free")
        await _quiet(pilot)  # no toasts, and the cursor held still

    app = _app(demo_store, settings, "carry-over")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_case_screen_recording_banner_is_one_row(snap_compare, demo_store: Store, settings) -> None:
    async def run_before(pilot) -> None:
        await wait_for_screen(pilot, "CaseScreen")
        await start_child(pilot)
        await settle(pilot)
        drop_toasts(pilot.app)
        await pilot.pause()

    app = _app(demo_store, settings, "cases")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


async def _quiet(pilot) -> None:
    await settle(pilot)
    drop_toasts(pilot.app)
    hold_cursors_still(pilot.app)
    await settle(pilot)


def test_new_action_form(snap_compare, demo_store: Store, settings) -> None:
    async def run_before(pilot) -> None:
        await wait_for_screen(pilot, "CaseScreen")
        await start_child(pilot)
        await pilot.press("f4", "n")
        await wait_for_screen(pilot, "ActionEditor")
        await type_text(pilot, "Share the school attendance record with police")
        await pilot.press("tab")
        await type_text(pilot, "Lou Specimen")
        await pilot.press("tab", "tab")  # on to the due date
        await _quiet(pilot)

    app = _app(demo_store, settings, "cases")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_info_sharing_form(snap_compare, demo_store: Store, settings) -> None:
    async def run_before(pilot) -> None:
        await wait_for_screen(pilot, "CaseScreen")
        await start_child(pilot)
        await pilot.press("f4", "i")
        await wait_for_screen(pilot, "ActionEditor")
        await type_text(pilot, "Tell the school nurse about the missing episodes")
        await pilot.press("tab", "tab", "tab", "tab", "tab", "tab")  # on to "What is shared"
        await type_text(pilot, "Dates of the missing episodes")
        await _quiet(pilot)

    app = _app(demo_store, settings, "cases")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_actions_list(snap_compare, demo_store: Store, settings) -> None:
    async def run_before(pilot) -> None:
        await wait_for_screen(pilot, "CaseScreen")
        await start_child(pilot)
        await pilot.press("f4", "n")
        await wait_for_screen(pilot, "ActionEditor")
        await type_text(pilot, "Share the school attendance record with police")
        await pilot.press("tab")
        await type_text(pilot, "Lou Specimen")
        await pilot.press("tab", "tab")
        await type_text(pilot, "+7d")
        await pilot.press("tab", "space", "ctrl+s")
        await wait_for_screen(pilot, "CaseScreen")
        await _quiet(pilot)

    app = _app(demo_store, settings, "cases")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_walk_in_dialog(snap_compare, demo_store: Store, settings) -> None:
    async def run_before(pilot) -> None:
        await wait_for_screen(pilot, "AttendanceScreen")
        await pilot.press("w")
        await settle(pilot)
        await _quiet(pilot)

    app = _app(demo_store, settings, "attendance")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_opening_statements(snap_compare, demo_store: Store, settings) -> None:
    async def run_before(pilot) -> None:
        await wait_for_screen(pilot, "StatementsScreen")
        await _quiet(pilot)

    from sqlmodel import select

    from store.models import StatementConfirmation

    meeting_under_way(demo_store, stage="statements", at=START)
    with demo_store.session() as s:  # none read yet
        for row in s.exec(select(StatementConfirmation)):
            s.delete(row)
        s.commit()
    app = make_app(settings, clock=TestClock(START), mode="chair")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)

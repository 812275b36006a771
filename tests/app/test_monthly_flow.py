"""The monthly meeting records actions only (R21): attendance, statements, carried-over
actions, then its topics with actions (no THRIVE, no grade, no recording), then the log."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from sqlmodel import select

from mace_tui.factory import make_app
from mace_tui.reports.action_log import build_action_log
from mace_tui.reports.layout import document
from mace_tui.reports.markdown import blocks_to_markdown
from mace_tui.screens.monthly import MonthlyScreen
from store.models import Action, AgendaItem, Meeting, Recording
from tests.app.chair_helpers import TestClock, settle, type_text, wait_for_screen
from tests.audio.virtual_mic import FifoMic
from tests.conftest import DEMO_TODAY

START = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
DATA_PACK = "Data pack: referrals, high-risk numbers, repeat referrals, investigations"


async def add_action(pilot, text: str, owner: str, due: str) -> None:
    await pilot.press("n")
    await wait_for_screen(pilot, "ActionEditor")
    await type_text(pilot, text)
    await pilot.press("tab")
    await type_text(pilot, owner)
    await pilot.press("tab", "tab")  # the agency follows the owner
    await type_text(pilot, due)
    await pilot.press("tab", "space")  # agreed
    await pilot.press("ctrl+s")
    await wait_for_screen(pilot, "MonthlyScreen")


async def test_monthly_meeting_is_actions_only(settings, fifomic: FifoMic) -> None:
    # A working microphone: nothing is recorded all the same, as the profile says.
    settings = dataclasses.replace(settings, profile="llr-monthly", audio_device="fifomic")
    clock = TestClock(START)
    app = make_app(settings, clock=clock, demo_today=DEMO_TODAY, mode="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "AttendanceScreen")
        store = app.store
        assert store is not None
        for _ in range(8):
            await pilot.press("p", "down")
            await settle(pilot)
        await pilot.press("s")
        await wait_for_screen(pilot, "StatementsScreen")
        for _ in range(5):
            clock.advance(0.5)
            await pilot.press("enter")
            await settle(pilot)
        await wait_for_screen(pilot, "CarryOverScreen")
        await pilot.press("f9")
        await wait_for_screen(pilot, "MonthlyScreen")

        screen = app.screen
        assert isinstance(screen, MonthlyScreen) and screen.view is not None
        assert not screen.query("ThrivePane") and not screen.query("GradingPane")
        items = [i.title for i in screen.view.items]
        assert items[0] == DATA_PACK and items[-1] == "The meeting as a whole"

        clock.advance(10)
        await add_action(
            pilot, "Split school referrals by year group and report back", "Jo Analystic", "+14d"
        )
        for _ in range(len(items) - 1):
            await pilot.press("down")
        await settle(pilot)
        await add_action(
            pilot, "Send the agreed themes to every partner by email", "Pat Sampleby", "+3d"
        )
        assert screen.view is not None
        counts = [len(screen.view.actions_of(i.key)) for i in screen.view.items]
        assert counts[0] == 1 and counts[-1] == 1 and sum(counts) == 2

        clock.advance(30)
        await pilot.press("f12")
        await wait_for_screen(pilot, "ConfirmModal")
        await pilot.press("y")
        await wait_for_screen(pilot, "ActionLogScreen")
        assert app.chair_audio.current is None

        with store.session() as s:
            meeting = s.exec(
                select(Meeting).where(Meeting.profile == "llr-monthly", Meeting.date == DEMO_TODAY)
            ).one()
            assert meeting.status == "finished"
            actions = s.exec(select(Action).where(Action.meeting_id == meeting.id)).all()
            assert {(a.item_id, a.topic) for a in actions} == {(None, DATA_PACK), (None, "")}
            assert not s.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)).all()
            assert not s.exec(select(Recording)).all()
            assert meeting.id is not None
            log = build_action_log(s, meeting_id=meeting.id, generated_at=clock())
        text = blocks_to_markdown(document(log))
        assert f"Actions on: {DATA_PACK}" in text
        assert "Split school referrals by year group" in text
        assert "Actions for the meeting as a whole" in text
        assert "Send the agreed themes to every partner" in text
        # Each agency's list names the topic an action belongs to.
        assert f"(meeting: {DATA_PACK}) | — | — | Split school referrals" in text
    # No audio file was made for the meeting, its introductions or its items (the
    # microphone is not even opened).
    made = [p for p in settings.recordings_dir.rglob("*") if p.is_file()]
    assert [p.name for p in made if not p.name.startswith(".")] == []


async def test_a_restarted_monthly_meeting_resumes_on_its_items(settings) -> None:
    """The stage table sends an actions-only meeting's cases stage to its own screen."""
    from mace_tui.launch import open_demo_store
    from store import meetings

    settings = dataclasses.replace(settings, profile="llr-monthly")
    made = open_demo_store(settings, today=DEMO_TODAY)
    with made.session() as s:
        meeting = s.exec(
            select(Meeting).where(Meeting.profile == "llr-monthly", Meeting.date == DEMO_TODAY)
        ).one()
        assert meeting.id is not None
        meetings.start(s, meeting_id=meeting.id, at=START, chair_id=None)
        meetings.set_stage(s, meeting_id=meeting.id, stage="cases", at=START)
    made.close()
    app = make_app(settings, clock=TestClock(START), demo_today=DEMO_TODAY, mode="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "MonthlyScreen")
        assert not app.screen.query("ThrivePane")

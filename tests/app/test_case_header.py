"""The case screen's header: the meeting's quorum, with any child discussed under an override."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from mace_tui.factory import make_app
from mace_tui.widgets.meeting_bar import MeetingBar
from store.db import Store
from store.models import AgendaItem
from tests.app.chair_helpers import TestClock, meeting_under_way, wait_for_screen

START = datetime(2026, 11, 23, 9, 10, tzinfo=UTC)


async def test_the_header_shows_children_discussed_under_a_quorum_override(
    demo_store: Store, settings
) -> None:
    meeting_id = meeting_under_way(demo_store, stage="cases", at=START)
    with demo_store.session() as s:
        item = s.exec(
            select(AgendaItem).where(AgendaItem.meeting_id == meeting_id, AgendaItem.position == 2)
        ).one()
        item.quorum_override_reason = "Health could not stay; agreed to go on"
        s.commit()
    app = make_app(settings, clock=TestClock(START), mode="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "CaseScreen")
        await pilot.pause(1.1)  # the clock redraws the header every second
        assert "quorum override: #2" in str(app.screen.query_one(MeetingBar).render())

"""The minute taker's seat finds the meeting to follow (R25), in its own unit of work: the
meeting and who chairs it, or why there is none, in words; it never creates a meeting."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import select

from mace_tui.chair.minutes import Following, find_meeting_to_follow
from mace_tui.profiles import get_profile
from store.db import Store
from store.models import Meeting
from tests.conftest import DEMO_TODAY

AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_the_days_meeting_is_found(demo_store: Store) -> None:
    found = find_meeting_to_follow(
        demo_store, profile=get_profile("llr-drmm"), on=DEMO_TODAY, at=AT
    )
    assert isinstance(found, Following)
    assert found.meeting.date == DEMO_TODAY and found.chair is None


def test_no_meeting_that_day_is_said_and_none_is_made(demo_store: Store) -> None:
    with demo_store.session() as s:
        before = len(s.exec(select(Meeting)).all())
    found = find_meeting_to_follow(
        demo_store, profile=get_profile("llr-drmm"), on=date(2031, 1, 6), at=AT
    )
    assert isinstance(found, str)
    assert "no" in found and "06 Jan 2031" in found and "--date" in found
    with demo_store.session() as s:
        assert len(s.exec(select(Meeting)).all()) == before

"""After the demo's bulk seeding (ids planned in memory), the database hands out the next ids.

On PostgreSQL the seeding leaves the id sequences behind unless it moves them on:
the next meeting or opening statement would then hit a duplicate key.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import select

from mace_tui.chair.start import open_meeting
from mace_tui.profiles import get_profile
from store import meetings, queries
from store.db import Store
from store.models import Agency, Meeting
from tests.conftest import DEMO_TODAY

AT = datetime(2026, 11, 23, 9, 5, tzinfo=UTC)


def test_every_opening_statement_is_confirmed_after_the_demo(demo_store: Store) -> None:
    profile = get_profile("llr-drmm")
    with demo_store.session() as session:
        found = queries.find_meeting(session, profile="llr-drmm", on=DEMO_TODAY)
        assert found is not None and found.id is not None
        for number, statement in enumerate(profile.statements):
            meetings.confirm_statement(
                session, meeting_id=found.id, key=statement.key, at=AT + timedelta(minutes=number)
            )
        confirmed = meetings.confirmed_statements(session, meeting_id=found.id)
    assert sorted(confirmed) == sorted(s.key for s in profile.statements)


def test_new_rows_get_ids_past_the_seeded_ones(demo_store: Store) -> None:
    with demo_store.session() as session:
        highest = max(session.exec(select(Meeting.id)).all(), key=lambda i: i or 0)
        opening = open_meeting(session, profile=get_profile("llr-form"), on=date(2027, 1, 6))
        session.add(Agency(key="late", name="Lateshire Youth Service (demo)", sector="other"))
        session.commit()
        assert opening.meeting.id is not None and highest is not None
        assert opening.meeting.id > highest

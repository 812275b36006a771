"""The demo's monthly sitting is marked extraordinary only on a day off the monthly cadence."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from mace_tui.demo import seed_demo
from mace_tui.demo_monthly import seed_actions_only
from mace_tui.prep.cadence import next_on_cadence, on_cadence
from mace_tui.profiles import get_profile
from store.db import Store
from store.models import Meeting
from tests.conftest import DEMO_TODAY

MONTHLY = get_profile("llr-monthly", None)
ON_DAY = next_on_cadence(MONTHLY, DEMO_TODAY)
OFF_DAY = next(
    d for d in (ON_DAY + timedelta(days=n) for n in range(1, 9)) if not on_cadence(MONTHLY, d)
)


@pytest.mark.parametrize(("today", "extraordinary"), [(ON_DAY, False), (OFF_DAY, True)])
def test_demo_monthly_sitting_is_extraordinary_only_off_cadence(
    store: Store, today: date, extraordinary: bool
) -> None:
    with store.session() as session:
        seed_demo(session, today=today)
        meeting_id = seed_actions_only(session, profile=MONTHLY, today=today)
        assert meeting_id is not None
        meeting = session.exec(select(Meeting).where(Meeting.id == meeting_id)).one()
    assert meeting.date == today
    assert meeting.extraordinary is extraordinary

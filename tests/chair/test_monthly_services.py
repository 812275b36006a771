"""An actions-only meeting's units of work (R21, R25), each on its own session: read its
items, save an action on one, end it; refused from a seat whose chair another seat has."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from mace_tui.chair import monthly
from mace_tui.profiles import get_profile
from store import agenda, seats
from store.db import Store

AT = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
ACTION = {
    "action_id": None,
    "kind": "action",
    "text": "Send the agreed themes to every partner by email",
    "owner": "Pat Sampleby",
    "owner_person_id": None,
    "agency_id": None,
    "due": date(2026, 12, 1),
    "agreed": True,
}


def monthly_meeting(store: Store) -> int:
    with store.session() as s:
        meeting, _ = agenda.find_or_create_meeting(
            s, profile="llr-monthly", on=date(2026, 11, 24), start="10:00", minutes=90
        )
        s.commit()
        assert meeting.id is not None
        return meeting.id


def test_an_action_on_the_meeting_as_a_whole_then_the_end(store: Store) -> None:
    profile = get_profile("llr-monthly")
    meeting_id = monthly_meeting(store)
    view = monthly.read_monthly(store, meeting_id=meeting_id, profile=profile)
    whole = view.items[-1]
    assert whole.title == monthly.WHOLE_MEETING and view.actions_of(whole.key) == ()
    monthly.save_monthly_action(
        store, item=whole, meeting_id=meeting_id, fields=ACTION, version=None, at=AT, seat=None
    )
    view = monthly.read_monthly(store, meeting_id=meeting_id, profile=profile)
    assert [a.text for a in view.actions_of(whole.key)] == [ACTION["text"]]
    ended = monthly.end_monthly_meeting(store, meeting_id=meeting_id, at=AT, seat=None)
    assert ended.stage == "ended"


def test_a_seat_whose_chair_was_taken_saves_and_ends_nothing(store: Store) -> None:
    profile = get_profile("llr-monthly")
    meeting_id = monthly_meeting(store)
    with store.session() as s:
        seats.take_chair(s, meeting_id=meeting_id, seat="other-seat", holder="Sam", at=AT)
        s.commit()
    whole = monthly.read_monthly(store, meeting_id=meeting_id, profile=profile).items[-1]
    with pytest.raises(seats.ChairLost):
        monthly.save_monthly_action(
            store, item=whole, meeting_id=meeting_id, fields=ACTION, version=None, at=AT,
            seat="this-seat",
        )  # fmt: skip
    with pytest.raises(seats.ChairLost):
        monthly.end_monthly_meeting(store, meeting_id=meeting_id, at=AT, seat="this-seat")
    view = monthly.read_monthly(store, meeting_id=meeting_id, profile=profile)
    assert view.actions_of(whole.key) == ()
    assert (
        monthly.end_monthly_meeting(store, meeting_id=meeting_id, at=AT, seat="other-seat").stage
        == "ended"
    )

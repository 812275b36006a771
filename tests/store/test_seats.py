"""One chair seat per meeting (R25): a lease with a heartbeat, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from store import queries
from store.db import Store
from store.seats import (
    LEASE_SECONDS,
    ChairHeld,
    ChairLost,
    chair_holder,
    check_chair,
    release_chair,
    renew_chair,
    take_chair,
)
from tests.conftest import DEMO_TODAY

AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _meeting(store: Store) -> int:
    with store.session() as session:
        meeting = queries.find_meeting(session, profile="llr-drmm", on=DEMO_TODAY)
        assert meeting is not None and meeting.id is not None
        return meeting.id


def _take(
    store: Store, meeting_id: int, seat: str, who: str, at: datetime, take_over: bool = False
) -> None:
    with store.session() as session:
        take_chair(
            session, meeting_id=meeting_id, seat=seat, holder=who, at=at, take_over=take_over
        )


# (seconds after the first seat's last renewal, take_over) → does the second seat get it?
CASES = [
    (0, False, False),
    (LEASE_SECONDS - 1, False, False),
    (LEASE_SECONDS, False, True),  # the first seat was killed: its lease has run out
    (5, True, True),  # asked to take over a live seat
]


@pytest.mark.parametrize(("after", "take_over", "gets_it"), CASES)
def test_a_second_chair(demo_store: Store, after: int, take_over: bool, gets_it: bool) -> None:
    meeting_id = _meeting(demo_store)
    _take(demo_store, meeting_id, "seat-a", "sam on hub-pc-1", AT)
    later = AT + timedelta(seconds=after)
    if not gets_it:
        with pytest.raises(ChairHeld) as held:
            _take(demo_store, meeting_id, "seat-b", "alex on hub-pc-2", later, take_over=take_over)
        assert "sam on hub-pc-1" in str(held.value)  # says who holds it
        assert f"{after} s ago" in str(held.value)
        return
    _take(demo_store, meeting_id, "seat-b", "alex on hub-pc-2", later, take_over=take_over)
    with demo_store.session() as session:
        holder = chair_holder(session, meeting_id=meeting_id, at=later)
        assert holder is not None and holder.holder == "alex on hub-pc-2"
        # The first seat finds out at its next renewal.
        assert not renew_chair(session, meeting_id=meeting_id, seat="seat-a", at=later)


def test_renewing_keeps_the_seat_and_releasing_frees_it(demo_store: Store) -> None:
    meeting_id = _meeting(demo_store)
    _take(demo_store, meeting_id, "seat-a", "sam on hub-pc-1", AT)
    for minute in range(1, 4):  # renewed well past the lease's length: still held
        at = AT + timedelta(seconds=minute * LEASE_SECONDS)
        with demo_store.session() as session:
            assert renew_chair(session, meeting_id=meeting_id, seat="seat-a", at=at)
        with pytest.raises(ChairHeld):
            _take(demo_store, meeting_id, "seat-b", "alex", at + timedelta(seconds=1))
    with demo_store.session() as session:
        release_chair(session, meeting_id=meeting_id, seat="seat-a")
    _take(demo_store, meeting_id, "seat-b", "alex", AT + timedelta(minutes=5))


def test_the_same_seat_taking_it_again_renews(demo_store: Store) -> None:
    meeting_id = _meeting(demo_store)
    _take(demo_store, meeting_id, "seat-a", "sam", AT)
    _take(demo_store, meeting_id, "seat-a", "sam", AT + timedelta(seconds=3))
    with demo_store.session() as session:
        holder = chair_holder(session, meeting_id=meeting_id, at=AT + timedelta(seconds=3))
    assert holder is not None and holder.seen_seconds_ago == 0


def test_a_lease_of_a_process_known_to_be_gone_is_free_at_once(demo_store: Store) -> None:
    meeting_id = _meeting(demo_store)
    with demo_store.session() as session:
        take_chair(
            session, meeting_id=meeting_id, seat="seat-a", holder="sam", at=AT,
            host="hub-pc-1", pid=4242,
        )  # fmt: skip
    later = AT + timedelta(seconds=2)
    with demo_store.session() as session, pytest.raises(ChairHeld):
        take_chair(
            session, meeting_id=meeting_id, seat="seat-b", holder="alex", at=later,
            gone=lambda host, pid: host == "hub-pc-2",  # only another machine's is gone
        )  # fmt: skip
    with demo_store.session() as session:
        take_chair(
            session, meeting_id=meeting_id, seat="seat-b", holder="alex", at=later,
            gone=lambda host, pid: (host, pid) == ("hub-pc-1", 4242),
        )  # fmt: skip


# (who holds the lease, if anyone) → may seat-a move the meeting on?
MOVES = [
    (None, True),  # no lease: never taken, or released
    ("seat-a", True),  # its own
    ("seat-b", False),  # taken over: refused, naming the new holder
]


@pytest.mark.parametrize(("holder", "may_move"), MOVES)
def test_a_move_checks_who_holds_the_chair(
    demo_store: Store, holder: str | None, may_move: bool
) -> None:
    meeting_id = _meeting(demo_store)
    if holder is not None:
        _take(demo_store, meeting_id, holder, f"{holder} on hub-pc", AT)
    with demo_store.session() as session:
        if may_move:
            check_chair(session, meeting_id=meeting_id, seat="seat-a")
            return
        with pytest.raises(ChairLost) as lost:
            check_chair(session, meeting_id=meeting_id, seat="seat-a")
    assert "seat-b on hub-pc has the chair now" in str(lost.value)

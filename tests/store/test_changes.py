"""Another seat's commit reaches this seat's change feed (R25): LISTEN/NOTIFY or data_version."""

from __future__ import annotations

import queue
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from store import discussion, queries
from store.changes import ChangeFeed, parse
from store.db import Store
from store.models import AgendaItem, Meeting, ThriveNote
from tests.conftest import DEMO_TODAY

AT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
PATIENCE = 20.0  # seconds before a test gives up waiting (a failure, not a measurement)


@dataclass
class Seats:
    """Two handles on one store, as two seats would have; ``heard`` is what seat B's feed got."""

    a: Store
    b: Store
    feed: ChangeFeed
    heard: queue.Queue[int | None]
    meeting_id: int
    item_id: int

    def next_heard(self) -> int | None:
        return self.heard.get(timeout=PATIENCE)

    def drain(self) -> None:
        while not self.heard.empty():
            self.heard.get_nowait()


@pytest.fixture
def seats(demo_store: Store, settings) -> Iterator[Seats]:
    other = Store.open(settings.db_url)
    with demo_store.session() as session:
        meeting = queries.find_meeting(session, profile="llr-drmm", on=DEMO_TODAY)
        assert meeting is not None and meeting.id is not None
        item = session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)).first()
        assert item is not None and item.id is not None
    heard: queue.Queue[int | None] = queue.Queue()
    feed = other.follow(heard.put)
    yield Seats(demo_store, other, feed, heard, meeting.id, item.id)
    feed.stop()


def _save_note(store: Store, item_id: int, text: str) -> int:
    with store.session() as session:
        return discussion.save_note(
            session, note_id=None, item_id=item_id, section="threat", agency_id=None,
            person_id=None, kind="fact", text=text, at=AT,
        )  # fmt: skip


def test_a_note_saved_on_one_seat_is_heard_on_the_other(seats: Seats) -> None:
    _save_note(seats.a, seats.item_id, "Seen near the retail park after school")
    heard = seats.next_heard()
    if seats.feed.postgres:
        assert heard == seats.meeting_id  # NOTIFY names the meeting
    else:
        assert heard is None  # data_version only says something changed


def test_each_commit_is_heard(seats: Seats) -> None:
    for number in range(3):
        seats.drain()
        _save_note(seats.a, seats.item_id, f"Note number {number} from the minute taker")
        assert seats.next_heard() in (seats.meeting_id, None)


def _earlier_item(store: Store, meeting_id: int) -> tuple[int, int]:
    """An agenda item of another meeting than ``meeting_id``, and that meeting.

    That meeting is put back to planned: an ended meeting's notes change only by an
    amendment (R20), and this is about which meeting a notice names.
    """
    with store.session() as session:
        item = session.exec(select(AgendaItem).where(AgendaItem.meeting_id != meeting_id)).first()
        assert item is not None and item.id is not None
        meeting = session.get(Meeting, item.meeting_id)
        assert meeting is not None
        meeting.status = "planned"
        session.commit()
        return item.id, item.meeting_id


def test_postgresql_names_other_seats_commits_only(seats: Seats) -> None:
    """Own commits and rolled-back work are not news: the first notice is the other seat's."""
    if not seats.feed.postgres:
        pytest.skip("SQLite's data_version cannot tell seats or meetings apart")
    other_item, other_meeting = _earlier_item(seats.b, seats.meeting_id)  # own seat: not heard
    _save_note(seats.b, seats.item_id, "Written on this seat")  # own: not heard
    with seats.a.session() as session:  # the other seat, rolled back: not heard
        session.add(
            ThriveNote(
                item_id=seats.item_id, section="threat", kind="fact", text="Never kept",
                created_at=AT, updated_at=AT,
            )
        )  # fmt: skip
        session.flush()
        session.rollback()
    _save_note(seats.a, other_item, "Written on the other seat")
    assert seats.next_heard() == other_meeting


def test_after_a_server_restart_the_feed_catches_up_and_writes_go_on(
    seats: Seats, pg_server
) -> None:
    """The server goes down mid-meeting: the feed reconnects, says 'look again', and hears on."""
    if not seats.feed.postgres:
        pytest.skip("a PostgreSQL server restart")
    seats.drain()
    pg_server.restart()
    assert seats.next_heard() is None  # back: notices sent meanwhile are gone, so look again
    _save_note(seats.a, seats.item_id, "Written after the restart")  # the pool reconnects
    assert seats.next_heard() == seats.meeting_id
    with seats.b.session() as session:
        texts = [n.text for n in discussion.notes(session, item_id=seats.item_id)]
    assert "Written after the restart" in texts


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("seat1 12", (True, 12)),
        ("seat1 *", (True, None)),
        ("mine 12", (False, None)),
        ("", (True, None)),
    ],
)
def test_notice_payloads(payload: str, expected: tuple[bool, int | None]) -> None:
    assert parse(payload, own_seat="mine") == expected

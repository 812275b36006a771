"""The store's reading of a meeting's record for its log (store.action_log_read): plain frozen
rows, in the orders the log prints, on the hand-built hub's rich meeting."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date

import pytest

from store import action_log_read as read
from tests.reports.builders import RICH_DAY
from tests.reports.conftest import Meetings


def _is_plain(row: object) -> bool:
    """A frozen dataclass from the store's read module, not a table row."""
    kind = type(row)
    return (
        dataclasses.is_dataclass(row)
        and kind.__module__ == "store.action_log_read"
        and kind.__dataclass_params__.frozen  # type: ignore[attr-defined]
    )


def test_every_read_returns_plain_frozen_rows(meetings: Meetings) -> None:
    with meetings.store.session() as session:
        meeting = read.log_meeting(session, meeting_id=meetings.rich)
        assert meeting is not None
        items = read.items(session, meeting_id=meeting.id)
        item_ids = [i.id for i in items]
        people, agencies = read.directory(session)
        reviews = read.reviews(session, meeting_id=meeting.id)
        found: dict[str, Sequence[object]] = {
            "meeting": [meeting],
            "people": list(people.values()),
            "agencies": list(agencies.values()),
            "seats": read.seats(session, meeting_id=meeting.id),
            "items": items,
            "children": list(read.children(session, ids={i.child_id for i in items}).values()),
            "conflicts": read.conflicts(session, item_ids=item_ids),
            "notes": read.notes(session, item_ids=item_ids),
            "gradings": list(read.gradings(session, item_ids=item_ids).values()),
            "actions": read.meeting_actions(session, meeting_id=meeting.id),
            "recordings": read.recordings(session, meeting_id=meeting.id),
            "reviews": reviews,
            "carried": list(read.actions(session, ids={r.action_id for r in reviews}).values()),
        }
    for name, rows in found.items():
        assert rows, f"{name}: the rich meeting has some"
        assert all(_is_plain(row) for row in rows), name
    with pytest.raises(dataclasses.FrozenInstanceError):
        meeting.status = "planned"  # type: ignore[misc]


def test_rows_come_in_the_order_the_log_prints(meetings: Meetings) -> None:
    with meetings.store.session() as session:
        recordings = read.recordings(session, meeting_id=meetings.rich)
        reviews = read.reviews(session, meeting_id=meetings.rich)
        seats = read.seats(session, meeting_id=meetings.rich)
        items = read.items(session, meeting_id=meetings.rich)
        earlier = read.statuses_before(
            session, action_ids=[r.action_id for r in reviews], before=RICH_DAY
        )
    # Recordings by start: the introductions (09:02) before the first child (09:20).
    assert [r.item_id is None for r in recordings] == [True, False]
    assert [r.state for r in recordings] == ["failed", "complete"]
    assert [r.status for r in reviews] == ["complete", "not-done"]
    assert [s.status for s in seats][:3] == ["present", "present", "absent"]
    assert sorted(i.position for i in items) == [1, 2, 3]
    # No update was given on these actions before this meeting.
    assert earlier == {}


def test_meetings_are_found_by_day_latest_and_previous(meetings: Meetings) -> None:
    with meetings.store.session() as session:
        latest = read.latest_meeting_in(session, statuses=("finished", "inquorate"))
        on_day = read.meetings_on(session, on=RICH_DAY)
        before = read.previous_meeting(
            session, profile=on_day[0].profile, before=RICH_DAY, status="finished"
        )
        assert read.log_meeting(session, meeting_id=10_000) is None
    assert latest is not None and latest.date == date(2026, 11, 17)
    assert [m.id for m in on_day] == [meetings.rich]
    assert before is not None and before.date < RICH_DAY

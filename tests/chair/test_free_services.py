"""The other-item screen's units of work (R19, R5, R25), each on its own session: a note kept
as typed and finished as one row, given up, closed, deferred; refused from a seat whose chair
another seat has taken."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from mace_tui.chair import free
from mace_tui.chair.notes import NoteDraft, NotesSaver
from mace_tui.profiles import get_profile
from store import agenda, queries, seats
from store.db import Store
from store.models import AgendaItem, ThriveNote
from tests.app.chair_helpers import meeting_under_way
from tests.conftest import DEMO_TODAY

START = datetime(2026, 11, 23, 9, 10, tzinfo=UTC)


def free_item(store: Store) -> tuple[int, int]:
    """A free item on today's demo DRMM, the meeting under way: (item id, meeting id)."""
    with store.session() as s:
        meeting = queries.find_meeting(s, profile="llr-drmm", on=DEMO_TODAY)
        assert meeting is not None and meeting.id is not None
        item = agenda.add_free_item(s, meeting=meeting, section="aob", title="Park patrols", at=START, late=False)  # fmt: skip
        s.commit()
        assert item.id is not None
        ids = item.id, meeting.id
    meeting_under_way(store, stage="cases", at=START)
    free.open_free(store, item_id=ids[0], meeting_id=ids[1], at=START, seat=None)
    return ids


def notes_of(store: Store, item_id: int) -> list[tuple[str, str, int | None]]:
    with store.session() as s:
        rows = s.exec(select(ThriveNote).where(ThriveNote.item_id == item_id)).all()
        return [(n.kind, n.text, n.agency_id) for n in rows]


def typed(key: int, text: str, kind: str = "fact") -> NoteDraft:
    return NoteDraft(key, None, free.NOTES, None, "", kind, text)


def test_a_note_kept_as_typed_is_finished_as_one_note_with_its_agency(demo_store: Store) -> None:
    item_id, meeting_id = free_item(demo_store)
    saver = NotesSaver(demo_store, item_id=item_id, clock=lambda: START)
    saver.put(typed(1, "Patrols"))
    saver.flush()
    assert notes_of(demo_store, item_id) == [("fact", "Patrols", None)]
    # The last keys are not written yet when the agency is chosen: finishing writes them.
    saver.put(typed(1, "Patrols agreed"))
    view = free.read_free(demo_store, item_id=item_id, profile=get_profile("llr-drmm"))
    assert [n.text for n in view.unfinished] == ["Patrols"]
    agency_id = view.agencies[0].id
    free.finish_note(
        demo_store, saver=saver, draft=typed(1, "Patrols agreed for both parks", "opinion"),
        item_id=item_id, agency_id=agency_id, meeting_id=meeting_id, at=START, seat=None,
    )  # fmt: skip
    assert notes_of(demo_store, item_id) == [
        ("opinion", "Patrols agreed for both parks", agency_id)
    ]
    view = free.read_free(demo_store, item_id=item_id, profile=get_profile("llr-drmm"))
    assert view.unfinished == ()


def test_a_note_given_up_leaves_nothing(demo_store: Store) -> None:
    item_id, _meeting_id = free_item(demo_store)
    saver = NotesSaver(demo_store, item_id=item_id, clock=lambda: START)
    saver.put(typed(1, "Not this one"))
    saver.flush()
    saver.put(typed(1, "Not this one at all"))
    free.drop_typed(saver, typed(1, "Not this one at all"))
    assert notes_of(demo_store, item_id) == []


def test_closing_and_deferring_a_free_item(demo_store: Store) -> None:
    item_id, meeting_id = free_item(demo_store)
    free.close_free_item(demo_store, item_id=item_id, meeting_id=meeting_id, at=START, seat=None)
    with demo_store.session() as s:
        item = s.get(AgendaItem, item_id)
        assert item is not None and item.status == "done"
    with demo_store.session() as s:
        meeting = queries.find_meeting(s, profile="llr-drmm", on=DEMO_TODAY)
        assert meeting is not None
        second = agenda.add_free_item(s, meeting=meeting, section="mpru", title="Pathway", at=START, late=False)  # fmt: skip
        s.commit()
        second_id = second.id
    assert second_id is not None
    free.open_free(demo_store, item_id=second_id, meeting_id=meeting_id, at=START, seat=None)
    free.defer_free_item(
        demo_store, item_id=second_id, meeting_id=meeting_id, profile=get_profile("llr-drmm"),
        reason="Out of time", at=START, seat=None,
    )  # fmt: skip
    with demo_store.session() as s:
        moved = s.exec(
            select(AgendaItem).where(
                AgendaItem.title == "Pathway", AgendaItem.meeting_id != meeting_id
            )
        ).all()
        assert [m.status for m in moved] == ["waiting"]


def test_a_seat_whose_chair_was_taken_changes_nothing(demo_store: Store) -> None:
    item_id, meeting_id = free_item(demo_store)
    with demo_store.session() as s:
        seats.take_chair(s, meeting_id=meeting_id, seat="other-seat", holder="Sam", at=START)
        s.commit()
    with pytest.raises(seats.ChairLost):
        free.close_free_item(
            demo_store, item_id=item_id, meeting_id=meeting_id,
            at=START + timedelta(minutes=1), seat="this-seat",
        )  # fmt: skip
    with demo_store.session() as s:
        item = s.get(AgendaItem, item_id)
        assert item is not None and item.status == "in-discussion"

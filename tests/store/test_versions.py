"""Two seats saving the same row: the later save is refused with both versions (R25).

Runs on SQLite and on a real PostgreSQL server (the ``backend`` fixture). Each seat is
its own ``Store`` handle on the same database, as two processes would have.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from store import actions, discussion, queries
from store.db import Store
from store.models import AgendaItem
from store.records import GradingRecord
from store.versions import ChangedMeanwhile, StaleSave
from tests.conftest import DEMO_TODAY

AT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


@dataclass
class TwoSeats:
    chair: Store
    minutes: Store
    item_id: int


@pytest.fixture
def two(demo_store: Store, settings) -> Iterator[TwoSeats]:
    other = Store.open(settings.db_url)
    with demo_store.session() as session:
        meeting = queries.find_meeting(session, profile="llr-drmm", on=DEMO_TODAY)
        assert meeting is not None
        item = session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)).first()
        assert item is not None and item.id is not None
    yield TwoSeats(demo_store, other, item.id)


def _note(store: Store, item_id: int, text: str, *, note_id: int | None, expected: int | None):
    with store.session() as session:
        return discussion.save_note_checked(
            session, note_id=note_id, item_id=item_id, section="risk", agency_id=None,
            person_id=None, kind="opinion", text=text, at=AT, expected_version=expected,
        )  # fmt: skip


def test_a_note_saved_from_an_older_version_is_refused_with_theirs(two: TwoSeats) -> None:
    first = _note(two.chair, two.item_id, "Seen with older youths", note_id=None, expected=None)
    assert first.version == 1
    theirs = _note(
        two.minutes, two.item_id, "Seen with older youths twice", note_id=first.id, expected=1
    )
    assert theirs.version == 2
    with pytest.raises(StaleSave) as refused:
        _note(
            two.chair,
            two.item_id,
            "Seen with older youths at the park",
            note_id=first.id,
            expected=1,
        )
    stale = refused.value
    assert (stale.what, stale.their_version, stale.your_version) == ("note", 2, 1)
    assert stale.theirs.text == "Seen with older youths twice"
    assert "twice" not in str(stale)  # the message holds no note text (it may be logged)
    with two.chair.session() as session:
        (stored,) = discussion.notes(session, item_id=two.item_id)
    assert (stored.text, stored.version) == ("Seen with older youths twice", 2)
    # Keep mine: saved again from their version, it goes through.
    mine = _note(
        two.chair, two.item_id, "Seen with older youths at the park", note_id=first.id, expected=2
    )
    assert mine.version == 3


def test_saves_in_turn_from_the_newest_version_all_go_through(two: TwoSeats) -> None:
    saved = _note(two.chair, two.item_id, "one", note_id=None, expected=None)
    for number, seat in enumerate([two.minutes, two.chair, two.minutes], start=2):
        saved = _note(seat, two.item_id, f"edit {number}", note_id=saved.id, expected=saved.version)
        assert saved.version == number


def test_a_race_between_check_and_write_is_refused_by_the_database(two: TwoSeats) -> None:
    """Both seats read version 1; the first commit wins, the second updates nothing."""
    first = _note(two.chair, two.item_id, "read by both", note_id=None, expected=None)
    from store.models import ThriveNote

    with two.chair.session() as a, two.minutes.session() as b:
        row_a, row_b = a.get(ThriveNote, first.id), b.get(ThriveNote, first.id)
        assert row_a is not None and row_b is not None
        row_a.text, row_b.text = "chair's words", "minute taker's words"
        a.commit()
        with pytest.raises(ChangedMeanwhile):
            b.commit()
    with two.chair.session() as session:
        (stored,) = discussion.notes(session, item_id=two.item_id)
    assert stored.text == "chair's words"


def _grading(item_id: int, grade: str, rationale: str, version: int) -> GradingRecord:
    return GradingRecord(
        item_id=item_id, grade=grade, rationale=rationale, significant_new_risk=False,
        crime_identified=False, npa_managed=False, proposed_outcome="", outcome="",
        outcome_reason="", override_reason="", version=version,
    )  # fmt: skip


def test_a_grading_saved_from_an_older_version_is_refused(two: TwoSeats) -> None:
    with two.minutes.session() as session:
        assert (
            discussion.save_grading(
                session,
                record=_grading(two.item_id, "HIGH", "theirs", 0),
                at=AT,
                expected_version=0,
            )
            == 1
        )
    with two.chair.session() as session, pytest.raises(StaleSave) as refused:
        # The chair started before any grading was stored (version 0).
        discussion.save_grading(
            session, record=_grading(two.item_id, "LOW", "mine", 0), at=AT, expected_version=0
        )
    assert refused.value.theirs.grade == "HIGH" and refused.value.their_version == 1
    with two.chair.session() as session:
        stored = discussion.grading(session, item_id=two.item_id)
        assert stored is not None and (stored.grade, stored.version) == ("HIGH", 1)
        assert (
            discussion.save_grading(
                session, record=_grading(two.item_id, "LOW", "mine", 1), at=AT, expected_version=1
            )
            == 2
        )


def _action(
    store: Store, item_id: int, text: str, *, action_id: int | None, expected: int | None
) -> int:
    with store.session() as session:
        return actions.save_action(
            session, action_id=action_id, item_id=item_id, kind="action", text=text,
            owner="Duty social worker", owner_person_id=None, agency_id=None,
            due=date(2026, 12, 4), agreed=True, at=AT, expected_version=expected,
        )  # fmt: skip


def test_an_action_saved_from_an_older_version_is_refused(two: TwoSeats) -> None:
    action_id = _action(
        two.chair, two.item_id, "Visit the family home", action_id=None, expected=None
    )
    _action(
        two.minutes, two.item_id, "Visit the family home by Friday", action_id=action_id, expected=1
    )
    with pytest.raises(StaleSave) as refused:
        _action(two.chair, two.item_id, "Visit the school", action_id=action_id, expected=1)
    assert refused.value.theirs.text == "Visit the family home by Friday"
    assert (refused.value.their_version, refused.value.your_version) == (2, 1)
    with two.chair.session() as session:
        (stored,) = actions.item_actions(session, item_id=two.item_id)
    assert stored.text == "Visit the family home by Friday"


def test_an_agenda_items_status_changed_on_two_seats_at_once(two: TwoSeats) -> None:
    """The chair starts a child while the coordinator removes it: the second is refused."""
    with two.chair.session() as a, two.minutes.session() as b:
        row_a, row_b = a.get(AgendaItem, two.item_id), b.get(AgendaItem, two.item_id)
        assert row_a is not None and row_b is not None
        before = row_a.version
        row_a.status = "in-discussion"
        row_b.status = "removed"
        a.commit()
        with pytest.raises(ChangedMeanwhile):
            b.commit()
    with two.chair.session() as session:
        row = session.get(AgendaItem, two.item_id)
        assert row is not None and (row.status, row.version) == ("in-discussion", before + 1)

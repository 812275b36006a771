"""States are enums, and the database refuses a value outside them (on every seat and tool)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from store.db import Store

# (table, column, a row's other required values)
CASES = [
    ("meeting", "status", "planned"),
    ("meeting", "stage", "attendance"),
]


def _meeting(store: Store, **values: str) -> None:
    fields = {"status": "planned", "stage": "attendance"} | values
    with store.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO meeting (profile, date, status, stage, scheduled_start, "
                "scheduled_minutes, inquorate_reason, created_at) VALUES "
                "('llr-drmm', '2026-12-01', :status, :stage, '09:00', 60, '', '2026-11-30 09:00:00')"
            ),
            fields,
        )


@pytest.mark.parametrize(
    ("column", "value", "allowed"),
    [
        ("status", "in-progress", True),
        ("status", "running", False),
        ("stage", "carry-over", True),
        ("stage", "waiting", False),
        ("stage", "", False),
    ],
)
def test_meeting_states_are_checked_by_the_database(
    store: Store, column: str, value: str, allowed: bool
) -> None:
    if allowed:
        _meeting(store, **{column: value})
    else:
        with pytest.raises(IntegrityError):
            _meeting(store, **{column: value})


@pytest.mark.sqlite_only  # PRAGMA / sqlite_master: about SQLite itself
@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("attendance", "status"),
        ("agenda_item", "status"),
        ("action", "status"),
        ("action_review", "status"),
        ("recording", "state"),
    ],
)
def test_every_state_column_has_a_check(store: Store, table: str, column: str) -> None:
    with store.engine.connect() as conn:
        sql = conn.execute(
            text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :t"), {"t": table}
        ).scalar_one()
    assert f"CONSTRAINT ck_{table}_{column} CHECK ({column} IN (" in sql


def test_moving_a_meeting_on_is_one_call(store: Store) -> None:
    from datetime import UTC, date, datetime

    from store import meetings
    from store.agenda.meetings import find_or_create_meeting, get_meeting
    from store.states import MeetingStage

    at = datetime(2026, 11, 30, 9, 5, tzinfo=UTC)
    with store.session() as session:
        meeting, _ = find_or_create_meeting(
            session, profile="llr-drmm", on=date(2026, 12, 1), start="09:00", minutes=60
        )
        assert meeting.id is not None
        record = meetings.move_on(session, meeting_id=meeting.id, stage=MeetingStage.CASES, at=at)
    assert record.stage == MeetingStage.CASES == "cases"
    with store.session() as session:
        # Reaching the children means the statements were confirmed (R4), at that time.
        stored = get_meeting(session, meeting_id=record.id)
        assert stored.statements_confirmed_at == at

"""store/recordings.py: a segment's row from start to finish, on a real SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from store.db import Store
from store.recordings import (
    FINISHED_STATES,
    add_pause,
    add_recording,
    end_pause,
    finish_recording,
    meeting_recordings,
    recording_pauses,
    unfinished_recordings,
)
from tests.audio.fixtures import DemoMeeting

T0 = datetime(2026, 11, 23, 9, 5, tzinfo=UTC)


def new_row(store: Store, meeting: DemoMeeting) -> int:
    child = meeting.queue[0]
    with store.session() as session:
        return add_recording(
            session, meeting_id=meeting.id, item_id=child.item_id, kind="child",
            path="/recordings/x.wav", sample_rate=16_000, channels=1, first_frame=4096, started_at=T0,
        )  # fmt: skip


def test_a_row_goes_from_recording_to_complete_with_its_integrity(
    demo_store: Store, demo_meeting: DemoMeeting
) -> None:
    row_id = new_row(demo_store, demo_meeting)
    with demo_store.session() as session:
        assert [r.id for r in unfinished_recordings(session)] == [row_id]
        pause = add_pause(
            session, recording_id=row_id, reason="aside", paused_at=T0 + timedelta(minutes=1)
        )
        end_pause(session, pause_id=pause, resumed_at=T0 + timedelta(minutes=2))
        add_pause(
            session, recording_id=row_id, reason="left open", paused_at=T0 + timedelta(minutes=3)
        )
        finish_recording(session, recording_id=row_id, state="complete", frames=48_000,
                         sha256="ab" * 32, ended_at=T0 + timedelta(minutes=4), paused_s=90.0)  # fmt: skip
        (row,) = meeting_recordings(session, meeting_id=demo_meeting.id)
        pauses = recording_pauses(session, recording_id=row_id)
        assert unfinished_recordings(session) == []
    assert (row.state, row.frames, row.duration_s, row.sha256) == (
        "complete",
        48_000,
        3.0,
        "ab" * 32,
    )
    assert (row.position, row.child_ref) == (1, demo_meeting.queue[0].child_ref)
    assert (row.first_frame, row.paused_s) == (4096, 90.0)
    # A pause still open when the segment ends is closed at its end.
    assert [p.resumed_at for p in pauses] == [T0 + timedelta(minutes=2), T0 + timedelta(minutes=4)]


@pytest.mark.parametrize("state", ["recording", "done", ""])
def test_finishing_refuses_a_state_that_is_not_an_end(
    demo_store: Store, demo_meeting: DemoMeeting, state: str
) -> None:
    row_id = new_row(demo_store, demo_meeting)
    with demo_store.session() as session, pytest.raises(ValueError, match="state"):
        finish_recording(
            session, recording_id=row_id, state=state, frames=1, sha256="", ended_at=T0
        )
    assert state not in FINISHED_STATES


def test_finishing_an_unknown_row_says_so(demo_store: Store) -> None:
    with demo_store.session() as session, pytest.raises(LookupError, match="recording 999"):
        finish_recording(
            session, recording_id=999, state="complete", frames=1, sha256="", ended_at=T0
        )

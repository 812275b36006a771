"""Verifying a recording against its stored SHA-256 and frame count; every check audited."""

from __future__ import annotations

from pathlib import Path

from mace_tui.review.integrity import verify_recording
from mace_tui.review.listing import load_recordings
from store.audit import audit_events, verify_chain
from store.db import Store
from tests.review.fixtures import ACTOR, Recorded


def test_a_recording_as_recorded_is_intact(recorded: Recorded, demo_store: Store) -> None:
    result = verify_recording(demo_store, recorded.rows[0].id, actor=ACTOR)
    assert result.ok
    assert result.frames == len(recorded.signals[0])
    assert result.summary().startswith("Intact")


def test_one_changed_byte_fails_the_check_and_shows_in_the_list(
    recorded: Recorded, demo_store: Store
) -> None:
    path = recorded.path(1)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))

    result = verify_recording(demo_store, recorded.rows[1].id, actor=ACTOR)
    assert not result.ok
    assert result.problems == (
        "its SHA-256 differs from the one stored: the file has been changed",
    )
    assert "FAILED" in result.summary()
    states = {item.id: item.state for item in load_recordings(demo_store)}
    assert states[recorded.rows[1].id] == "integrity failed"
    assert states[recorded.rows[0].id] == "complete"


def test_a_shortened_file_reports_its_frame_count(recorded: Recorded, demo_store: Store) -> None:
    path = recorded.path(2)
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size - 2048)
    result = verify_recording(demo_store, recorded.rows[2].id, actor=ACTOR)
    stored = len(recorded.signals[2])
    assert not result.ok
    assert f"it holds {stored - 1024:,} frames where {stored:,} were stored" in result.problems


def test_a_missing_file_is_reported_and_listed_missing(
    recorded: Recorded, demo_store: Store
) -> None:
    recorded.path(0).unlink()
    result = verify_recording(demo_store, recorded.rows[0].id, actor=ACTOR)
    assert not result.ok
    assert result.problems == (f"the file {recorded.path(0).name} is not on disk",)
    states = {item.id: item.state for item in load_recordings(demo_store)}
    assert states[recorded.rows[0].id] == "missing"


def test_every_check_is_audited_with_the_reference_not_the_name(
    recorded: Recorded, demo_store: Store
) -> None:
    first = recorded.rows[0]
    verify_recording(demo_store, first.id, actor=ACTOR)
    Path(first.path).write_bytes(Path(first.path).read_bytes() + b"\0\0")
    verify_recording(demo_store, first.id, actor=ACTOR)
    with demo_store.session() as session:
        events = audit_events(session, recording_id=first.id)
        assert verify_chain(session).ok
    assert [e.action for e in events] == ["verify", "verify-failed"]
    assert {e.os_user for e in events} == {"admin-test"}
    assert all(first.child_ref and first.child_ref in e.detail for e in events)
    name = recorded.meeting.queue[0].name
    assert all(part not in e.detail for e in events for part in name.split())

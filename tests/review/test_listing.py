"""The recordings list: filters by date range, profile, child and state, and the shown state."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime

import pytest

from mace_tui.review.integrity import verify_recording
from mace_tui.review.listing import load_recordings
from store.db import Store
from store.queries import find_meeting, meeting_queue
from store.recordings import add_recording, finish_recording
from store.review import ReviewFilter
from tests.review.fixtures import ACTOR, Recorded


@pytest.fixture
def listed(recorded: Recorded, demo_store: Store) -> dict[str, int]:
    """The three recordings of today's DRMM plus one of the FORM of 11 November, by label."""
    with demo_store.session() as session:
        form = find_meeting(session, profile="llr-form", on=date(2026, 11, 11))
        assert form is not None and form.id is not None
        entry = meeting_queue(session, meeting_id=form.id)[0]
    copy = recorded.path(0).with_name("2026-11-11_01_form.wav")
    shutil.copyfile(recorded.path(0), copy)
    at = datetime(2026, 11, 11, 10, 40, tzinfo=UTC)
    with demo_store.session() as session:
        form_id = add_recording(
            session, meeting_id=form.id, item_id=entry.item_id, kind="child", path=str(copy),
            sample_rate=16_000, channels=1, first_frame=0, started_at=at,
        )  # fmt: skip
        row = recorded.rows[0]
        assert row.frames is not None
        finish_recording(
            session, recording_id=form_id, state="recovered", frames=row.frames,
            sha256=row.sha256, ended_at=at,
        )  # fmt: skip
    ids = {f"drmm{i}": r.id for i, r in enumerate(recorded.rows)}
    ids["form"] = form_id
    return ids


def labels(ids: dict[str, int], found: list[int]) -> list[str]:
    names = {v: k for k, v in ids.items()}
    return [names[i] for i in found]


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (ReviewFilter(), ["drmm0", "drmm1", "drmm2", "form"]),
        (ReviewFilter(since=date(2026, 11, 20)), ["drmm0", "drmm1", "drmm2"]),
        (ReviewFilter(until=date(2026, 11, 20)), ["form"]),
        (ReviewFilter(since=date(2026, 11, 1), until=date(2026, 11, 11)), ["form"]),
        (ReviewFilter(since=date(2026, 11, 24)), []),
        (ReviewFilter(profile="llr-form"), ["form"]),
        (ReviewFilter(profile="llr-drmm", until=date(2026, 11, 22)), []),
    ],
)
def test_filters_by_date_range_and_profile(
    listed: dict[str, int], demo_store: Store, where: ReviewFilter, expected: list[str]
) -> None:
    assert labels(listed, [r.id for r in load_recordings(demo_store, where)]) == expected


def test_child_search_matches_name_or_reference_in_any_case(
    listed: dict[str, int], recorded: Recorded, demo_store: Store
) -> None:
    entry = recorded.meeting.queue[1]
    by_ref = load_recordings(demo_store, ReviewFilter(child=entry.child_ref.lower()))
    assert [r.id for r in by_ref] == [listed["drmm1"]]
    by_name = load_recordings(demo_store, ReviewFilter(child=entry.name.upper()))
    assert listed["drmm1"] in [r.id for r in by_name]
    assert all(r.row.child_name == entry.name for r in by_name)
    assert load_recordings(demo_store, ReviewFilter(child="Nobody Zzyzx")) == []


def test_rows_carry_meeting_position_child_duration_size_and_state(
    listed: dict[str, int], recorded: Recorded, demo_store: Store
) -> None:
    first = load_recordings(demo_store)[0]
    entry = recorded.meeting.queue[0]
    assert (first.row.meeting_date, first.row.profile) == (date(2026, 11, 23), "llr-drmm")
    assert (first.row.position, first.row.child_ref, first.row.child_name) == (
        entry.position, entry.child_ref, entry.name,
    )  # fmt: skip
    assert first.row.duration_s == len(recorded.signals[0]) / 16_000
    assert first.size == recorded.path(0).stat().st_size
    assert first.state == "complete"


def test_states_complete_recovered_missing_and_integrity_failed(
    listed: dict[str, int], recorded: Recorded, demo_store: Store
) -> None:
    recorded.path(1).unlink()
    damaged = recorded.path(2)
    damaged.write_bytes(damaged.read_bytes()[:-4] + b"\x01\x02\x03\x04")
    verify_recording(demo_store, listed["drmm2"], actor=ACTOR)
    shown = {r.id: r.state for r in load_recordings(demo_store)}
    assert labels(listed, list(shown)) == ["drmm0", "drmm1", "drmm2", "form"]
    assert list(shown.values()) == ["complete", "missing", "integrity failed", "recovered"]
    for state, expected in [
        ("complete", ["drmm0"]),
        ("missing", ["drmm1"]),
        ("integrity failed", ["drmm2"]),
        ("recovered", ["form"]),
        ("deleted", []),
    ]:
        found = load_recordings(demo_store, state=state)
        assert labels(listed, [r.id for r in found]) == expected

"""Two stores sharing one recordings folder: each touches only its own files (R27)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import soundfile as sf

from mace_tui.audio.naming import child_stem, claim_path, meeting_folder
from mace_tui.audio.recovery import foreign_files, recover_leftovers
from mace_tui.config import Settings
from mace_tui.review.access import Actor, ReviewProblem
from mace_tui.review.integrity import verify_recording
from mace_tui.review.retention import delete_recording
from store.db import Store
from store.queries import find_meeting, meeting_queue
from store.recordings import add_recording, finish_recording, meeting_recordings
from tests.audio.virtual_mic import ramp
from tests.conftest import DEMO_TODAY


@dataclasses.dataclass
class Side:
    store: Store
    settings: Settings
    meeting_id: int
    meeting_date: date
    position: int
    item_id: int
    child_ref: str

    def child_file(self) -> Path:
        folder = meeting_folder(self.settings.recordings_dir, store_id=self.store.store_id,
                                meeting_date=self.meeting_date, meeting_id=self.meeting_id)  # fmt: skip
        path = claim_path(folder, child_stem(meeting_date=self.meeting_date,
                                             position=self.position, child_ref=self.child_ref))  # fmt: skip
        sf.write(path, ramp(4096), 16_000, subtype="PCM_16", format="WAV")
        return path

    def add_row(self, path: Path, *, finished: bool) -> int:
        with self.store.session() as session:
            rid = add_recording(session, meeting_id=self.meeting_id, item_id=self.item_id,
                                kind="child", path=str(path), sample_rate=16_000, channels=1,
                                first_frame=0, started_at=datetime.now(UTC) - timedelta(minutes=3),
                                store_id=self.store.store_id)  # fmt: skip
            if finished:
                finish_recording(session, recording_id=rid, state="complete", frames=4096,
                                 sha256="0" * 64, ended_at=datetime.now(UTC))  # fmt: skip
        return rid

    def rows(self) -> list[str]:
        with self.store.session() as session:
            return [r.path for r in meeting_recordings(session, meeting_id=self.meeting_id)]


def open_side(settings: Settings) -> Side:
    from mace_tui.demo import seed_demo

    store = Store.open(settings.db_url)
    with store.session() as session:
        seed_demo(session, today=DEMO_TODAY)
        meeting = find_meeting(session, profile="llr-drmm", on=DEMO_TODAY)
        assert meeting is not None and meeting.id is not None
        first = meeting_queue(session, meeting_id=meeting.id)[0]
    return Side(store, settings, meeting.id, meeting.date, first.position, first.item_id,
                first.child_ref)  # fmt: skip


@pytest.fixture
def two_stores(settings: Settings, tmp_path: Path) -> Iterator[tuple[Side, Side]]:
    """Store A and store B: separate databases, one recordings folder, the same demo meeting."""
    b_settings = dataclasses.replace(settings, db_url=f"sqlite:///{tmp_path / 'B.db'}")
    a, b = open_side(settings), open_side(b_settings)
    assert a.store.store_id != b.store.store_id
    assert a.settings.recordings_dir == b.settings.recordings_dir
    assert (a.meeting_id, a.child_ref) == (b.meeting_id, b.child_ref)  # the case that fooled it
    yield a, b
    a.store.close()
    b.store.close()


def test_each_store_recovers_only_its_own_files(two_stores: tuple[Side, Side]) -> None:
    a, b = two_stores
    # A crashed twice: once mid-recording (row left "recording"), once before a row was saved.
    a_open = a.child_file()
    a.add_row(a_open, finished=False)
    a_orphan = a.child_file()
    # B crashed before its row was saved.
    b_orphan = b.child_file()

    found_b = recover_leftovers(store=b.store, settings=b.settings)
    assert [r.path for r in found_b] == [b_orphan]
    assert b.rows() == [str(b_orphan)]
    line = foreign_files(store=b.store, settings=b.settings)
    assert line is not None and "2 recording file(s) of 1 other store(s)" in line

    found_a = recover_leftovers(store=a.store, settings=a.settings)
    assert sorted(r.path for r in found_a) == sorted([a_open, a_orphan])
    assert sorted(a.rows()) == sorted([str(a_open), str(a_orphan)])
    assert b.rows() == [str(b_orphan)]


def test_retention_playback_and_checks_in_one_store_leave_the_other_s_files_alone(
    two_stores: tuple[Side, Side],
) -> None:
    a, b = two_stores
    a_file = a.child_file()
    a.add_row(a_file, finished=True)
    b_file = b.child_file()
    b_own = b.add_row(b_file, finished=True)
    # A row of B pointing at A's file, as the old start-up recovery made.
    b_stray = b.add_row(a_file, finished=True)
    actor = Actor(user="tester", now=datetime.now(UTC))
    later = a.meeting_date + timedelta(days=400)

    with pytest.raises(ReviewProblem) as refused:
        delete_recording(b.store, b_stray, reason="retention policy", actor=actor, today=later,
                         days=365)  # fmt: skip
    assert "another store's folder" in str(refused.value)
    assert a_file.exists()
    with pytest.raises(ReviewProblem):
        verify_recording(b.store, b_stray, actor=actor)

    delete_recording(b.store, b_own, reason="retention policy", actor=actor, today=later, days=365)
    assert not b_file.exists()
    assert a_file.exists()

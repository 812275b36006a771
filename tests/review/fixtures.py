"""Recordings made by the real recorder through the virtual microphone, for review tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from mace_tui.audio.meeting import MeetingAudio
from mace_tui.config import Settings
from mace_tui.review.access import Actor
from store.db import Store
from store.recordings import RecordingRecord, meeting_recordings
from tests.audio.fixtures import FAST_FEED, AudioFactory, DemoMeeting
from tests.audio.virtual_mic import FifoMic, tone, wait_for

# A fixed "now" for audit events in tests.
AUDIT_NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
ACTOR = Actor("admin-test", AUDIT_NOW)


@dataclass(frozen=True)
class Recorded:
    """Three children's recordings of the demo meeting and the samples fed for each."""

    meeting: DemoMeeting
    rows: list[RecordingRecord]
    signals: list[np.ndarray]
    config_dir: Path
    store_id: str

    def path(self, index: int) -> Path:
        return Path(self.rows[index].path)

    @property
    def keys(self) -> dict[str, Any]:
        """Where a sealed recording's key is found: ``Player(path, **recorded.keys)``."""
        return {"config_dir": self.config_dir, "store_id": self.store_id}


def _feed(mic: FifoMic, audio: MeetingAudio, samples: np.ndarray) -> None:
    target = audio.status().frames_captured + len(samples)
    mic.feed(samples)
    wait_for(lambda: audio.status().frames_captured >= target, what="the capture")


@pytest.fixture
def recorded(
    make_audio: AudioFactory,
    fifomic: FifoMic,
    demo_meeting: DemoMeeting,
    demo_store: Store,
    settings: Settings,
) -> Recorded:
    """Record three children of today's demo meeting, each with its own tone."""
    # A phase so no signal starts on a zero sample: playback tests find the start by it.
    signals = [tone(440, 12, phase=0.7), tone(660, 8, phase=0.9), tone(880, 16, phase=1.1)]
    audio, problems = make_audio(pace=FAST_FEED)
    audio.start()
    for entry, signal in zip(demo_meeting.queue[:3], signals, strict=True):
        audio.begin_child(item_id=entry.item_id, position=entry.position, child_ref=entry.child_ref)
        _feed(fifomic, audio, signal)
    audio.end_segment()
    with fifomic.flowing():
        assert audio.stop(timeout=5)
    assert problems.lines == []
    with demo_store.session() as session:
        rows = meeting_recordings(session, meeting_id=demo_meeting.id)
    assert [r.state for r in rows] == ["complete"] * 3
    return Recorded(demo_meeting, rows, signals, settings.config_dir, demo_store.store_id)

"""Fixtures for audio tests: today's demo meeting and MeetingAudio on the virtual microphone."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from mace_tui.audio.meeting import MeetingAudio
from mace_tui.audio.pace import PaceLimits
from mace_tui.config import Settings
from store.db import Store
from store.queries import QueueEntry, find_meeting, meeting_queue
from tests.audio.virtual_mic import FifoMic, VirtualAudio
from tests.conftest import DEMO_TODAY

# For tests that pour many seconds of sound into the pipe at once (or at 20× real
# time) to test segments, not pace: the pipe has no clock of its own, so the
# production check (on by default in make_audio) would rightly stop it.
# tests/audio/test_pace.py tests the check itself, on paced and unpaced feeds.
FAST_FEED = PaceLimits(slack_s=3600.0)


@dataclass(frozen=True)
class DemoMeeting:
    """Today's demo DRMM and its queue."""

    id: int
    date: date
    queue: list[QueueEntry]


@pytest.fixture
def demo_meeting(demo_store: Store) -> DemoMeeting:
    """The demo's meeting on DEMO_TODAY, with at least three children queued."""
    with demo_store.session() as session:
        meeting = find_meeting(session, profile="llr-drmm", on=DEMO_TODAY)
        assert meeting is not None and meeting.id is not None
        queue = meeting_queue(session, meeting_id=meeting.id)
    assert len(queue) >= 3
    return DemoMeeting(meeting.id, meeting.date, queue)


@dataclass
class Problems:
    """Lines passed to on_problem, in order."""

    lines: list[str] = dataclasses.field(default_factory=list)

    def __call__(self, line: str) -> None:
        self.lines.append(line)


AudioFactory = Callable[..., tuple[MeetingAudio, Problems]]


@pytest.fixture
def make_audio(
    demo_store: Store, demo_meeting: DemoMeeting, settings: Settings, virtual_audio: VirtualAudio
) -> Iterator[AudioFactory]:
    """Build MeetingAudio on the demo meeting; every one is stopped at the end of the test."""
    made: list[MeetingAudio] = []

    def build(
        *, device: str | None = FifoMic.name, **options: Any
    ) -> tuple[MeetingAudio, Problems]:
        problems = Problems()
        chosen = dataclasses.replace(
            settings,
            audio_device=device,
            sample_rate=options.pop("sample_rate", settings.sample_rate),
        )
        options.setdefault("watchdog_s", 30.0)
        audio = MeetingAudio(
            store=demo_store,
            settings=chosen,
            meeting_id=demo_meeting.id,
            meeting_date=demo_meeting.date,
            on_problem=problems,
            **options,
        )
        made.append(audio)
        return audio, problems

    yield build
    mic = virtual_audio.fifomic
    # A stream waiting for sound would hold stop() up: keep some arriving until
    # every stream, including any given up on during the test, has really closed.
    with mic.flowing():
        for audio in made:
            audio.stop(timeout=5)
        for audio in made:
            for capture in audio.retired:
                assert capture.closed.wait(10), "a test stream never closed"

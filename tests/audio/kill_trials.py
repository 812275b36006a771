"""Recordings killed with SIGKILL at random moments, for benchmarks/crash_trials.py.

Each trial starts tests/audio/recording_process.py (the real capture stack on
the virtual ALSA microphone, as tests/audio/test_crash.py does), feeds it a
counting signal at real time, kills it at a random moment while it records,
then runs ``recover_leftovers`` as the next start would and compares what was
kept with what the process had reported captured. A frame counts as lost when
it was captured before the kill and is missing from the recovered file; the
recovered frames must be exactly the signal's first frames (nothing garbled).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

from mace_tui.access.service import who
from mace_tui.audio.recovery import recover_leftovers
from mace_tui.config import Settings, load_settings, prepare
from mace_tui.protection import open_store
from store.db import Store
from store.queries import find_meeting, meeting_queue
from store.recordings import meeting_recordings
from tests.audio.virtual_mic import BLOCK, RATE, VirtualAudio, ramp
from tests.lines import Lines

ROOT = Path(__file__).resolve().parents[2]


class AudioTrialFailed(Exception):
    """A trial did not reach a kill while recording: nothing was measured."""


@dataclass(frozen=True)
class AudioOutcome:
    """What one killed recording kept."""

    captured: int  # frames the process reported captured before it died
    recovered: int  # frames in the recovered file
    exact: bool  # the recovered frames are exactly the first frames fed

    @property
    def lost(self) -> int:
        return max(0, self.captured - self.recovered)


def _environment(folder: Path) -> dict[str, str]:
    home = folder / "home"
    return {
        "MACE_DATA_DIR": str(folder / "data"),
        "MACE_CONFIG_DIR": str(folder / "config"),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "MACE_AUDIO_DEVICE": "fifomic",
    }


def _demo_store(settings: Settings) -> Store:
    from mace_tui.demo import seed_demo
    from tests.conftest import DEMO_TODAY

    prepare(settings)
    store = open_store(settings)
    who(store)
    with store.session() as session:
        seed_demo(session, today=DEMO_TODAY)
    return store


def run_audio_trials(folder: Path, count: int, rng: random.Random) -> list[AudioOutcome]:
    """``count`` recordings of the demo's second child, each killed at a random moment."""
    for name in ("MACE_DB_URL", "MACE_PROFILE", "MACE_RECORDINGS_DIR", "MACE_EXPORT_DIR"):
        os.environ.pop(name, None)
    os.environ.update(_environment(folder))
    (folder / "alsa").mkdir(parents=True)
    audio = VirtualAudio(folder / "alsa")
    settings = load_settings()
    store = _demo_store(settings)
    try:
        from tests.conftest import DEMO_TODAY

        with store.session() as session:
            meeting = find_meeting(session, profile="llr-drmm", on=DEMO_TODAY)
            assert meeting is not None and meeting.id is not None
            child = meeting_queue(session, meeting_id=meeting.id)[1]
        env = {**os.environ, **audio.env()}
        args = [str(meeting.id), meeting.date.isoformat(), str(child.item_id),
                str(child.position), child.child_ref]  # fmt: skip
        outcomes = []
        for _ in range(count):
            with store.session() as session:
                before = len(meeting_recordings(session, meeting_id=meeting.id))
            outcomes.append(_one(store, settings, audio, env, args, meeting.id, before, rng))
        return outcomes
    finally:
        store.close()
        audio.fifomic.close()


def _one(
    store: Store,
    settings: Settings,
    audio: VirtualAudio,
    env: dict[str, str],
    args: list[str],
    meeting_id: int,
    before: int,
    rng: random.Random,
) -> AudioOutcome:
    mic = audio.fifomic
    mic.settle()
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.audio.recording_process", *args],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    captured = 0
    reports: list[int] = []
    try:
        lines = Lines(process)
        first = json.loads(lines.next(60, what="the recording process to start") or "{}")
        if first.get("state") != "idle":
            raise AudioTrialFailed(f"the recording process did not start ({first})")
        deadline = time.monotonic() + 30
        while True:
            with store.session() as session:
                if len(meeting_recordings(session, meeting_id=meeting_id)) > before:
                    break
            if time.monotonic() > deadline:
                raise AudioTrialFailed("the recording's row never appeared")
            time.sleep(0.01)
        # A random moment 0.5–4 s into the sound, fed at real time (a microphone's pace).
        kill_after = rng.uniform(0.5, 4.0)
        blocks = int((kill_after + 1.0) * RATE / BLOCK) + 1
        signal_in = ramp(blocks * BLOCK)
        mic.feed(signal_in, speed=1.0)
        deadline = time.monotonic() + 30
        while not reports or reports[-1] == 0:
            if time.monotonic() > deadline or process.poll() is not None:
                raise AudioTrialFailed("the recording process captured nothing")
            reports.extend(_captured(lines.rest(0.002)))
        time.sleep(kill_after)
        if process.poll() is not None:
            raise AudioTrialFailed("the recording process ended before the kill")
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        reports.extend(_captured(lines.rest(10)))  # every line printed before it died
        captured = max(reports, default=0)
    finally:
        process.kill()
        process.wait(10)
    mic.settle()
    recovered = recover_leftovers(store=store, settings=settings)
    if len(recovered) != 1:
        raise AudioTrialFailed(f"{len(recovered)} recordings recovered after a kill, not 1")
    result = recovered[0]
    if not Path(result.path).is_file():
        return AudioOutcome(captured=captured, recovered=0, exact=result.frames == 0)
    data, _ = sf.read(result.path, dtype="int16")
    exact = len(data) == result.frames and bool(np.array_equal(data, signal_in[: len(data)]))
    return AudioOutcome(captured=captured, recovered=result.frames, exact=exact)


def _captured(lines: list[str]) -> list[int]:
    return [int(json.loads(line).get("captured", 0)) for line in lines]

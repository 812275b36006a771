"""A recording killed with SIGKILL mid-child: on the next start its file is repaired and attached."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np

from mace_tui.audio.recovery import recover_leftovers
from mace_tui.config import Settings
from store.db import Store
from store.recordings import RecordingRecord, meeting_recordings
from tests.audio.fixtures import DemoMeeting
from tests.audio.virtual_mic import BLOCK, FifoMic, VirtualAudio, ramp, wait_for
from tests.lines import Lines
from tests.recordings import holds_plain, read_audio

ROOT = Path(__file__).resolve().parents[2]


def rows(store: Store, meeting: DemoMeeting) -> list[RecordingRecord]:
    with store.session() as session:
        return meeting_recordings(session, meeting_id=meeting.id)


def test_killed_recording_is_recovered_with_all_but_at_most_one_block(
    virtual_audio: VirtualAudio,
    fifomic: FifoMic,
    demo_meeting: DemoMeeting,
    demo_store: Store,
    settings: Settings,
    cpu_hogs: int,
) -> None:
    child = demo_meeting.queue[1]
    env = {**os.environ, **virtual_audio.env()}
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.audio.recording_process", str(demo_meeting.id),
         demo_meeting.date.isoformat(), str(child.item_id), str(child.position), child.child_ref],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    lines = Lines(process)
    try:
        first = lines.next(60, what="the recording process to start")
        assert first is not None and json.loads(first)["state"] == "idle"
        # The row is written on the bookkeeper's thread: wait for it, as a real
        # discussion lasts long enough for it (a crash before it: test_recovery).
        wait_for(lambda: bool(rows(demo_store, demo_meeting)), what="the recording's row")
        signal_in = ramp(40 * BLOCK)
        fifomic.feed(signal_in)
        lines.until(
            lambda line: json.loads(line).get("captured") == len(signal_in),
            60,
            what=f"all {len(signal_in)} frames fed to be captured",
        )
        # Killed the moment the last block was captured: the writer may still hold it.
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait(10)

    (row,) = rows(demo_store, demo_meeting)
    assert row.state == "recording"

    recovered = recover_leftovers(store=demo_store, settings=settings)

    assert [r.recording_id for r in recovered] == [row.id]
    result = recovered[0]
    assert result.state == "recovered"
    assert len(signal_in) - BLOCK <= result.frames <= len(signal_in)
    assert child.child_ref in result.message and child.name not in result.message
    # Sealed, and exactly the captured frames once opened with the store's key.
    assert result.path.suffix == ".sealed"
    assert not holds_plain(result.path, signal_in[: result.frames])
    data, _ = read_audio(result.path)
    assert np.array_equal(data, signal_in[: result.frames])
    (after,) = rows(demo_store, demo_meeting)
    assert after.state == "recovered"
    assert after.item_id == child.item_id
    assert after.frames == result.frames
    assert len(after.sha256) == 64
    # A second start finds nothing left to do.
    assert recover_leftovers(store=demo_store, settings=settings) == []

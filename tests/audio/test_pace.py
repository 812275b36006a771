"""A stream must deliver in real time: too fast or too slow is stopped and named; a full queue is a gap."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from mace_tui.audio.pace import PaceCheck, PaceLimits
from mace_tui.audio.sealed import SealedWriter
from mace_tui.audio.wavfile import SegmentSink
from store.db import Store
from store.recordings import meeting_recordings, recording_gaps
from tests.audio.fixtures import AudioFactory, DemoMeeting
from tests.audio.virtual_mic import BLOCK, RATE, FifoMic, ramp, tone, wait_for
from tests.recordings import read_audio, sealing

LIMITS = PaceLimits(tolerance=0.05, slack_s=2.0)


@pytest.mark.parametrize(
    ("pace", "seconds", "trips"),
    [
        (1.0, 600, False),     # a good sound card, ten minutes
        (1.03, 600, False),    # 3 % fast: within "a few percent"
        (0.97, 600, False),    # 3 % slow
        (1.10, 600, True),     # 10 % fast, caught within the ten minutes
        (0.90, 600, True),     # 10 % slow
        (800.0, 3, True),      # the file plugin after its pipe closed: minutes a second
        (1.0, 1, False),       # a start-up burst within the slack is not a fault
    ],
    ids=["real-time", "3pc-fast", "3pc-slow", "10pc-fast", "10pc-slow", "runaway", "startup"],
)  # fmt: skip
def test_pace_rule(pace: float, seconds: float, trips: bool) -> None:
    check = PaceCheck(RATE, LIMITS)
    now, tripped = 0.0, None
    check.observe(now, BLOCK)
    block_s = BLOCK / RATE
    while now < seconds and tripped is None:
        now += block_s / pace
        tripped = check.observe(now, BLOCK)
    assert (tripped is not None) == trips
    if trips:
        assert tripped == pytest.approx(pace, rel=0.5)


def test_a_backlog_at_start_is_not_a_fast_clock() -> None:
    """A pipe (or a device's buffer) holding 3 s when the stream opens, then real time."""
    check = PaceCheck(RATE, LIMITS)
    block_s = BLOCK / RATE
    now, results = 0.0, []
    for _ in range(48):  # 3 s of blocks within 5 ms
        results.append(check.observe(now, BLOCK))
        now += 0.0001
    for _ in range(2000):
        now += block_s
        results.append(check.observe(now, BLOCK))
    assert results == [None] * len(results)


def test_a_pause_in_delivery_is_not_a_slow_clock() -> None:
    """A device that stops for 3 s and carries on at real time (a stall is the watchdog's)."""
    check = PaceCheck(RATE, LIMITS)
    block_s = BLOCK / RATE
    now = 0.0
    results = [check.observe(now, BLOCK)]
    for _ in range(100):
        now += block_s
        results.append(check.observe(now, BLOCK))
    now += 3.0
    for _ in range(1000):
        now += block_s
        results.append(check.observe(now, BLOCK))
    assert results == [None] * len(results)


@pytest.mark.parametrize("gap_s", [0.6, 1.0, 3.0])
def test_a_trickle_of_blocks_with_pauses_between_is_a_slow_clock(gap_s: float) -> None:
    """One block now and then (a failing driver): each pause is too short for the watchdog's
    stall and too long to be counted as delivery, yet the stream is far slower than real
    time and must be stopped."""
    check = PaceCheck(RATE, LIMITS)
    now, tripped = 0.0, check.observe(0.0, BLOCK)
    while now < 120 and tripped is None:
        now += gap_s
        tripped = check.observe(now, BLOCK)
    assert tripped is not None, "a stream at a few percent of real time was never stopped"
    assert tripped < 0.5


def test_bursts_at_real_time_with_pauses_between_are_not_a_fault() -> None:
    """A device that hands over 0.6 s of sound every 0.6 s keeps real time."""
    check = PaceCheck(RATE, LIMITS)
    frames = int(0.6 * RATE)
    now, results = 0.0, [check.observe(0.0, frames)]
    for _ in range(1000):
        now += 0.6
        results.append(check.observe(now, frames))
    assert results == [None] * len(results)


def test_repeated_short_pauses_at_real_time_between_long_runs_are_not_a_fault() -> None:
    """Runs of real-time delivery longer than the slack, each after a 1 s hiccup."""
    check = PaceCheck(RATE, LIMITS)
    block_s = BLOCK / RATE
    now, results = 0.0, [check.observe(0.0, BLOCK)]
    for _ in range(20):
        for _ in range(60):  # 3.8 s of sound
            now += block_s
            results.append(check.observe(now, BLOCK))
        now += 1.0
    assert results == [None] * len(results)


def rows(store: Store, meeting: DemoMeeting) -> list:
    with store.session() as session:
        return meeting_recordings(session, meeting_id=meeting.id)


def test_a_stream_far_faster_than_real_time_is_stopped_and_named(
    make_audio: AudioFactory, demo_meeting: DemoMeeting, demo_store: Store
) -> None:
    """``filemic`` reads a file on ALSA's null clock: thousands of times real time."""
    audio, problems = make_audio(device="filemic", watchdog_s=5.0, retry_s=600)
    audio.start()
    child = demo_meeting.queue[0]
    audio.begin_child(item_id=child.item_id, position=child.position, child_ref=child.child_ref)
    wait_for(lambda: audio.status().state == "failed", timeout=10, what="the pace check")
    wait_for(lambda: bool(problems.lines), what="the chair's line")
    (line,) = problems.lines
    assert "Microphone 'filemic' is delivering sound" in line
    assert "faster than real time" in line
    assert audio.status().message == line
    wait_for(lambda: bool(rows(demo_store, demo_meeting)) and rows(demo_store, demo_meeting)[0].frames is not None,
             what="the segment to be stored")  # fmt: skip
    (row,) = rows(demo_store, demo_meeting)
    assert row.state == "failed"
    # What it kept is at most a backlog's and the slack's worth, not minutes of it.
    assert row.frames <= (2 * LIMITS.slack_s + 0.1) * RATE + BLOCK


def test_a_stream_at_real_time_is_not_stopped(
    make_audio: AudioFactory, fifomic: FifoMic, demo_meeting: DemoMeeting, demo_store: Store
) -> None:
    audio, problems = make_audio()
    audio.start()
    child = demo_meeting.queue[0]
    audio.begin_child(item_id=child.item_id, position=child.position, child_ref=child.child_ref)
    sound = tone(440, 60)  # 3.8 s, longer than the slack
    fifomic.feed(sound, speed=1.0)
    wait_for(lambda: audio.status().frames_captured >= len(sound), what="the capture")
    assert audio.status().state == "recording"
    with fifomic.flowing():
        assert audio.stop(timeout=5)
    assert problems.lines == []
    (row,) = rows(demo_store, demo_meeting)
    assert np.array_equal(read_audio(row.path, dtype="int16")[0][: len(sound)], sound)


class StalledDisk:
    """A named fake for a disk that stops answering: the writer's thread hangs in write().

    Writes from any other thread (the capture catching up) go through; the
    writer's own thread is held from its third block until ``unstall()``.
    """

    def __init__(self) -> None:
        self.go = threading.Event()
        self.writes = 0

    def unstall(self) -> None:
        self.go.set()

    def __call__(self, path: Path, sample_rate: int, channels: int) -> SegmentSink:
        disk = self

        class StallingWav(SealedWriter):
            def write(self, block: np.ndarray) -> None:
                disk.writes += 1
                if disk.writes > 2 and threading.current_thread().name == "mace-audio-writer":
                    disk.go.wait(60)
                super().write(block)

        return StallingWav(path, sample_rate=sample_rate, channels=channels, **sealing(path))  # type: ignore[arg-type]


def test_a_stalled_writer_drops_counts_and_marks_the_gap(
    make_audio: AudioFactory, fifomic: FifoMic, demo_meeting: DemoMeeting, demo_store: Store
) -> None:
    disk = StalledDisk()
    # Half a second of audio may wait for the disk (30 s in use).
    audio, problems = make_audio(open_sink=disk, max_queued_s=0.5)
    audio.start()
    child = demo_meeting.queue[0]
    audio.begin_child(item_id=child.item_id, position=child.position, child_ref=child.child_ref)
    sent = ramp(40 * BLOCK)
    fifomic.feed(sent, speed=1.0)
    wait_for(lambda: audio.status().frames_captured >= len(sent), timeout=30, what="the capture")
    dropped = audio.dropped_frames
    assert dropped > 0
    disk.unstall()
    # The writer sees the hole when the next sound reaches it.
    after = ramp(8 * BLOCK, start=len(sent))
    fifomic.feed(after, speed=1.0)
    wait_for(lambda: audio.status().dropped_s > 0, what="the writer to catch up")
    fifomic.wait_fed()
    wait_for(lambda: audio.status().frames_captured >= len(sent) + len(after), what="the capture")
    assert audio.status().dropped_s == dropped / RATE
    wait_for(lambda: bool(problems.lines), what="the chair's line")
    assert "fell behind" in problems.lines[0] and str(audio.folder) in problems.lines[0]
    with fifomic.flowing():
        assert audio.stop(timeout=5)
    (row,) = rows(demo_store, demo_meeting)
    with demo_store.session() as session:
        (gap,) = recording_gaps(session, recording_ids=[row.id])
    assert gap.lost_s == dropped / RATE
    assert "could not keep up" in gap.reason
    # Nothing else is missing and nothing repeats: what was kept is the signal less the gap.
    signal = np.concatenate([sent, after])
    at = round(gap.at_s * RATE)
    expected = np.concatenate([signal[:at], signal[at + dropped :]])
    kept = read_audio(row.path, dtype="int16")[0][: len(expected)]
    assert np.array_equal(kept, expected)

"""Faults: each gives the chair one plain line, keeps what was recorded, and the meeting goes on."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlmodel import select

from mace_tui.audio.meeting import MeetingAudio
from mace_tui.audio.sealed import SealedWriter
from mace_tui.audio.wavfile import SegmentSink
from store.db import Store
from store.models import AgendaItem, Meeting
from store.recordings import GapRecord, RecordingRecord, meeting_recordings, recording_gaps
from tests.audio.fixtures import AudioFactory, DemoMeeting
from tests.audio.virtual_mic import ALSA_BASE, BLOCK, FifoMic, VirtualAudio, tone, wait_for
from tests.recordings import read_audio, sealing

ROOT = Path(__file__).resolve().parents[2]


def rows(store: Store, meeting: DemoMeeting) -> list[RecordingRecord]:
    with store.session() as session:
        return meeting_recordings(session, meeting_id=meeting.id)


def meeting_snapshot(store: Store, meeting: DemoMeeting) -> tuple[Any, ...]:
    """The meeting's own state: audio faults must never touch it."""
    with store.session() as session:
        row = session.get(Meeting, meeting.id)
        assert row is not None
        items = [
            (i.id, i.status, i.started_at, i.ended_at)
            for i in session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id))
        ]
        return (row.status, row.stage, row.current_item_id, tuple(items))


def feed_and_wait(mic: FifoMic, audio: MeetingAudio, samples: np.ndarray) -> None:
    target = audio.status().frames_captured + len(samples)
    mic.feed(samples)
    wait_for(lambda: audio.status().frames_captured >= target, what="the capture")


def begin(audio: MeetingAudio, meeting: DemoMeeting, index: int) -> int | None:
    child = meeting.queue[index]
    return audio.begin_child(
        item_id=child.item_id, position=child.position, child_ref=child.child_ref
    )


@pytest.mark.parametrize(
    ("options", "says"),
    [
        ({"device": "no-such-mic"}, ["'no-such-mic' matches no microphone", "mace-tui devices"]),
        ({"device": "99"}, ["'99' is not the number of a microphone", "mace-tui devices"]),
        ({"device": "mic"}, ["'mic' matches several microphones", "fifomic", "filemic"]),
        ({"sample_rate": 1000}, ["'fifomic' does not accept a sample rate of 1000 Hz", "MACE_SAMPLE_RATE"]),
    ],
    ids=["unknown-name", "unknown-number", "ambiguous-name", "unsupported-rate"],
)  # fmt: skip
def test_a_device_that_cannot_be_used_is_one_plain_line_and_the_meeting_goes_on(
    make_audio: AudioFactory,
    demo_meeting: DemoMeeting,
    demo_store: Store,
    options: dict[str, Any],
    says: list[str],
) -> None:
    before = meeting_snapshot(demo_store, demo_meeting)
    audio, problems = make_audio(**options)
    status = audio.start()
    assert status.state == "unavailable"
    assert len(problems.lines) == 1 and "\n" not in problems.lines[0]
    for text in says:
        assert text in problems.lines[0]
    assert status.message == problems.lines[0]
    # The chair moves on to a child: nothing raises, nothing is recorded, and it shows.
    assert begin(audio, demo_meeting, 0) is None
    assert audio.status().state == "unavailable"
    assert audio.status().label.startswith("Discussion")
    assert audio.stop(timeout=2)
    assert rows(demo_store, demo_meeting) == []
    assert meeting_snapshot(demo_store, demo_meeting) == before


def run_probe(meeting: DemoMeeting, env: dict[str, str]) -> dict[str, Any]:
    child = meeting.queue[0]
    result = subprocess.run(
        [sys.executable, "-m", "tests.audio.probe_process", str(meeting.id), meeting.date.isoformat(),
         str(child.item_id), str(child.position), child.child_ref],
        cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout.splitlines()[-1])
    return report


def test_no_microphone_at_all(
    virtual_audio: VirtualAudio, demo_meeting: DemoMeeting, demo_store: Store
) -> None:
    if Path("/dev/snd").exists():
        # ALSA always lists a machine's own cards; only a machine without one (CI) has none.
        pytest.skip("this machine has a sound card, so 'no microphone' cannot be staged here")
    before = meeting_snapshot(demo_store, demo_meeting)
    # ALSA's base configuration alone: none of the test devices, and no card.
    report = run_probe(
        demo_meeting, {"ALSA_CONFIG_PATH": str(ALSA_BASE), "JACK_NO_START_SERVER": "1"}
    )
    assert report["started"]["state"] == "unavailable"
    assert report["problems"] == [report["started"]["message"]]
    assert "no microphone was found" in report["problems"][0]
    assert report["during"]["state"] == "unavailable"
    assert report["stopped"] is True
    assert report["rows"] == 0
    assert meeting_snapshot(demo_store, demo_meeting) == before


def test_portaudio_not_installed(
    tmp_path: Path, demo_meeting: DemoMeeting, demo_store: Store
) -> None:
    # A named fake: PortAudio is installed here, so a stand-in sounddevice fails to
    # import exactly as the real one does without the library.
    fake = tmp_path / "no_portaudio"
    fake.mkdir()
    (fake / "sounddevice.py").write_text("raise OSError('PortAudio library not found')\n")
    report = run_probe(demo_meeting, {"PYTHONPATH": os.pathsep.join([str(fake), str(ROOT)])})
    assert report["started"]["state"] == "unavailable"
    assert len(report["problems"]) == 1
    assert "PortAudio library is not installed" in report["problems"][0]
    assert "libportaudio2" in report["problems"][0]
    assert report["rows"] == 0


def test_a_stuck_stream_never_holds_up_stop_or_the_program_ending(
    virtual_audio: VirtualAudio, fifomic: FifoMic, demo_meeting: DemoMeeting, demo_store: Store
) -> None:
    """Nothing is ever fed: PortAudio's read blocks for good, and stop() would too."""
    env = {**virtual_audio.env(), "MACE_AUDIO_DEVICE": fifomic.name}
    report = run_probe(demo_meeting, env)  # fails if the process does not end by itself
    assert report["started"]["state"] == "idle"
    assert report["during"]["state"] == "recording"
    assert report["stopped"] is False  # the stream was abandoned, not waited for
    assert report["rows"] == 1
    # The process that held the pipe is gone; give the next test a clean one.
    fifomic.settle()


def test_a_microphone_that_stops_sending_sound(
    make_audio: AudioFactory, fifomic: FifoMic, demo_meeting: DemoMeeting, demo_store: Store
) -> None:
    before = meeting_snapshot(demo_store, demo_meeting)
    audio, problems = make_audio(watchdog_s=0.5, retry_s=0.2)
    audio.start()
    begin(audio, demo_meeting, 0)
    first = tone(440, 8)
    feed_and_wait(fifomic, audio, first)
    begin(audio, demo_meeting, 1)
    second = tone(660, 6)
    feed_and_wait(fifomic, audio, second)
    # The test stops feeding: the device's read blocks for good, as when a clock dies.
    wait_for(lambda: audio.status().state == "failed", timeout=10, what="the watchdog")
    status = audio.status()
    assert problems.lines == [status.message]
    assert "No sound has arrived from microphone 'fifomic' for 0.5 s" in problems.lines[0]
    assert "what was recorded so far is kept" in problems.lines[0]
    assert "retries now" in problems.lines[0]
    assert status.elapsed_s == len(second) / 16_000
    # What was recorded is kept and stored; the cut-short segment says so.
    wait_for(lambda: len([r for r in rows(demo_store, demo_meeting) if r.frames]) == 2,
             what="the segments to be stored")  # fmt: skip
    done, cut = rows(demo_store, demo_meeting)
    assert (done.state, done.frames) == ("complete", len(first))
    assert (cut.state, cut.frames) == ("failed", len(second))
    assert np.array_equal(read_audio(cut.path, dtype="int16")[0], second)
    # The meeting goes on while the microphone stays silent: the recorder keeps
    # retrying quietly (no new line, no empty files), and nothing raises.
    begin(audio, demo_meeting, 2)
    time.sleep(1.5)  # several retries' worth; what is checked is that nothing happens
    assert audio.status().state == "failed"
    assert len(problems.lines) == 1
    started = time.monotonic()
    audio.stop(timeout=2)
    assert time.monotonic() - started < 3
    assert len(rows(demo_store, demo_meeting)) == 2
    assert meeting_snapshot(demo_store, demo_meeting) == before


def gaps_of(store: Store, recording_id: int) -> list[GapRecord]:
    with store.session() as session:
        return recording_gaps(session, recording_ids=[recording_id])


def test_recording_comes_back_by_itself_and_the_next_child_is_recorded(
    make_audio: AudioFactory,
    fifomic: FifoMic,
    demo_meeting: DemoMeeting,
    demo_store: Store,
    cpu_hogs: int,
) -> None:
    """The microphone goes silent for a while (the watchdog is 1 s here, 5 s in use), then answers."""
    audio, problems = make_audio(watchdog_s=1.0, retry_s=0.3)
    audio.start()
    begin(audio, demo_meeting, 0)
    feed_and_wait(fifomic, audio, tone(440, 4))
    wait_for(lambda: audio.status().state == "failed", timeout=15, what="the watchdog")
    silent_from = time.monotonic()
    wait_for(lambda: time.monotonic() - silent_from > 2.0, what="a longer silence")
    # Sound comes back, at real time, as from a microphone plugged back in.
    fifomic.feed(tone(550, 60), speed=1.0)
    wait_for(lambda: audio.status().state == "recording", timeout=20, what="recording again")
    assert audio.status().label.startswith("Discussion 1")
    wait_for(lambda: len(problems.lines) == 2, what="the chair's line")
    assert "answering again" in problems.lines[1]
    assert "marked as a gap" in problems.lines[1]
    # Everything fed has been read, and the capture has counted it, before the next child.
    fifomic.wait_read()
    counted = [-1, audio.status().frames_captured]
    while counted[-1] != counted[-2]:
        time.sleep(0.3)
        counted.append(audio.status().frames_captured)
    # The next child has its own recording, exactly its sound.
    begin(audio, demo_meeting, 1)
    nxt = tone(660, 10)
    feed_and_wait(fifomic, audio, nxt)
    with fifomic.flowing():
        assert audio.stop(timeout=5)
    first, again, second = rows(demo_store, demo_meeting)
    assert first.state == "failed" and first.item_id == demo_meeting.queue[0].item_id
    assert again.state == "complete" and again.item_id == demo_meeting.queue[0].item_id
    assert Path(again.path).name.endswith("-2.sealed") and again.frames
    assert second.item_id == demo_meeting.queue[1].item_id
    assert np.array_equal(read_audio(second.path, dtype="int16")[0][: len(nxt)], nxt)
    # The time without sound is a gap at the start of the new file, with its reason.
    (gap,) = gaps_of(demo_store, again.id)
    assert gap.at_s == 0 and gap.lost_s > 2.0
    assert gap.reason == "no sound arrived from the microphone"
    assert gaps_of(demo_store, second.id) == []


def test_the_chair_s_key_retries_at_once(
    make_audio: AudioFactory, fifomic: FifoMic, demo_meeting: DemoMeeting, demo_store: Store
) -> None:
    # Retries by itself only after 10 minutes here: only the key can bring it back in time.
    audio, _ = make_audio(watchdog_s=0.5, retry_s=600)
    audio.start()
    begin(audio, demo_meeting, 0)
    feed_and_wait(fifomic, audio, tone(440, 4))
    wait_for(lambda: audio.status().state == "failed", timeout=10, what="the watchdog")
    # Sound comes back: the stream given up on reads it and ends.
    with fifomic.flowing():
        assert audio.retired[0].closed.wait(10)
    fifomic.settle()
    fifomic.feed(tone(550, 30), speed=1.0)
    assert audio.retry_now().state == "failed"  # open, but not yet trusted
    wait_for(lambda: audio.status().state == "recording", timeout=10, what="recording again")
    fifomic.wait_fed()
    with fifomic.flowing():
        assert audio.stop(timeout=5)
    first, again = rows(demo_store, demo_meeting)
    assert first.state == "failed" and again.state == "complete"
    assert first.item_id == again.item_id == demo_meeting.queue[0].item_id
    assert again.frames and len(gaps_of(demo_store, again.id)) == 1


def test_a_stream_that_ends_by_itself_as_when_unplugged(
    make_audio: AudioFactory, fifomic: FifoMic, demo_meeting: DemoMeeting, demo_store: Store
) -> None:
    audio, problems = make_audio(watchdog_s=30)
    audio.start()
    begin(audio, demo_meeting, 0)
    sent = tone(440, 6)
    feed_and_wait(fifomic, audio, sent)
    # PortAudio ends a stream itself when its device goes away; aborting the real
    # stream from outside is the nearest this machine can come to pulling a plug.
    capture = audio._capture
    assert capture is not None
    with fifomic.flowing():
        capture._stream.abort()
        wait_for(lambda: audio.status().state == "failed", timeout=10, what="the watchdog")
    assert len(problems.lines) == 1
    assert "Microphone 'fifomic' stopped working (unplugged?)" in problems.lines[0]
    wait_for(lambda: bool(rows(demo_store, demo_meeting)) and rows(demo_store, demo_meeting)[0].state == "failed",
             what="the segment to be stored")  # fmt: skip
    # Kept: the tone, and the silence that arrived while the stream was being ended.
    (cut,) = rows(demo_store, demo_meeting)
    assert cut.frames is not None and cut.frames >= 6 * BLOCK
    assert np.array_equal(read_audio(cut.path, dtype="int16")[0][: 6 * BLOCK], sent)


class FullDisk:
    """A named fake for a disk that fills up: WAV files that refuse writes past a budget.

    Writes before the budget run out reach a real sealed file; after it, every
    write raises ENOSPC as the operating system would, until ``free()``.
    """

    def __init__(self, budget_frames: int) -> None:
        self.budget = budget_frames

    def free(self) -> None:
        self.budget = 10**12

    def __call__(self, path: Path, sample_rate: int, channels: int) -> SegmentSink:
        disk = self

        class FillingWav(SealedWriter):
            def write(self, block: np.ndarray) -> None:
                if len(block) > disk.budget:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
                disk.budget -= len(block)
                super().write(block)

        return FillingWav(path, sample_rate=sample_rate, channels=channels, **sealing(path))  # type: ignore[arg-type]


def test_a_full_disk_stops_that_file_keeps_what_it_holds_and_the_next_child_records(
    make_audio: AudioFactory, fifomic: FifoMic, demo_meeting: DemoMeeting, demo_store: Store
) -> None:
    before = meeting_snapshot(demo_store, demo_meeting)
    disk = FullDisk(budget_frames=14 * BLOCK)
    audio, problems = make_audio(open_sink=disk)
    audio.start()
    begin(audio, demo_meeting, 0)
    first = tone(440, 10)
    feed_and_wait(fifomic, audio, first)
    begin(audio, demo_meeting, 1)
    second = tone(660, 8)
    feed_and_wait(fifomic, audio, second)
    wait_for(lambda: audio.status().state == "failed", what="the write failure")
    wait_for(lambda: bool(problems.lines), what="the chair's line")
    assert len(problems.lines) == 1
    assert "is full, so recording stopped" in problems.lines[0]
    assert "what was recorded so far is kept" in problems.lines[0]
    # Space is freed; the next child is recorded again.
    disk.free()
    begin(audio, demo_meeting, 2)
    assert audio.status().state == "recording"
    third = tone(770, 5)
    feed_and_wait(fifomic, audio, third)
    with fifomic.flowing():
        assert audio.stop(timeout=5)
    a, b, c = rows(demo_store, demo_meeting)
    assert (a.state, a.frames) == ("complete", len(first))
    assert (b.state, b.frames) == ("failed", 4 * BLOCK)
    assert np.array_equal(read_audio(b.path, dtype="int16")[0], second[: 4 * BLOCK])
    assert (c.state, c.frames) == ("complete", len(third))
    assert meeting_snapshot(demo_store, demo_meeting) == before

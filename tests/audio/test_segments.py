"""Per-child segments are sample-exact: each file holds exactly its discussion's frames (R10)."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import numpy as np

from mace_tui.audio.meeting import MeetingAudio
from store.db import Store
from store.recordings import meeting_recordings, recording_pauses
from tests.audio.fixtures import FAST_FEED, AudioFactory, DemoMeeting
from tests.audio.virtual_mic import BLOCK, RATE, FifoMic, ramp, tone, wait_for
from tests.recordings import read_audio


def read_wav(path: str) -> np.ndarray:
    data, rate = read_audio(path, dtype="int16", always_2d=True)
    assert rate == RATE
    return np.asarray(data[:, 0])


def feed_and_wait(mic: FifoMic, audio: MeetingAudio, samples: np.ndarray) -> None:
    """Feed ``samples`` and wait until the recorder has captured every one of them."""
    target = audio.status().frames_captured + len(samples)
    mic.feed(samples)
    wait_for(lambda: audio.status().frames_captured >= target, what="the capture")
    assert audio.status().frames_captured == target


def stop(audio: MeetingAudio, mic: FifoMic) -> bool:
    """Stop as the app would, with sound still arriving (a stalled device is another test)."""
    with mic.flowing():
        return audio.stop(timeout=5)


def test_each_child_file_holds_exactly_its_own_discussion(
    make_audio: AudioFactory, fifomic: FifoMic, demo_meeting: DemoMeeting, demo_store: Store
) -> None:
    a, b, c = demo_meeting.queue[:3]
    audio, problems = make_audio(pace=FAST_FEED)
    assert audio.start().state == "idle"

    intro, a1, aside, a2 = tone(300, 10), tone(440, 12), tone(1000, 5), tone(470, 7)
    b1, between, c1, aob = tone(660, 15), tone(2000, 3), tone(770, 9), tone(880, 6)

    audio.begin_meeting_part("Introductions")
    feed_and_wait(fifomic, audio, intro)
    audio.begin_child(item_id=a.item_id, position=a.position, child_ref=a.child_ref)
    feed_and_wait(fifomic, audio, a1)
    assert audio.status().state == "recording"
    audio.pause("a sensitive aside")
    assert audio.status().state == "paused"
    assert audio.status().paused_reason == "a sensitive aside"
    feed_and_wait(fifomic, audio, aside)
    audio.resume()
    feed_and_wait(fifomic, audio, a2)
    audio.begin_child(item_id=b.item_id, position=b.position, child_ref=b.child_ref)
    feed_and_wait(fifomic, audio, b1)
    audio.end_segment()
    assert audio.status().state == "idle"
    feed_and_wait(fifomic, audio, between)
    audio.begin_child(item_id=c.item_id, position=c.position, child_ref=c.child_ref)
    feed_and_wait(fifomic, audio, c1)
    audio.begin_meeting_part("AOB")
    feed_and_wait(fifomic, audio, aob)
    audio.end_segment()
    captured = audio.status().frames_captured
    assert stop(audio, fifomic)
    assert problems.lines == []

    with demo_store.session() as session:
        rows = meeting_recordings(session, meeting_id=demo_meeting.id)
        pauses = {row.id: recording_pauses(session, recording_id=row.id) for row in rows}

    expected = [
        ("meeting", None, intro),
        ("child", a.item_id, np.concatenate([a1, a2])),
        ("child", b.item_id, b1),
        ("child", c.item_id, c1),
        ("meeting", None, aob),
    ]
    assert [(r.kind, r.item_id) for r in rows] == [(k, i) for k, i, _ in expected]
    # One file per child discussed, each holding exactly that child's frames.
    assert len([r for r in rows if r.kind == "child"]) == 3
    for row, (_, _, signal) in zip(rows, expected, strict=True):
        assert np.array_equal(read_wav(row.path), signal)
        assert row.state == "complete"
        assert row.frames == len(signal)
        assert row.duration_s == len(signal) / RATE
        assert row.sha256 == hashlib.sha256(Path(row.path).read_bytes()).hexdigest()
    # Where each segment starts in the capture: no gap at a switch, no overlap.
    starts = [r.first_frame for r in rows]
    assert starts == [0, len(intro), len(intro) + len(a1) + len(aside) + len(a2),
                      len(intro) + len(a1) + len(aside) + len(a2) + len(b1) + len(between),
                      captured - len(aob)]  # fmt: skip
    row_a = rows[1]
    assert row_a.paused_s == len(aside) / RATE
    assert [(p.reason, p.resumed_at is not None) for p in pauses[row_a.id]] == [
        ("a sensitive aside", True)
    ]
    total = sum(r.frames or 0 for r in rows) + len(aside) + len(between)
    assert total == captured


def test_names_carry_date_position_and_reference_never_the_name(
    make_audio: AudioFactory, fifomic: FifoMic, demo_meeting: DemoMeeting, demo_store: Store
) -> None:
    a = demo_meeting.queue[0]
    audio, _ = make_audio()
    audio.start()
    audio.begin_child(item_id=a.item_id, position=a.position, child_ref=a.child_ref)
    feed_and_wait(fifomic, audio, tone(500, 2))
    audio.begin_child(item_id=a.item_id, position=a.position, child_ref=a.child_ref)
    feed_and_wait(fifomic, audio, tone(600, 2))
    assert stop(audio, fifomic)
    with demo_store.session() as session:
        paths = [Path(r.path) for r in meeting_recordings(session, meeting_id=demo_meeting.id)]
    stem = f"{demo_meeting.date:%Y-%m-%d}_{a.position:02d}_{a.child_ref}"
    # A child discussed twice gets a second file, never the first one overwritten.
    assert [p.name for p in paths] == [f"{stem}.sealed", f"{stem}-2.sealed"]
    for part in a.name.split():
        assert part.lower() not in str(paths[0]).lower()
    assert oct(paths[0].stat().st_mode & 0o777) == "0o600"
    assert oct(paths[0].parent.stat().st_mode & 0o777) == "0o700"


def test_switching_while_sound_streams_in_loses_and_repeats_nothing(
    make_audio: AudioFactory, fifomic: FifoMic, demo_meeting: DemoMeeting, demo_store: Store
) -> None:
    """Switch at random moments while a counting signal flows at 20× real time."""
    audio, problems = make_audio(pace=FAST_FEED)
    audio.start()
    signal = ramp(600 * BLOCK)
    fifomic.feed(signal, speed=20)
    rng = random.Random(6)
    import time

    queue = demo_meeting.queue
    for turn in range(12):
        child = queue[turn % len(queue)]
        audio.begin_child(item_id=child.item_id, position=child.position, child_ref=child.child_ref)
        time.sleep(rng.uniform(0.01, 0.12))
    audio.end_segment()
    fifomic.wait_fed()
    wait_for(lambda: audio.status().frames_captured == len(signal), what="the capture")
    assert stop(audio, fifomic)
    assert problems.lines == []

    with demo_store.session() as session:
        rows = meeting_recordings(session, meeting_id=demo_meeting.id)
    assert len(rows) == 12
    position = rows[0].first_frame
    assert position is not None
    for row in rows:
        assert row.first_frame == position, "a gap or an overlap at a switch"
        data = read_wav(row.path)
        assert row.frames == len(data)
        assert np.array_equal(data, signal[position : position + len(data)])
        position += len(data)
    assert position <= len(signal)


def test_a_child_begun_before_the_microphone_opened_is_recorded_once_it_does(
    make_audio: AudioFactory, fifomic: FifoMic, demo_meeting: DemoMeeting, demo_store: Store
) -> None:
    a = demo_meeting.queue[0]
    audio, _ = make_audio()
    assert audio.begin_child(item_id=a.item_id, position=a.position, child_ref=a.child_ref) is None
    assert audio.status().state == "idle"
    assert audio.start().state == "recording"
    sound = tone(500, 3)
    feed_and_wait(fifomic, audio, sound)
    assert stop(audio, fifomic)
    with demo_store.session() as session:
        (row,) = meeting_recordings(session, meeting_id=demo_meeting.id)
    assert row.item_id == a.item_id
    assert np.array_equal(read_wav(row.path), sound)


def test_parts_the_profile_does_not_record_leave_no_file(
    make_audio: AudioFactory, fifomic: FifoMic, demo_meeting: DemoMeeting, demo_store: Store
) -> None:
    a = demo_meeting.queue[0]
    audio, _ = make_audio(meeting_audio="off", record_children=False)
    audio.start()
    audio.begin_meeting_part("Introductions")
    status = audio.status()
    assert (status.state, status.label) == ("off", "Introductions")
    feed_and_wait(fifomic, audio, tone(300, 2))
    audio.begin_child(item_id=a.item_id, position=a.position, child_ref=a.child_ref)
    assert audio.status().state == "off"
    assert audio.pause("nothing to pause") is None
    feed_and_wait(fifomic, audio, tone(400, 2))
    assert stop(audio, fifomic)
    with demo_store.session() as session:
        assert meeting_recordings(session, meeting_id=demo_meeting.id) == []
    assert not audio.folder.exists()

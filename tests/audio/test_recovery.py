"""Recovery: broken headers are repaired, leftovers are closed and attached, the user is told."""

from __future__ import annotations

import wave
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from mace_tui.audio.integrity import read_layout, sha256_file
from mace_tui.audio.lockfile import CaptureLock
from mace_tui.audio.naming import child_stem, claim_path, meeting_folder, meeting_part_stem
from mace_tui.audio.problems import seconds_words
from mace_tui.audio.recovery import recover_leftovers, repair_wav
from mace_tui.config import Settings
from mace_tui.reports.layout import recording_facts
from mace_tui.reports.records import RecordingRef
from store.db import Store
from store.recordings import add_pause, add_recording, meeting_recordings, recording_pauses
from tests.audio.fixtures import DemoMeeting
from tests.audio.virtual_mic import ramp

FRAMES = 5 * 1024


def store_id_of(settings: Settings) -> str:
    return Store.open(settings.db_url).store_id


def write_wav(path: Path, frames: int = FRAMES) -> np.ndarray:
    data = ramp(frames)
    sf.write(path, data, 16_000, subtype="PCM_16", format="WAV")
    return data


def set_sizes(path: Path, *, data_bytes: int, riff: int | None = None) -> None:
    layout = read_layout(path)
    assert layout is not None
    with path.open("r+b") as handle:
        handle.seek(layout.data_offset - 4)
        handle.write(data_bytes.to_bytes(4, "little"))
        if riff is not None:
            handle.seek(4)
            handle.write(riff.to_bytes(4, "little"))


def append_a_stray_byte(path: Path) -> None:
    with path.open("ab") as handle:
        handle.write(b"\x01")


Damage = Callable[[Path], None]
DAMAGE: dict[str, Damage] = {
    "killed-before-any-header-update": lambda p: set_sizes(p, data_bytes=0, riff=36),
    "killed-between-block-and-header": lambda p: set_sizes(p, data_bytes=(FRAMES - 1024) * 2),
    "killed-mid-frame": append_a_stray_byte,
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_header_is_repaired_to_hold_every_whole_frame(
    tmp_path: Path, damage: str
) -> None:
    path = tmp_path / "seg.wav"
    data = write_wav(path)
    DAMAGE[damage](path)
    repair = repair_wav(path)
    assert repair is not None and repair.changed and repair.frames == FRAMES
    with wave.open(str(path)) as reader:
        assert reader.getnframes() == FRAMES
    assert np.array_equal(sf.read(path, dtype="int16")[0], data)
    # Repairing again changes nothing: a repair cut short by another crash is simply redone.
    again = repair_wav(path)
    assert again is not None and not again.changed


def test_a_sound_file_is_left_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "seg.wav"
    write_wav(path)
    before = sha256_file(path)
    repair = repair_wav(path)
    assert repair is not None and not repair.changed and repair.frames == FRAMES
    assert sha256_file(path) == before


@pytest.mark.parametrize(
    "content", [b"", b"RIFF\x00\x00\x00\x00WAVEfmt ", b"not a wave file at all"]
)
def test_a_file_with_no_usable_header_cannot_be_repaired(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "seg.wav"
    path.write_bytes(content)
    assert repair_wav(path) is None


def add_row(store: Store, meeting: DemoMeeting, path: Path, *, index: int | None = 0) -> int:
    child = meeting.queue[index] if index is not None else None
    with store.session() as session:
        return add_recording(
            session,
            meeting_id=meeting.id,
            item_id=child.item_id if child is not None else None,
            kind="child" if child is not None else "meeting",
            path=str(path),
            sample_rate=16_000,
            channels=1,
            first_frame=0,
            started_at=datetime.now(UTC) - timedelta(minutes=5),
        )


def folder(settings: Settings, meeting: DemoMeeting) -> Path:
    return meeting_folder(settings.recordings_dir, store_id=store_id_of(settings),
                          meeting_date=meeting.date, meeting_id=meeting.id)  # fmt: skip


def legacy(path: Path) -> Path:
    """A claimed name as an earlier version made it: plain ``.wav``."""
    old = path.with_suffix(".wav")
    path.rename(old)
    return old


def child_path(
    settings: Settings, meeting: DemoMeeting, index: int, *, sealed: bool = False
) -> Path:
    child = meeting.queue[index]
    stem = child_stem(meeting_date=meeting.date, position=child.position, child_ref=child.child_ref)
    claimed = claim_path(folder(settings, meeting), stem)
    return claimed if sealed else legacy(claimed)


def test_leftover_segments_are_repaired_closed_and_reported(
    demo_store: Store, demo_meeting: DemoMeeting, settings: Settings
) -> None:
    stale = child_path(settings, demo_meeting, 0)
    data = write_wav(stale)
    DAMAGE["killed-between-block-and-header"](stale)
    stale_id = add_row(demo_store, demo_meeting, stale)
    with demo_store.session() as session:
        add_pause(session, recording_id=stale_id, reason="aside",
                  paused_at=datetime.now(UTC) - timedelta(minutes=2))  # fmt: skip
    empty = child_path(settings, demo_meeting, 1)
    empty_id = add_row(demo_store, demo_meeting, empty, index=1)
    lost = folder(settings, demo_meeting) / "gone.wav"
    lost_id = add_row(demo_store, demo_meeting, lost, index=2)
    elsewhere_id = add_row(demo_store, demo_meeting, Path("/srv/other-seat/recordings/x.wav"))

    results = {r.recording_id: r for r in recover_leftovers(store=demo_store, settings=settings)}

    assert set(results) == {stale_id, empty_id, lost_id}
    first = results[stale_id]
    assert (first.state, first.frames, first.repaired) == ("recovered", FRAMES, True)
    ref = demo_meeting.queue[0].child_ref
    assert f"discussion 1 ({ref}) of 23 Nov 2026" in first.message
    assert demo_meeting.queue[0].name not in first.message
    assert "held no audio" in results[empty_id].message
    assert results[empty_id].state == "failed"
    assert results[lost_id].state == "missing"
    with demo_store.session() as session:
        stored = {r.id: r for r in meeting_recordings(session, meeting_id=demo_meeting.id)}
        pauses = recording_pauses(session, recording_id=stale_id)
    assert stored[stale_id].state == "recovered"
    assert stored[stale_id].frames == FRAMES
    assert stored[stale_id].sha256 == sha256_file(stale)
    assert stored[stale_id].paused_s > 0
    assert pauses[0].resumed_at is not None
    assert stored[elsewhere_id].state == "recording"
    assert np.array_equal(sf.read(stale, dtype="int16")[0], data)
    assert recover_leftovers(store=demo_store, settings=settings) == []


def test_a_file_whose_row_was_never_saved_is_attached_by_its_name(
    demo_store: Store, demo_meeting: DemoMeeting, settings: Settings
) -> None:
    """A crash between creating a segment's file and saving its row."""
    orphan = child_path(settings, demo_meeting, 2)
    write_wav(orphan)
    part = legacy(claim_path(folder(settings, demo_meeting),
                             meeting_part_stem(meeting_date=demo_meeting.date, label="AOB")))  # fmt: skip
    write_wav(part, 2048)
    # A file named for another child than the one at that position is not attached.
    wrong = legacy(
        claim_path(folder(settings, demo_meeting), f"{demo_meeting.date:%Y-%m-%d}_01_NOT-THEIRS")
    )
    write_wav(wrong)

    results = recover_leftovers(store=demo_store, settings=settings)

    assert sorted((r.path.name, r.state, r.frames) for r in results) == sorted(
        [(orphan.name, "recovered", FRAMES), (part.name, "recovered", 2048)]
    )
    with demo_store.session() as session:
        stored = {
            Path(r.path).name: r for r in meeting_recordings(session, meeting_id=demo_meeting.id)
        }
    assert stored[orphan.name].item_id == demo_meeting.queue[2].item_id
    assert stored[orphan.name].kind == "child"
    assert stored[part.name].kind == "meeting" and stored[part.name].item_id is None
    assert wrong.name not in stored
    assert recover_leftovers(store=demo_store, settings=settings) == []


def test_nothing_is_touched_while_a_capture_runs_on_this_computer(
    demo_store: Store, demo_meeting: DemoMeeting, settings: Settings
) -> None:
    path = child_path(settings, demo_meeting, 0)
    write_wav(path)
    row_id = add_row(demo_store, demo_meeting, path)
    lock = CaptureLock(settings.recordings_dir)
    assert lock.acquire()
    try:
        assert recover_leftovers(store=demo_store, settings=settings) == []
    finally:
        lock.release()
    with demo_store.session() as session:
        (row,) = meeting_recordings(session, meeting_id=demo_meeting.id)
    assert (row.id, row.state) == (row_id, "recording")


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(0.38, "0.38 s"), (0.004, "0.00 s"), (4.25, "4.2 s"), (12.4, "12 s"), (185, "3 min 05 s"),
     (3 * 3600 + 125, "3 h 02 min")],
)  # fmt: skip
def test_lengths_of_audio_are_said_in_a_unit_that_reads_right(seconds: float, words: str) -> None:
    assert seconds_words(seconds) == words


def test_a_fraction_of_a_second_recovered_is_not_called_nothing(
    demo_store: Store, demo_meeting: DemoMeeting, settings: Settings
) -> None:
    path = child_path(settings, demo_meeting, 0)
    write_wav(path, 6080)  # 0.38 s
    add_row(demo_store, demo_meeting, path)
    (result,) = recover_leftovers(store=demo_store, settings=settings)
    assert "Recovered 0.38 s of audio" in result.message


def test_the_action_log_shows_a_recording_s_gaps() -> None:
    ref = RecordingRef(
        id=7, file_name="2026-11-23_01_C1.wav", duration_s=0.38, sha256="", state="complete",
        gaps=((0.0, 6.2, "no sound arrived from the microphone"),
              (12.0, 1.5, "the disk could not keep up")),
    )  # fmt: skip
    ((label, text),) = recording_facts([ref]).items
    assert label == "Recording 7"
    assert "0.38 s" in text
    assert "gap of 6 s before it starts (no sound arrived from the microphone)" in text
    assert "gap of 2 s at 12 s (the disk could not keep up)" in text


def test_a_sealed_leftover_and_a_sealed_orphan_lose_only_their_torn_last_block(
    demo_store: Store, demo_meeting: DemoMeeting, settings: Settings
) -> None:
    """The recorder's own format: a kill mid-write of block 5 leaves four whole blocks."""
    from mace_tui.audio.recfile import writing_key
    from mace_tui.audio.sealed import SealedWriter
    from tests.recordings import holds_plain, read_audio

    key = writing_key(settings.config_dir, demo_store.store_id)
    data = ramp(FRAMES)
    paths = [child_path(settings, demo_meeting, i, sealed=True) for i in (0, 1)]
    for path in paths:
        writer = SealedWriter(path, key=key, store_id=demo_store.store_id,
                              sample_rate=16_000, channels=1)  # fmt: skip
        for n in range(5):
            writer.write(data[n * 1024 : (n + 1) * 1024].reshape(-1, 1))
        writer.close()
        with path.open("r+b") as handle:
            handle.truncate(path.stat().st_size - 300)
    row_id = add_row(demo_store, demo_meeting, paths[0])  # the second has no row: an orphan

    results = {r.path: r for r in recover_leftovers(store=demo_store, settings=settings)}

    assert set(results) == set(paths)
    assert results[paths[0]].recording_id == row_id
    for path in paths:
        assert (results[path].state, results[path].frames) == ("recovered", 4 * 1024)
        assert results[path].repaired
        assert np.array_equal(read_audio(path)[0], data[: 4 * 1024])
        assert not holds_plain(path, data)
    assert recover_leftovers(store=demo_store, settings=settings) == []

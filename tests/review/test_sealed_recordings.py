"""Recordings at rest: sealed on disk, readable only by their own store's key; old WAVs still play.

The recordings are made by the real recorder from the virtual microphone
(tests/review/fixtures.py) and played through the real PortAudio stack.
"""

from __future__ import annotations

import shutil
import stat
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from mace_tui.audio.integrity import sha256_file
from mace_tui.audio.playback import Player
from mace_tui.audio.recfile import RecordingUnreadable, file_format
from mace_tui.config import Settings
from mace_tui.keystore import key_path
from mace_tui.review.access import ReviewProblem
from mace_tui.review.export import export_recording
from mace_tui.review.integrity import verify_recording
from store.db import Store
from store.recordings import add_recording, finish_recording
from tests.audio.fixtures import DemoMeeting
from tests.audio.virtual_mic import VirtualAudio, tone
from tests.recordings import holds_plain
from tests.review.fixtures import ACTOR, Recorded
from tests.review.test_playback import OUTPUT, play_to_end, played


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_no_file_in_the_recordings_folder_holds_the_recorded_sound(
    recorded: Recorded, settings: Settings
) -> None:
    files = [p for p in settings.recordings_dir.rglob("*") if p.is_file()]
    recordings = [p for p in files if p.suffix == ".sealed"]
    assert sorted(recordings) == sorted(recorded.path(i) for i in range(3))
    for path in files:
        for signal in recorded.signals:
            assert not holds_plain(path, signal), f"{path.name} holds plain audio"
    for path in recordings:
        assert file_format(path) == "sealed" and mode(path) == 0o600
    key = key_path(settings.config_dir, recorded.store_id, "recordings")
    assert mode(key) == 0o600 and mode(key.parent) == 0o700
    # The key is kept apart from the data: nothing under the data folder is a key.
    assert settings.config_dir not in settings.recordings_dir.parents


def test_each_recording_opens_with_its_key_and_every_block_is_checked(
    recorded: Recorded, demo_store: Store, virtual_audio: VirtualAudio
) -> None:
    for index in range(3):
        result = verify_recording(
            demo_store, recorded.rows[index].id, actor=ACTOR, config_dir=recorded.config_dir
        )
        assert result.ok, result.summary()
    player = Player(recorded.path(2), device=OUTPUT, **recorded.keys)
    assert player.format == "sealed"
    play_to_end(player)
    assert np.array_equal(played(virtual_audio)[: len(recorded.signals[2])], recorded.signals[2])
    player.close()


def replace_key(recorded: Recorded) -> None:
    """The key file overwritten with another key (a restore from the wrong backup)."""
    path = key_path(recorded.config_dir, recorded.store_id, "recordings")
    path.write_text("ab" * 32 + "\n")


def test_a_wrong_key_is_one_plain_message_everywhere_and_nothing_is_written(
    recorded: Recorded, demo_store: Store, tmp_path: Path
) -> None:
    replace_key(recorded)
    says = "cannot be opened with this store's key"
    with pytest.raises(RecordingUnreadable, match=says):
        Player(recorded.path(0), device=OUTPUT, **recorded.keys)
    result = verify_recording(
        demo_store, recorded.rows[0].id, actor=ACTOR, config_dir=recorded.config_dir
    )
    assert not result.ok and says in result.summary()
    assert "Traceback" not in result.summary()
    out = tmp_path / "out"
    with pytest.raises(ReviewProblem, match=says):
        export_recording(
            demo_store, recorded.rows[0].id, out, reason="request", actor=ACTOR,
            config_dir=recorded.config_dir,
        )  # fmt: skip
    assert not out.exists() or not list(out.iterdir())


def test_a_sealed_file_copied_to_another_store_or_computer_plays_nothing(
    recorded: Recorded, tmp_path: Path
) -> None:
    copy = tmp_path / "copied" / recorded.path(0).name
    copy.parent.mkdir()
    shutil.copy2(recorded.path(0), copy)
    other_store = "f" * 32
    with pytest.raises(RecordingUnreadable, match="was recorded by another store"):
        Player(copy, config_dir=recorded.config_dir, store_id=other_store)
    # The same store's id, on a computer whose config folder has no key for it.
    with pytest.raises(RecordingUnreadable, match="is not in this computer's config folder"):
        Player(copy, config_dir=tmp_path / "other-config", store_id=recorded.store_id)


def add_plain_wav(store: Store, recorded: Recorded, signal: np.ndarray) -> tuple[int, Path]:
    """A recording as an earlier version made it: a plain WAV beside the sealed ones."""
    folder = recorded.path(0).parent
    path = folder / f"{recorded.meeting.date:%Y-%m-%d}_meeting_earlier.wav"
    sf.write(path, signal, 16_000, subtype="PCM_16", format="WAV")
    path.chmod(0o600)
    at = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    with store.session() as session:
        recording_id = add_recording(
            session, meeting_id=recorded.meeting.id, item_id=None, kind="meeting",
            path=str(path), sample_rate=16_000, channels=1, first_frame=0, started_at=at,
            store_id=store.store_id,
        )  # fmt: skip
        finish_recording(
            session, recording_id=recording_id, state="complete", frames=len(signal),
            sha256=sha256_file(path), ended_at=at,
        )  # fmt: skip
    return recording_id, path


def test_a_plain_wav_from_an_earlier_version_still_plays_verifies_and_exports(
    recorded: Recorded, demo_store: Store, virtual_audio: VirtualAudio, tmp_path: Path
) -> None:
    signal = tone(550, 6, phase=0.3)
    recording_id, path = add_plain_wav(demo_store, recorded, signal)
    assert verify_recording(
        demo_store, recording_id, actor=ACTOR, config_dir=recorded.config_dir
    ).ok
    player = Player(path, device=OUTPUT, **recorded.keys)
    assert player.format == "wav"
    play_to_end(player)
    assert np.array_equal(played(virtual_audio)[: len(signal)], signal)
    player.close()
    done = export_recording(
        demo_store, recording_id, tmp_path, reason="SAR 2026/51", actor=ACTOR,
        config_dir=recorded.config_dir,
    )  # fmt: skip
    assert done.audio.read_bytes() == path.read_bytes()
    assert "the original plain WAV file, unchanged" in done.sidecar.read_text(encoding="utf-8")


def test_an_admin_exports_a_plain_copy_from_the_command_line_with_a_reason(
    recorded: Recorded, demo_store: Store, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from mace_tui.cli import main
    from store.audit import audit_events, verify_chain

    row = recorded.rows[0]
    out = tmp_path / "requests"
    runner = CliRunner()
    no_reason = runner.invoke(main, ["review", "--export", str(row.id), "--out", str(out)])
    assert no_reason.exit_code == 2 and "--reason: say who asked" in no_reason.output
    assert not out.exists()
    args = ["review", "--export", str(row.id), "--out", str(out), "--reason", "SAR 2026/52"]
    first = runner.invoke(main, args)
    second = runner.invoke(main, args)
    assert first.exit_code == second.exit_code == 0, first.output
    stem = f"{recorded.path(0).stem}_OFFICIAL-SENSITIVE"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{stem}.wav", f"{stem}.txt", f"{stem}-2.wav", f"{stem}-2.txt"]
    )
    for path in out.iterdir():
        assert mode(path) == 0o600
    samples, _ = sf.read(out / f"{stem}.wav", dtype="int16")
    assert np.array_equal(samples, recorded.signals[0])
    assert recorded.meeting.queue[0].name not in first.output
    with demo_store.session() as session:
        exports = [e for e in audit_events(session) if e.action == "export"]
        assert verify_chain(session).ok
    assert [(e.recording_id, e.reason) for e in exports] == [(row.id, "SAR 2026/52")] * 2


def test_a_24_bit_cut_exports_as_24_bit_with_every_sample_unchanged(
    demo_store: Store, demo_meeting: DemoMeeting, settings: Settings, tmp_path: Path
) -> None:
    from mace_tui.review.external import split_into_meeting
    from tests.review.timeline import external_signal, store_timeline

    stored = store_timeline(demo_store, demo_meeting.id)
    signal, cuts = external_signal(rate=16_000, minutes=10, offset=0.0)
    source = tmp_path / "call.wav"
    sf.write(source, signal, 16_000, subtype="PCM_24")
    result = split_into_meeting(
        demo_store, recordings_dir=settings.recordings_dir, source_path=source,
        meeting_id=stored.meeting_id, offset_s=0.0, actor=ACTOR, config_dir=settings.config_dir,
    )  # fmt: skip
    done = export_recording(
        demo_store, result.recording_ids[0], tmp_path / "out", reason="SAR 2026/53",
        actor=ACTOR, config_dir=settings.config_dir,
    )  # fmt: skip
    assert sf.info(str(done.audio)).subtype == "PCM_24"
    original, _ = sf.read(source, dtype="int32")
    copy, _ = sf.read(done.audio, dtype="int32")
    start, end = cuts[0]
    assert np.array_equal(copy, original[start:end])

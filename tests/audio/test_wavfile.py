"""Segment files: the header is right after every write, files are private, names are claimed."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from mace_tui.audio.integrity import check_file, read_layout, sha256_file
from mace_tui.audio.naming import claim_path, parse_segment_name
from mace_tui.audio.wavfile import SegmentWav, keep_header_current


def test_the_header_is_current_after_every_write_without_closing(tmp_path: Path) -> None:
    path = claim_path(tmp_path / "m", "2026-11-23_01_C1")
    wav = SegmentWav(path, sample_rate=16_000, channels=1)
    written = 0
    for size in (1024, 1024, 333, 4096):
        block = np.full((size, 1), 7, dtype=np.int16)
        wav.write(block)
        written += size
        # Read by Python's own wave module, which trusts the header and nothing else.
        with wave.open(str(path)) as reader:
            assert reader.getnframes() == written
    assert wav.frames == written
    wav.close()
    wav.close()
    assert sf.info(str(path)).frames == written


def test_segment_files_are_private(tmp_path: Path) -> None:
    path = claim_path(tmp_path / "m", "x")
    SegmentWav(path, sample_rate=16_000, channels=1).close()
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


def test_claiming_never_reuses_a_name(tmp_path: Path) -> None:
    # An earlier version's plain file holds "-2": the sealed one does not take its name.
    (tmp_path / "2026-11-23_04_C9-2.wav").touch()
    names = [claim_path(tmp_path, "2026-11-23_04_C9").name for _ in range(3)]
    assert names == [
        "2026-11-23_04_C9.sealed",
        "2026-11-23_04_C9-3.sealed",
        "2026-11-23_04_C9-4.sealed",
    ]


def test_crash_safe_headers_fail_loudly_if_soundfile_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    handle = sf.SoundFile(tmp_path / "x.wav", "w", samplerate=16_000, channels=1, subtype="PCM_16")
    with monkeypatch.context() as patched:
        patched.delattr(sf, "_snd")
        with pytest.raises(RuntimeError, match="crash-safe WAV headers cannot be enabled"):
            keep_header_current(handle)
    handle.close()


@pytest.mark.parametrize(
    ("name", "kind", "position", "ref"),
    [
        ("2026-11-23_03_C-1042.wav", "child", 3, "C-1042"),
        ("2026-11-23_03_C-1042.sealed", "child", 3, "C-1042"),
        ("2026-11-23_meeting_aob-3.sealed", "meeting", None, None),
        ("2026-11-23_03_C-1042-2.wav", "child", 3, "C-1042"),
        ("2026-11-23_12_REF_9.wav", "child", 12, "REF_9"),
        ("2026-11-23_meeting_introductions.wav", "meeting", None, None),
        ("2026-11-23_meeting_aob-3.wav", "meeting", None, None),
    ],
)
def test_names_read_back(name: str, kind: str, position: int | None, ref: str | None) -> None:
    parsed = parse_segment_name(Path(name))
    assert parsed is not None
    assert (parsed.kind, parsed.position) == (kind, position)
    if ref is not None:
        assert parsed.names_child(ref)
        assert not parsed.names_child(ref + "0")


@pytest.mark.parametrize(
    "name", ["notes.txt", "recording.wav", "2026-11-23_xx_C1.wav", "2026-11-23_03_C1.flac"]
)
def test_other_files_are_not_segments(name: str) -> None:
    assert parse_segment_name(Path(name)) is None


def test_integrity_check_finds_a_changed_or_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "a.wav"
    sf.write(path, np.arange(3000, dtype=np.int16), 16_000, subtype="PCM_16")
    digest = sha256_file(path)
    assert check_file(path, frames=3000, sha256=digest).ok
    assert not check_file(path, frames=2999, sha256=digest).frames_match
    layout = read_layout(path)
    assert layout is not None
    with path.open("r+b") as handle:
        handle.seek(layout.data_offset + 10)
        handle.write(b"\x01\x02")
    changed = check_file(path, frames=3000, sha256=digest)
    assert changed.frames_match and not changed.sha256_match and not changed.ok
    gone = check_file(tmp_path / "missing.wav", frames=3000, sha256=digest)
    assert not gone.exists and not gone.ok

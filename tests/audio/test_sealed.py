"""Sealed (encrypted) recordings: crash-safe block by block; nothing plays without the store's key."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from mace_tui.audio.sealed import SealedProblem, SealedWriter, open_samples, read_layout, repair
from mace_tui.keystore import find_key, get_or_create_key
from tests.audio.virtual_mic import BLOCK, ramp
from tests.lines import Lines

ROOT = Path(__file__).resolve().parents[2]
STORE = "0123456789abcdef0123456789abcdef"


def test_a_recording_killed_mid_write_is_recovered_with_at_most_one_block_lost(
    tmp_path: Path, cpu_hogs: int
) -> None:
    key = get_or_create_key(tmp_path / "config", STORE, "recordings")
    path = tmp_path / "data" / "seg.sealed"
    path.parent.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.audio.sealing_process", str(path), key.hex(), STORE],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    lines = Lines(process)
    try:
        written = int(lines.until(lambda line: int(line) >= 150, 60, what="150 blocks written"))
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait(10)
    layout = repair(path)
    assert not layout.torn
    assert written * BLOCK - BLOCK <= layout.frames
    samples, rate = open_samples(path, key)
    assert rate == 16_000
    assert np.array_equal(samples[:, 0], ramp(400 * BLOCK)[: layout.frames])
    # Repairing again changes nothing.
    assert repair(path) == layout


def test_a_torn_last_block_is_cut_without_the_key(tmp_path: Path) -> None:
    key = bytes(32)
    path = tmp_path / "seg.sealed"
    writer = SealedWriter(path, key=key, store_id=STORE, sample_rate=16_000, channels=1)
    for n in range(5):
        writer.write(ramp(BLOCK, start=n * BLOCK).reshape(-1, 1))
    writer.close()
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size - 100)  # a kill mid-write of block 5
    assert read_layout(path).torn
    layout = repair(path)
    assert (layout.chunks, layout.frames, layout.torn) == (4, 4 * BLOCK, False)
    assert np.array_equal(open_samples(path, key)[0][:, 0], ramp(4 * BLOCK))


def test_a_copied_data_folder_without_the_key_plays_nothing(tmp_path: Path) -> None:
    config = tmp_path / "config"
    key = get_or_create_key(config, STORE, "recordings")
    path = tmp_path / "data" / "seg.sealed"
    path.parent.mkdir()
    writer = SealedWriter(path, key=key, store_id=STORE, sample_rate=16_000, channels=1)
    writer.write(ramp(BLOCK).reshape(-1, 1))
    writer.close()
    assert ramp(BLOCK).tobytes()[:64] not in path.read_bytes()  # the audio is not there in plain
    copied = tmp_path / "elsewhere" / "data"
    shutil.copytree(path.parent, copied)
    # Another computer: its own config folder, so no key for that store.
    other_key = find_key(tmp_path / "other-config", STORE, "recordings")
    with pytest.raises(SealedProblem) as no_key:
        open_samples(copied / "seg.sealed", other_key)
    assert "key" in str(no_key.value) and "backup" in str(no_key.value)
    assert "Traceback" not in str(no_key.value)
    with pytest.raises(SealedProblem) as wrong_key:
        open_samples(copied / "seg.sealed", bytes(32))
    assert "cannot be opened with this store's key" in str(wrong_key.value)


def test_a_changed_block_is_named(tmp_path: Path) -> None:
    key = bytes(range(32))
    path = tmp_path / "seg.sealed"
    writer = SealedWriter(path, key=key, store_id=STORE, sample_rate=16_000, channels=1)
    for n in range(3):
        writer.write(ramp(BLOCK, start=n * BLOCK).reshape(-1, 1))
    writer.close()
    raw = bytearray(path.read_bytes())
    raw[-10] ^= 1
    path.write_bytes(bytes(raw))
    with pytest.raises(SealedProblem) as changed:
        open_samples(path, key)
    assert "block 3 of 3 has been changed" in str(changed.value)

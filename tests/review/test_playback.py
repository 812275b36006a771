"""Playback on the real stack: sounddevice → PortAudio → ALSA's file plugin writes what was played."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mace_tui.audio.playback import PlaybackProblem, Player
from tests.audio.virtual_mic import VirtualAudio
from tests.review.fixtures import Recorded

# ``filemic`` (tests/audio/virtual_mic.py) plays into this file, sample for sample.
OUTPUT = "filemic"


def played(virtual_audio: VirtualAudio) -> np.ndarray:
    """What reached the device: PortAudio primes with silence first and pads the last block."""
    raw = np.fromfile(virtual_audio.root / "file_played.raw", dtype="<i2")
    nonzero = np.flatnonzero(raw)
    return raw[nonzero[0] :] if len(nonzero) else raw[:0]


def play_to_end(player: Player) -> None:
    player.play()
    assert player.ended.wait(10), "playback never finished"


def test_playing_writes_exactly_the_recorded_samples(
    recorded: Recorded, virtual_audio: VirtualAudio
) -> None:
    player = Player(recorded.path(0), device=OUTPUT, **recorded.keys)
    assert player.snapshot().state == "stopped"
    assert player.duration_s == len(recorded.signals[0]) / 16_000
    play_to_end(player)
    out = played(virtual_audio)
    signal = recorded.signals[0]
    assert np.array_equal(out[: len(signal)], signal)
    assert not out[len(signal) :].any()
    status = player.snapshot()
    assert (status.state, status.frames_played) == ("ended", len(signal))
    assert status.position_s == status.duration_s
    assert player.close()


def test_seeking_before_playing_starts_from_there(
    recorded: Recorded, virtual_audio: VirtualAudio
) -> None:
    signal = recorded.signals[2]
    player = Player(recorded.path(2), device=OUTPUT, **recorded.keys)
    player.seek(0.25)
    player.seek(0.25)
    player.seek(-0.125)
    assert player.position == 0.375 * 16_000
    play_to_end(player)
    out = played(virtual_audio)
    assert np.array_equal(out[: len(signal) - 6000], signal[6000:])
    player.close()


def test_playing_after_the_end_starts_again_and_seek_stays_within_the_file(
    recorded: Recorded, virtual_audio: VirtualAudio
) -> None:
    signal = recorded.signals[1]
    player = Player(recorded.path(1), device=OUTPUT, **recorded.keys)
    play_to_end(player)
    assert player.seek(10).position_s == player.duration_s
    assert player.seek(-10).position_s == 0
    assert player.snapshot().state == "paused"
    play_to_end(player)
    assert np.array_equal(played(virtual_audio)[: len(signal)], signal)
    player.close()


def test_pausing_keeps_the_position(recorded: Recorded, virtual_audio: VirtualAudio) -> None:
    player = Player(recorded.path(0), device=OUTPUT, **recorded.keys)
    player.seek(0.1)
    status = player.pause()
    # Nothing was playing: pausing changes nothing, and play carries on from 0.1 s.
    assert (status.state, status.position_s) == ("stopped", 0.1)
    # The state right after play may already be "ended" on a loaded machine (the file is
    # short), so what is checked is what was played: from 0.1 s, then all of it again.
    assert player.toggle().state in ("playing", "ended")
    assert player.ended.wait(10)
    from_there = player.frames - round(0.1 * player.sample_rate)
    assert player.frames_played == from_there
    player.toggle()  # from the start again
    assert player.ended.wait(10)
    assert player.frames_played == from_there + player.frames
    player.close()


def test_problems_are_plain(
    recorded: Recorded, virtual_audio: VirtualAudio, tmp_path: Path
) -> None:
    with pytest.raises(PlaybackProblem, match="is not on disk"):
        Player(tmp_path / "gone.wav")
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"not a wav file at all")
    with pytest.raises(PlaybackProblem, match="is not a WAV file that can be played"):
        Player(junk)
    player = Player(recorded.path(0), device="no such speaker", **recorded.keys)
    with pytest.raises(PlaybackProblem, match="cannot be played on this computer's audio output"):
        player.play()
    assert player.snapshot().state == "stopped"

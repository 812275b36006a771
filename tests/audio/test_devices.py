"""Choosing the microphone by name or number, and ``mace-tui devices``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mace_tui.audio.devices import check_input, find_input_device, input_devices
from mace_tui.audio.problems import DeviceNotFound, SettingsRejected
from tests.audio.virtual_mic import VirtualAudio

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("spec", "found"),
    [
        ("fifomic", "fifomic"),
        ("FIFOMIC", "fifomic"),
        ("  filemic ", "filemic"),
        ("fifo", "fifomic"),
        ("plain_source", "plain_source"),
    ],
)
def test_a_device_is_found_by_name_or_part_of_it(
    virtual_audio: VirtualAudio, spec: str, found: str
) -> None:
    assert find_input_device(spec).name == found


def test_a_device_is_found_by_number(virtual_audio: VirtualAudio) -> None:
    for device in input_devices():
        assert find_input_device(str(device.index)) == device


def test_no_choice_means_the_default_input(virtual_audio: VirtualAudio) -> None:
    chosen = find_input_device(None)
    assert chosen.is_default or not any(d.is_default for d in input_devices())


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ("nothing-like-it", "'nothing-like-it' matches no microphone"),
        ("4242", "'4242' is not the number of a microphone"),
        ("mic", "'mic' matches several microphones (fifomic (#"),
    ],
)
def test_a_bad_choice_names_the_setting_and_what_to_do(
    virtual_audio: VirtualAudio, spec: str, says: str
) -> None:
    with pytest.raises(DeviceNotFound) as raised:
        find_input_device(spec)
    message = str(raised.value)
    assert says in message
    assert "--audio-device / MACE_AUDIO_DEVICE" in message and "mace-tui devices" in message


@pytest.mark.parametrize(
    ("rate", "channels", "says"),
    [
        (1000, 1, "does not accept a sample rate of 1000 Hz"),
        (16000, 4096, "does not accept 4096 channel(s)"),
    ],
)
def test_settings_the_device_refuses(
    virtual_audio: VirtualAudio, rate: int, channels: int, says: str
) -> None:
    with pytest.raises(SettingsRejected) as raised:
        check_input(find_input_device("fifomic"), sample_rate=rate, channels=channels)
    assert says in str(raised.value)


@pytest.mark.parametrize("rate", [8000, 16000, 48000])
def test_usual_rates_are_accepted(virtual_audio: VirtualAudio, rate: int) -> None:
    check_input(find_input_device("fifomic"), sample_rate=rate)


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mace_tui", *args],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, **env}, timeout=60,
    )  # fmt: skip


def test_devices_lists_the_microphones_and_the_one_in_use(virtual_audio: VirtualAudio) -> None:
    result = run_cli("devices", "--audio-device", "fifo", env=virtual_audio.env())
    assert result.returncode == 0, result.stderr
    assert "fifomic" in result.stdout and "filemic" in result.stdout
    assert "Recording will use fifomic (#" in result.stdout
    assert "(as set) at 16000 Hz, mono." in result.stdout


def test_devices_reads_the_choice_from_the_environment(virtual_audio: VirtualAudio) -> None:
    result = run_cli("devices", env={**virtual_audio.env(), "MACE_AUDIO_DEVICE": "filemic"})
    assert result.returncode == 0, result.stderr
    assert "Recording will use filemic (#" in result.stdout


def test_devices_with_a_wrong_name_says_so_in_one_line(virtual_audio: VirtualAudio) -> None:
    result = run_cli("--audio-device", "no-such-mic", "devices", env=virtual_audio.env())
    assert result.returncode == 2
    assert "fifomic" in result.stdout
    assert result.stderr.count("\n") == 1
    assert "mace-tui: Audio device 'no-such-mic' matches no microphone" in result.stderr
    assert "Traceback" not in result.stderr


def test_devices_without_portaudio_says_what_to_install(tmp_path: Path) -> None:
    # A named fake: PortAudio is installed here, so a stand-in sounddevice fails to
    # import exactly as the real one does without the library.
    (tmp_path / "sounddevice.py").write_text("raise OSError('PortAudio library not found')\n")
    result = run_cli("devices", env={"PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])})
    assert result.returncode == 2
    assert "PortAudio library is not installed" in result.stderr
    assert "libportaudio2" in result.stderr
    assert "Traceback" not in result.stderr

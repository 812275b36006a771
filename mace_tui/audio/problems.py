"""What can go wrong with audio, each as one plain line saying what happened and what to do.

The chair reads these mid-meeting, so every line says what it means for the
meeting (it carries on) and the one thing to do. None of them ever names a
child: only devices, folders and the opaque references in file names.
"""

from __future__ import annotations

from pathlib import Path

from store.errors import UserError

DEVICE_SETTING = "--audio-device / MACE_AUDIO_DEVICE / audio_device in settings.toml"
RATE_SETTING = "MACE_SAMPLE_RATE / sample_rate in settings.toml"


class AudioProblem(UserError):
    """Audio cannot be used as asked; the message is one line for the user."""


class PortAudioMissing(AudioProblem):
    """The PortAudio library is not installed."""

    def __init__(self) -> None:
        super().__init__(
            "Recording is unavailable: the PortAudio library is not installed. "
            "Install the Debian package libportaudio2, then restart mace-tui; "
            "the meeting can go ahead without recording."
        )


class NoInputDevice(AudioProblem):
    """PortAudio sees no microphone at all."""

    def __init__(self) -> None:
        super().__init__(
            "Recording is unavailable: no microphone was found. Plug one in, then "
            "check it with `mace-tui devices`; the meeting can go ahead without recording."
        )


class DeviceNotFound(AudioProblem):
    """The configured device name or index matches no input device."""

    def __init__(self, spec: str, *, detail: str = "matches no microphone") -> None:
        self.spec = spec
        super().__init__(
            f"Audio device {spec!r} {detail}. Run `mace-tui devices` to list them and "
            f"choose one by name or number with {DEVICE_SETTING}."
        )


class SettingsRejected(AudioProblem):
    """The device exists but refuses the sample rate or channel count."""

    def __init__(self, device: str, *, sample_rate: int, channels: int, reason: str) -> None:
        self.device = device
        if "sample rate" in reason.lower():
            what = f"a sample rate of {sample_rate} Hz"
            fix = f"Set 16000 or 48000 with {RATE_SETTING}"
        elif "channel" in reason.lower():
            what = f"{channels} channel(s)"
            fix = f"Choose another microphone with {DEVICE_SETTING}"
        else:
            what = f"{sample_rate} Hz, {channels} channel(s) ({reason})"
            fix = f"Choose another microphone with {DEVICE_SETTING}"
        super().__init__(f"Microphone {device!r} does not accept {what}. {fix}.")


class StreamOpenFailed(AudioProblem):
    """The device exists and accepts the settings but the stream would not start."""

    def __init__(self, device: str, reason: str) -> None:
        super().__init__(
            f"Microphone {device!r} could not be opened ({reason}). Check that no other "
            "program is using it, then retry recording; the meeting can go ahead."
        )


class CaptureBusy(AudioProblem):
    """Another capture on this computer holds the recordings folder's lock."""

    def __init__(self, folder: Path) -> None:
        super().__init__(
            f"Another mace-tui on this computer is already recording into {folder}. Close it, "
            "then retry recording; the meeting can go ahead."
        )


def stream_stalled(device: str, seconds: float) -> str:
    """The watchdog's line: callbacks stopped arriving."""
    return (
        f"No sound has arrived from microphone {device!r} for {seconds:g} s, so recording "
        "stopped; what was recorded so far is kept. Check the microphone and its cable, "
        "then retry recording."
    )


def stream_ended(device: str) -> str:
    """The line for a stream that PortAudio ended by itself (a device unplugged)."""
    return (
        f"Microphone {device!r} stopped working (unplugged?), so recording stopped; what "
        "was recorded so far is kept. Plug it back in, then retry recording."
    )


def disk_full(folder: Path) -> str:
    """The line for a recordings folder that ran out of space."""
    return (
        f"The disk holding {folder} is full, so recording stopped; what was recorded so "
        "far is kept. Free some space; the next discussion will be recorded again."
    )


def write_failed(folder: Path, reason: str) -> str:
    """The line for any other failure to write a recording file."""
    return (
        f"Cannot write recordings in {folder} ({reason}), so recording stopped; what was "
        "recorded so far is kept. Check the folder; the next discussion will be recorded again."
    )


def store_failed(kind: str) -> str:
    """The line for a recording whose database row could not be written."""
    return (
        f"The recording file is safe but its entry could not be saved to the database "
        f"({kind}); it will be attached when mace-tui next starts."
    )

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


RETRY_KEY = "ctrl+b"
GAP_WRITER_BEHIND = "the disk could not keep up, so audio waiting to be written was dropped"
GAP_STALLED = "no sound arrived from the microphone"
GAP_ENDED = "the microphone stopped working"
GAP_CLOCK = "the microphone's clock was wrong, so its audio was not kept"


def seconds_words(seconds: float) -> str:
    """A length of audio in a unit that reads right: ``0.38 s``, ``4.2 s``, ``12 s``, ``3 min 05 s``."""
    if seconds < 1:
        return f"{seconds:.2f} s"
    if seconds < 10:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def _retrying(what: str) -> str:
    return (
        f"{what}, so recording stopped; what was recorded so far is kept. mace-tui keeps "
        f"trying the microphone and records again by itself when it answers ({RETRY_KEY} "
        "retries now)."
    )


def stream_stalled(device: str, seconds: float) -> str:
    """The watchdog's line: callbacks stopped arriving."""
    return _retrying(f"No sound has arrived from microphone {device!r} for {seconds:g} s")


def stream_ended(device: str) -> str:
    """The line for a stream that PortAudio ended by itself (a device unplugged)."""
    return _retrying(f"Microphone {device!r} stopped working (unplugged?)")


def clock_wrong(device: str, ratio: float) -> str:
    """The line for a stream delivering sound faster or slower than real time (a driver fault)."""
    if ratio >= 1:
        pace = f"{ratio:.3g} times faster than real time"
    else:
        pace = f"at {ratio:.0%} of real time"
    return _retrying(
        f"Microphone {device!r} is delivering sound {pace} (a driver or device fault) "
        "and its audio cannot be trusted"
    )


def recording_resumed(device: str, gap_s: float, label: str) -> str:
    """The line when the microphone answers again by itself (or on the key) after a fault."""
    if not label:
        return f"Microphone {device!r} is answering again; recording can go on."
    return (
        f"Microphone {device!r} is answering again: recording for {label} carries on in a "
        f"new file. The {seconds_words(gap_s)} without recording is marked as a gap."
    )


def writer_behind(folder: Path, seconds: float) -> str:
    """The line for audio dropped because writing fell too far behind."""
    return (
        f"Writing recordings to {folder} fell behind, so {seconds_words(seconds)} of audio "
        "could not be kept; the gap is marked in the recording. Recording carries on; "
        "if this repeats, check that disk."
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

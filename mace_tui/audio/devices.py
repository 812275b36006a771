"""Finding the microphone: PortAudio's input devices, chosen by name or number.

``sounddevice`` is imported here and only here, lazily, because importing it
initialises PortAudio (and fails outright when the library is missing); the
rest of the app must start, and run a meeting, either way.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from mace_tui.audio.problems import (
    DeviceNotFound,
    NoInputDevice,
    PortAudioMissing,
    SettingsRejected,
)
from store.frozen import record

# Recordings are 16-bit PCM: what speech needs, and what the WAV segments hold.
SAMPLE_FORMAT = "int16"


@record
class InputDevice:
    """A device PortAudio can capture from."""

    index: int
    name: str
    host_api: str
    channels: int
    default_rate: int
    is_default: bool

    def describe(self) -> str:
        """``name (#index)``, as the chair and the devices listing show it."""
        return f"{self.name} (#{self.index})"


def portaudio() -> ModuleType:
    """The ``sounddevice`` module, or PortAudioMissing when the library is not installed."""
    try:
        import sounddevice
    except OSError:
        raise PortAudioMissing() from None
    return sounddevice


def portaudio_version() -> str:
    """PortAudio's version, e.g. ``PortAudio V19.6.0-devel`` (without its build revision)."""
    text: str = portaudio().get_portaudio_version()[1]
    return text.split(",", 1)[0]


def input_devices() -> list[InputDevice]:
    """Every device with at least one input channel, in PortAudio's order."""
    sd = portaudio()
    default = _default_input_index(sd)
    apis = sd.query_hostapis()
    found = []
    for info in sd.query_devices():
        channels = int(info["max_input_channels"])
        if channels <= 0:
            continue
        found.append(
            InputDevice(
                index=int(info["index"]),
                name=str(info["name"]),
                host_api=str(apis[info["hostapi"]]["name"]),
                channels=channels,
                default_rate=round(float(info["default_samplerate"])),
                is_default=info["index"] == default,
            )
        )
    return found


def _default_input_index(sd: ModuleType) -> int | None:
    try:
        index: Any = sd.query_devices(kind="input")["index"]
    except (sd.PortAudioError, ValueError, KeyError, TypeError):
        return None
    return int(index)


def find_input_device(spec: str | None) -> InputDevice:
    """The device named by ``spec`` (a number, an exact name, or part of one); None = default.

    Raises NoInputDevice when there is no microphone at all and DeviceNotFound
    when ``spec`` matches none, or several, of them.
    """
    devices = input_devices()
    if not devices:
        raise NoInputDevice()
    wanted = (spec or "").strip()
    if not wanted:
        for device in devices:
            if device.is_default:
                return device
        # No default declared: the first input device is the sensible one.
        return devices[0]
    if wanted.isdigit():
        for device in devices:
            if device.index == int(wanted):
                return device
        raise DeviceNotFound(wanted, detail="is not the number of a microphone")
    lowered = wanted.lower()
    exact = [d for d in devices if d.name.lower() == lowered]
    if len(exact) == 1:
        return exact[0]
    partial = [d for d in devices if lowered in d.name.lower()]
    if len(partial) == 1:
        return partial[0]
    if partial:
        names = ", ".join(d.describe() for d in partial)
        raise DeviceNotFound(wanted, detail=f"matches several microphones ({names})")
    raise DeviceNotFound(wanted)


def check_input(device: InputDevice, *, sample_rate: int, channels: int = 1) -> None:
    """Refuse, with a plain message, settings the device will not record with."""
    if channels > device.channels:
        # Checked here rather than by PortAudio, which prints debug lines on stderr
        # (over the chair's screen) when it refuses a channel count.
        raise SettingsRejected(
            device.name, sample_rate=sample_rate, channels=channels, reason="channel count"
        )
    sd = portaudio()
    try:
        sd.check_input_settings(
            device=device.index, samplerate=sample_rate, channels=channels, dtype=SAMPLE_FORMAT
        )
    except sd.PortAudioError as exc:
        raise SettingsRejected(
            device.name, sample_rate=sample_rate, channels=channels, reason=_reason(exc)
        ) from None


def _reason(exc: BaseException) -> str:
    """PortAudio's error text without its error-code suffix."""
    return str(exc).split(" [PaErrorCode", 1)[0].strip() or type(exc).__name__

"""The microphone check before a meeting: which device, and a live level to speak into.

Shown on the attendance screen so that a dead or wrong microphone is found
before the first child, not after. It notes whether any sound has been
heard since it appeared, and tells its parent the first time one is.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import Static

from mace_tui.audio.status import AudioSource, AudioStatus
from mace_tui.widgets.recording_indicator import meter

# A level above this (about -42 dBFS) counts as sound: speech near the microphone.
HEARD_LEVEL = 0.3
METER_CELLS = 30


def describe_check(status: AudioStatus, *, heard: bool) -> Text:
    """The check's text: device, level bar and what to do."""
    text = Text()
    text.append("Microphone check\n", style="bold")
    if status.state in ("unavailable", "failed"):
        text.append("✕ ", style="bold red")
        text.append(status.message or "The microphone cannot be used.")
        return text
    if status.device_name is None:
        text.append("Opening the microphone…")
        return text
    text.append("Device: ")
    text.append(status.device_name, style="bold")
    text.append("\nLevel:  ")
    text.append_text(meter(status.level, METER_CELLS))
    if heard:
        text.append("\n✓ Sound heard: the microphone works.", style="green")
    else:
        text.append(
            "\nSay a few words: the bar should move. If it stays empty, check the "
            "microphone (or choose another with mace-tui devices) before the first child.",
            style="yellow",
        )
    return text


class MicCheck(Static):
    """The chosen microphone's name and live level, before the meeting starts."""

    DEFAULT_CSS = """
    MicCheck {
        height: auto;
        padding: 0 1;
        border: round $panel;
    }
    MicCheck.-heard { border: round $success; }
    MicCheck.-problem { border: round $error; }
    """

    @dataclass
    class Heard(Message):
        """Sound was heard for the first time: the microphone works."""

        device_name: str

    def __init__(
        self,
        source: AudioSource | None = None,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__("", id=id, classes=classes)
        self.source = source
        self.heard = False
        self.shown: tuple[AudioStatus, bool] | None = None

    def on_mount(self) -> None:
        self.refresh_status()
        self.set_interval(0.1, self.refresh_status)

    def refresh_status(self) -> None:
        """Ask the source again and redraw when something visible changed."""
        status = self.source.status() if self.source is not None else AudioStatus(state="idle")
        if not self.heard and status.device_name and status.level >= HEARD_LEVEL:
            self.heard = True
            self.post_message(self.Heard(status.device_name))
        if (status, self.heard) == self.shown:
            return
        self.shown = (status, self.heard)
        self.update(describe_check(status, heard=self.heard))
        self.set_class(self.heard, "-heard")
        self.set_class(status.state in ("unavailable", "failed"), "-problem")

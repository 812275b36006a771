"""The chair's recording indicator: what is being recorded, for how long, and how loud.

Always visible on the meeting screen (R10). It asks its source for a status
ten times a second; the status is a cheap snapshot, so this is safe on the
event loop. When nothing is being recorded it says why.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from mace_tui.audio.status import AudioSource, AudioStatus

METER_CELLS = 12
_STATE_CLASSES = ("-recording", "-paused", "-quiet", "-problem")
# A meeting whose profile records nothing (the actions-only monthly, R21): no alarm, no meter.
NOT_RECORDED = "○ Not recorded (actions-only meeting)"


def clock(seconds: float) -> str:
    """``m:ss``, or ``h:mm:ss`` from an hour."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def meter(level: float, cells: int = METER_CELLS) -> Text:
    """A bar of ``cells`` cells, filled to ``level`` (0..1)."""
    filled = round(max(0.0, min(1.0, level)) * cells)
    bar = Text("█" * filled, style="green" if level < 0.9 else "red")
    bar.append("░" * (cells - filled), style="dim")
    return bar


def describe(status: AudioStatus) -> Text:
    """The indicator's text for a status: one line, plus the problem line when there is one."""
    text = Text()
    label = f"  {status.label}" if status.label else ""
    if status.state == "recording":
        text.append("● REC ", style="bold red")
        text.append(clock(status.elapsed_s), style="bold")
        text.append(label + "  ")
        text.append_text(meter(status.level))
    elif status.state == "paused":
        text.append("❚❚ PAUSED ", style="bold yellow")
        text.append(clock(status.elapsed_s), style="bold")
        text.append(label)
        if status.paused_reason:
            text.append(f" — {status.paused_reason}", style="italic")
    elif status.state == "off":
        text.append("○ Not recording", style="bold")
        part = status.label or "This part of the meeting"
        text.append(f" — {part} is not recorded under this meeting's profile")
    elif status.state == "idle":
        text.append("○ Not recording", style="bold")
        if status.device_name:
            text.append(" — no discussion open; microphone ready  ")
            text.append_text(meter(status.level))
        else:
            text.append(" — the microphone is not open yet")
    elif status.state == "unavailable":
        text.append("✕ Recording unavailable", style="bold red")
        text.append(label)
    else:
        text.append("✕ Recording stopped", style="bold red")
        text.append(label)
    if status.message:
        problem = status.state in ("unavailable", "failed")
        if problem:
            # One row, whatever the width: the reason follows on the same line (cut with an
            # ellipsis when narrow); the full text is in the notification and the tooltip.
            text.append(f" — {status.message}")
        else:
            # A note while recording is a warning under the level meter.
            text.append("\n" + status.message, style="yellow")
    return text


def state_class(status: AudioStatus) -> str:
    """The CSS class for a status."""
    if status.state == "recording":
        return "-recording"
    if status.state == "paused":
        return "-paused"
    if status.state in ("unavailable", "failed"):
        return "-problem"
    return "-quiet"


class RecordingIndicator(Static):
    """Recording state, elapsed time and input level, refreshed ten times a second."""

    DEFAULT_CSS = """
    RecordingIndicator {
        height: auto;
        padding: 0 1;
        border-left: thick $panel;
    }
    RecordingIndicator.-recording { border-left: thick $error; }
    RecordingIndicator.-paused { border-left: thick $warning; }
    RecordingIndicator.-problem {
        border-left: thick $error;
        background: $error 15%;
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(
        self,
        source: AudioSource | None = None,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__("", id=id, classes=classes)
        self.source = source
        self.shown: AudioStatus | None = None
        # Set by a screen whose meeting records nothing: one plain line, the source unused.
        self.not_recorded = False

    def on_mount(self) -> None:
        self.refresh_status()
        self.set_interval(0.1, self.refresh_status)

    def refresh_status(self) -> None:
        """Ask the source again; redraw only when something visible changed."""
        if self.not_recorded:
            if self.shown is not None or not self.has_class("-not-recorded"):
                self.shown = None
                self.update(Text(NOT_RECORDED))
                self.tooltip = None
                self.remove_class(*_STATE_CLASSES)
                self.add_class("-quiet", "-not-recorded")
            return
        status = self.source.status() if self.source is not None else AudioStatus(state="idle")
        if status == self.shown:
            return
        self.shown = status
        self.update(describe(status))
        self.tooltip = status.message or None
        self.remove_class(*_STATE_CLASSES)
        self.add_class(state_class(status))

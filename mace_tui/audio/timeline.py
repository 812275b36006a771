"""Where the open segment stands in the capture, as the meeting's side keeps it.

The writer knows what it wrote; the screen needs to know, without asking
the writer's thread, how long the current discussion has been recorded and
whether it is paused. This keeps the frames at which those things happened.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class SegmentTimeline:
    """The current segment's first frame, its pauses, and its serial number."""

    first: int | None = None
    serial: int = 0
    pause_from: int | None = None
    paused_frames: int = 0
    paused_reason: str = ""

    @property
    def is_open(self) -> bool:
        """True while a segment is open."""
        return self.first is not None

    @property
    def is_paused(self) -> bool:
        """True while the open segment is paused."""
        return self.pause_from is not None

    def next_serial(self) -> int:
        """Number the next segment."""
        self.serial += 1
        return self.serial

    def opened(self, frame: int) -> None:
        """A segment opened at ``frame``."""
        self.closed()
        self.first = frame

    def closed(self) -> None:
        """No segment is open."""
        self.first = None
        self.pause_from = None
        self.paused_frames = 0
        self.paused_reason = ""

    def paused(self, frame: int, reason: str) -> None:
        """The open segment paused at ``frame``."""
        self.pause_from = frame
        self.paused_reason = reason

    def resumed(self, frame: int) -> None:
        """The open segment carried on at ``frame``."""
        if self.pause_from is not None:
            self.paused_frames += frame - self.pause_from
        self.pause_from = None
        self.paused_reason = ""

    def elapsed(self, now: int, sample_rate: int) -> float:
        """Seconds recorded in the open segment by capture frame ``now``, pauses left out."""
        if self.first is None:
            return 0.0
        paused = self.paused_frames
        if self.pause_from is not None:
            paused += now - self.pause_from
        return max(0, now - self.first - paused) / sample_rate

"""What the chair's screen shows about recording, as one small immutable value."""

from __future__ import annotations

from typing import Literal, Protocol

from store.frozen import record

AudioState = Literal["off", "recording", "paused", "idle", "unavailable", "failed"]


@record
class AudioStatus:
    """A snapshot of the meeting's recording, cheap enough to take ten times a second.

    ``state``: ``recording`` / ``paused`` a segment is open; ``idle`` the
    microphone is open (or not yet) and nothing is being recorded; ``off`` this
    part of the meeting is not recorded under the profile; ``unavailable`` no
    microphone could be opened; ``failed`` recording stopped after a fault.
    ``label`` names the part (a discussion by position and opaque reference,
    never by name). ``level`` is the input meter, 0..1 on a loudness scale.
    ``message`` is the latest problem, one plain line, or None.
    """

    state: AudioState
    label: str = ""
    elapsed_s: float = 0.0
    level: float = 0.0
    device_name: str | None = None
    message: str | None = None
    paused_reason: str = ""
    frames_captured: int = 0
    overflows: int = 0
    # Seconds of audio dropped because writing fell behind (each drop is a marked gap).
    dropped_s: float = 0.0

    @property
    def capturing(self) -> bool:
        """True while a segment is open (recording or paused)."""
        return self.state in ("recording", "paused")


class AudioSource(Protocol):
    """Anything the widgets can ask for an AudioStatus (MeetingAudio, or a test's stand-in)."""

    def status(self) -> AudioStatus:
        """The current status."""
        ...

"""Audio: one capture stream per meeting, split into per-child WAV segments (R10).

The screens use :class:`MeetingAudio` (``meeting.py``), show
:class:`AudioStatus`, and call :func:`recover_leftovers` on start. Names
are loaded on first use, so ``mace_tui.audio.devices`` stays light for
``mace-tui devices`` (no database stack, no Textual, ever).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mace_tui.audio.meeting import MeetingAudio
    from mace_tui.audio.problems import AudioProblem
    from mace_tui.audio.recovery import RecoveredSegment, recover_leftovers
    from mace_tui.audio.status import AudioStatus

_EXPORTS = {
    "AudioProblem": "mace_tui.audio.problems",
    "AudioStatus": "mace_tui.audio.status",
    "MeetingAudio": "mace_tui.audio.meeting",
    "RecoveredSegment": "mace_tui.audio.recovery",
    "recover_leftovers": "mace_tui.audio.recovery",
}

__all__ = ["AudioProblem", "AudioStatus", "MeetingAudio", "RecoveredSegment", "recover_leftovers"]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""Reusable widgets.

Each is imported from its own module (``mace_tui.widgets.case_queue``); the names below are
found on first use, so importing one widget does not import them all (start-up stays light).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mace_tui.widgets.case_queue import CaseQueue
    from mace_tui.widgets.meeting_bar import MeetingBar
    from mace_tui.widgets.quorum_bar import QuorumBar

_WHERE = {
    "CaseQueue": "mace_tui.widgets.case_queue",
    "MeetingBar": "mace_tui.widgets.meeting_bar",
    "QuorumBar": "mace_tui.widgets.quorum_bar",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["CaseQueue", "MeetingBar", "QuorumBar"]

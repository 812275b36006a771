"""Reusable widgets."""

from mace_tui.widgets.case_queue import CaseQueue
from mace_tui.widgets.meeting_bar import MeetingBar
from mace_tui.widgets.quorum_bar import QuorumBar

__all__ = ["CaseQueue", "MeetingBar", "QuorumBar"]

"""Reusable widgets."""

from mace_tui.widgets.case_queue import CaseQueue

__all__ = ["CaseQueue"]

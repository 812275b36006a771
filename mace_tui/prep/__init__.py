"""Preparing a meeting's queue: the coordinator's work, without Textual.

Light modules only are imported here (no database stack), so the screen can
use them before the store is open. ``meeting``, ``csv_import`` and ``export``
read and write the store; import them by name where needed, as ``fields`` (the
forms' records, which preparation's first frame does not need).
"""

from mace_tui.prep.deadline import (
    deadline_for,
    deadline_text,
    default_meeting_date,
    late_after_change,
)

__all__ = [
    "deadline_for",
    "deadline_text",
    "default_meeting_date",
    "late_after_change",
]

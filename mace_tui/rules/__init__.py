"""Pure meeting rules: no Textual, no SQL. Each module holds one rule or computation.

Names are re-exported lazily, so importing one rule (the clock needs the
deadline's time zone) does not load them all before the first paint.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "ActionDraft": "smart",
    "DueDateError": "duedates",
    "Flag": "flags",
    "Hit": "language",
    "OUTCOMES": "outcomes",
    "Pace": "pacing",
    "Problem": "smart",
    "Quorum": "quorum",
    "QuorumRule": "quorum",
    "Routing": "outcomes",
    "RoutingInput": "outcomes",
    "Seat": "quorum",
    "add_working_days": "workdays",
    "check": "language",
    "check_action": "smart",
    "child_budget": "pacing",
    "child_flags": "flags",
    "child_quorum": "quorum",
    "falls_on": "schedule",
    "follow_on_date": "followon",
    "format_span": "pacing",
    "is_blocked": "smart",
    "is_late": "deadline",
    "is_working_day": "workdays",
    "list_deadline": "deadline",
    "meeting_pace": "pacing",
    "meeting_quorum": "quorum",
    "next_meeting_date": "schedule",
    "parse_due": "duedates",
    "previous_working_day": "workdays",
    "rearranged_date": "workdays",
    "rearranged_date_problem": "followon",
    "recent_medium": "outcomes",
    "route": "outcomes",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'mace_tui.rules' has no attribute {name!r}")
    return getattr(importlib.import_module(f"mace_tui.rules.{module}"), name)

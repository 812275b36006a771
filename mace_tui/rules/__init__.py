"""Pure meeting rules: no Textual, no SQL. Each module holds one rule or computation."""

from mace_tui.rules.deadline import is_late, list_deadline
from mace_tui.rules.duedates import DueDateError, parse_due
from mace_tui.rules.flags import Flag, child_flags
from mace_tui.rules.language import Hit, check
from mace_tui.rules.outcomes import OUTCOMES, Routing, RoutingInput, recent_medium, route
from mace_tui.rules.pacing import Pace, child_budget, format_span, meeting_pace
from mace_tui.rules.quorum import Quorum, QuorumRule, Seat, child_quorum, meeting_quorum
from mace_tui.rules.schedule import falls_on, next_meeting_date
from mace_tui.rules.smart import ActionDraft, Problem, check_action, is_blocked
from mace_tui.rules.workdays import (
    add_working_days,
    is_working_day,
    previous_working_day,
    rearranged_date,
)

__all__ = [
    "OUTCOMES",
    "ActionDraft",
    "DueDateError",
    "Flag",
    "Hit",
    "Pace",
    "Problem",
    "Quorum",
    "QuorumRule",
    "Routing",
    "RoutingInput",
    "Seat",
    "add_working_days",
    "check",
    "check_action",
    "child_budget",
    "child_flags",
    "child_quorum",
    "falls_on",
    "format_span",
    "is_blocked",
    "is_late",
    "is_working_day",
    "list_deadline",
    "meeting_pace",
    "meeting_quorum",
    "next_meeting_date",
    "parse_due",
    "previous_working_day",
    "rearranged_date",
    "recent_medium",
    "route",
]

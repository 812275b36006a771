"""What must hold before a child's discussion can be closed (R2, R3, R6, R7, R8)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import Literal

from mace_tui.rules.conflicts import ChildRoom, quorum_problem
from mace_tui.rules.outcomes import NEEDS_RATIONALE, TEAM_OUTCOME, Routing
from mace_tui.rules.smart import ActionDraft, check_action, is_blocked
from mace_tui.rules.subject_words import noun
from store.frozen import record
from store.records import ActionDetail, GradingRecord

# The case screen's tabs where a problem is put right.
CaseTab = Literal["grade", "actions"]


@record
class CloseProblem:
    """One reason a discussion cannot close yet, and where the chair puts it right.

    ``tab``: the case screen's tab that fixes it; None when no tab does (the child's
    room is inquorate: a deputy or an override (F6), or deferral).
    """

    tab: CaseTab | None
    text: str


def draft_of(action: ActionDetail) -> ActionDraft:
    """An action as the SMART rules see it."""
    return ActionDraft(
        text=action.text,
        owner=action.owner,
        agency=action.agency,
        due=action.due,
        agreed=action.agreed,
        kind=action.kind,
        share_what=action.share_what,
        share_with=action.share_with,
        share_why=action.share_why,
    )


def close_problems(
    *,
    grading: GradingRecord | None,
    routing: Routing | None,
    actions: Sequence[ActionDetail],
    today: date,
    excluded_owners: Collection[str] = (),
    room: ChildRoom | None = None,
    subject_kind: str = "child",
) -> list[CloseProblem]:
    """Every reason the discussion cannot be closed yet; empty when it can.

    ``room`` is the child's quorum once the conflicted have left (R2): an
    inquorate child closes only with a deputy added or an override written.
    """
    problems: list[CloseProblem] = []
    inquorate = quorum_problem(room) if room is not None else None
    if inquorate:
        problems.append(CloseProblem(None, inquorate))

    def grade(text: str) -> None:
        problems.append(CloseProblem("grade", text))

    if grading is None or not grading.grade:
        grade("Grade the risk (HIGH, MEDIUM or LOW).")
        return problems
    if not grading.rationale.strip():
        grade("Write the rationale for the grade.")
    if not grading.outcome:
        grade("Accept or choose an outcome.")
    elif grading.outcome == TEAM_OUTCOME and not grading.team_name.strip():
        grade(f"Name the multi-agency team that will manage {noun(subject_kind)} (under Outcome).")
    elif grading.outcome != grading.proposed_outcome and not grading.override_reason.strip():
        if grading.outcome in NEEDS_RATIONALE:
            grade(f"Give the rationale for discharging {noun(subject_kind)} from MACE.")
        else:
            grade("Give a reason for overriding the proposed outcome.")
    # A named professional is allocated to a child (R7); a person or location has none.
    needs_allocation = subject_kind == "child" and (
        grading.grade == "HIGH" or (routing is not None and routing.needs_allocated_professional)
    )
    if needs_allocation and not any(a.allocated_professional for a in actions):
        problems.append(
            CloseProblem(
                "actions", "HIGH: add an action allocating a named professional to the child."
            )
        )
    for index, action in enumerate(actions, start=1):
        found = check_action(draft_of(action), today=today, excluded_owners=excluded_owners)
        if is_blocked(found):
            first = next(p for p in found if p.blocking)
            problems.append(CloseProblem("actions", f"Action {index}: {first.message}"))
    return problems

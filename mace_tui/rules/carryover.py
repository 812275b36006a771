"""Carried-over actions (R12): the updates an earlier meeting's action can be given.

An action agreed at an earlier meeting comes back until it is closed. The
panel gives each one an update: complete, in progress, not possible because
circumstances changed, or not done by the agency. Complete and not possible
close the action; in progress and not done keep it open, so it comes back
with its overdue mark. Saying why is required when an action was not done or
is no longer possible; an update is always given by someone in the room.
"""

from __future__ import annotations

from datetime import date

from store.frozen import record

# status key, key the chair presses, words
REVIEW_STATUSES: tuple[tuple[str, str, str], ...] = (
    ("complete", "c", "Complete"),
    ("in-progress", "p", "In progress"),
    ("not-possible", "x", "Not possible (circumstances changed)"),
    ("not-done", "d", "Not done (agency)"),
)
REVIEW_WORDS = {status: words for status, _, words in REVIEW_STATUSES}
# An action not done, or no longer possible, needs a reason on the record.
NOTE_REQUIRED = frozenset({"not-possible", "not-done"})
STILL_OPEN = frozenset({"open", "in-progress", "not-done"})
CLOSING = frozenset({"complete", "not-possible"})


@record
class ReviewProblem:
    """Why an update cannot be saved: the field and what to do."""

    field: str
    message: str


def review_problems(
    *, status: str, note: str, given_by_id: int | None, in_room: frozenset[int] | set[int]
) -> list[ReviewProblem]:
    """Every reason the update cannot be stored; empty when it can."""
    problems: list[ReviewProblem] = []
    if status not in REVIEW_WORDS:
        problems.append(
            ReviewProblem(
                "status", "Status: choose complete, in progress, not possible or not done."
            )
        )
    if given_by_id is None:
        problems.append(
            ReviewProblem("given_by", "Given by: choose who in the room gave the update.")
        )
    elif given_by_id not in in_room:
        problems.append(
            ReviewProblem("given_by", "Given by: that person is not in the room for this update.")
        )
    if status in NOTE_REQUIRED and not note.strip():
        problems.append(
            ReviewProblem(
                "note",
                "Note: say why the action was not done or is no longer possible.",
            )
        )
    return problems


def is_overdue(due: date | None, status: str, *, today: date) -> bool:
    """An open action whose due date has passed."""
    return due is not None and due < today and status in STILL_OPEN


def days_overdue(due: date | None, *, today: date) -> int:
    """How many days past due (0 when not overdue or no date)."""
    if due is None or due >= today:
        return 0
    return (today - due).days

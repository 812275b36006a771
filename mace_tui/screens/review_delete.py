"""Deleting a recording past retention: whether it may go, then "are you sure", then why."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from mace_tui.screens.modals import ConfirmModal, ReasonModal

if TYPE_CHECKING:
    from mace_tui.app import MaceApp
    from mace_tui.review.listed import ListedRecording
    from mace_tui.review.periods import Retention


def refusal(item: ListedRecording, retention: Retention, today: date) -> str | None:
    """Why this recording cannot be deleted today, or None when it can."""
    from mace_tui.review.periods import RETENTION_SETTING, is_expired, kept_until
    from mace_tui.review.words import days_text

    days = retention.days_for(item.row.profile)
    if days is None:
        return (
            f"No retention period is set for {item.row.profile} recordings "
            f"({RETENTION_SETTING}); nothing can be deleted."
        )
    if item.row.state == "deleted":
        return "This recording's file was already deleted."
    if not is_expired(item.row, today=today, days=days):
        until = kept_until(item.row.meeting_date, days)
        return f"Kept until {until:%d %b %Y} ({days_text(days)}); it can be deleted after that."
    return None


def ask_to_delete(
    app: MaceApp, item: ListedRecording, what: str, days: int, then: Callable[[str], None]
) -> None:
    """Ask "delete for good?" (No focused), then a reason; ``then(reason)`` when both given."""
    from mace_tui.review.words import days_text

    def confirmed(yes: bool | None) -> None:
        if yes:
            app.push_screen(
                ReasonModal(
                    "Reason for deleting",
                    "Why is it deleted? The reason is kept in the audit log.",
                    value=f"Past the retention period of {days_text(days)}",
                ),
                reasoned,
            )
        else:
            app.notify("Nothing was deleted.")

    def reasoned(reason: str | None) -> None:
        if reason:
            then(reason)
        else:
            app.notify("Nothing was deleted.")

    app.push_screen(
        ConfirmModal(
            "Delete this recording?",
            f"The audio file of {what}, {item.row.meeting_date:%d %b %Y}, is deleted for good. "
            "Its entry, its SHA-256 and the audit trail are kept.",
            yes="Delete",
            destructive=True,
        ),
        confirmed,
    )

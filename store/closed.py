"""A finished meeting's record is closed (R20): its actions, notes and grades change only by
an amendment (``mace_tui.chair.amend``), which issues the log's next version.

The store's own save and delete functions call ``refuse_if_ended`` before writing, so
no screen or script can change an ended meeting behind the issued log's back.
"""

from __future__ import annotations

from sqlmodel import Session

from store.errors import UserError
from store.models import Meeting

# A meeting in one of these states has issued its log.
ENDED = ("finished", "inquorate")


def refuse_if_ended(
    session: Session, *, meeting_id: int, what: str, error: type[UserError] = UserError
) -> None:
    """Raise ``error`` when the meeting has ended; ``what`` names the row ("a note")."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is not None and meeting.status in ENDED:
        raise error(
            f"This meeting has ended and its log is out: {what} changes only by amending "
            "the log (n on the action log), which issues a new version."
        )


__all__ = ["ENDED", "refuse_if_ended"]

"""Stale saves: a seat saving a row another seat has changed since it read it (R25).

Notes, actions, gradings and agenda items carry a ``version`` (store.models.Versioned).
A save names the version it was made from; if the stored row has moved on, the save is
refused with ``StaleSave``, which carries both versions for the seat to show and choose
from. Never "last write wins". A race between the check and the write is caught by the
database itself (``UPDATE … WHERE version = …`` updates nothing) and refused the same way.
"""

from __future__ import annotations

from typing import Any

from store.errors import UserError
from store.frozen import record


@record
class Saved:
    """A row written: its id and its version now."""

    id: int
    version: int


class StaleSave(UserError):
    """A save made from an older version than the one stored; nothing was written.

    ``theirs`` is the stored row as a record (what another seat saved), ``their_version``
    its version; ``your_version`` is the version the refused save was made from.
    The message holds no text of either version (it may reach a log); screens show
    ``theirs`` beside what the user typed.
    """

    def __init__(
        self, *, what: str, row_id: int, their_version: int, your_version: int, theirs: Any
    ) -> None:
        self.what = what
        self.row_id = row_id
        self.their_version = their_version
        self.your_version = your_version
        self.theirs = theirs
        super().__init__(
            f"This {what} was changed on another seat while you had it open (you started from "
            f"version {your_version}; the saved one is now version {their_version}). Nothing "
            "was overwritten: choose which to keep."
        )


class ChangedMeanwhile(UserError):
    """Another seat changed the same row in the same moment; this change was not made."""

    def __init__(self) -> None:
        super().__init__(
            "Another seat changed this at the same moment, so your change was not made and "
            "nothing was overwritten. Look at it again and repeat the step if it is still needed."
        )


def check(*, what: str, row_id: int, stored: int, expected: int | None, theirs: Any) -> None:
    """Refuse a save made from ``expected`` when the row is at ``stored`` (None: no check)."""
    if expected is not None and expected != stored:
        raise StaleSave(
            what=what, row_id=row_id, their_version=stored, your_version=expected, theirs=theirs
        )

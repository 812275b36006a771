"""Saves another seat got to first (R25): the grading's saver, and both versions in words.

A refused save is never retried over the other seat's version: the seat is shown
both and chooses (keep theirs, keep mine, or for a note keep both). These are the
plain records and savers the screens use; the choosing is on screen (screens/stale.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from mace_tui.chair.autosave import Autosave
from mace_tui.chair.notes import StaleNote
from store.frozen import record

if TYPE_CHECKING:
    from store.db import Store
    from store.records import ActionDetail, GradingRecord


@record
class Versions:
    """Both versions of one row, as lines to show side by side."""

    what: str
    theirs: str
    mine: str
    their_version: int
    your_version: int
    both_allowed: bool = False


def note_versions(stale: StaleNote) -> Versions:
    """A note: who gave it, fact or opinion, and its text, for each side."""

    def lines(author: str, kind: str, text: str) -> str:
        return f"{author or 'no agency'} · {kind}\n{text}"

    return Versions(
        "note",
        lines(stale.theirs.author or stale.theirs.agency, stale.theirs.kind, stale.theirs.text),
        lines(stale.mine.author, stale.mine.kind, stale.mine.text),
        stale.their_version,
        stale.your_version,
        both_allowed=True,
    )


def _grading_lines(record: GradingRecord | None) -> str:
    if record is None:
        return "(no grade)"
    outcome = f" · {record.outcome}" if record.outcome else ""
    return f"{record.grade}{outcome}\n{record.rationale}"


def _action_lines(text: str, owner: str, due: object) -> str:
    return f"{text}\nOwner: {owner or '—'} · due {due or '—'}"


@record
class StaleGrading:
    """A grading save refused: ours, theirs (None if theirs was taken away), both versions."""

    mine: GradingRecord
    theirs: GradingRecord | None
    their_version: int
    your_version: int

    def versions(self) -> Versions:
        return Versions(
            "grading",
            _grading_lines(self.theirs),
            _grading_lines(self.mine),
            self.their_version,
            self.your_version,
        )


def action_versions(
    theirs: ActionDetail, *, text: str, owner: str, due: object, your_version: int
) -> Versions:
    """An action: what, who and when, for each side."""
    return Versions(
        "action",
        _action_lines(theirs.text, theirs.owner, theirs.due),
        _action_lines(text, owner, due),
        theirs.version,
        your_version,
    )


class GradingSaver(Autosave["GradingRecord"]):
    """Saves the grade as it is chosen, each save made over the version last read or
    written; one refused (another seat saved first) waits in ``take_stale``."""

    def __init__(self, store: Store, *, version: int, clock: Callable[[], datetime]) -> None:
        super().__init__(self._write)
        self._store = store
        self._clock = clock
        self.version = version
        self._stale: StaleGrading | None = None

    def take_stale(self) -> StaleGrading | None:
        """The refused save, once (None if there is none)."""
        stale, self._stale = self._stale, None
        return stale

    def _write(self, record: GradingRecord) -> None:
        from store import discussion
        from store.versions import StaleSave

        with self._store.session() as session:
            try:
                self.version = discussion.save_grading(
                    session, record=record, at=self._clock(), expected_version=self.version
                )
            except StaleSave as stale:
                self._stale = StaleGrading(
                    record, stale.theirs, stale.their_version, stale.your_version
                )

"""THRIVE notes as the chair types them, and saving them in order (R5)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from mace_tui.chair.autosave import Autosave
from store.frozen import record

if TYPE_CHECKING:
    from store.db import Store
    from store.records import NoteRecord


@record
class NoteDraft:
    """A note on screen; ``key`` is ours until the store gives it an id.

    A note is attributed to an agency, and may name the person in the room
    who gave it (never someone with a conflict for the child, R3).
    """

    key: int
    note_id: int | None
    section: str
    agency_id: int | None
    agency: str
    kind: str
    text: str
    person_id: int | None = None
    person: str = ""
    # The stored version this text was read from or written over (R25); 0: never stored.
    version: int = 0

    @classmethod
    def of(cls, key: int, note: NoteRecord, names: Mapping[int, str] | None = None) -> NoteDraft:
        """A draft of a stored note (``names``: people's names by id, for the author)."""
        person = (names or {}).get(note.person_id, "") if note.person_id is not None else ""
        return cls(
            key,
            note.id,
            note.section,
            note.agency_id,
            note.agency,
            note.kind,
            note.text,
            note.person_id,
            person,
            note.version,
        )

    @property
    def author(self) -> str:
        """``Bea Mockford, Sampleton Community Health`` or just the agency."""
        if self.person:
            return f"{self.person}, {self.agency}" if self.agency else self.person
        return self.agency


@record
class StaleNote:
    """A save refused because another seat saved the note first (R25): both versions."""

    mine: NoteDraft
    theirs: NoteDraft
    their_version: int
    your_version: int


class NotesSaver:
    """Writes the newest version of every changed note; keeps ids for new ones.

    Each save names the version it was made from; one refused because another seat
    saved the note first is kept aside (``take_stale``) with both versions, for the
    screen to ask which to keep; it is never retried over theirs.
    """

    def __init__(self, store: Store, *, item_id: int, clock: Callable[[], datetime]) -> None:
        self._store = store
        self._item_id = item_id
        self._clock = clock
        self._ids: dict[int, int] = {}
        self._ids_lock = threading.Lock()
        self._pending: dict[int, Autosave[NoteDraft]] = {}
        self._versions: dict[int, int] = {}  # by draft key: the version this seat last wrote
        self._stale: dict[int, StaleNote] = {}

    def put(self, draft: NoteDraft) -> None:
        """Remember the newest version of a note (UI thread)."""
        saver = self._pending.get(draft.key)
        if saver is None:
            saver = self._pending[draft.key] = Autosave(self._write)
        saver.put(draft)

    def saved_ids(self) -> dict[int, int]:
        """The store's id of each note this seat has saved, by draft key."""
        with self._ids_lock:
            return dict(self._ids)

    def pending_keys(self) -> set[int]:
        """Keys of the notes with a typed change not yet written."""
        return {key for key, saver in list(self._pending.items()) if saver.dirty}

    @property
    def dirty(self) -> bool:
        """True while a typed change is not yet written."""
        return any(saver.dirty for saver in list(self._pending.values()))

    def flush(self) -> dict[int, int]:
        """Write every pending note (worker thread); returns ids of notes created so far."""
        failed: Exception | None = None
        for saver in list(self._pending.values()):
            try:
                saver.flush()
            except Exception as exc:  # one refused note must not hold the others back
                failed = failed or exc
        if failed is not None:
            raise failed
        with self._ids_lock:
            return dict(self._ids)

    def take_stale(self) -> list[StaleNote]:
        """Saves refused since last asked (another seat saved first), oldest first."""
        with self._ids_lock:
            found, self._stale = list(self._stale.values()), {}
        return found

    def _expected(self, draft: NoteDraft, note_id: int | None) -> int | None:
        """The version this text was made from: the newer of what the screen read and what
        this seat last wrote (None for a note this seat is creating)."""
        if note_id is None:
            return None
        with self._ids_lock:
            known = max(draft.version, self._versions.get(draft.key, 0))
        return known or None

    def _write(self, draft: NoteDraft) -> None:
        from store import conflicts, discussion
        from store.versions import StaleSave

        with self._ids_lock:
            note_id = draft.note_id or self._ids.get(draft.key)
        with self._store.session() as session:
            # A person with a conflict for this child cannot be named as a note's author (R3);
            # a note they gave before declaring it keeps its author when its text is edited.
            from store.models import ThriveNote

            stored = session.get(ThriveNote, note_id) if note_id is not None else None
            if stored is None or stored.person_id != draft.person_id:
                conflicts.check_may_take_part(
                    session, item_id=self._item_id, person_id=draft.person_id, as_what="author"
                )
            try:
                saved = discussion.save_note_checked(
                    session,
                    note_id=note_id,
                    item_id=self._item_id,
                    section=draft.section,
                    agency_id=draft.agency_id,
                    person_id=draft.person_id,
                    kind=draft.kind,
                    text=draft.text,
                    at=self._clock(),
                    expected_version=self._expected(draft, note_id),
                )
            except StaleSave as stale:
                theirs = NoteDraft.of(draft.key, stale.theirs)
                with self._ids_lock:
                    self._stale[draft.key] = StaleNote(
                        draft, theirs, stale.their_version, stale.your_version
                    )
                return
        with self._ids_lock:
            self._ids[draft.key] = saved.id
            self._versions[draft.key] = saved.version

    def delete(self, draft: NoteDraft) -> None:
        """Remove a note (worker thread), waiting for any save of it first."""
        saver = self._pending.pop(draft.key, None)
        if saver is not None:
            saver.flush()
        with self._ids_lock:
            note_id = draft.note_id or self._ids.get(draft.key)
        if note_id is None:
            return
        from store import discussion

        with self._store.session() as session:
            discussion.delete_note(session, note_id=note_id)


def keep_theirs(stale: StaleNote) -> NoteDraft:
    """The note as the other seat saved it, to show in place of ours."""
    same_author = stale.theirs.person_id == stale.mine.person_id
    return replace(stale.theirs, person=stale.mine.person if same_author else "")


def keep_mine(stale: StaleNote) -> NoteDraft:
    """Our text again, now made over their version (saving it replaces theirs, knowingly)."""
    return replace(stale.mine, version=stale.their_version)


def keep_both(stale: StaleNote, new_key: int) -> tuple[NoteDraft, NoteDraft]:
    """Theirs stays where it was; ours becomes a new note beside it."""
    mine = replace(stale.mine, key=new_key, note_id=None, version=0)
    return keep_theirs(stale), mine


def with_text(draft: NoteDraft, text: str) -> NoteDraft:
    """The same note with new text."""
    return replace(draft, text=text)

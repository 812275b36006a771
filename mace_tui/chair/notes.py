"""THRIVE notes as the chair types them, and saving them in order (R5)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from mace_tui.chair.autosave import Autosave

if TYPE_CHECKING:
    from store.db import Store
    from store.records import NoteRecord


@dataclass(frozen=True)
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
        )

    @property
    def author(self) -> str:
        """``Bea Mockford, Sampleton Community Health`` or just the agency."""
        if self.person:
            return f"{self.person}, {self.agency}" if self.agency else self.person
        return self.agency


class NotesSaver:
    """Writes the newest version of every changed note; keeps ids for new ones."""

    def __init__(self, store: Store, *, item_id: int, clock: Callable[[], datetime]) -> None:
        self._store = store
        self._item_id = item_id
        self._clock = clock
        self._ids: dict[int, int] = {}
        self._ids_lock = threading.Lock()
        self._pending: dict[int, Autosave[NoteDraft]] = {}

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

    def _write(self, draft: NoteDraft) -> None:
        from store import conflicts, discussion

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
            saved = discussion.save_note(
                session,
                note_id=note_id,
                item_id=self._item_id,
                section=draft.section,
                agency_id=draft.agency_id,
                person_id=draft.person_id,
                kind=draft.kind,
                text=draft.text,
                at=self._clock(),
            )
        with self._ids_lock:
            self._ids[draft.key] = saved

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


def with_text(draft: NoteDraft, text: str) -> NoteDraft:
    """The same note with new text."""
    return replace(draft, text=text)

"""Typing a note on an other item (R19), kept as it is typed so a crash loses nothing (R5).

The case screen's own machinery does it: each change goes to a ``NotesSaver`` and is
written on the app's ordered queue at the ``SavePace`` (after a short pause, and never
more than half a second after the first unsaved key), as a note with no agency yet.
Enter asks the agency and finishes that same note; Escape on a new note drops it. A note
kept that way before the app closed is shown again by ``a`` to be finished.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING

from textual.timer import Timer

from mace_tui.chair import free
from mace_tui.chair.autosave import SavePace
from mace_tui.chair.notes import NoteDraft, NotesSaver
from mace_tui.screens.base import MaceScreen
from mace_tui.screens.free_note import NoteModal
from mace_tui.screens.modals import ChoiceModal

if TYPE_CHECKING:
    from mace_tui.chair.free import FreeView
    from store.records import NoteRecord


class FreeTyping(MaceScreen[str | None]):
    """The note part of the other-item screen (which sets ``view`` and gives ``_reload``)."""

    meeting_id: int
    item_id: int
    view: FreeView | None

    def __init__(self) -> None:
        super().__init__()
        self._saver: NotesSaver | None = None
        self._typing: NoteDraft | None = None
        self._keys = 0
        # The note being typed was kept before the app closed (Escape leaves it, never drops it).
        self._kept = False
        self._pace = SavePace()
        self._save_timer: Timer | None = None

    def _reload(self, then: str = "") -> None:
        """Read the item again, then say ``then`` (the screen's)."""
        raise NotImplementedError

    def action_note(self) -> None:
        """Write a note, mark it fact or opinion, then say which agency it comes from."""
        self._type_note(None)

    def action_finish_kept(self) -> None:
        """Finish a note kept as it was typed before the app closed: shown again to check,
        then its agency is asked."""
        if self.view is not None and self.view.unfinished:
            self._type_note(self.view.unfinished[0])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "finish_kept":
            return self.view is not None and bool(self.view.unfinished)
        return super().check_action(action, parameters)

    def _type_note(self, kept: NoteRecord | None) -> None:
        store = self.app.store
        if store is None or self.view is None:
            return
        self._keys += 1
        self._kept = kept is not None
        self._saver = NotesSaver(store, item_id=self.item_id, clock=self.app.clock)
        self._typing = NoteDraft(
            key=self._keys, note_id=kept.id if kept else None, section=free.NOTES,
            agency_id=None, agency="", kind=kept.kind if kept else "fact",
            text=kept.text if kept else "", version=kept.version if kept else 0,
        )  # fmt: skip
        self.app.push_screen(
            NoteModal(
                on_typed=self._typed,
                text=self._typing.text,
                kind=self._typing.kind,
                recovered=kept is not None,
                classes="modal",
            ),
            self._note_written,
        )

    def _typed(self, kind: str, text: str) -> None:
        """Keep what is typed so far (a note with no agency yet); emptied, it goes."""
        saver, draft = self._saver, self._typing
        if saver is None or draft is None or (kind, text) == (draft.kind, draft.text):
            return
        if text or not draft.text:
            self._typing = replace(draft, kind=kind, text=text)
            if text:
                saver.put(self._typing)
                self._schedule_save()
            return
        # Emptied: what was kept of it goes; typing again starts a new note.
        self._keys += 1
        self._typing = replace(draft, key=self._keys, note_id=None, version=0, text="", kind=kind)
        self.write("free-draft", lambda: free.drop_typed(saver, draft))

    def _schedule_save(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        delay = self._pace.touch(time.monotonic())
        if delay <= 0:  # overdue (a busy machine runs keys late): now
            self.save_typing()
            return
        self._save_timer = self.set_timer(delay, self.save_typing)

    def save_typing(self) -> None:
        """Queue a write of the note as typed so far (the newest text wins)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        self._pace.saved()
        saver = self._saver
        if saver is not None and saver.dirty:
            self.write("free-draft", saver.flush)

    def _note_written(self, written: tuple[str, str] | None) -> None:
        if not written or self.view is None or self._typing is None:
            self._give_up()
            return
        kind, text = written
        self._typing = replace(self._typing, kind=kind, text=text)
        self.save_typing()  # kept while the agency is asked
        present = {p.agency_id: p.agency for p in self.view.owners}
        choices = [(name, agency_id) for agency_id, name in present.items()] or [
            (a.name, a.id) for a in self.view.agencies
        ]
        self.app.push_screen(
            ChoiceModal("Which agency said it?", choices),
            lambda agency_id: self._give_up() if agency_id is None else self._save_note(agency_id),
        )

    def _done_typing(self) -> tuple[NotesSaver | None, NoteDraft | None]:
        """The note being typed, no longer typed: no save is due for it any more."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        self._pace.saved()
        saver, draft = self._saver, self._typing
        self._saver = self._typing = None
        return saver, draft

    def _give_up(self) -> None:
        """Escape: a new note goes; one kept before the app closed stays as it was typed."""
        saver, draft = self._done_typing()
        if saver is None or draft is None:
            return
        if self._kept:
            self.write("free-draft", saver.flush, done=lambda _: self._reload())
        else:
            self.write("free-draft", lambda: free.drop_typed(saver, draft))

    def _save_note(self, agency_id: int) -> None:
        saver, draft = self._done_typing()
        if saver is None or draft is None:
            return
        item_id, meeting_id, at = self.item_id, self.meeting_id, self.app.clock()
        self.chair_write(
            "free-note",
            lambda store, seat: free.finish_note(
                store,
                saver=saver,
                draft=draft,
                item_id=item_id,
                agency_id=agency_id,
                meeting_id=meeting_id,
                at=at,
                seat=seat,
            ),
            done=lambda _: self._reload("Note saved."),
        )


__all__ = ["FreeTyping"]

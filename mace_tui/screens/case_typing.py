"""Saving what is typed on the case screen, and who gave a note (R15, R25).

A note or a grade is saved after a short pause in typing and never more than half a
second after the first unsaved keystroke (SavePace), and at once on leaving a field, a
tab or the screen: each save is a write on the app's one ordered queue, so closing,
deferring and ending come after it. A save another seat made first is offered as a
choice (theirs, mine, or for a note both).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual import events, on

from mace_tui.screens.case_base import CaseBase
from mace_tui.screens.case_panes import grading_pane, research_pane, thrive_pane
from mace_tui.widgets.pane_tabs import PaneTabs

if TYPE_CHECKING:
    from mace_tui.chair.notes import NotesSaver, StaleNote
    from mace_tui.chair.stale import GradingSaver, StaleGrading
    from mace_tui.widgets.grading_pane import GradingPane
    from mace_tui.widgets.thrive_pane import ThrivePane
    from store.records import AgencyRecord, AttendanceRecord


def flush_typing(notes: NotesSaver | None, grading: GradingSaver | None) -> None:
    """Write the newest typed text (on the writer thread)."""
    if notes is not None:
        notes.flush()
    if grading is not None:
        grading.flush()


class CaseTyping(CaseBase):
    """Save-as-you-type and the choice of a note's author."""

    def on_thrive_pane_note_changed(self, event: ThrivePane.NoteChanged) -> None:
        if self.notes_saver is not None:
            self.notes_saver.put(event.draft)
            self._schedule_save()

    def on_grading_pane_grading_changed(self, event: GradingPane.GradingChanged) -> None:
        if self.grading_saver is not None:
            self.grading_saver.put(event.grading)
            self._schedule_save()

    def _schedule_save(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        delay = self._pace.touch(time.monotonic())
        if delay <= 0:
            # Overdue (a busy machine runs keys late): save now. A timer of 0 s never fires
            # in Textual, and restarting it on every key would put the save off for ever.
            self.save_typing()
            return
        self._save_timer = self.set_timer(delay, self.save_typing)

    def save_typing(self) -> None:
        """Queue a write of what was typed and not yet saved (the newest text wins)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        self._pace.saved()
        notes, grading = self.notes_saver, self.grading_saver
        if (notes is not None and notes.dirty) or (grading is not None and grading.dirty):
            self.write("typing", lambda: flush_typing(notes, grading), done=self.typing_saved)

    def on_descendant_blur(self, _event: events.DescendantBlur) -> None:
        # Leaving a field saves it at once.
        self.save_typing()

    @on(PaneTabs.TabActivated)
    def _tab_left(self) -> None:
        self.save_typing()

    def on_screen_suspend(self) -> None:
        self.save_typing()

    # -- another seat saved first (R25) ------------------------------------------------------
    def typing_saved(self, _: object = None) -> None:
        """After a save of what was typed: ask about any note or grade another seat saved first."""
        from mace_tui.chair.stale import note_versions
        from mace_tui.screens.stale import StaleChoiceModal

        notes, grading = self.notes_saver, self.grading_saver
        for stale in notes.take_stale() if notes is not None else []:
            self.app.push_screen(
                StaleChoiceModal(note_versions(stale)),
                lambda choice, stale=stale: self._note_chosen(stale, choice),
            )
        stale_grade = grading.take_stale() if grading is not None else None
        if stale_grade is not None:
            self.app.push_screen(
                StaleChoiceModal(stale_grade.versions()),
                lambda choice: self._grading_chosen(stale_grade, choice),
            )

    def _note_chosen(self, stale: StaleNote, choice: str | None) -> None:
        from mace_tui.chair.notes import keep_both, keep_mine, keep_theirs

        saver, pane = self.notes_saver, thrive_pane(self)
        if saver is None:
            return
        if choice == "mine":
            mine = keep_mine(stale)
            pane.put_back(mine)
            saver.put(mine)
            self.say("Your note is kept: it replaces the other seat's version.")
        elif choice == "both":
            theirs, mine = keep_both(stale, pane.next_key)
            pane.put_back(theirs, added=mine)
            saver.put(mine)
            self.say("Both kept: yours is saved as a new note beside theirs.")
        else:
            pane.put_back(keep_theirs(stale))
            self.say("The other seat's note is kept; yours was not saved.")
        self.save_typing()

    def _grading_chosen(self, stale: StaleGrading, choice: str | None) -> None:
        from dataclasses import replace

        saver, case = self.grading_saver, self.case
        if saver is None or case is None:
            return
        saver.version = stale.their_version
        kept = stale.mine if choice == "mine" else stale.theirs
        if choice == "mine":
            saver.put(replace(stale.mine, version=stale.their_version))
            self.save_typing()
        grading_pane(self).load(
            kept,
            item_id=case.item_id,
            propose=case.routing,
            risk_scale=self.app.profile.risk_scale,
            last_medium=case.summary.last_medium,
        )
        self.say("Your grade is kept." if choice == "mine" else "The other seat's grade is kept.")

    # -- who gave a note -----------------------------------------------------------------------
    def on_thrive_pane_citation_wanted(self) -> None:
        """Cite one of the child's research contributions in the note being typed (R23)."""
        research_pane(self).pick_citation(thrive_pane(self).insert_citation)

    def on_thrive_pane_author_wanted(self, event: ThrivePane.AuthorWanted) -> None:
        """A person in the room (not one with a conflict, R3) or an agency."""
        if self.case is None:
            return
        case = self.case
        present = {p.agency_id for p in case.taking_part}
        agencies = sorted(case.agencies, key=lambda a: (a.id not in present, a.name))
        pane = thrive_pane(self)
        choices: list[tuple[str, AttendanceRecord | AgencyRecord | str]] = [
            (f"{p.name} — {p.agency}", p) for p in case.taking_part
        ]
        choices += [
            (f"{c.name} — out (conflict): cannot be the author", c.name)
            for c in case.conflicts
            if c.active
        ]
        choices += [
            (f"{a.name}{'' if a.id in present else '  (not present)'}", a) for a in agencies
        ]

        def chosen(choice: AttendanceRecord | AgencyRecord | str | None) -> None:
            from store.records import AttendanceRecord

            if isinstance(choice, str):
                message = f"{choice} has a conflict for this child and cannot be a note's author."
                self.say(message)
                self.notify(message, severity="warning")
            elif isinstance(choice, AttendanceRecord):
                pane.set_author(choice.person_id, choice.name, choice.agency_id, choice.agency)
            elif choice is not None:
                pane.set_agency(choice.id, choice.name)
            pane.edit_last() if pane.editing is None else self.query_one("#note-editor").focus()

        from mace_tui.screens.modals import ChoiceModal

        self.app.push_screen(
            ChoiceModal(
                "Who gave this information?",
                choices,
                prompt="Someone in the room, or only their agency.",
            ),
            chosen,
        )


__all__ = ["CaseTyping", "flush_typing"]

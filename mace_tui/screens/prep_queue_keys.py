"""The preparation queue's keys: add a child, change why they are there, move, remove and
put back, record a known conflict, open the research. A mixin for ``PrepScreen``."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.markup import escape

from mace_tui.prep.concern_words import KIND_WORDS
from mace_tui.screens.prep_base import PANEL_TAB, PrepBase, edits

if TYPE_CHECKING:
    from mace_tui.prep.fields import ChildDetails, ItemDetails
    from mace_tui.screens.prep_add import ChildPick
    from mace_tui.screens.prep_people import PersonPick


class PrepQueueKeys(PrepBase):
    """What the coordinator does to the queue's entries (each edit saved as it is made)."""

    def action_add(self) -> None:
        """Search for a child to add, or record a new one."""
        from mace_tui.screens.prep_add import ChildSearchScreen

        if self.view is None:
            return
        on_queue = frozenset(
            s.entry.child_id for s in self.view.queue if s.entry.child_id is not None
        )
        self.app.push_screen(
            ChildSearchScreen(on_queue=on_queue, meeting_date=self.view.target.meeting_date),
            self._child_picked,
        )

    def _child_picked(self, pick: ChildPick | None) -> None:
        from mace_tui.screens.prep_add import ItemFormScreen, NewChildScreen

        if pick is None or self.view is None:
            return
        if pick.child_id is None:
            self.app.push_screen(
                NewChildScreen(meeting_date=self.view.target.meeting_date, typed=pick.typed),
                self._new_child_entered,
            )
            return
        self.app.push_screen(
            ItemFormScreen(child_label=pick.label),
            partial(self._add_entered, child_id=pick.child_id, new_child=None),
        )

    def _new_child_entered(self, child: ChildDetails | None) -> None:
        from mace_tui.screens.prep_add import ItemFormScreen

        if child is None:
            return
        self.app.push_screen(
            ItemFormScreen(child_label=child.name),
            partial(self._add_entered, child_id=None, new_child=child),
        )

    def _add_entered(
        self, details: ItemDetails | None, *, child_id: int | None, new_child: ChildDetails | None
    ) -> None:
        if details is None or self.target is None:
            return
        at = self._now()
        self.save(
            edits().add(
                self.target,
                details=details,
                at=at,
                child_id=child_id,
                new_child=new_child,
                note=self._late_note(at),
            )
        )

    def action_edit(self) -> None:
        """Change the highlighted child's referral source, types and reason."""
        from mace_tui.prep.fields import ItemDetails
        from mace_tui.screens.prep_add import ItemFormScreen

        summary = self._highlighted()
        if summary is None or self.view is None or not self.view.editable:
            return
        entry = summary.entry
        if entry.is_free:
            self.edit_free(entry)
            return
        current = ItemDetails(
            referral_source=entry.referral_source,
            exploitation_types=tuple(t for t in entry.exploitation_types.split(",") if t),
            reason=entry.reason,
        )
        self.app.push_screen(
            ItemFormScreen(child_label=entry.name, current=current),
            partial(self._edit_entered, item_id=entry.item_id),
        )

    def _edit_entered(self, details: ItemDetails | None, *, item_id: int) -> None:
        if details is not None and self.target is not None:
            self.save(edits().change(self.target, item_id=item_id, details=details))

    def action_move(self, offset: int) -> None:
        """Move the highlighted child up or down the queue."""
        item_id = self._current_item()
        if item_id is not None and self.target is not None:
            self.save(edits().move(self.target, item_id=item_id, offset=offset))

    def action_remove(self) -> None:
        """Remove the highlighted child, invitation or conflict (after a confirmation)."""
        from mace_tui.screens.modals import ConfirmModal

        if self._active_tab() == PANEL_TAB:
            self._remove_from_panel()
            return
        summary = self._highlighted()
        if summary is None or self.view is None or not self.view.editable:
            return
        at = self._now()
        self.app.push_screen(
            ConfirmModal(
                f"Take {summary.entry.name} off the queue?",
                "You can put them back with u (undo)."
                + self._late_note(at, was_late=summary.entry.late_change),
                yes="Remove",
                no="Keep",
                destructive=True,
            ),
            partial(
                self._remove_confirmed,
                item_id=summary.entry.item_id,
                was_late=summary.entry.late_change,
            ),
        )

    def _remove_confirmed(self, confirmed: bool | None, *, item_id: int, was_late: bool) -> None:
        if not confirmed or self.target is None:
            return
        at = self._now()
        note = self._late_note(at, was_late=was_late)
        self.save(edits().remove(self.target, item_id=item_id, at=at, note=note))

    def action_undo(self) -> None:
        """Put the last removed child back on the queue."""
        if self.target is not None:
            self.save(edits().undo_removal(self.target, at=self._now()))

    def action_conflict(self) -> None:
        """Record that someone has a conflict of interest for the highlighted child."""
        from mace_tui.screens.prep_people import PersonPickerScreen

        summary = self._highlighted()
        if summary is None or self.view is None:
            return
        item_id = summary.entry.item_id
        already = frozenset(c.person.id for c in self.view.conflicts_for(item_id))
        self.app.push_screen(
            PersonPickerScreen(
                title=f"Known conflict of interest for {escape(summary.entry.name)}",
                people=self.view.people,
                invited=frozenset(i.person.id for i in self.view.invitations),
                exclude=already,
                ask_reason=True,
            ),
            partial(self._conflict_entered, item_id=item_id),
        )

    def _conflict_entered(self, pick: PersonPick | None, *, item_id: int) -> None:
        if pick is None or self.target is None:
            return
        edit = edits().record_conflict(
            self.target,
            item_id=item_id,
            person_id=pick.person_id,
            reason=pick.reason,
            at=self._now(),
        )
        self.save(edit)

    def action_research(self) -> None:
        """Open the highlighted subject's research (R23): what agencies sent, who sent nothing."""
        from mace_tui.screens.research import ResearchScreen

        summary = self._highlighted()
        if summary is None or self.target is None:
            return
        entry = summary.entry
        self.app.push_screen(
            ResearchScreen(
                meeting_id=self.target.meeting_id,
                item_id=entry.item_id,
                child_label=f"{entry.name} ({entry.child_ref})"
                if entry.is_child
                else f"{entry.name} ({KIND_WORDS[entry.subject_kind]}, {entry.child_ref})",
                meeting_date=self.target.meeting_date,
            )
        )

"""The child's actions on the case screen: SMART actions agreed now (F4, R8) and the
update of actions from earlier meetings (F7, R12).

Each save is a write on the app's queue through a chair service; an action another seat
saved first is offered as a choice (R25).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mace_tui.screens.case_base import CaseBase
from mace_tui.screens.case_panes import actions_pane, earlier_pane

if TYPE_CHECKING:
    # The dialogs load when first opened: the case screen (the minute taker's first screen)
    # shows without them.
    from mace_tui.screens.action_editor import ActionInput
    from mace_tui.screens.action_review import ReviewInput
    from mace_tui.widgets.actions_pane import ActionsPane
    from mace_tui.widgets.carried_actions import CarriedActions
    from store.carryover import CarriedItem
    from store.versions import StaleSave


class CaseActions(CaseBase):
    """Actions agreed for the child, and the child's earlier actions."""

    # -- the child's actions from earlier meetings (R12) -------------------------------------
    def on_carried_actions_review_wanted(self, event: CarriedActions.ReviewWanted) -> None:
        from mace_tui.screens.action_review import ActionReviewModal, GiverChoice

        if self.case is None:
            return
        givers = [
            GiverChoice(p.person_id, p.name, p.agency_id, p.agency) for p in self.case.taking_part
        ]

        def given(result: ReviewInput | None) -> None:
            if result is not None:
                self.save_review(result)

        self.app.push_screen(
            ActionReviewModal(event.item, status=event.status, givers=givers), given
        )

    def save_review(self, result: ReviewInput) -> None:
        """Store the update, then re-read the child's earlier actions."""
        from mace_tui.chair.item_actions import review_earlier

        assert self.case is not None
        case, meeting_id, app, at = self.case, self.meeting_id, self.app, self.app.clock()
        entry = case.summary.entry

        def job() -> list[CarriedItem]:
            return review_earlier(
                app.require_store(),
                action_id=result.action_id,
                meeting_id=meeting_id,
                status=result.status,
                note=result.note,
                given_by_id=result.given_by_id,
                at=at,
                subject_kind=entry.subject_kind,
                subject_id=entry.subject_id,
            )

        self.write(
            "action-review",
            job,
            done=lambda earlier: self._earlier_loaded(case.item_id, earlier, result.action_id),
        )

    def _earlier_loaded(self, item_id: int, earlier: list[CarriedItem], updated: int) -> None:
        from dataclasses import replace

        if self.case is None or self.case.item_id != item_id:
            return
        self.case = replace(self.case, earlier=tuple(earlier))
        earlier_pane(self).show(earlier, today=self.app.today, updated=updated)
        left = sum(1 for a in earlier if a.review is None)
        self.say(
            f"Update saved. {left} still to update." if left else "Update saved. F2: THRIVE notes.",
            until_tab_change=True,
        )

    # -- actions -------------------------------------------------------------------------------------
    def on_actions_pane_edit_wanted(self, event: ActionsPane.EditWanted) -> None:
        from mace_tui.chair.disruption import tactics_for
        from mace_tui.screens.action_editor import ActionEditor, OwnerChoice

        if self.case is None:
            self.say("Start a child's discussion first (F9).")
            return
        # Someone with a conflict for this child cannot own its actions (R3).
        owners = [OwnerChoice(p.name, p.person_id, p.agency_id) for p in self.case.taking_part]
        present_agencies = {p.agency for p in self.case.taking_part}

        # The version the edit starts from: another seat's save heard while the editor is
        # open must still make this save stale, not be silently written over (R25).
        opened = event.action.version if event.action is not None else None

        def saved(result: ActionInput | None) -> None:
            if result is not None:
                self.save_action(result, expected=opened)

        self.app.push_screen(
            ActionEditor(
                action=event.action,
                kind=event.kind,
                today=self.app.today,
                owners=owners,
                agencies=self.case.agencies,
                present_agencies=present_agencies,
                excluded_owners=self.case.excluded_owners,
                tactics=tactics_for(self.case.summary.entry.subject_kind, self.app.profile),
                for_child=self.case.summary.entry.subject_kind == "child",
            ),
            saved,
        )

    def save_action(self, result: ActionInput, expected: int | None = None) -> None:
        """Save the action over the version it was edited from; if another seat saved it
        first, nothing is written and both versions are shown (R25)."""
        from mace_tui.chair.item_actions import save_item_action

        assert self.case is not None
        app, item_id, at = self.app, self.case.item_id, self.app.clock()
        version = self.action_version(result.action_id) if expected is None else expected
        fields = result.as_saved()

        def job() -> StaleSave | None:
            return save_item_action(
                app.require_store(), item_id=item_id, fields=fields, at=at, version=version
            )

        def done(stale: StaleSave | None) -> None:
            if stale is not None:
                self.ask_stale_action(stale, result)
            self.reload_actions()

        self.write("case-edit", job, done=done)

    def on_actions_pane_remove_wanted(self, event: ActionsPane.RemoveWanted) -> None:
        from mace_tui.screens.action_remove import confirm_remove

        confirm_remove(self, event.action, name="case-edit", done=lambda _: self.reload_actions())

    def reload_actions(self) -> None:
        """Read the child's actions again."""
        from mace_tui.chair.item_actions import item_actions

        if self.case is not None:
            item_id = self.case.item_id
            self.read(
                "case-actions",
                lambda store: item_actions(store, item_id=item_id),
                self.actions_loaded,
            )

    def actions_loaded(self, found: list[Any]) -> None:
        from dataclasses import replace

        if self.case is not None:
            self.case = replace(self.case, actions=tuple(found))
            actions_pane(self).show(
                found, today=self.app.today, excluded_owners=self.case.excluded_owners
            )

    # -- another seat saved first (R25) ------------------------------------------------------
    def action_version(self, action_id: int | None) -> int | None:
        """The version of the action as this screen last read it (None: a new action)."""
        if action_id is None or self.case is None:
            return None
        return next((a.version for a in self.case.actions if a.id == action_id), None)

    def ask_stale_action(self, stale: StaleSave, result: ActionInput) -> None:
        from mace_tui.chair.stale import action_versions
        from mace_tui.screens.stale import StaleChoiceModal

        versions = action_versions(
            stale.theirs,
            text=result.text,
            owner=result.owner,
            due=result.due,
            your_version=stale.your_version,
        )

        def chosen(choice: str | None) -> None:
            if choice == "mine":
                self.save_action(result, expected=stale.their_version)
                self.say("Your action is kept: it replaces the other seat's version.")
            else:
                self.reload_actions()
                self.say("The other seat's action is kept; yours was not saved.")

        self.app.push_screen(StaleChoiceModal(versions), chosen)


__all__ = ["CaseActions"]

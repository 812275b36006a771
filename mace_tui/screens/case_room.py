"""Who is in the room during a child's discussion (R1–R3): the room step again (F6), the
register (ctrl+g), and what a change in the room means for the child under discussion."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mace_tui.screens.case_base import CaseBase
from mace_tui.screens.case_panes import actions_pane, thrive_pane

if TYPE_CHECKING:
    from mace_tui.chair.room import RoomView
    from mace_tui.rules.conflicts import ChildRoom
    from mace_tui.screens.room import RoomOutcome


class CaseRoom(CaseBase):
    """The room and the register while a child is discussed."""

    def action_room(self) -> None:
        if self.not_driving():
            return
        if self.case is None:
            self.say("No child's discussion is open: F9 brings the next child up.")
            return
        item_id = self.case.item_id

        def decided(outcome: RoomOutcome | None) -> None:
            if outcome is not None and outcome.kind == "defer":
                self.defer_child(outcome.reason)
            else:
                self.refresh_room(item_id)

        from mace_tui.screens.room import RoomScreen

        self.app.push_screen(RoomScreen(item_id=item_id, started=True), decided)

    # -- the register during the meeting (R1) --------------------------------------------------
    def action_register(self) -> None:
        if self.not_driving():
            return
        from mace_tui.screens.register import RegisterScreen

        def back(_: None) -> None:
            if self.case is not None:
                self.refresh_room(self.case.item_id, offer=True)
            else:
                self.meeting_quorum_check()

        self.app.push_screen(RegisterScreen(meeting_id=self.meeting_id), back)

    def meeting_quorum_check(self) -> None:
        """Between children: say plainly if the meeting has lost quorum."""
        from mace_tui.chair.register import register_words

        meeting_id, profile = self.meeting_id, self.app.profile

        def said(words: str) -> None:
            if words:
                self.say(words)

        self.read(
            "case-room",
            lambda store: register_words(store, meeting_id=meeting_id, profile=profile),
            said,
        )

    def refresh_room(self, item_id: int, offer: bool = False) -> None:
        """Re-read who is in the room for this child after the room step or the register.

        A write, in order: an override written for a smaller gap than the child's quorum
        now has no longer stands, and is cleared (R2).
        """
        from mace_tui.chair.room import recheck_room

        app, profile = self.app, self.app.profile
        self.write(
            "refresh_room",
            lambda: recheck_room(app.require_store(), item_id=item_id, profile=profile),
            done=lambda view: self._room_changed(view, offer),
        )

    def adopt_room(self, people: Any, conflicts: Any, room: ChildRoom) -> None:
        """Show the open child's room as read: those out leave the note's authors and the
        actions' owners, and the header says who is out and what is missing."""
        from dataclasses import replace

        case = self.case
        assert case is not None
        self.case = case = replace(case, people=people, conflicts=conflicts, room=room)
        pane = thrive_pane(self)
        for person_id in case.conflicted:
            pane.drop_person(person_id)
        actions_pane(self).show(
            case.actions, today=self.app.today, excluded_owners=case.excluded_owners
        )
        self.show_header()

    def _room_changed(self, view: RoomView, offer: bool = False) -> None:
        case = self.case
        if case is None or case.item_id != view.item_id:
            return
        self.adopt_room(view.people, view.conflicts, view.room)
        room = view.room
        if not room.can_proceed and offer:
            # The register changed the room: the same three ways forward as a conflict.
            item_id = view.item_id

            def decided(outcome: RoomOutcome | None) -> None:
                if outcome is not None and outcome.kind == "defer":
                    self.defer_child(outcome.reason)
                else:
                    self.refresh_room(item_id)

            from mace_tui.screens.room import RoomScreen

            self.app.push_screen(RoomScreen(item_id=item_id, started=True, offer=True), decided)
        elif not room.can_proceed:
            self.say(f"{room.describe()}. F6: add a deputy or override · F10: defer the child.")
        elif view.out_names:
            self.say(f"Out for this child (conflict): {', '.join(view.out_names)}.")


__all__ = ["CaseRoom"]

"""Moving the meeting on from the case screen: the next child (F9, or Enter on the queue),
closing a discussion (F8, R6–R8), deferring it (F10) and ending the meeting (F12).

Each move is a chair service (mace_tui/chair/moves.py) run on the app's write queue after
what was typed; what the service returns decides what is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.widgets import DataTable

from mace_tui.screens.case_base import CaseBase
from mace_tui.screens.case_panes import grading_pane, thrive_pane
from mace_tui.screens.case_recorder import after_child
from mace_tui.widgets.pane_tabs import Pane, PaneTabs

if TYPE_CHECKING:
    from mace_tui.chair.closing import CloseProblem
    from store.records import MeetingRecord


class CaseMoves(CaseBase):
    """Next, close, defer, end."""

    @on(DataTable.RowSelected, "#case-queue")
    def queue_row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.state is None:
            return
        entry = self.state.queue[event.cursor_row]
        current = self.state.current
        if current is not None and current.item_id != entry.item_id:
            self.say(f"{current.name}'s discussion is open: close it (F8) or defer it (F10) first.")
            return
        if entry.status in ("done", "deferred"):
            self.say(f"{entry.name}'s discussion is already {entry.status}.")
            return
        if current is not None:
            self.open_child(entry.item_id)  # the open discussion itself: nothing to ask
            return
        self.start_item(entry.item_id)

    def action_next_child(self) -> None:
        if self.not_driving():
            return
        if self.state is None:
            return
        current = self.state.current
        if current is not None:
            self.say(f"{current.name}'s discussion is open: close it (F8) or defer it (F10) first.")
            return
        nxt = self.state.next_waiting
        if nxt is None:
            self.say("No child is waiting. Press F12 to end the meeting.")
            return
        self.start_item(nxt.item_id)

    # -- close (R6–R8) -----------------------------------------------------------------------
    def action_close_child(self) -> None:
        if self.not_driving():
            return
        if self.case is None:
            self.say("No child's discussion is open.")
            return
        self.close_child()

    def close_child(self) -> None:
        """Write what is pending, check the discussion can close (R6–R8), and close it."""
        from mace_tui.chair import moves

        assert self.case is not None and self.state is not None
        self.save_typing()  # queued first: the close comes after what was typed
        case, profile, today, at = self.case, self.app.profile, self.app.today, self.app.clock()
        left = self.state.left() - 1
        meeting_id = self.meeting_id

        def done(problems: list[CloseProblem]) -> None:
            if problems:
                self._cannot_close(problems)
            else:
                self.item_finished(f"{case.summary.entry.name}: discussion closed.", left)

        self.chair_write(
            "close-child",
            lambda store, seat: moves.close_child(
                store,
                case=case,
                meeting_id=meeting_id,
                profile=profile,
                today=today,
                at=at,
                seat=seat,
            ),
            done=done,
        )

    def _cannot_close(self, problems: list[CloseProblem]) -> None:
        tab = problems[0].tab  # None: the room is inquorate (F6 or defer)

        def back(_answer: object) -> None:
            # Into the tab itself: the cursor left in another tab would take its tab back.
            # A cursor already in that tab stays where it was (e.g. on the field before
            # the one the problem names).
            if tab is None or not self.is_current or self._focus_in_tab(tab):
                return
            self.action_tab(tab)

        from mace_tui.screens.modals import ConfirmModal

        self.app.push_screen(
            ConfirmModal(
                "Not ready to close",
                "\n".join(f"• {p.text}" for p in problems),
                yes="Back to it",
                no="Dismiss",
            ),
            back,
        )
        if tab is not None:
            self.query_one(PaneTabs).active = tab

    def _focus_in_tab(self, tab: str) -> bool:
        focused = self.focused
        return focused is not None and any(
            isinstance(node, Pane) and node.id == tab for node in focused.ancestors
        )

    def item_finished(self, message: str, left: int) -> None:
        """An item is closed or deferred (``left``: items still waiting after it): the
        recorder moves on, the screen forgets it and reads the queue again."""
        self.audio_step(lambda audio: after_child(audio, left))
        self.case = None
        self.notes_saver = None
        self.grading_saver = None
        thrive_pane(self).close()
        grading_pane(self).close()
        self.say(message)
        self.load_queue(done=message)

    # -- defer -----------------------------------------------------------------------------------
    def action_defer_child(self) -> None:
        if self.not_driving():
            return
        if self.case is None:
            self.say("No child's discussion is open.")
            return
        name = self.case.summary.entry.name

        def reason_given(reason: str | None) -> None:
            if reason:
                self.defer_child(reason)

        from mace_tui.screens.modals import ReasonModal

        self.app.push_screen(
            ReasonModal(f"Defer {name}", "Why is the discussion deferred to the next meeting?"),
            reason_given,
        )

    def defer_child(self, reason: str) -> None:
        """Move the child under discussion to the profile's next meeting with the reason."""
        assert self.case is not None
        self.defer_item(self.case.item_id, reason)

    def defer_item(self, item_id: int, reason: str) -> None:
        """Move a child to the profile's next meeting: the one under discussion (what is
        typed is written first), or one still waiting, from the room step (R2)."""
        from mace_tui.chair import moves

        assert self.state is not None
        state, profile = self.state, self.app.profile
        entry = next(e for e in state.queue if e.item_id == item_id)
        self.save_typing()  # queued first: the deferral comes after what was typed
        at, meeting_id = self.app.clock(), self.meeting_id

        def done(_: None) -> None:
            self.item_finished(f"{entry.name}: deferred to the next meeting.", state.left() - 1)

        self.chair_write(
            "defer-child",
            lambda store, seat: moves.defer_child(
                store,
                item_id=item_id,
                reason=reason,
                meeting_id=meeting_id,
                meeting_date=state.meeting.date,
                profile=profile,
                at=at,
                seat=seat,
            ),
            done=done,
        )

    # -- end ---------------------------------------------------------------------------------------
    def action_end_meeting(self) -> None:
        if self.not_driving():
            return
        if self.state is None:
            return
        if self.case is not None:
            self.say(
                f"{self.case.summary.entry.name}'s discussion is open: close or defer it first."
            )
            return
        waiting = [e for e in self.state.queue if e.status == "waiting"]
        body = "The end time is recorded and the action log is produced."
        if waiting:
            body = (
                f"{len(waiting)} children were not reached ({', '.join(e.name for e in waiting)}). "
                "They will be deferred to the next meeting with the reason “not reached”.\n\n"
                + body
            )

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.end_meeting()

        from mace_tui.screens.modals import ConfirmModal

        self.app.push_screen(ConfirmModal("End the meeting?", body, yes="End meeting"), confirmed)

    def end_meeting(self) -> None:
        """Defer any child not reached, record the end, and show the summary."""
        from mace_tui.chair import moves

        assert self.state is not None
        state, profile, meeting_id, at = (
            self.state,
            self.app.profile,
            self.meeting_id,
            self.app.clock(),
        )
        waiting = tuple(e.item_id for e in state.queue if e.status == "waiting")

        def done(record: MeetingRecord) -> None:
            from mace_tui.screens.chair_start import open_stage

            audio = self.app.chair_audio
            self.app.run_worker(lambda: audio.stop(timeout=5.0), thread=True, group="recorder-stop")
            open_stage(self.app, record)

        self.chair_write(
            "end-meeting",
            lambda store, seat: moves.end_meeting(
                store,
                meeting_id=meeting_id,
                meeting_date=state.meeting.date,
                not_reached=waiting,
                profile=profile,
                at=at,
                seat=seat,
            ),
            done=done,
        )


__all__ = ["CaseMoves"]

"""The case loop: one child at a time — the room, THRIVE notes, grade and outcome, SMART actions.

Each child starts with the room step (conflicts of interest and the child's
quorum, R2 and R3); F6 opens it again during the discussion. The child's
open actions from earlier meetings are updated under F7 (R12). What is typed
is saved as it is typed (case_typing). Every write goes through the app's one
ordered write queue: closing, deferring and ending come after what was typed.

This module lays the screen out and opens a child; its parts live beside it (case_live,
case_recorder, case_typing, case_actions, case_room, case_moves); chair services do the work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Static

from mace_tui.chair.attendance import quorum_rule, seats
from mace_tui.rules.quorum import meeting_quorum
from mace_tui.screens.case_actions import CaseActions
from mace_tui.screens.case_kind import show_kind
from mace_tui.screens.case_live import CaseLive
from mace_tui.screens.case_moves import CaseMoves
from mace_tui.screens.case_panes import (
    PANES,
    actions_pane,
    earlier_pane,
    grading_pane,
    research_pane,
    thrive_pane,
)
from mace_tui.screens.case_recorder import CaseRecorder
from mace_tui.screens.case_room import CaseRoom
from mace_tui.screens.case_typing import CaseTyping
from mace_tui.widgets.case_queue import CaseQueue
from mace_tui.widgets.child_header import ChildHeader, header_text
from mace_tui.widgets.footer import MeetingFooter
from mace_tui.widgets.meeting_bar import MeetingBar
from mace_tui.widgets.pane_tabs import Pane, PaneTabs
from mace_tui.widgets.queue_side import QueueSide
from mace_tui.widgets.recording_indicator import RecordingIndicator

if TYPE_CHECKING:
    from mace_tui.chair.case import CaseView, QueueState
    from mace_tui.screens.room import RoomOutcome  # the room's screen loads when first used
    from store.db import Store


class CaseScreen(CaseLive, CaseRecorder, CaseTyping, CaseActions, CaseRoom, CaseMoves):
    """The chair's main screen while children are discussed."""

    BINDINGS = [
        # The tab keys are written on the tabs themselves; the footer keeps room for the
        # keys that move the meeting on (all are in the command palette).
        Binding("f2", "tab('thrive')", "THRIVE", show=False, id="case.thrive"),
        Binding("f3", "tab('grade')", "Grade", show=False, id="case.grade"),
        Binding("f4", "tab('actions')", "Actions", show=False, id="case.actions"),
        Binding("f5", "tab('queue')", "Queue", show=False, id="case.queue"),
        # Priority: a text area would take F6 and F7 (select line, select all), and a
        # conflict must be declarable at any moment, even in the middle of a note.
        Binding("f6", "room", "Room", id="case.room", priority=True),
        Binding(
            "f7", "tab('earlier')", "Earlier actions", show=False, id="case.earlier", priority=True
        ),
        Binding("f11", "tab('research')", "Research", show=False, id="case.research"),
        Binding("f8", "close_child", "Close", id="case.close"),
        Binding("f9", "next_child", "Next", id="case.next"),
        Binding("f10", "defer_child", "Defer", id="case.defer"),
        Binding("f12", "end_meeting", "End", id="case.end"),
        # Not a priority binding (those lead the footer and push F10/F12 off at 80 columns);
        # the note editor leaves ctrl+g alone, so it works while a note is being typed.
        Binding("ctrl+g", "register", "Register", id="case.register"),
        Binding("ctrl+k", "links", "Links", show=False, id="case.links"),
        Binding("ctrl+r", "pause_recording", "Pause rec", id="case.pause"),
        Binding("ctrl+b", "retry_recording", "Retry rec", show=False, id="case.retry_rec"),
        Binding("ctrl+l", "better_wording", "Better wording", show=False, id="case.wording"),
    ]

    def compose(self) -> ComposeResult:
        yield MeetingBar(id="meeting-bar")
        yield RecordingIndicator(id="recording")
        yield ChildHeader("", id="child-header")
        with Horizontal(id="case-main"):
            tabs = [(tab, label) for tab, label, _ in PANES] + [("queue", "F5 Queue")]
            with PaneTabs(id="case-tabs", initial="queue", tabs=tabs):
                yield from self.hidden_panes()
                with Pane("F5 Queue", id="queue"):
                    yield CaseQueue(id="case-queue")
            yield QueueSide("", id="queue-side")
        yield Static("", id="case-message", classes="hint")
        yield MeetingFooter()

    def on_mount(self) -> None:
        from mace_tui.profiles import load_profiles

        self._drmm = [
            p.key for p in load_profiles(self.app.settings.config_dir).values() if p.counts_as_drmm
        ]
        self.set_interval(1.0, self.tick)
        self.load_queue(open_current=True)
        self.attach_recorder()
        self.follow_meeting()

    def show_queue(self, state: QueueState) -> None:
        self.query_one(CaseQueue).show(state.summaries)
        self.query_one(QueueSide).show(state)

    # -- which screen a queue item opens -------------------------------------------------
    def start_item(self, item_id: int) -> None:
        """Bring a waiting queue item up (F9, or Enter on the queue). Every item on a case
        meeting's queue begins with the room step; an item of another kind that opens its
        own screen is told apart here."""
        self.ask_room(item_id)

    # -- reading ------------------------------------------------------------------------
    def load_queue(self, open_current: bool = False, done: str = "") -> None:
        """Read the queue; open the child under discussion when resuming."""
        meeting_id, profile, drmm = self.meeting_id, self.app.profile, list(self._drmm)

        def job(store: Store) -> QueueState:
            # Imported on the worker, once the store is open: after the first frame.
            from mace_tui.chair.moves import read_queue

            return read_queue(store, meeting_id=meeting_id, profile=profile, drmm_profiles=drmm)

        self.read("case-read", job, lambda state: self._queue_loaded(state, open_current, done))

    def _queue_loaded(self, state: QueueState, open_current: bool, done: str = "") -> None:
        self.state = state
        queue = self.query_one(CaseQueue)
        self.show_queue(state)
        self.tick()
        current = state.current
        if open_current and current is not None:
            self.open_child(current.item_id)
        elif current is None:
            nxt = state.next_waiting
            self.query_one(PaneTabs).active = "queue"
            queue.focus()
            if nxt is not None:
                queue.move_cursor(row=state.number_of(nxt.item_id) - 1)
                self.say(
                    f"{done} Next: {nxt.name}. Press Enter or F9 to start the discussion "
                    "(ctrl+g: the register).".strip()
                )
                self.query_one(ChildHeader).no_child("No child under discussion.")
            else:
                self.say(
                    f"{done} Every child has been discussed. Press F12 to end the meeting.".strip()
                )
                self.query_one(ChildHeader).no_child("The queue is finished.")

    def ask_room(self, item_id: int) -> None:
        """The room step before a child starts: conflicts, and the child's quorum (R2, R3)."""
        from mace_tui.screens.free_discussion import route_free
        from mace_tui.screens.room import RoomScreen

        if self.not_driving() or route_free(self, item_id):
            return

        def decided(outcome: RoomOutcome | None) -> None:
            if outcome is None or outcome.kind == "cancel":
                self.say("Not started. Press Enter or F9 to bring the child up again.")
                self.query_one(CaseQueue).focus()
            elif outcome.kind == "defer":
                self.defer_item(item_id, outcome.reason)
            else:
                self.open_child(item_id)

        self.app.push_screen(RoomScreen(item_id=item_id, started=False), decided)

    def open_child(self, item_id: int) -> None:
        """Start (or resume) a child's discussion and read everything about it (a write:
        those with a conflict leave the room)."""
        from mace_tui.chair import moves
        from mace_tui.screens.free_discussion import route_free

        if self.not_driving() or route_free(self, item_id):
            return
        meeting_id, profile, drmm = self.meeting_id, self.app.profile, list(self._drmm)
        config_dir, at = self.app.settings.config_dir, self.app.clock()

        def done(found: moves.OpenedChild) -> None:
            self.begin_recording(item_id, found.state, found.case, found.position, found.child_ref)

        self.chair_write(
            "open-child",
            lambda store, seat: moves.open_child(
                store,
                item_id=item_id,
                meeting_id=meeting_id,
                profile=profile,
                drmm_profiles=drmm,
                config_dir=config_dir,
                at=at,
                seat=seat,
            ),
            done=done,
        )

    def child_opened(self, state: QueueState, case: CaseView) -> None:
        """Show the child whose discussion just opened: the first tab to work in."""
        from mace_tui.chair.notes import NoteDraft, NotesSaver
        from mace_tui.chair.stale import GradingSaver

        store = self.app.store  # open: the worker that read the case needed it
        assert store is not None
        self.state = state
        self.case = case
        self.notes_saver = NotesSaver(store, item_id=case.item_id, clock=self.app.clock)
        self.grading_saver = GradingSaver(
            store, version=case.grading.version if case.grading else 0, clock=self.app.clock
        )
        self.show_queue(state)
        self.show_header()
        in_room = case.taking_part
        # New notes start attributed to the chair's agency until another is chosen.
        lead = next((p for p in in_room if p.role == "chair"), in_room[0] if in_room else None)
        default = (lead.agency_id, lead.agency) if lead else (None, "")
        names = {p.person_id: p.name for p in case.people}
        show_kind(self, case.summary.entry.subject_kind)
        thrive_pane(self).load(
            [NoteDraft.of(i, note, names) for i, note in enumerate(case.notes, start=1)],
            default_agency=default,
        )
        grading_pane(self).load(
            case.grading,
            item_id=case.item_id,
            propose=case.routing,
            risk_scale=self.app.profile.risk_scale,
            last_medium=case.summary.last_medium,
        )
        actions_pane(self).show(
            case.actions, today=self.app.today, excluded_owners=case.excluded_owners
        )
        from mace_tui.prep.research import reader as research_reader

        research_pane(self).load(
            case.item_id, research_reader(store, meeting_id=self.meeting_id, item_id=case.item_id)
        )
        earlier_pane(self).show(case.earlier, today=self.app.today)
        earlier_pane(self).show_referrals(case.npa_referrals)
        self.tick()
        to_update = sum(1 for a in case.earlier if a.review is None)
        if to_update:
            # The child's actions from earlier meetings come first (R12).
            self.action_tab("earlier")
            plural = "s" if to_update != 1 else ""
            self.say(
                f"Discussing {case.summary.entry.name}: {to_update} action{plural} from earlier "
                "meetings to update (c/p/x/d). F2 THRIVE · F3 grade · F4 actions · F8 close."
            )
            return
        self.query_one(PaneTabs).active = "thrive"
        thrive_pane(self).focus_sections()
        self.say(
            f"Discussing {case.summary.entry.name}. Enter: write a note · F3 grade · F4 actions · F8 close."
        )

    def show_header(self) -> None:
        if self.case is not None and self.state is not None:
            self.query_one(ChildHeader).show(
                self.case.summary,
                self.state,
                room=self.case.room,
                out=self.case.excluded_owners,
                meeting=meeting_quorum(quorum_rule(self.app.profile), seats(self.case.people)),
            )

    def action_links(self) -> None:
        from mace_tui.screens.case_links import open_links

        open_links(self)

    def action_better_wording(self) -> None:
        focused = self.focused
        if focused is not None and focused.id == "rationale":
            grading_pane(self).better_wording()

    def on_unmount(self) -> None:
        self.stop_following()
        # Leaving the screen (or quitting): queue a write of anything still pending.
        self.save_typing()


__all__ = ["CaseScreen", "header_text"]

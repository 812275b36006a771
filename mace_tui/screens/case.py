"""The case loop: one child at a time — the room, THRIVE notes, grade and outcome, SMART actions.

Each child starts with the room step (conflicts of interest and the child's
quorum, R2 and R3); F6 opens it again during the discussion. The child's
open actions from earlier meetings are updated under F7 (R12). What is typed
is saved after a short pause in typing and never more than half a second after
the first unsaved keystroke (SavePace), and at once on leaving a field, a tab,
the screen or the app. Every write goes through the app's one ordered write
queue (``self.write``): closing, deferring and ending come after what was typed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.markup import escape
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from mace_tui.chair.attendance import quorum_rule, seats
from mace_tui.chair.autosave import SavePace
from mace_tui.chair.case import CaseView, QueueState
from mace_tui.chair.closing import CloseProblem, close_problems
from mace_tui.chair.disruption import tactics_for
from mace_tui.chair.notes import NoteDraft, NotesSaver
from mace_tui.chair.stale import GradingSaver
from mace_tui.rules.quorum import Quorum, meeting_quorum
from mace_tui.rules.vocab import REFERRAL_SOURCES, types_label
from mace_tui.screens.action_editor import ActionEditor, ActionInput, OwnerChoice
from mace_tui.screens.action_review import ActionReviewModal, GiverChoice, ReviewInput
from mace_tui.screens.base import MaceScreen, queued_write
from mace_tui.screens.case_kind import show_kind
from mace_tui.screens.free_discussion import route_free
from mace_tui.screens.modals import ChoiceModal, ConfirmModal, ReasonModal
from mace_tui.screens.room import RoomOutcome, RoomScreen
from mace_tui.widgets.actions_pane import ActionsPane
from mace_tui.widgets.carried_actions import CarriedActions
from mace_tui.widgets.case_queue import CaseQueue
from mace_tui.widgets.footer import MeetingFooter
from mace_tui.widgets.grading_pane import GradingPane
from mace_tui.widgets.language_area import LanguageArea
from mace_tui.widgets.meeting_bar import MeetingBar
from mace_tui.widgets.recording_indicator import RecordingIndicator
from mace_tui.widgets.research_pane import ResearchPane
from mace_tui.widgets.thrive_pane import ThrivePane

if TYPE_CHECKING:
    from sqlmodel import Session

    from mace_tui.audio.meeting import MeetingAudio
    from mace_tui.chair.live import LiveView, MeetingWatch
    from mace_tui.chair.notes import StaleNote
    from mace_tui.chair.room import RoomView
    from mace_tui.chair.stale import StaleGrading
    from mace_tui.overview import ChildSummary
    from mace_tui.rules.conflicts import ChildRoom
    from store.carryover import CarriedItem
    from store.records import AgencyRecord, AttendanceRecord
    from store.versions import StaleSave


class CaseScreen(MaceScreen[None]):
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

    class MeetingChanged(Message):
        """Another seat changed this meeting (posted from the change feed's thread)."""

    def __init__(self, *, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self._watch: MeetingWatch | None = None
        self._rereading = False  # one re-read at a time; a change meanwhile asks for one more
        self._reread_again = False
        self.state: QueueState | None = None
        self.case: CaseView | None = None
        self.notes_saver: NotesSaver | None = None
        self.grading_saver: GradingSaver | None = None
        self._save_timer: Timer | None = None
        self._pace = SavePace()
        self._drmm: list[str] = []
        self._said = ""  # the status line, while no language hint stands in for it
        self._said_for_tab = False
        self._hint = ""

    def compose(self) -> ComposeResult:
        yield MeetingBar(id="meeting-bar")
        yield RecordingIndicator(id="recording")
        yield Static("", id="child-header")
        with Horizontal(id="case-main"):
            with TabbedContent(id="case-tabs", initial="queue"):
                with TabPane("F11 Research", id="research"):
                    yield ResearchPane(id="research-pane")
                with TabPane("F2 THRIVE", id="thrive"):
                    yield ThrivePane(id="thrive-pane")
                with TabPane("F3 Grade", id="grade"):
                    yield GradingPane(id="grading-pane")
                with TabPane("F4 Actions", id="actions"):
                    yield ActionsPane(id="actions-pane")
                with TabPane("F7 Earlier", id="earlier"):
                    yield CarriedActions(id="earlier-actions", with_child=False)
                with TabPane("F5 Queue", id="queue"):
                    yield CaseQueue(id="case-queue")
            yield Static("", id="queue-side")
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

    # -- other seats (R25) -------------------------------------------------------------
    @work(thread=True, exclusive=True, group="case-follow", exit_on_error=False)
    def follow_meeting(self) -> None:
        """Hear other seats' changes to this meeting (the feed opens its own connection)."""
        from mace_tui.chair.live import watch_meeting

        watch = watch_meeting(
            self.app.require_store(),
            meeting_id=self.meeting_id,
            on_change=lambda: self.post_message(self.MeetingChanged()),
        )
        if self.is_attached:
            self._watch = watch
        else:
            watch.stop()

    @on(MeetingChanged)
    def meeting_changed(self) -> None:
        if self._rereading:
            self._reread_again = True
            return
        self._rereading = True
        self.reread_live()

    @work(thread=True, group="case-live", exit_on_error=False)
    def reread_live(self) -> None:
        from mace_tui.chair.live import read_live

        case = self.case
        try:
            with self.app.require_store().session() as session:
                view = read_live(
                    session,
                    meeting_id=self.meeting_id,
                    item_id=case.item_id if case else None,
                    profile=self.app.profile,
                    drmm_profiles=self._drmm,
                )
        except Exception:
            self.app.call_from_thread(self._live_read, None)  # the next change tries again
            raise
        self.app.call_from_thread(self._live_read, view)

    def _live_read(self, view: LiveView | None) -> None:
        """Show what another seat changed: the queue, and the open child's notes and actions."""
        from mace_tui.chair.live import merge_arrived

        self._rereading = False
        if self._reread_again:
            self._reread_again = False
            self.meeting_changed()
        if view is None or self.state is None:
            return  # still opening: the first read shows everything
        if view.state != self.state:  # each autosave comes back here too: redraw on a change
            self.tell_late_arrivals(self.state, view.state)
            self.state = view.state
            self._show_queue(view.state)
            self._show_header()  # its "n/total" counts a late child too
            self.tick()
        case, saver = self.case, self.notes_saver
        if case is None or saver is None or view.item_id != case.item_id:
            return
        pane = self.query_one(ThrivePane)
        drafts, next_key = merge_arrived(
            pane.drafts,
            view.notes,
            saved=saver.saved_ids(),
            editing_key=pane.editing.key if pane.editing else None,
            pending=saver.pending_keys(),
            names={p.person_id: p.name for p in case.people},
            next_key=pane.next_key,
        )
        if drafts != pane.drafts:
            pane.show_arrived(drafts, next_key)
        if tuple(case.actions) != view.actions:
            self._actions_loaded(list(view.actions))

    def tell_late_arrivals(self, before: QueueState, after: QueueState) -> None:
        """A child the coordinator added while the meeting runs: one line, and a notice."""
        from mace_tui.chair.live import added_late

        line = added_late(before, after)
        if line:
            self.say(line)
            self.notify(line, title="Late change", timeout=10)

    # -- recording (R10) ---------------------------------------------------------
    def _audio(self) -> MeetingAudio:
        """The meeting's recorder (worker threads only)."""
        return self.app.chair_audio.for_meeting(self.app.require_store(), self.meeting_id)

    @work(thread=True, exclusive=True, group="recorder", exit_on_error=False)
    def attach_recorder(self) -> None:
        """Show the recorder's state on this screen."""
        audio = self._audio()
        self.app.call_from_thread(setattr, self.query_one(RecordingIndicator), "source", audio)

    def action_pause_recording(self) -> None:
        self.toggle_pause()

    @work(thread=True, group="recorder", exit_on_error=False)
    def toggle_pause(self) -> None:
        """Pause the child's recording (a sensitive aside, an objection) or resume it."""
        audio = self._audio()
        status = audio.status()
        if status.state == "paused":
            audio.resume()
            self.app.call_from_thread(self.say, "Recording resumed.")
        elif status.state == "recording":
            audio.pause("paused by the chair")
            self.app.call_from_thread(self.say, "Recording paused. Press ctrl+r to resume.")
        else:
            self.app.call_from_thread(self.say, "Nothing is being recorded just now.")

    def action_retry_recording(self) -> None:
        self.retry_recording()

    @work(thread=True, group="recorder", exit_on_error=False)
    def retry_recording(self) -> None:
        """Try the microphone again now, after a fault (it is also retried by itself)."""
        from mace_tui.chair.recording import retry_line

        self.app.call_from_thread(self.say, retry_line(self._audio()))

    def on_resize(self) -> None:
        self._fit()

    def on_screen_resume(self) -> None:
        self._fit()

    def _fit(self) -> None:
        # A standing queue pane when the terminal is wide enough; the Queue tab always works.
        self.query_one("#queue-side").display = self.app.size.width >= 130

    def _show_queue(self, state: QueueState) -> None:
        self.query_one(CaseQueue).show(state.summaries)
        marks = {"waiting": "·", "in-discussion": "▶", "done": "✓", "deferred": "↷"}
        lines = ["[b]Queue[/b]"]
        for entry in state.queue:
            line = f"{marks.get(entry.status, '?')} {entry.position:>2} {escape(entry.name)}"
            lines.append(f"[b]{line}[/b]" if entry.status == "in-discussion" else line)
        self.query_one("#queue-side", Static).update("\n".join(lines))

    # -- clock ----------------------------------------------------------------------
    def tick(self) -> None:
        """Redraw the meeting clock (R13)."""
        state = self.state
        if state is None:
            return
        current = state.current
        self.query_one(MeetingBar).show(
            title=self.app.profile.short_name
            + (" (extraordinary)" if state.meeting.extraordinary else ""),
            now=self.app.clock(),
            started=state.meeting.started_at,
            scheduled_minutes=state.meeting.scheduled_minutes,
            child_started=current.started_at if current else None,
            child_number=state.number_of(current.item_id) if current else None,
            children_total=len(state.queue),
            children_left=state.left(),
            quorum_overrides=state.quorum_overrides,
        )

    def not_driving(self) -> bool:
        """True, saying who has the chair, once another seat has taken it over: the keys
        that move the meeting (start, close, defer, end, the room, the register) refuse."""
        refusal = self.app.not_the_chair()
        if refusal is not None:
            self.say(refusal)
        return refusal is not None

    def say(self, text: str, *, until_tab_change: bool = False) -> None:
        """One line under the tabs: what happened, or what to do next.

        ``until_tab_change``: news about the tab in view ("Update saved"), which stops
        being true, and is cleared, once the chair moves to another tab.
        """
        self._said = text
        self._said_for_tab = until_tab_change
        self._show_status()

    @on(TabbedContent.TabActivated, "#case-tabs")
    def tab_changed(self) -> None:
        if self._said_for_tab:
            self.say("")

    def _show_status(self) -> None:
        # While the cursor is in or after a flagged phrase, its hint takes the line (R15):
        # at 80×24 there is no other room for it.
        line = self.query_one("#case-message", Static)
        line.set_class(bool(self._hint), "language-hint")
        line.update(escape(self._hint or self._said))

    @on(LanguageArea.HintChanged)
    @on(events.DescendantFocus)
    @on(events.DescendantBlur)
    def language_hint(self) -> None:
        """Show why the phrase at the cursor is a problem and the better wording."""
        focused = self.focused
        hit = focused.hint_hit if isinstance(focused, LanguageArea) else None
        self._hint = hit.hint() if hit is not None else ""
        self._show_status()

    # -- reading ------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="case-read", exit_on_error=False)
    def load_queue(self, open_current: bool = False, done: str = "") -> None:
        """Read the queue; open the child under discussion when resuming."""
        from mace_tui.chair.case import load_queue

        store = self.app.require_store()
        with store.session() as session:
            state = load_queue(
                session,
                meeting_id=self.meeting_id,
                profile=self.app.profile,
                drmm_profiles=self._drmm,
            )
        self.app.call_from_thread(self._queue_loaded, state, open_current, done)

    def _queue_loaded(self, state: QueueState, open_current: bool, done: str = "") -> None:
        self.state = state
        queue = self.query_one(CaseQueue)
        self._show_queue(state)
        self.tick()
        current = state.current
        if open_current and current is not None:
            self.open_child(current.item_id)
        elif current is None:
            nxt = state.next_waiting
            self.query_one(TabbedContent).active = "queue"
            queue.focus()
            if nxt is not None:
                queue.move_cursor(row=state.number_of(nxt.item_id) - 1)
                self.say(
                    f"{done} Next: {nxt.name}. Press Enter or F9 to start the discussion "
                    "(ctrl+g: the register).".strip()
                )
                self.query_one("#child-header", Static).update("[b]No child under discussion.[/b]")
            else:
                self.say(
                    f"{done} Every child has been discussed. Press F12 to end the meeting.".strip()
                )
                self.query_one("#child-header", Static).update("[b]The queue is finished.[/b]")

    def ask_room(self, item_id: int) -> None:
        """The room step before a child starts: conflicts, and the child's quorum (R2, R3)."""
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
        if self.not_driving() or route_free(self, item_id):
            return
        meeting_id, profile, drmm, clock = (
            self.meeting_id,
            self.app.profile,
            self._drmm,
            self.app.clock,
        )
        app = self.app

        def job() -> tuple[QueueState, CaseView, int, str]:
            from mace_tui.chair.case import load_case, load_queue
            from mace_tui.chair.room import start_child

            store = app.require_store()
            with store.session() as session:
                app.still_chair(session, meeting_id)
                # Those with a conflict leave now; anyone out for the last child rejoins (R3).
                start_child(session, item_id=item_id, meeting_id=meeting_id, at=clock())
                child_ref = _child_ref(session, item_id)
                state = load_queue(
                    session, meeting_id=meeting_id, profile=profile, drmm_profiles=drmm
                )
                entry = next(e for e in state.queue if e.item_id == item_id)
                case = load_case(
                    session,
                    entry=entry,
                    meeting_id=meeting_id,
                    meeting_date=state.meeting.date,
                    profile=profile,
                    drmm_profiles=drmm,
                    config_dir=app.settings.config_dir,
                )
            return state, case, entry.position, child_ref

        def done(found: tuple[QueueState, CaseView, int, str]) -> None:
            self.begin_recording(item_id, *found)

        self.write("open-child", job, done=done)

    @work(thread=True, group="recorder-steps", exit_on_error=False)
    def begin_recording(
        self, item_id: int, state: QueueState, case: CaseView, position: int, child_ref: str
    ) -> None:
        """This child's own audio file starts (R10) before the child is shown, off the write
        queue: a slow microphone never holds up what is typed, and typing starts after it."""
        try:
            self._audio().begin_child(item_id=item_id, position=position, child_ref=child_ref)
        finally:
            self.app.call_from_thread(self._child_opened, state, case)

    @work(thread=True, group="recorder-steps", exit_on_error=False)
    def audio_step(self, step: Callable[[MeetingAudio], object]) -> None:
        """One step of the recorder (begin or end a child's file), on its own thread."""
        step(self._audio())

    def _child_opened(self, state: QueueState, case: CaseView) -> None:
        store = self.app.store  # open: the worker that read the case needed it
        assert store is not None
        self.state = state
        self.case = case
        self.notes_saver = NotesSaver(store, item_id=case.item_id, clock=self.app.clock)
        self.grading_saver = GradingSaver(
            store, version=case.grading.version if case.grading else 0, clock=self.app.clock
        )
        self._show_queue(state)
        self._show_header()
        in_room = case.taking_part
        # New notes start attributed to the chair's agency until another is chosen.
        lead = next((p for p in in_room if p.role == "chair"), in_room[0] if in_room else None)
        default = (lead.agency_id, lead.agency) if lead else (None, "")
        names = {p.person_id: p.name for p in case.people}
        show_kind(self, case.summary.entry.subject_kind)
        self.query_one(ThrivePane).load(
            [NoteDraft.of(i, note, names) for i, note in enumerate(case.notes, start=1)],
            default_agency=default,
        )
        self.query_one(GradingPane).load(
            case.grading,
            item_id=case.item_id,
            propose=case.routing,
            risk_scale=self.app.profile.risk_scale,
            last_medium=case.summary.last_medium,
        )
        self.query_one(ActionsPane).show(
            case.actions, today=self.app.today, excluded_owners=case.excluded_owners
        )
        from mace_tui.prep.research import reader as research_reader

        self.query_one(ResearchPane).load(
            case.item_id, research_reader(store, meeting_id=self.meeting_id, item_id=case.item_id)
        )
        self.query_one(CarriedActions).show(case.earlier, today=self.app.today)
        self.query_one(CarriedActions).show_referrals(case.npa_referrals)
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
        self.query_one(TabbedContent).active = "thrive"
        self.query_one(ThrivePane).focus_sections()
        self.say(
            f"Discussing {case.summary.entry.name}. Enter: write a note · F3 grade · F4 actions · F8 close."
        )

    def _show_header(self) -> None:
        if self.case is not None and self.state is not None:
            self.query_one("#child-header", Static).update(
                header_text(
                    self.case.summary,
                    self.state,
                    room=self.case.room,
                    out=self.case.excluded_owners,
                    meeting=meeting_quorum(quorum_rule(self.app.profile), seats(self.case.people)),
                )
            )

    # -- the room during the discussion (R2, R3) ------------------------------------------
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

        self.app.push_screen(RoomScreen(item_id=item_id, started=True), decided)

    # -- the register during the meeting (R1) --------------------------------------------------
    def action_register(self) -> None:
        if self.not_driving():
            return
        from mace_tui.screens.register import RegisterScreen

        case = self.case
        before = _gaps_of(case.room) if case is not None and case.room is not None else None

        def back(_: None) -> None:
            if self.case is not None:
                self.refresh_room(self.case.item_id, offer=True, before=before)
            else:
                self.meeting_quorum_check()

        self.app.push_screen(RegisterScreen(meeting_id=self.meeting_id), back)

    @work(thread=True, exclusive=True, group="case-room", exit_on_error=False)
    def meeting_quorum_check(self) -> None:
        """Between children: say plainly if the meeting has lost quorum."""
        from mace_tui.chair.register import check_register

        with self.app.require_store().session() as session:
            check = check_register(session, meeting_id=self.meeting_id, profile=self.app.profile)
        if check.words():
            self.app.call_from_thread(self.say, check.words())

    @queued_write  # it may clear an override that no longer stands: a write, in order
    def refresh_room(
        self, item_id: int, offer: bool = False, before: frozenset[str] | None = None
    ) -> None:
        """Re-read who is in the room for this child after the room step or the register.

        ``before``: what the child's quorum lacked before; an override written for a
        smaller gap no longer stands once the gap grows (R2), and the chair is asked again.
        """
        from mace_tui.chair.room import load_room
        from store import conflicts

        store = self.app.require_store()
        with store.session() as session:
            view = load_room(session, item_id=item_id, profile=self.app.profile)
            if view.room.overridden and before is not None and _gaps_of(view.room) - before:
                conflicts.clear_quorum_override(session, item_id=item_id)
                view = load_room(session, item_id=item_id, profile=self.app.profile)
        self.app.call_from_thread(self._room_changed, view, offer)

    def _room_changed(self, view: RoomView, offer: bool = False) -> None:
        from dataclasses import replace

        case = self.case
        if case is None or case.item_id != view.item_id:
            return
        self.case = case = replace(
            case, people=view.people, conflicts=view.conflicts, room=view.room
        )
        pane = self.query_one(ThrivePane)
        for person_id in case.conflicted:
            pane.drop_person(person_id)
        self.query_one(ActionsPane).show(
            case.actions, today=self.app.today, excluded_owners=case.excluded_owners
        )
        self._show_header()
        room = view.room
        if not room.can_proceed and offer:
            # The register changed the room: the same three ways forward as a conflict.
            item_id = view.item_id

            def decided(outcome: RoomOutcome | None) -> None:
                if outcome is not None and outcome.kind == "defer":
                    self.defer_child(outcome.reason)
                else:
                    self.refresh_room(item_id)

            self.app.push_screen(RoomScreen(item_id=item_id, started=True, offer=True), decided)
        elif not room.can_proceed:
            self.say(f"{room.describe()}. F6: add a deputy or override · F10: defer the child.")
        elif view.out_names:
            self.say(f"Out for this child (conflict): {', '.join(view.out_names)}.")

    # -- saving as you type ----------------------------------------------------------------
    @on(ThrivePane.NoteChanged)
    def note_changed(self, event: ThrivePane.NoteChanged) -> None:
        if self.notes_saver is not None:
            self.notes_saver.put(event.draft)
            self._schedule_save()

    @on(GradingPane.GradingChanged)
    def grading_changed(self, event: GradingPane.GradingChanged) -> None:
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
            self.write("typing", lambda: _flush(notes, grading), done=self.typing_saved)

    def on_descendant_blur(self, _event: events.DescendantBlur) -> None:
        # Leaving a field saves it at once.
        self.save_typing()

    @on(TabbedContent.TabActivated)
    def _tab_left(self) -> None:
        self.save_typing()

    def on_screen_suspend(self) -> None:
        self.save_typing()

    # -- who gave a note -----------------------------------------------------------------------
    @on(ThrivePane.CitationWanted)
    def cite_research(self) -> None:
        """Cite one of the child's research contributions in the note being typed (R23)."""
        self.query_one(ResearchPane).pick_citation(self.query_one(ThrivePane).insert_citation)

    @on(ThrivePane.AuthorWanted)
    def pick_author(self, event: ThrivePane.AuthorWanted) -> None:
        """A person in the room (not one with a conflict, R3) or an agency."""
        if self.case is None:
            return
        case = self.case
        present = {p.agency_id for p in case.taking_part}
        agencies = sorted(case.agencies, key=lambda a: (a.id not in present, a.name))
        pane = self.query_one(ThrivePane)
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

        self.app.push_screen(
            ChoiceModal(
                "Who gave this information?",
                choices,
                prompt="Someone in the room, or only their agency.",
            ),
            chosen,
        )

    # -- the child's actions from earlier meetings (R12) -------------------------------------
    @on(CarriedActions.ReviewWanted)
    def review_wanted(self, event: CarriedActions.ReviewWanted) -> None:
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
        assert self.case is not None
        case, meeting_id, app, at = self.case, self.meeting_id, self.app, self.app.clock()

        def job() -> list[CarriedItem]:
            from store import carryover

            with app.require_store().session() as session:
                carryover.review_action(
                    session,
                    action_id=result.action_id,
                    meeting_id=meeting_id,
                    status=result.status,
                    note=result.note,
                    given_by_id=result.given_by_id,
                    at=at,
                )
                entry = case.summary.entry
                return carryover.subject_carryover(
                    session,
                    meeting_id=meeting_id,
                    kind=entry.subject_kind,
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
        self.query_one(CarriedActions).show(earlier, today=self.app.today, updated=updated)
        left = sum(1 for a in earlier if a.review is None)
        self.say(
            f"Update saved. {left} still to update." if left else "Update saved. F2: THRIVE notes.",
            until_tab_change=True,
        )

    # -- actions -------------------------------------------------------------------------------------
    @on(ActionsPane.EditWanted)
    def edit_action(self, event: ActionsPane.EditWanted) -> None:
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
        from store import conflicts

        assert self.case is not None
        item_id, at = self.case.item_id, self.app.clock()
        version = self.action_version(result.action_id) if expected is None else expected

        def save(session: Session) -> None:
            conflicts.check_may_take_part(
                session, item_id=item_id, person_id=result.owner_person_id, as_what="owner"
            )
            self.saving_action(session, result, item_id=item_id, at=at, version=version)

        self.run_write(save, then=self._reload_actions)

    def saving_action(
        self, session: Session, result: ActionInput, *, item_id: int, at: Any, version: int | None
    ) -> None:
        """Save the action over the version it was edited from (writer thread); if another
        seat saved it first, nothing is written and both versions are shown (R25)."""
        from store import actions
        from store.versions import StaleSave

        try:
            actions.save_action(
                session, item_id=item_id, at=at, expected_version=version, **result.as_saved()
            )
        except StaleSave as stale:
            self.app.call_from_thread(self.ask_stale_action, stale, result)

    @on(ActionsPane.RemoveWanted)
    def remove_action(self, event: ActionsPane.RemoveWanted) -> None:
        from store import actions

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.run_write(
                    lambda s: actions.delete_action(s, action_id=event.action.id),
                    then=self._reload_actions,
                )

        self.app.push_screen(
            ConfirmModal("Remove this action?", event.action.text, yes="Remove", destructive=True),
            confirmed,
        )

    def _reload_actions(self) -> None:
        if self.case is not None:
            self.read_actions(self.case.item_id)

    @work(thread=True, exclusive=True, group="case-actions", exit_on_error=False)
    def read_actions(self, item_id: int) -> None:
        from store import actions

        with self.app.require_store().session() as session:
            found = actions.item_actions(session, item_id=item_id)
        self.app.call_from_thread(self._actions_loaded, found)

    def _actions_loaded(self, found: list[Any]) -> None:
        from dataclasses import replace

        if self.case is not None:
            self.case = replace(self.case, actions=tuple(found))
            self.query_one(ActionsPane).show(
                found, today=self.app.today, excluded_owners=self.case.excluded_owners
            )

    # -- another seat saved first (R25) ------------------------------------------------------
    def action_version(self, action_id: int | None) -> int | None:
        """The version of the action as this screen last read it (None: a new action)."""
        if action_id is None or self.case is None:
            return None
        return next((a.version for a in self.case.actions if a.id == action_id), None)

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

        saver, pane = self.notes_saver, self.query_one(ThrivePane)
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
        self.query_one(GradingPane).load(
            kept,
            item_id=case.item_id,
            propose=case.routing,
            risk_scale=self.app.profile.risk_scale,
            last_medium=case.summary.last_medium,
        )
        self.say("Your grade is kept." if choice == "mine" else "The other seat's grade is kept.")

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
                self._reload_actions()
                self.say("The other seat's action is kept; yours was not saved.")

        self.app.push_screen(StaleChoiceModal(versions), chosen)

    # -- writes ---------------------------------------------------------------------------------------
    def run_write(
        self, edit: Callable[[Session], object], then: Callable[[], None] | None = None
    ) -> None:
        """One edit in its own unit of work, through the write queue, then an optional
        follow-up here."""
        app = self.app

        def job() -> None:
            with app.require_store().session() as session:
                edit(session)

        self.write("case-edit", job, done=(lambda _: then()) if then is not None else None)

    # -- moving through the queue -----------------------------------------------------------------------
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
        self.ask_room(entry.item_id)

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
        self.ask_room(nxt.item_id)

    def action_close_child(self) -> None:
        if self.not_driving():
            return
        if self.case is None:
            self.say("No child's discussion is open.")
            return
        self.close_child()

    def close_child(self) -> None:
        """Write what is pending, check the discussion can close (R6–R8), and close it."""
        assert self.case is not None and self.state is not None
        self.save_typing()  # queued first: the close comes after what was typed
        case, app, profile, today = self.case, self.app, self.app.profile, self.app.today
        left = self.state.left() - 1
        meeting_id = self.meeting_id

        def job() -> list[CloseProblem]:
            from mace_tui.chair.room import load_room
            from store import actions, discussion

            store = app.require_store()
            with store.session() as session:
                app.still_chair(session, meeting_id)
                grading = discussion.grading(session, item_id=case.item_id)
                found = actions.item_actions(session, item_id=case.item_id)
                room = load_room(session, item_id=case.item_id, profile=profile)
                problems = close_problems(
                    grading=grading,
                    routing=case.routing(grading),
                    actions=found,
                    today=today,
                    excluded_owners=room.out_names,
                    room=room.room,
                    subject_kind=case.summary.entry.subject_kind,
                )
                if not problems:
                    discussion.close(session, item_id=case.item_id, at=app.clock())
            return problems

        def done(problems: list[CloseProblem]) -> None:
            if problems:
                self._cannot_close(problems)
            else:
                self.audio_step(lambda audio: _after_child(audio, left))
                self._child_finished(f"{case.summary.entry.name}: discussion closed.")

        self.write("close-child", job, done=done)

    def _cannot_close(self, problems: list[CloseProblem]) -> None:
        tab = problems[0].tab  # None: the room is inquorate (F6 or defer)

        def back(_answer: object) -> None:
            # Into the tab itself: the cursor left in another tab would take its tab back.
            # A cursor already in that tab stays where it was (e.g. on the field before
            # the one the problem names).
            if tab is None or not self.is_current or self._focus_in_tab(tab):
                return
            self.action_tab(tab)

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
            self.query_one(TabbedContent).active = tab

    def _focus_in_tab(self, tab: str) -> bool:
        focused = self.focused
        return focused is not None and any(
            isinstance(node, TabPane) and node.id == tab for node in focused.ancestors
        )

    def _child_finished(self, message: str) -> None:
        self.case = None
        self.notes_saver = None
        self.grading_saver = None
        self.say(message)
        self.load_queue(done=message)

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
        assert self.state is not None
        state, app = self.state, self.app
        entry = next(e for e in state.queue if e.item_id == item_id)
        self.save_typing()  # queued first: the deferral comes after what was typed
        at = app.clock()
        meeting_id = self.meeting_id

        def job() -> None:
            from store import discussion

            store = app.require_store()
            with store.session() as session:
                app.still_chair(session, meeting_id)
                target = _next_meeting_id(session, app.profile, state)
                discussion.defer(
                    session, item_id=item_id, reason=reason, to_meeting_id=target, at=at
                )

        def done(_: None) -> None:
            self.audio_step(lambda audio: _after_child(audio, state.left() - 1))
            self._child_finished(f"{entry.name}: deferred to the next meeting.")

        self.write("defer-child", job, done=done)

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

        self.app.push_screen(ConfirmModal("End the meeting?", body, yes="End meeting"), confirmed)

    def end_meeting(self) -> None:
        """Defer any child not reached, record the end, and show the summary."""
        assert self.state is not None
        state, app, meeting_id, at = self.state, self.app, self.meeting_id, self.app.clock()
        waiting = [e for e in state.queue if e.status == "waiting"]

        def job() -> Any:
            from store import conflicts, discussion, meetings, queries
            from store.models import Meeting

            store = app.require_store()
            with store.session() as session:
                app.still_chair(session, meeting_id)
                target = _next_meeting_id(session, app.profile, state) if waiting else None
                for entry in waiting:
                    assert target is not None
                    discussion.defer(
                        session,
                        item_id=entry.item_id,
                        reason="Not reached",
                        to_meeting_id=target,
                        at=at,
                    )
                # Anyone still out for the last child is back for the end of the meeting (R3).
                conflicts.rejoin_all(session, meeting_id=meeting_id, except_item_id=None, at=at)
                meetings.end(session, meeting_id=meeting_id, at=at)
            with store.session() as session:
                meeting = session.get(Meeting, meeting_id)
                assert meeting is not None
                return queries.meeting_record(meeting)

        def done(record: Any) -> None:
            from mace_tui.screens.chair_start import open_stage

            audio = self.app.chair_audio
            self.app.run_worker(lambda: audio.stop(timeout=5.0), thread=True, group="recorder-stop")
            open_stage(self.app, record)

        self.write("end-meeting", job, done=done)

    def action_links(self) -> None:
        from mace_tui.screens.case_links import open_links

        open_links(self)

    # -- tabs and wording -----------------------------------------------------------------------------------
    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        if tab == "actions":
            self.query_one(ActionsPane).focus_table()
        elif tab == "queue":
            self.query_one(CaseQueue).focus()
        elif tab == "thrive":
            self.query_one(ThrivePane).focus_sections()
        elif tab == "grade":
            self.query_one("#grade-choice").focus()
        elif tab == "earlier":
            self.query_one(CarriedActions).focus_table()

    def action_better_wording(self) -> None:
        focused = self.focused
        if focused is not None and focused.id == "rationale":
            self.query_one(GradingPane).better_wording()

    def on_unmount(self) -> None:
        if self._watch is not None:
            self._watch.stop()
            self._watch = None
        # Leaving the screen (or quitting): queue a write of anything still pending.
        self.save_typing()


def header_text(
    summary: ChildSummary,
    state: QueueState,
    *,
    room: ChildRoom | None = None,
    out: tuple[str, ...] = (),
    meeting: Quorum | None = None,
) -> str:
    """Three lines about the child under discussion; a line about the room goes before the
    reason when someone is out or the child's quorum is at stake (it matters more)."""
    entry = summary.entry
    age = f", {summary.age}" if summary.age is not None else ""
    types = types_label(entry.exploitation_types)
    source = REFERRAL_SOURCES.get(entry.referral_source, entry.referral_source)
    flags = " · ".join(flag.text for flag in summary.flags) or "Not discussed before."
    lines = [
        f"[b]{state.number_of(entry.item_id)}/{len(state.queue)} · {escape(entry.name)}{age}[/b] · "
        f"{escape(entry.local_authority)} · {escape(source)} · {escape(types)}",
        escape(flags),
    ]
    out_words = f"[b]Out (conflict):[/b] {escape(', '.join(out))}" if out else ""
    if meeting is not None and not meeting.quorate:
        # In place of the history flags: at four lines, the header has no room for both.
        missing = meeting.describe().removeprefix("Not quorate: ")
        lines[1] = f"[b red]The meeting has lost quorum: {escape(missing)}[/]"
    if room is not None and not room.can_proceed:
        lines.append(f"[b red]{escape(room.short())} — F6 deputy or override, F10 defer[/]")
    elif room is not None and room.overridden:
        lines.append(f"[yellow]{escape(room.short())}[/]" + (f" · {out_words}" if out else ""))
    elif out:
        lines.append(out_words)
    lines.append(f"[dim]{escape(entry.reason)}[/dim]")
    return "\n".join(lines)


def _gaps_of(room: ChildRoom) -> frozenset[str]:
    """What a child's quorum lacks: sectors and roles."""
    return frozenset((*room.quorum.missing_sectors, *room.quorum.missing_roles))


def _child_ref(session: Session, item_id: int) -> str:
    """The subject's opaque reference, for the audio file's name (never the name, R22)."""
    from store.agenda.concern import subject_ref
    from store.models import AgendaItem

    item = session.get(AgendaItem, item_id)
    assert item is not None
    return subject_ref(session, item)


def _flush(notes: NotesSaver | None, grading: GradingSaver | None) -> None:
    """Write the newest typed text (on the writer thread)."""
    if notes is not None:
        notes.flush()
    if grading is not None:
        grading.flush()


def _after_child(audio: MeetingAudio, left: int) -> None:
    """Between children nothing is recorded; after the last, any other business is."""
    if left:
        audio.end_segment()
    else:
        audio.begin_meeting_part("any other business")


def _next_meeting_id(session: Session, profile: Any, state: QueueState) -> int:
    """The profile's next meeting after this one (created if need be), for deferrals."""
    from mace_tui.chair.start import next_meeting_of

    return next_meeting_of(session, profile=profile, after=state.meeting.date).id

"""The minute taker's seat (R25): the chair's case screen, following, never driving.

It shows the child the chair has under discussion and moves with the chair
(the change feed tells it within a second); the minute taker writes THRIVE
notes and SMART actions for that child with the same checks as the chair.
Keys that move the meeting on (next, close, defer, end, the register, the
room, the recorder) are not offered here: the chair's seat alone has them.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.markup import escape
from textual.widget import Widget
from textual.widgets import DataTable, Static

from mace_tui.screens.base import MaceScreen
from mace_tui.screens.case import CaseScreen
from mace_tui.screens.case_panes import grading_pane, made_panes, thrive_pane
from mace_tui.widgets.built_later import MountedAfterFirstFrame
from mace_tui.widgets.child_header import ChildHeader

if TYPE_CHECKING:
    from mace_tui.chair.case import CaseView, QueueState
    from mace_tui.chair.live import LiveView
    from mace_tui.chair.minutes import Following
    from store.db import Store

# The chair's keys that move the meeting on or change who is in the room.
CHAIR_ONLY = frozenset(
    {
        "next_child",
        "close_child",
        "defer_child",
        "end_meeting",
        "register",
        "room",
        "pause_recording",
        "retry_recording",
    }
)
WAITING = "Waiting for the chair to start the next child's discussion."
OTHER_ITEM = "Other item under discussion: {title}. The chair records its notes and actions."


class MinutesScreen(CaseScreen):
    """The case screen for the minute taker: notes and actions, following the chair."""

    def __init__(self, *, meeting_id: int, first: QueueState | None = None) -> None:
        super().__init__(meeting_id=meeting_id)
        self._first = first  # the start-up helper's queue, shown until the store's read
        self._pending: tuple[QueueState, CaseView] | None = None  # a child read before the panes

    def hidden_panes(self) -> list[Widget]:
        """The panes of the tabs not shown at first are made and mounted just after the first
        frame, in place of one stand-in: this is the minute taker's first screen, and they
        took about 120 ms of it (the THRIVE pane alone 50), importing their modules another
        20, and the ten widgets holding them another 15. The helper's queue is on the queue
        tab; a tab asked for meanwhile, and the child the chair has open, wait for the panes
        (``when_panes_mounted``)."""
        return [MountedAfterFirstFrame(partial(made_panes, hidden=True), mounted=self.pane_mounted)]

    def on_mount(self) -> None:
        super().on_mount()
        first = self._first
        if first is not None and self.state is None:
            self.state = first
            self.show_queue(first)
            self.tick()
            if first.current is None:  # a child under discussion waits for the store's read
                self.follow_chair(first)

    def _follow_pending(self) -> None:
        """Open the child read while the panes were mounting, if the chair still has it open
        (the queue as last read says so; a later read may have closed it meanwhile)."""
        pending, self._pending = self._pending, None
        if pending is None:
            return
        state, case = pending
        current = self.state.current if self.state is not None else None
        if current is not None and current.item_id == case.item_id:
            self._following(state, case)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in CHAIR_ONLY:
            return False
        return super().check_action(action, parameters)

    def attach_recorder(self) -> None:
        """The chair's seat records; this one does not (no recorder line either)."""
        from mace_tui.widgets.recording_indicator import RecordingIndicator

        self.query_one(RecordingIndicator).display = False

    def _queue_loaded(self, state: QueueState, open_current: bool, done: str = "") -> None:
        self.state = state
        self.show_queue(state)
        self.tick()
        self.follow_chair(state)

    def _live_read(self, view: LiveView | None) -> None:
        super()._live_read(view)
        if view is not None:
            self.follow_chair(view.state)

    def follow_chair(self, state: QueueState) -> None:
        """Show the child the chair has open; say so when there is none."""
        current = state.current
        if current is not None and not current.is_free:
            if self.case is None or self.case.item_id != current.item_id:
                self.save_typing()
                self.read_child(current.item_id)
            return
        if self.case is not None:
            self.save_typing()
            self.case = None
            self.notes_saver = None
            self.grading_saver = None
            thrive_pane(self).close()
            grading_pane(self).close()
        # An other item (MPRU, AOB) has no THRIVE or grade: the chair's own screen records it.
        line = WAITING if current is None else OTHER_ITEM.format(title=escape(current.name))
        self.query_one(ChildHeader).no_child(line)
        self.say("Minutes: " + line)

    def read_child(self, item_id: int) -> None:
        """Read the child the chair has open."""
        from mace_tui.chair.minutes import read_followed_child

        meeting_id, profile, drmm = self.meeting_id, self.app.profile, list(self._drmm)

        def found(child: tuple[QueueState, CaseView] | None) -> None:
            if child is not None:
                self._following(*child)

        self.read(
            "minutes-read",
            lambda store: read_followed_child(
                store, meeting_id=meeting_id, item_id=item_id, profile=profile, drmm_profiles=drmm
            ),
            found,
        )

    def _following(self, state: QueueState, case: CaseView) -> None:
        if self.query(MountedAfterFirstFrame):  # the panes come just after the first frame
            if self._pending is None:
                self.when_panes_mounted(self._follow_pending)
            self._pending = (state, case)  # the latest read only
            return
        self.child_opened(state, case)
        grading_pane(self).disabled = True  # the panel's grade is the chair's to record
        self.say(
            f"Minutes: {case.summary.entry.name} is under discussion. Enter: write a note · "
            "F4 actions. The chair moves the meeting on."
        )

    @on(DataTable.RowSelected, "#case-queue")
    def queue_row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.say("The chair moves the meeting on; this seat follows the child under discussion.")


class MinutesStartScreen(MaceScreen[None]):
    """Finds the meeting to follow, then hands over to the minute taker's screen."""

    BINDINGS = [Binding("q", "app.quit", "Quit", id="minutes.quit")]

    def compose(self) -> ComposeResult:
        yield Static("Finding the meeting to follow…  [dim](q quits)[/dim]", id="minutes-start")

    _followed = False  # the minute taker's screen is open (early, or once found)

    def on_mount(self) -> None:
        self.take_early(self._early_queue)
        self.watch(self.app, "store", self._store_changed, init=True)

    def _early_queue(self, first: QueueState) -> None:
        """The start-up helper found the meeting (launch.read_minutes): follow it now."""
        if not self._followed:
            self._followed = True
            self.app.push_screen(MinutesScreen(meeting_id=first.meeting.id, first=first))

    def _store_changed(self, store: Store | None) -> None:
        if store is not None and not self._followed:
            self.find_meeting(store)

    def find_meeting(self, store: Store) -> None:
        """Find the meeting whose chair has opened it (the values it needs taken now)."""
        from mace_tui.chair.minutes import find_meeting_to_follow

        profile, on, at = (
            self.app.profile,
            self.app.meeting_date or self.app.today,
            self.app.clock(),
        )

        def found(following: Following | str) -> None:
            if isinstance(following, str):
                self._nothing(following)
            else:
                self._found(following.meeting.id)

        self.read(
            "minutes-start",
            lambda _store: find_meeting_to_follow(store, profile=profile, on=on, at=at),
            found,
        )

    def _nothing(self, text: str) -> None:
        self.query_one("#minutes-start", Static).update(
            f"[b]{escape(text)}[/b]\n\nPress q to quit."
        )

    def _found(self, meeting_id: int) -> None:
        if not self._followed:
            self._followed = True
            self.app.push_screen(MinutesScreen(meeting_id=meeting_id))

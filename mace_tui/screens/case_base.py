"""What the parts of the chair's case screen share: what is on screen, the status line, the
tabs, and the two ways to the store (a read in a worker, a move through the write queue).

The case screen (screens/case.py) is put together from parts, one module each: the
recorder (case_recorder), saving what is typed (case_typing), the actions
(case_actions), the room and the register (case_room), closing, deferring and ending
(case_moves) and following other seats (case_live). Each part is a ``CaseBase``; the
methods one part calls in another are named here.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from textual import events, on
from textual.markup import escape
from textual.widget import Widget
from textual.widgets import Static

from mace_tui.chair.autosave import SavePace
from mace_tui.screens.base import MaceScreen
from mace_tui.screens.case_panes import actions_pane, earlier_pane, made_panes, thrive_pane
from mace_tui.widgets.built_later import MountedAfterFirstFrame
from mace_tui.widgets.case_queue import CaseQueue
from mace_tui.widgets.meeting_bar import MeetingBar
from mace_tui.widgets.pane_tabs import PaneTabs
from mace_tui.widgets.queue_side import QueueSide

if TYPE_CHECKING:
    from textual.timer import Timer

    from mace_tui.chair.case import CaseView, QueueState
    from mace_tui.chair.live import MeetingWatch
    from mace_tui.chair.notes import NotesSaver
    from mace_tui.chair.stale import GradingSaver
    from mace_tui.screens.action_editor import ActionInput

T = TypeVar("T")


class CaseBase(MaceScreen[None]):
    """The state the case screen's parts share, and the helpers they all use."""

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
        self._waiting_for_panes: list[Callable[[], object]] = []

    # -- the store --------------------------------------------------------------------
    def not_driving(self) -> bool:
        """True, saying who has the chair, once another seat has taken it over: the keys
        that move the meeting (start, close, defer, end, the room, the register) refuse."""
        refusal = self.app.not_the_chair()
        if refusal is not None:
            self.say(refusal)
        return refusal is not None

    # -- the status line ----------------------------------------------------------------
    def say(self, text: str, *, until_tab_change: bool = False) -> None:
        """One line under the tabs: what happened, or what to do next.

        ``until_tab_change``: news about the tab in view ("Update saved"), which stops
        being true, and is cleared, once the chair moves to another tab.
        """
        self._said = text
        self._said_for_tab = until_tab_change
        self._show_status()

    @on(PaneTabs.TabActivated, "#case-tabs")
    def tab_changed(self) -> None:
        if self._said_for_tab:
            self.say("")

    def _show_status(self) -> None:
        # While the cursor is in or after a flagged phrase, its hint takes the line (R15):
        # at 80×24 there is no other room for it.
        line = self.query_one("#case-message", Static)
        line.set_class(bool(self._hint), "language-hint")
        line.update(escape(self._hint or self._said))

    def on_language_area_hint_changed(self) -> None:
        self.language_hint()

    @on(events.DescendantFocus)
    @on(events.DescendantBlur)
    def language_hint(self) -> None:
        """Show why the phrase at the cursor is a problem and the better wording."""
        # The text areas' module loads with the panes (case_panes): until it has, nothing
        # focused can be one, and the first frame does not wait for it.
        areas = sys.modules.get("mace_tui.widgets.language_area")
        focused = self.focused
        hit = focused.hint_hit if areas and isinstance(focused, areas.LanguageArea) else None
        self._hint = hit.hint() if hit is not None else ""
        self._show_status()

    # -- the clock ---------------------------------------------------------------------------
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

    # -- tabs -------------------------------------------------------------------------------
    def hidden_panes(self) -> list[Widget]:
        """The panes of the tabs not shown at first, as this screen mounts them (here: at
        once; the minute taker's just after the first frame)."""
        return made_panes()

    def on_resize(self) -> None:
        self.on_screen_resume()

    def on_screen_resume(self) -> None:
        # A standing queue pane when the terminal is wide enough; the Queue tab always works.
        self.query_one(QueueSide).display = self.app.size.width >= 130

    def when_panes_mounted(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` now, or once every tab's pane is mounted (the minute taker's are
        just after the first frame: ``MinutesScreen.hidden_panes``)."""
        if self.query(MountedAfterFirstFrame):
            self._waiting_for_panes.append(callback)
        else:
            callback()

    def pane_mounted(self) -> None:
        """The panes mounted late are there: do what waited for them."""
        if not self.query(MountedAfterFirstFrame):
            waiting, self._waiting_for_panes = self._waiting_for_panes, []
            for callback in waiting:
                callback()

    def on_pane_tabs_wanted(self, event: PaneTabs.Wanted) -> None:
        """A tab clicked before its pane came: shown once it is (``when_panes_mounted``)."""
        self.action_tab(event.tab)

    def action_tab(self, tab: str) -> None:
        if self.query(MountedAfterFirstFrame):
            self.when_panes_mounted(partial(self.action_tab, tab))
            return
        self.query_one(PaneTabs).active = tab
        if tab == "actions":
            actions_pane(self).focus_table()
        elif tab == "queue":
            self.query_one(CaseQueue).focus()
        elif tab == "thrive":
            thrive_pane(self).focus_sections()
        elif tab == "grade":
            self.query_one("#grade-choice").focus()
        elif tab == "earlier":
            earlier_pane(self).focus_table()

    # -- named here, made in the screen or another part ------------------------------------
    def load_queue(self, open_current: bool = False, done: str = "") -> None:
        """Read the queue (screens/case.py)."""
        raise NotImplementedError

    def start_item(self, item_id: int) -> None:
        """Bring a waiting queue item up (screens/case.py)."""
        raise NotImplementedError

    def open_child(self, item_id: int) -> None:
        """Start or resume a child's discussion (screens/case.py)."""
        raise NotImplementedError

    def show_queue(self, state: QueueState) -> None:
        """Redraw the queue tab and the side queue (screens/case.py)."""
        raise NotImplementedError

    def show_header(self) -> None:
        """Redraw the child header (screens/case.py)."""
        raise NotImplementedError

    def child_opened(self, state: QueueState, case: CaseView) -> None:
        """Show the child whose discussion just opened (screens/case.py)."""
        raise NotImplementedError

    def audio_step(self, step: Callable[[Any], object]) -> None:
        """One step of the recorder (case_recorder)."""
        raise NotImplementedError

    def defer_item(self, item_id: int, reason: str) -> None:
        """Defer a child (case_moves)."""
        raise NotImplementedError

    def defer_child(self, reason: str) -> None:
        """Defer the child under discussion (case_moves)."""
        raise NotImplementedError

    def adopt_room(self, people: Any, conflicts: Any, room: Any) -> None:
        """Show the open child's room as read (case_room)."""
        raise NotImplementedError

    def refresh_room(self, item_id: int, offer: bool = False) -> None:
        """Re-read the room (case_room)."""
        raise NotImplementedError

    def actions_loaded(self, found: list[Any]) -> None:
        """Show the child's actions as read (case_actions)."""
        raise NotImplementedError

    def reload_actions(self) -> None:
        """Read the child's actions again (case_actions)."""
        raise NotImplementedError

    def save_action(self, result: ActionInput, expected: int | None = None) -> None:
        """Save an action (case_actions)."""
        raise NotImplementedError


__all__ = ["CaseBase"]

"""Preparation: the coordinator builds the next meeting's queue, invitations and known conflicts.

This module lays the screen out, shows what was read and says which keys apply.
Reading and saving are in ``prep_base.py`` (through ``mace_tui.prep.queue_view``);
the keys are in ``prep_queue_keys.py`` (the queue's entries), ``prep_concern_keys.py``
(persons and places of concern) and ``prep_meeting_keys.py`` (invitations, the
agenda from data, NPA referrals, files).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.markup import escape
from textual.widgets import DataTable, Static

from mace_tui.screens.free_item_keys import FreeItemKeys
from mace_tui.screens.prep_base import PANEL_TAB, QUEUE_TAB
from mace_tui.screens.prep_concern_keys import PrepConcernKeys
from mace_tui.screens.prep_meeting_keys import PrepMeetingKeys
from mace_tui.screens.prep_queue_keys import PrepQueueKeys
from mace_tui.widgets.case_queue import CaseQueue
from mace_tui.widgets.child_history import ChildHistory
from mace_tui.widgets.footer import MeetingFooter
from mace_tui.widgets.prep_info import PrepInfo, empty_text
from mace_tui.widgets.prep_panel import PrepPanel
from mace_tui.widgets.tab_strip import TabStrip
from mace_tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from mace_tui.app import MaceApp
    from mace_tui.overview import MeetingOverview
    from mace_tui.prep.queue_view import OpenReferrals, PrepRead
    from store.db import Store

log = logging.getLogger(__name__)
# Actions that change the meeting; greyed out until it is loaded, and once it has started.
EDITS = {"add", "edit", "remove", "undo", "move", "conflict", "invite", "import_csv", "add_free"}
NEEDS_CHILD = {"edit", "move", "conflict", "research"}
QUEUE_ONLY = {"add", "edit", "undo", "move", "conflict", "research", "add_free"}
# Keys about a subject: not for a free item (MPRU, AOB), which has none (R19).
NOT_FREE = {"conflict", "research", "link"}
MOVE = Binding.Group("Move", compact=True)
# The tabs show their keys (1, 2): not repeated in the footer.
TABS = ((QUEUE_TAB, "1 Queue"), (PANEL_TAB, "2 Invited & conflicts"))
SHORT_SOURCES = {
    "police-report": "PPN",
    "intelligence": "Intelligence",
    "screening-tool": "Screening",
    "partner-referral": "Partner",
    "deferred": "Deferred",
    "review": "Review",
}


class PrepScreen(FreeItemKeys, PrepQueueKeys, PrepConcernKeys, PrepMeetingKeys):
    """The next meeting's queue, with each child's history, invitations and conflicts."""

    CSS_PATH = "prep.tcss"
    BINDINGS = [
        Binding("a", "add", "Add", id="prep.add"),
        Binding("e", "edit", "Edit", id="prep.edit"),
        Binding("x,delete", "remove", "Remove", id="prep.remove"),
        Binding("u", "undo", "Undo", id="prep.undo"),
        Binding(
            "shift+up,left_square_bracket",
            "move(-1)",
            "Move up",
            id="prep.move_up",
            key_display="⇧↑",
            group=MOVE,
        ),
        Binding(
            "shift+down,right_square_bracket",
            "move(1)",
            "Move down",
            id="prep.move_down",
            key_display="⇧↓",
            group=MOVE,
        ),
        Binding("c", "conflict", "Conflict", id="prep.conflict"),
        Binding("s", "research", "Research", id="prep.research"),
        Binding("n", "invite", "Invite", id="prep.invite"),
        Binding("f", "npa_referrals", "NPA referrals", id="prep.npa", show=False),
        # The tabs show their keys ("1 Queue  2 Invited & conflicts"): not repeated below.
        Binding("2", "tab('panel')", "Invited", id="prep.tab_panel", show=False),
        Binding("1", "tab('queue')", "Queue", id="prep.tab_queue", show=False),
        Binding("i", "import_csv", "Import", id="prep.import"),
        Binding("p", "proposal", "From data", id="prep.proposal"),
        Binding("m", "missing", "Missing", id="prep.missing", show=False),
        Binding("o", "add_concern", "Person/place", id="prep.add_concern", show=False),
        Binding("t", "add_free", "Other item", id="prep.add_free", show=False),
        Binding("k", "link", "Link", id="prep.link", show=False),
        Binding(
            "I", "import_concerns", "Import persons/places", id="prep.import_concerns", show=False
        ),
        # In the command palette, not the footer: "q Quit" keeps its place there at 100 columns.
        Binding("l", "export_list", "Export", id="prep.export", show=False),
        Binding("r", "reload", "Reload", id="prep.reload", show=False),
        Binding("q", "app.quit", "Quit", id="prep.quit"),
    ]

    app: MaceApp

    # -- layout --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield PrepInfo("Opening the store…", id="prep-info")
        yield Static("", id="prep-npa")
        yield TabStrip(TABS, active=QUEUE_TAB, id="prep-tabs")
        with Vertical(id=QUEUE_TAB, classes="prep-pane"):
            yield Static("", id="prep-empty")
            # Short source words and no "seen before" flag: the history panel says it.
            yield CaseQueue(id="prep-queue", source_labels=SHORT_SOURCES, hidden_flags={"seen"})
            yield ChildHistory(id="prep-history")
        with Vertical(id=PANEL_TAB, classes="prep-pane"):
            yield PrepPanel(id="prep-panel")
        # Its own "q Quit" says what the app-wide "^q Quit" would, in less room.
        yield MeetingFooter(left_out=frozenset({"quit"}))

    def on_mount(self) -> None:
        self.query_one("#prep-queue").display = False
        self.query_one("#prep-empty").display = False
        self.take_early(self._show_early)
        self.watch(self.app, "store", self._store_changed, init=True)

    def _show_early(self, early: MeetingOverview) -> None:
        """The queue the start-up helper read (launch.read_prep), until the store's read; the
        rest of the meeting follows from the store."""
        if self.view is not None or not early.queue:
            return  # the store's read came first, or there is nothing to list yet
        self._early = early
        queue = self.query_one("#prep-queue", CaseQueue)
        queue.display = True
        queue.show(early.queue)
        queue.focus()
        self.query_one("#prep-history", ChildHistory).display = True
        self._history(queue.cursor_row)
        self.watch(self.app, "store_error", self._store_failed, init=False)

    def _store_changed(self, store: Store | None) -> None:
        if store is not None and self.target is None:
            self.open_meeting(store)

    def _store_failed(self, error: str | None) -> None:
        if error is not None:
            self.query_one(PrepInfo).update(
                f"[b]The store could not be opened.[/b]\n{escape(error)}"
            )

    # -- showing -------------------------------------------------------------------

    def _show(self, read: PrepRead, ticket: int, focus: int | None) -> None:
        if ticket < self._shown_ticket:
            return  # an older read finishing late
        self._shown_ticket = ticket
        self.view = view = read.view
        self._show_referrals(read.referrals)
        self.query_one(PrepInfo).show(view, now=self.app.clock())
        queue = self.query_one("#prep-queue", CaseQueue)
        empty = self.query_one("#prep-empty", Static)
        history = self.query_one("#prep-history", ChildHistory)
        if view.queue:
            empty.display = False
            queue.display = True
            history.display = True
            queue.show(view.queue, cursor_item=focus)
            if not isinstance(self.focused, DataTable):
                queue.focus()
            self._history(queue.cursor_row)
        else:
            queue.display = False
            history.display = False
            empty.display = True
            empty.update(empty_text(view))
        self.query_one(PrepPanel).show(view)
        self.refresh_bindings()

    def _show_referrals(self, referrals: OpenReferrals) -> None:
        """The NPA referrals still open, and how many are overdue (R7), on a line of their own;
        each child's show in their history too."""
        shown = self.query_one("#prep-npa", Static)
        shown.display = bool(referrals.line)
        shown.update(f"{escape(referrals.line)} · f to track them" if referrals.line else "")
        self._referrals = referrals.by_child

    def _history(self, row: int) -> None:
        view = self.view
        history = self.query_one("#prep-history", ChildHistory)
        early = self._early if view is None else None
        if early is not None and 0 <= row < len(early.queue):  # until the store's read
            counts = early.profile.counts_as_drmm
            history.show(early.queue[row], meeting_date=early.meeting.date, counts_as_drmm=counts)
            return
        if view is None or not 0 <= row < len(view.queue):
            history.show(None, meeting_date=self.app.today, counts_as_drmm=False)
            return
        summary = view.queue[row]
        history.show(
            summary,
            meeting_date=view.target.meeting_date,
            counts_as_drmm=view.target.profile.counts_as_drmm,
            conflicts=[c.person.name for c in view.conflicts_for(summary.entry.item_id)],
            npa_referrals=self._referrals.get(summary.entry.child_id or 0, ()),
        )

    @on(DataTable.RowHighlighted, "#prep-queue")
    def child_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._history(event.cursor_row)
        self.refresh_bindings()

    @on(DataTable.RowSelected, "#prep-queue")
    def child_selected(self) -> None:
        self.action_edit()

    @on(TabStrip.Chosen)
    def tab_chosen(self, event: TabStrip.Chosen) -> None:
        if event.by_key:  # ← or → on the tabs: the focus stays there
            self._show_tab(event.tab)
        else:
            self.action_tab(event.tab)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        tab = self._active_tab() if self.is_mounted else QUEUE_TAB
        if action == "tab":
            return parameters[0] != tab
        if action in QUEUE_ONLY and tab != QUEUE_TAB:
            return False
        if action == "invite" and tab != PANEL_TAB:
            return False
        view = self.view
        if action == "add" and view is not None and view.late_adds and tab == QUEUE_TAB:
            return True  # a late child for the meeting in progress (R25)
        if action in EDITS and (view is None or not view.editable):
            return None
        if action == "export_list" and view is None:
            return None
        if view is not None and action in NEEDS_CHILD and self._highlighted() is None:
            return None
        if action in NOT_FREE and (free := self._highlighted()) is not None and free.entry.is_free:
            return None
        if action in ("proposal", "missing"):
            return self._review_check(action, tab)
        if view is not None and action == "undo" and not view.can_undo:
            return None
        if view is not None and action == "remove" and tab == QUEUE_TAB:
            return True if self._highlighted() is not None else None
        return True

    def _show_tab(self, tab: str) -> None:
        self.query_one(TabStrip).active = tab
        for pane in self.query(".prep-pane"):
            pane.display = pane.id == tab
        self.refresh_bindings()

    def action_tab(self, tab: str) -> None:
        """Show the queue, or the invitations and conflicts, with the focus in it."""
        self._show_tab(tab)
        if tab == QUEUE_TAB:
            self.query_one("#prep-queue").focus()
        else:
            self.query_one(PrepPanel).focus_invitations()

"""What the preparation screen's parts share: the meeting being prepared, reading it, and
saving an edit.

Every edit is saved as it is made: it goes to the app's one write queue (so edits
land in order, off the event loop), then the screen reads the meeting again in a
thread worker given the values it needs. Nothing touches the database on the
event loop, and no worker reads the screen.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING

from mace_tui.prep.deadline import default_meeting_date
from mace_tui.prep.queue_view import apply_edit, open_prep_meeting, read_prep
from mace_tui.screens.base import MaceScreen
from mace_tui.widgets.case_queue import CaseQueue
from mace_tui.widgets.tab_strip import TabStrip

if TYPE_CHECKING:
    from datetime import datetime
    from types import ModuleType

    from mace_tui.app import MaceApp
    from mace_tui.overview import ChildSummary, MeetingOverview
    from mace_tui.prep.edits import Edit, Saved
    from mace_tui.prep.meeting import PrepTarget, PrepView, SummaryCache
    from mace_tui.prep.npa import ReferralRow
    from mace_tui.prep.queue_view import OpenedMeeting, PrepRead
    from store.db import Store
    from store.records import QueueEntry

QUEUE_TAB, PANEL_TAB = "queue", "panel"


def edits() -> ModuleType:
    """The edits module; the store (and with it this module's imports) is open by the time of any edit."""
    from mace_tui.prep import edits

    return edits


class PrepBase(MaceScreen[None]):
    """The meeting being prepared, as last read, and the one way to save an edit to it."""

    app: MaceApp

    def __init__(self) -> None:
        super().__init__()
        self.target: PrepTarget | None = None
        self.view: PrepView | None = None
        self._cache: SummaryCache | None = None
        self._drmm: tuple[str, ...] = ()
        self._tickets = itertools.count(1)
        self._shown_ticket = 0
        self._referrals: Mapping[int, tuple[ReferralRow, ...]] = {}
        # The queue the start-up helper read, shown until the store's read (prep.py).
        self._early: MeetingOverview | None = None

    # Provided by the parts of the screen (last in the order Python looks methods up).
    def _show(self, read: PrepRead, ticket: int, focus: int | None) -> None:
        raise NotImplementedError

    def edit_free(self, entry: QueueEntry) -> None:
        raise NotImplementedError

    def _remove_from_panel(self) -> None:
        raise NotImplementedError

    # -- reading -------------------------------------------------------------------

    def open_meeting(self, store: Store) -> None:
        """Find or create the meeting to prepare (a write: through the app's one write queue),
        then read it."""
        from mace_tui.prep.meeting import SummaryCache

        profile = self.app.profile
        config_dir = self.app.settings.config_dir
        extraordinary = self.app.extraordinary
        on = self.app.meeting_date or default_meeting_date(profile, self.app.today)
        self._cache = SummaryCache()

        def job() -> OpenedMeeting:
            return open_prep_meeting(
                store, profile=profile, on=on, extraordinary=extraordinary, config_dir=config_dir
            )

        def done(opened: OpenedMeeting) -> None:
            self._drmm, self.target = opened.drmm_profiles, opened.target
            if opened.created:
                self.notify(
                    f"Created the{' extraordinary' if extraordinary else ''} "
                    f"{profile.short_name} meeting of {on:%A %d %B %Y}."
                )
            self.reload()

        self.write("open-meeting", job, done=done)

    def reload(self, focus: int | None = None) -> None:
        """Read the meeting again (in a worker), and show it unless a newer read was shown."""
        target = self.target
        if self.app.store is None or target is None:
            return
        ticket = next(self._tickets)
        drmm, cache = self._drmm, self._cache
        today, config_dir = self.app.today, self.app.settings.config_dir

        def job(store: Store) -> PrepRead:
            return read_prep(
                store,
                target=target,
                drmm_profiles=drmm,
                cache=cache,
                today=today,
                config_dir=config_dir,
            )

        self.read("prep-load", job, partial(self._show, ticket=ticket, focus=focus))

    def action_reload(self) -> None:
        """Read the meeting again (another seat may have changed it)."""
        self.reload(self._current_item())

    # -- the highlighted entry -----------------------------------------------------

    def _active_tab(self) -> str:
        return self.query_one(TabStrip).active

    def _highlighted(self) -> ChildSummary | None:
        if self.view is None or not self.view.queue:
            return None
        row = self.query_one("#prep-queue", CaseQueue).cursor_row
        return self.view.queue[row] if 0 <= row < len(self.view.queue) else None

    def _current_item(self) -> int | None:
        summary = self._highlighted()
        return summary.entry.item_id if summary else None

    # -- saving ----------------------------------------------------------------------

    def save(self, change: Edit) -> None:
        """Queue an edit on the app's one write queue: saved in order, off the event loop,
        then the meeting is read again."""
        store = self.app.store
        assert store is not None

        def done(saved: Saved) -> None:
            if saved.message:
                self.notify(saved.message)
            self.reload(saved.focus)

        def refused(text: str) -> None:
            self.notify(text, title="Not saved", severity="warning", timeout=10)
            self.reload(self._current_item())

        self.write("prep-edit", lambda: apply_edit(store, change), done=done, refused=refused)

    def _now(self) -> datetime:
        return self.app.clock()

    def _late_note(self, at: datetime, *, was_late: bool = False) -> str:
        target = self.target
        if target is None or target.deadline is None or at <= target.deadline:
            return ""
        if was_late:
            return " It was a late change; this cancels it."
        return " This is after the deadline, so it counts as a late change."

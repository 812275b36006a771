"""The case screen following other seats (R25): the coordinator's late children, the
minute taker's notes and actions, arriving while the meeting runs.

The store's change feed calls back from its own thread; the screen posts itself
``MeetingChanged`` and re-reads in a worker, one re-read at a time (a change heard
meanwhile asks for one more).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.message import Message

from mace_tui.screens.case_base import CaseBase
from mace_tui.screens.case_panes import thrive_pane

if TYPE_CHECKING:
    from collections.abc import Callable

    from mace_tui.app import MaceApp
    from mace_tui.chair.case import QueueState
    from mace_tui.chair.live import LiveView


class CaseLive(CaseBase):
    """Live reads of what other seats change in this meeting."""

    class MeetingChanged(Message):
        """Another seat changed this meeting (posted from the change feed's thread)."""

    def follow_meeting(self) -> None:
        """Hear other seats' changes to this meeting (the feed opens its own connection)."""
        app, meeting_id, heard = self.app, self.meeting_id, self._heard
        self.run_worker(
            lambda: self._follow(app, meeting_id, heard),
            thread=True,
            exclusive=True,
            group="case-follow",
            exit_on_error=False,
        )

    def _heard(self) -> None:
        """From the change feed's thread: ask for a re-read (post_message is thread-safe)."""
        self.post_message(self.MeetingChanged())

    def _follow(self, app: MaceApp, meeting_id: int, heard: Callable[[], object]) -> None:
        store = app.require_store()  # open once the first frame is shown
        from mace_tui.chair.live import watch_meeting

        watch = watch_meeting(store, meeting_id=meeting_id, on_change=heard)
        try:
            app.call_from_thread(self._watching, watch)
        except Exception:  # the app is closing: nobody is left to follow the meeting
            watch.stop()
            raise

    def _watching(self, watch: object) -> None:
        from mace_tui.chair.live import MeetingWatch

        assert isinstance(watch, MeetingWatch)
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

    def reread_live(self) -> None:
        """Read the queue, and the open child's notes and actions, as stored now."""
        from mace_tui.chair.live import read_live_view

        app, case = self.app, self.case
        meeting_id, profile, drmm = self.meeting_id, self.app.profile, list(self._drmm)
        item_id = case.item_id if case else None
        live_read = self._live_read

        def run() -> None:
            try:
                view = read_live_view(
                    app.require_store(),
                    meeting_id=meeting_id,
                    item_id=item_id,
                    profile=profile,
                    drmm_profiles=drmm,
                )
            except Exception:
                app.call_from_thread(live_read, None)  # the next change tries again
                raise
            app.call_from_thread(live_read, view)

        self.run_worker(run, thread=True, group="case-live", exit_on_error=False)

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
            self.show_queue(view.state)
            self.show_header()  # its "n/total" counts a late child too
            self.tick()
        case, saver = self.case, self.notes_saver
        if case is None or saver is None or view.item_id != case.item_id:
            return
        if view.room is not None and view.room != case.room:  # changed on another seat
            self.adopt_room(view.people, view.conflicts, view.room)
            case = self.case
            assert case is not None
        pane = thrive_pane(self)
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
            self.actions_loaded(list(view.actions))

    def tell_late_arrivals(self, before: QueueState, after: QueueState) -> None:
        """A child the coordinator added while the meeting runs: one line, and a notice."""
        from mace_tui.chair.live import added_late

        line = added_late(before, after)
        if line:
            self.say(line)
            self.notify(line, title="Late change", timeout=10)

    def stop_following(self) -> None:
        """The screen goes: stop hearing other seats."""
        if self._watch is not None:
            self._watch.stop()
            self._watch = None


__all__ = ["CaseLive"]

"""Carried-over actions (R12): after the statements, the panel updates earlier meetings' actions.

Every open action from earlier meetings of the same kind is listed, overdue
ones in red. One key gives an update (complete, in progress, not possible,
not done), then who gave it and a note. F9 goes on to the children (the items of an
actions-only meeting, R21); any left without an update stay open and come back next time.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Static

from mace_tui.chair.recording import records_anything
from mace_tui.rules.carryover import is_overdue
from mace_tui.screens.action_review import ActionReviewModal, GiverChoice, ReviewInput
from mace_tui.screens.base import MaceScreen, queued_write
from mace_tui.widgets.carried_actions import CarriedActions
from mace_tui.widgets.recording_indicator import RecordingIndicator
from store.states import MeetingStage

if TYPE_CHECKING:
    from store.carryover import CarriedItem

PART = "carried-over actions"


class CarryOverScreen(MaceScreen[None]):
    """The review of earlier meetings' open actions, before the first child."""

    BINDINGS = [
        Binding("f9", "finish", "On to the children", id="carry.finish"),
        # An actions-only meeting (R21) has items, not children: the same key, its own words.
        Binding("f9", "finish_items", "On to the items", id="carry.finish_items"),
        Binding("ctrl+b", "retry_recording", "Retry rec", show=False, id="carry.retry_rec"),
    ]

    def __init__(self, *, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.items: list[CarriedItem] = []
        self.givers: list[GiverChoice] = []
        self.conflicted: dict[int, set[int]] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="carry-title", classes="screen-title")
        word = "Child" if self.app.profile.discuss_children else "Item"
        yield CarriedActions(id="carried", with_child=True, subject_word=word)
        yield Static("", id="carry-message", classes="hint")
        yield RecordingIndicator(id="recording")
        yield Footer()

    def on_mount(self) -> None:
        self.load()
        if records_anything(self.app.profile):
            self.attach_recorder()
        else:
            self.query_one(RecordingIndicator).not_recorded = True

    @work(thread=True, exclusive=True, group="recorder", exit_on_error=False)
    def attach_recorder(self) -> None:
        """The review is recorded apart from any child's discussion (per the profile)."""
        audio = self.app.chair_audio.for_part(self.app.require_store(), self.meeting_id, PART)
        self.app.call_from_thread(setattr, self.query_one(RecordingIndicator), "source", audio)

    # -- reading ---------------------------------------------------------------
    @work(thread=True, exclusive=True, group="carry-read", exit_on_error=False)
    def load(self, done: str = "", updated: int | None = None) -> None:
        """Read the carried-over actions and who is in the room."""
        from store import attendance, carryover

        store = self.app.require_store()
        with store.session() as session:
            items = carryover.meeting_carryover(session, meeting_id=self.meeting_id)
            people = attendance.meeting_attendance(session, meeting_id=self.meeting_id)
            self.conflicted = carryover.conflicted_for_child(session, meeting_id=self.meeting_id)
        givers = [
            GiverChoice(p.person_id, p.name, p.agency_id, p.agency) for p in people if p.in_room
        ]
        self.app.call_from_thread(self._loaded, items, givers, done, updated)

    def _loaded(
        self,
        items: list[CarriedItem],
        givers: list[GiverChoice],
        done: str,
        updated: int | None = None,
    ) -> None:
        self.items = items
        self.givers = givers
        today = self.app.today
        pane = self.query_one(CarriedActions)
        pane.show(items, today=today, updated=updated)
        pane.focus_table()
        updated = sum(1 for i in items if i.review is not None)
        overdue = sum(1 for i in items if is_overdue(i.due, i.status, today=today))
        profile = self.app.profile
        self.query_one("#carry-title", Static).update(
            f"[b]Carried-over actions[/b] — {len(items)} from earlier {profile.short_name} "
            f"meetings · {updated} updated · [b red]{overdue} overdue[/]"
            if overdue
            else f"[b]Carried-over actions[/b] — {len(items)} from earlier {profile.short_name} "
            f"meetings · {updated} updated"
        )
        if not items:
            self.say(
                f"No open actions from earlier meetings. Press F9 to go on to {self.next_part}."
            )
        else:
            left = len(items) - updated
            self.say(
                (f"{done} " if done else "")
                + f"{left} to update: c complete · p in progress · x not possible · d not done. "
                f"F9: on to {self.next_part} (any not updated stay open)."
            )

    @property
    def next_part(self) -> str:
        """What F9 goes on to: the children, or an actions-only meeting's items."""
        from mace_tui.chair.monthly import next_part

        return next_part(self.app.profile)

    def say(self, text: str) -> None:
        """One line under the table."""
        from textual.markup import escape

        self.query_one("#carry-message", Static).update(escape(text))

    # -- updates ---------------------------------------------------------------
    @on(CarriedActions.ReviewWanted)
    def review_wanted(self, event: CarriedActions.ReviewWanted) -> None:
        if not self.givers:
            self.say("No one is in the room to give an update.")
            return

        def given(result: ReviewInput | None) -> None:
            if result is not None:
                self.save_review(result, self.app.clock())

        # Someone with a conflict for the action's child cannot give its update (R3).
        out = self.conflicted.get(event.item.child_id or 0, set())
        givers = [g for g in self.givers if g.person_id not in out]
        self.app.push_screen(
            ActionReviewModal(event.item, status=event.status, givers=givers), given
        )

    @queued_write
    def save_review(self, result: ReviewInput, at: datetime) -> None:
        """Store the update and re-read the list."""
        from store import carryover

        store = self.app.require_store()
        with store.session() as session:
            carryover.review_action(
                session,
                action_id=result.action_id,
                meeting_id=self.meeting_id,
                status=result.status,
                note=result.note,
                given_by_id=result.given_by_id,
                at=at,
            )
        self.load(done="Update saved.", updated=result.action_id)

    # -- on to the children (or the items) ---------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Only one of the two F9 bindings applies, by the profile (hidden, not greyed).
        if action == "finish":
            return self.app.profile.discuss_children
        if action == "finish_items":
            return not self.app.profile.discuss_children
        return True

    def action_finish_items(self) -> None:
        self.action_finish()

    def action_finish(self) -> None:
        if (refusal := self.app.not_the_chair()) is not None:
            self.say(refusal)
            return
        self.finish(self.app.clock())

    @queued_write
    def finish(self, at: datetime) -> None:
        """The review is over: the children (or the items) come next."""
        from mace_tui.chair.stage import move_on

        store = self.app.require_store()
        with store.session() as session:
            self.app.still_chair(session, self.meeting_id)
        # The review's own recording ends here: nothing is recorded until a child's discussion
        # starts (R10), and the banner must not go on naming this part.
        if records_anything(self.app.profile):
            audio = self.app.chair_audio.for_meeting(store, self.meeting_id)
            if audio.status().label == PART:
                audio.end_segment()
        record = move_on(store, meeting_id=self.meeting_id, to=MeetingStage.CASES, at=at)
        from mace_tui.screens.chair_start import open_stage

        self.app.call_from_thread(open_stage, self.app, record)

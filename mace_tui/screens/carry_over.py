"""Carried-over actions (R12): after the statements, the panel updates earlier meetings' actions.

Every open action from earlier meetings of the same kind is listed, overdue
ones in red. One key gives an update (complete, in progress, not possible,
not done), then who gave it and a note. F9 goes on to the children (the items of an
actions-only meeting, R21); any left without an update stay open and come back next time.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from mace_tui.chair.carry_over import CarryOverView, read_carry_over, review_carried
from mace_tui.chair.recording import records_anything
from mace_tui.chair.stage import check_seat, move_on
from mace_tui.rules.carryover import is_overdue
from mace_tui.screens.action_review import ActionReviewModal, GiverChoice, ReviewInput
from mace_tui.screens.base import MaceScreen
from mace_tui.widgets.carried_actions import CarriedActions
from mace_tui.widgets.footer import KeysFooter
from mace_tui.widgets.recording_indicator import RecordingIndicator
from store.states import MeetingStage

if TYPE_CHECKING:
    from store.carryover import CarriedItem
    from store.db import Store
    from store.records import MeetingRecord

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
        yield KeysFooter()

    def on_mount(self) -> None:
        self.load()
        if records_anything(self.app.profile):
            self.attach_recorder()
        else:
            self.query_one(RecordingIndicator).not_recorded = True

    def attach_recorder(self) -> None:
        """The review is recorded apart from any child's discussion (per the profile)."""
        chair_audio, meeting_id = self.app.chair_audio, self.meeting_id
        indicator = self.query_one(RecordingIndicator)
        self.read(
            "recorder",
            lambda store: chair_audio.for_part(store, meeting_id, PART),
            lambda audio: setattr(indicator, "source", audio),
        )

    # -- reading ---------------------------------------------------------------
    def load(self, done: str = "", updated: int | None = None) -> None:
        """Read the carried-over actions and who is in the room."""
        meeting_id = self.meeting_id
        self.read(
            "carry-read",
            lambda store: read_carry_over(store, meeting_id=meeting_id),
            lambda view: self._loaded(view, done, updated),
        )

    def _loaded(self, view: CarryOverView, done: str, updated: int | None = None) -> None:
        items = self.items = view.items
        self.givers = [
            GiverChoice(p.person_id, p.name, p.agency_id, p.agency) for p in view.in_room
        ]
        self.conflicted = view.conflicted
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

    def save_review(self, result: ReviewInput, at: datetime) -> None:
        """Store the update and re-read the list."""
        app, meeting_id = self.app, self.meeting_id

        def job() -> None:
            review_carried(
                app.require_store(),
                action_id=result.action_id,
                meeting_id=meeting_id,
                status=result.status,
                note=result.note,
                given_by_id=result.given_by_id,
                at=at,
            )

        self.write(
            "save_review",
            job,
            done=lambda _: self.load(done="Update saved.", updated=result.action_id),
        )

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

    def finish(self, at: datetime) -> None:
        """The review is over: the children (or the items) come next."""
        from mace_tui.screens.chair_start import open_stage

        meeting_id, chair_audio = self.meeting_id, self.app.chair_audio
        records = records_anything(self.app.profile)

        def job(store: Store, seat: str | None) -> MeetingRecord:
            check_seat(store, meeting_id=meeting_id, seat=seat)
            # The review's own recording ends here: nothing is recorded until a child's
            # discussion starts (R10), and the banner must not go on naming this part.
            if records:
                audio = chair_audio.for_meeting(store, meeting_id)
                if audio.status().label == PART:
                    audio.end_segment()
            return move_on(store, meeting_id=meeting_id, to=MeetingStage.CASES, at=at)

        self.chair_write("finish", job, done=lambda record: open_stage(self.app, record))

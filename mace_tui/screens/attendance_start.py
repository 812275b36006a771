"""Starting the meeting from the register (R1): when it is quorate, on to the opening
statements; when it is not, recording it as inquorate and moving its queue on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mace_tui.chair.attendance import AttendanceView
from mace_tui.chair.inquorate import read_follow_on, what_went
from mace_tui.chair.stage import record_inquorate_as_typed, start_as_chair
from mace_tui.screens.base import MaceScreen

if TYPE_CHECKING:
    from mace_tui.chair.inquorate import FollowOnPlan
    from mace_tui.chair.stage import Inquorate
    from store.db import Store
    from store.records import MeetingRecord


class MeetingStart(MaceScreen[None]):
    """The register's two ways on (s: start, i: inquorate); ``AttendanceScreen`` builds on
    this with the table and its marks."""

    meeting_id: int
    view: AttendanceView | None

    def say(self, text: str) -> None:
        """A line under the table (the register screen shows it)."""
        raise NotImplementedError

    def _show(self, view: AttendanceView) -> None:
        raise NotImplementedError

    def action_start(self) -> None:
        if (refusal := self.app.not_the_chair()) is not None:
            self.say(refusal)
            return
        if self.view is None:
            return
        # With marks still being saved, the quorum is checked again after them, in order.
        if not self.view.quorum.quorate and not self.app.writes.pending:
            self.say(_cannot_start(self.view))
            return
        self.start_meeting()

    def start_meeting(self) -> None:
        """Record the start (once every earlier mark is saved and the meeting is quorate)
        and move on to the opening statements."""
        meeting_id, profile, at = self.meeting_id, self.app.profile, self.app.clock()

        def job(store: Store, seat: str | None) -> AttendanceView | MeetingRecord:
            return start_as_chair(store, meeting_id=meeting_id, profile=profile, at=at, seat=seat)

        def done(result: AttendanceView | MeetingRecord) -> None:
            from mace_tui.screens.chair_start import open_stage

            if isinstance(result, AttendanceView):
                self._show(result)
                self.say(_cannot_start(result))
            else:
                open_stage(self.app, result)

        self.chair_write("start-meeting", job, done=done)

    def action_inquorate(self) -> None:
        if (refusal := self.app.not_the_chair()) is not None:
            self.say(refusal)
            return
        if self.view is None:
            return
        if self.view.quorum.quorate:
            self.say("The meeting is quorate: press s to start it.")
            return
        self.plan_inquorate()

    def plan_inquorate(self) -> None:
        """Where the profile sends the queue (R1), read before asking the chair."""
        assert self.view is not None
        profile, meeting_date = self.app.profile, self.view.meeting.date
        self.read(
            "attendance-read",
            lambda store: read_follow_on(store, profile=profile, meeting_date=meeting_date),
            self._ask_inquorate,
        )

    def _ask_inquorate(self, plan: FollowOnPlan) -> None:
        assert self.view is not None
        from mace_tui.screens.attendance_dialogs import ask_inquorate  # the dialogs: when used

        ask_inquorate(self.app, self.view, plan, self.app.profile, self.record_inquorate)

    def record_inquorate(self, reason: str, to_date: str) -> None:
        """Record the meeting as inquorate, move its queue on, and show the summary."""
        app, meeting_id, profile, at = self.app, self.meeting_id, self.app.profile, self.app.clock()

        def job() -> Inquorate:
            return record_inquorate_as_typed(
                app.require_store(),
                meeting_id=meeting_id,
                profile=profile,
                reason=reason,
                to_date=to_date,
                at=at,
            )

        def done(result: Inquorate) -> None:
            from mace_tui.screens.chair_start import open_stage

            self.notify(what_went(self.app.profile, result.follow_on))
            open_stage(self.app, result.meeting)

        def refused(text: str) -> None:
            self.say(f"Not recorded. {text} Press i to try again.")

        self.write("inquorate", job, done=done, refused=refused)


def _cannot_start(view: AttendanceView) -> str:
    return (
        f"{view.quorum.describe()}. The meeting cannot start: "
        "mark a member or deputy present, or press i to record it as inquorate."
    )

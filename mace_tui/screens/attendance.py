"""Attendance and quorum (R1): who is here, who deputises, and whether the meeting can start."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.widgets import DataTable, Static

from mace_tui.chair.attendance import AttendanceView, quorum_rule
from mace_tui.chair.inquorate import what_went
from mace_tui.chair.recording import records_anything
from mace_tui.rules.deadline import LOCAL_ZONE
from mace_tui.screens.attendance_dialogs import ask_inquorate, member_dialog, named_deputy_dialog
from mace_tui.screens.base import MaceScreen
from mace_tui.screens.walk_in import WalkIn, WalkInModal
from mace_tui.widgets.attendance_people import AttendancePeople, queue_preview
from mace_tui.widgets.directory_gap import DirectoryGap
from mace_tui.widgets.footer import MeetingFooter
from mace_tui.widgets.mic_check import MicCheck
from mace_tui.widgets.quorum_bar import QuorumBar

if TYPE_CHECKING:
    from sqlmodel import Session

    from mace_tui.chair.inquorate import FollowOnPlan
    from mace_tui.chair.stage import Inquorate
    from store.records import AttendanceRecord, MeetingRecord


class AttendanceScreen(MaceScreen[None]):
    """Take attendance; start the meeting when quorate or record it as inquorate."""

    BINDINGS = [
        # Starting (or recording an inquorate meeting) first: at 80 columns the footer
        # cuts off the last keys.
        Binding("p", "present", "Present", id="attendance.present"),
        Binding("a", "absent", "Absent", id="attendance.absent"),
        Binding("s", "start", "Start meeting", id="attendance.start"),
        Binding("i", "inquorate", "Inquorate", id="attendance.inquorate"),
        Binding("d", "deputy", "Deputy for…", id="attendance.deputy"),
        Binding("w", "walk_in", "Walk-in", id="attendance.walk_in"),
        Binding("l", "left", "Left", id="attendance.left"),
    ]

    def __init__(self, *, meeting_id: int, preloaded: AttendanceView | None = None) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.view: AttendanceView | None = None
        self._preloaded = preloaded

    def compose(self) -> ComposeResult:
        yield Static("", id="attendance-title", classes="screen-title")
        yield QuorumBar(id="quorum")
        yield DirectoryGap(id="directory-gap")
        with Horizontal(id="attendance-body"):
            yield AttendancePeople(id="people", cursor_type="row", zebra_stripes=True)
            with Vertical(id="attendance-side"):
                yield Static("", id="queue-preview")
        yield MicCheck(id="mic-check")
        yield Static("", id="attendance-message", classes="hint")
        yield MeetingFooter()

    def on_mount(self) -> None:
        self.query_one(AttendancePeople).add_register_columns()
        if self._preloaded is not None:
            self._show(self._preloaded)
        else:
            self.reload()
        if records_anything(self.app.profile):
            self.open_microphone()
        else:
            # An actions-only meeting records nothing (R21): no microphone to check.
            self.query_one(MicCheck).display = False

    @work(thread=True, exclusive=True, group="microphone", exit_on_error=False)
    def open_microphone(self) -> None:
        """Open the meeting's microphone now, so a dead one is found before the first child."""
        audio = self.app.chair_audio.for_meeting(self.app.require_store(), self.meeting_id)
        self.app.call_from_thread(setattr, self.query_one(MicCheck), "source", audio)

    def on_resize(self) -> None:
        self._fit()

    def on_screen_resume(self) -> None:
        self._fit()

    def _fit(self) -> None:
        # The queue preview only when there is room beside the table.
        self.query_one("#attendance-side").display = self.app.size.width >= 110
        self.call_after_refresh(self._fit_columns)

    def _fit_columns(self) -> None:
        self.query_one(AttendancePeople).fit()

    # -- reading ---------------------------------------------------------------
    @work(thread=True, exclusive=True, group="attendance", exit_on_error=False)
    def reload(self) -> None:
        """Read the meeting's people and quorum."""
        from mace_tui.chair.attendance import load_attendance

        store = self.app.require_store()
        with store.session() as session:
            view = load_attendance(session, meeting_id=self.meeting_id, profile=self.app.profile)
        self.app.call_from_thread(self._show, view)

    def _show(self, view: AttendanceView) -> None:
        self.view = view
        profile = self.app.profile
        meeting = view.meeting
        self.query_one("#attendance-title", Static).update(
            f"[b]{escape(profile.name)}[/b]"
            + (" [b red](extraordinary)[/]" if meeting.extraordinary else "")
            + f" — {meeting.date:%A %d %B %Y}, {meeting.scheduled_start} · Attendance"
        )
        self.query_one(QuorumBar).show(quorum_rule(profile), view.quorum)
        self.query_one(AttendancePeople).show(view)
        self.query_one("#queue-preview", Static).update(queue_preview(profile, view.queue))
        if not view.people:
            self.say("Nobody is on the list yet: press w to add each person as they arrive.")

    def say(self, text: str) -> None:
        """A line under the table: what happened or what to do."""
        self.query_one("#attendance-message", Static).update(escape(text))

    def _selected(self) -> AttendanceRecord | None:
        return self.query_one(AttendancePeople).selected(self.view)

    # -- writing ---------------------------------------------------------------
    def change(self, edit: Callable[[Session], None], done: str) -> None:
        """Queue one edit (its own unit of work, in order with every other write), then
        re-read."""
        app = self.app

        def job() -> None:
            with app.require_store().session() as session:
                edit(session)

        def applied(_: None) -> None:
            self.say(done)
            self.reload()

        self.write("attendance", job, done=applied)

    def action_present(self) -> None:
        self._mark("present")

    def action_absent(self) -> None:
        self._mark("absent")

    def action_left(self) -> None:
        self._mark("left")

    def _mark(self, now: str) -> None:
        from mace_tui.chair.attendance import mark

        person = self._selected()
        if person is None:
            return
        at, meeting_id = self.app.clock(), self.meeting_id
        said = {
            "present": f"{person.name} is present.",
            "absent": f"{person.name} is absent.",
            "left": f"{person.name} has left at {at.astimezone(LOCAL_ZONE):%H:%M}.",
        }[now]
        self.change(
            lambda s: mark(s, meeting_id=meeting_id, person_id=person.person_id, now=now, at=at),
            said,
        )

    def action_deputy(self) -> None:
        from store import attendance

        person = self._selected()
        if person is None or self.view is None:
            return
        if self.view.deputies_for(person):
            self.offer_named_deputy(person)
            return

        def chosen(member: AttendanceRecord | None) -> None:
            if member is None:
                return
            at = self.app.clock()
            self.change(
                lambda s: attendance.set_deputy(
                    s,
                    meeting_id=self.meeting_id,
                    deputy_id=person.person_id,
                    for_person_id=member.person_id,
                    at=at,
                ),
                f"{person.name} is here as deputy for {member.name}.",
            )

        self.app.push_screen(member_dialog(self.view, person), chosen)

    def offer_named_deputy(self, member: AttendanceRecord) -> None:
        """``member`` is not here: offer the deputies the directory names for them (R1)."""
        from store import attendance

        assert self.view is not None

        def chosen(deputy: tuple[int, str] | None) -> None:
            if deputy is None:
                return
            at = self.app.clock()
            self.change(
                lambda s: attendance.set_deputy(
                    s,
                    meeting_id=self.meeting_id,
                    deputy_id=deputy[0],
                    for_person_id=member.person_id,
                    at=at,
                ),
                f"{deputy[1]} is here as deputy for {member.name}.",
            )

        self.app.push_screen(named_deputy_dialog(self.view, member), chosen)

    def action_walk_in(self) -> None:
        from store import attendance

        if self.view is None:
            return

        def added(walk_in: WalkIn | None) -> None:
            if walk_in is None:
                return
            at = self.app.clock()

            def add(session: Session) -> None:
                attendance.add_walk_in(
                    session,
                    meeting_id=self.meeting_id,
                    name=walk_in.name,
                    agency_id=walk_in.agency_id,
                    title=walk_in.title,
                    role=walk_in.role,
                    at=at,
                )

            self.change(add, f"{walk_in.name} has joined.")

        self.app.push_screen(WalkInModal(self.view.agencies), added)

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
        app, meeting_id, profile, at = self.app, self.meeting_id, self.app.profile, self.app.clock()

        def job() -> AttendanceView | MeetingRecord:
            from mace_tui.chair.stage import start_meeting

            with app.require_store().session() as session:
                app.still_chair(session, meeting_id)
                return start_meeting(session, meeting_id=meeting_id, profile=profile, at=at)

        def done(result: AttendanceView | MeetingRecord) -> None:
            from mace_tui.screens.chair_start import open_stage

            if isinstance(result, AttendanceView):
                self._show(result)
                self.say(_cannot_start(result))
            else:
                open_stage(self.app, result)

        self.write("start-meeting", job, done=done)

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

    @work(thread=True, exclusive=True, group="attendance-read", exit_on_error=False)
    def plan_inquorate(self) -> None:
        """Where the profile sends the queue (R1), read before asking the chair."""
        from mace_tui.chair.inquorate import plan_follow_on

        assert self.view is not None
        store = self.app.require_store()
        with store.session() as session:
            plan = plan_follow_on(
                session, profile=self.app.profile, meeting_date=self.view.meeting.date
            )
        self.app.call_from_thread(self._ask_inquorate, plan)

    def _ask_inquorate(self, plan: FollowOnPlan) -> None:
        assert self.view is not None
        ask_inquorate(self.app, self.view, plan, self.app.profile, self.record_inquorate)

    def record_inquorate(self, reason: str, to_date: str) -> None:
        """Record the meeting as inquorate, move its queue on, and show the summary."""
        app, meeting_id, profile, at = self.app, self.meeting_id, self.app.profile, self.app.clock()

        def job() -> Inquorate:
            from mace_tui.chair.inquorate import parse_follow_on_date
            from mace_tui.chair.stage import record_inquorate

            with app.require_store().session() as session:
                return record_inquorate(
                    session,
                    meeting_id=meeting_id,
                    profile=profile,
                    reason=reason,
                    to_date=parse_follow_on_date(to_date),
                    at=at,
                )

        def done(result: Inquorate) -> None:
            from mace_tui.screens.chair_start import open_stage

            self.notify(what_went(self.app.profile, result.follow_on))
            open_stage(self.app, result.meeting)

        def refused(text: str) -> None:
            self.say(f"Not recorded. {text} Press i to try again.")

        self.write("inquorate", job, done=done, refused=refused)

    @on(DataTable.RowSelected, "#people")
    def toggle_present(self) -> None:
        """Enter marks the highlighted person present (the common case)."""
        self.action_present()


def _cannot_start(view: AttendanceView) -> str:
    return (
        f"{view.quorum.describe()}. The meeting cannot start: "
        "mark a member or deputy present, or press i to record it as inquorate."
    )

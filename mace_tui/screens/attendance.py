"""Attendance and quorum (R1): who is here, who deputises, and whether the meeting can start."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.widgets import DataTable, Static

from mace_tui.chair.attendance import (
    AttendanceView,
    deputise,
    mark_person,
    quorum_rule,
    read_attendance,
    walk_in,
)
from mace_tui.chair.recording import records_anything
from mace_tui.rules.deadline import LOCAL_ZONE
from mace_tui.screens.attendance_start import MeetingStart
from mace_tui.widgets.attendance_people import AttendancePeople, queue_preview
from mace_tui.widgets.directory_gap import DirectoryGap
from mace_tui.widgets.footer import MeetingFooter
from mace_tui.widgets.mic_check import MicCheck
from mace_tui.widgets.quorum_bar import QuorumBar

if TYPE_CHECKING:
    from mace_tui.screens.walk_in import WalkIn
    from store.db import Store
    from store.records import AttendanceRecord


class AttendanceScreen(MeetingStart):
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

    def open_microphone(self) -> None:
        """Open the meeting's microphone now, so a dead one is found before the first child."""
        chair_audio, meeting_id, mic = (
            self.app.chair_audio,
            self.meeting_id,
            self.query_one(MicCheck),
        )
        self.read(
            "microphone",
            lambda store: chair_audio.for_meeting(store, meeting_id),
            lambda audio: setattr(mic, "source", audio),
        )

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
    def reload(self) -> None:
        """Read the meeting's people and quorum."""
        meeting_id, profile = self.meeting_id, self.app.profile
        self.read(
            "attendance",
            lambda store: read_attendance(store, meeting_id=meeting_id, profile=profile),
            self._show,
        )

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
    def change(self, edit: Callable[[Store], None], done: str) -> None:
        """Queue one edit (a service's unit of work, in order with every other write), then
        re-read."""
        app = self.app

        def job() -> None:
            edit(app.require_store())

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
            lambda store: mark_person(
                store, meeting_id=meeting_id, person_id=person.person_id, now=now, at=at
            ),
            said,
        )

    def action_deputy(self) -> None:
        person = self._selected()
        if person is None or self.view is None:
            return
        meeting_id = self.meeting_id

        def chosen(deputy_id: int, for_person_id: int, said: str) -> None:
            at = self.app.clock()
            self.change(
                lambda store: deputise(
                    store,
                    meeting_id=meeting_id,
                    deputy_id=deputy_id,
                    for_person_id=for_person_id,
                    at=at,
                ),
                said,
            )

        from mace_tui.screens.attendance_dialogs import ask_deputy  # the dialogs: when used

        ask_deputy(self.app, self.view, person, chosen)

    def action_walk_in(self) -> None:
        if self.view is None:
            return

        def added(person: WalkIn | None) -> None:
            if person is None:
                return
            at, meeting_id = self.app.clock(), self.meeting_id

            def add(store: Store) -> None:
                walk_in(
                    store,
                    meeting_id=meeting_id,
                    name=person.name,
                    agency_id=person.agency_id,
                    title=person.title,
                    role=person.role,
                    at=at,
                )

            self.change(add, f"{person.name} has joined.")

        from mace_tui.screens.walk_in import WalkInModal

        self.app.push_screen(WalkInModal(self.view.agencies), added)

    @on(DataTable.RowSelected, "#people")
    def toggle_present(self) -> None:
        """Enter marks the highlighted person present (the common case)."""
        self.action_present()

"""The register during the meeting (R1): late arrivals, deputies arriving, early leavers.

Opened from the case screen (ctrl+g). The same table as at the start, without
starting or recording the meeting as inquorate. After each change quorum is
checked again, for the meeting and for the child under discussion; when a
change leaves that child without quorum, the screen says so and goes back to
the child, where the chair chooses a deputy, a deferral or an override.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.markup import escape
from textual.widgets import Static

from mace_tui.chair.attendance import AttendanceView
from mace_tui.chair.register import read_register_check
from mace_tui.screens.attendance import AttendanceScreen
from mace_tui.widgets.mic_check import MicCheck

if TYPE_CHECKING:
    from mace_tui.chair.register import RegisterCheck
    from store.db import Store


class RegisterScreen(AttendanceScreen):
    """Who is here as the meeting goes on; Escape goes back to the child."""

    BINDINGS = [
        Binding("p", "present", "Joined", id="register.present"),
        Binding("l", "left", "Left", id="register.left"),
        Binding("d", "deputy", "Deputy for…", id="register.deputy"),
        Binding("w", "walk_in", "Walk-in", id="register.walk_in"),
        Binding("escape", "back", "Back", id="register.back"),
    ]

    def __init__(self, *, meeting_id: int) -> None:
        super().__init__(meeting_id=meeting_id)
        self.check: RegisterCheck | None = None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The meeting has started: it is neither started again nor found inquorate now.
        return action not in ("start", "inquorate")

    def open_microphone(self) -> None:
        """The recorder belongs to the case screen during the meeting; nothing to open here."""

    def _show(self, view: AttendanceView) -> None:
        super()._show(view)
        meeting = view.meeting
        kind = " (extraordinary)" if meeting.extraordinary else ""
        self.query_one("#attendance-title", Static).update(
            f"[b]Register during the meeting[/b] · {escape(self.app.profile.short_name)}{kind}"
            f" {meeting.date:%A %d %B %Y}"
        )
        if self.check is not None and self.check.words():
            self.say(self.check.words())

    def change(self, edit: Callable[[Store], None], done: str) -> None:
        """Queue one change (in order with every other write), then check quorum again for
        the meeting and the child."""
        app, meeting_id, profile, before = self.app, self.meeting_id, self.app.profile, self.check

        def job() -> RegisterCheck:
            store = app.require_store()
            edit(store)
            return read_register_check(store, meeting_id=meeting_id, profile=profile)

        def applied(check: RegisterCheck) -> None:
            self.check = check
            self._checked(before, check, done)
            self.reload()

        self.write("register", job, done=applied)

    def _checked(self, before: RegisterCheck | None, check: RegisterCheck, done: str) -> None:
        words = check.words()
        self.say(f"{done} {words}".strip())
        was_blocked = before.child_blocked if before is not None else False
        if check.child_blocked and not was_blocked:
            # The change took quorum away from the child being discussed: back to it at once,
            # where the chair is offered a deputy, a deferral or an override (R2).
            assert check.child is not None
            self.notify(
                f"{check.child.child_name}: {check.child.room.describe()}. "
                "Choose a deputy, a deferral or an override.",
                severity="warning",
                timeout=8,
            )
            self.dismiss()

    def on_mount(self) -> None:
        # The microphone is the case screen's during the meeting.
        self.query_one(MicCheck).display = False
        self.first_check()

    def first_check(self) -> None:
        """Quorum as the register opens, so a later change can tell what it changed."""
        meeting_id, profile = self.meeting_id, self.app.profile
        self.read(
            "register-check",
            lambda store: read_register_check(store, meeting_id=meeting_id, profile=profile),
            self._first_checked,
        )

    def _first_checked(self, check: RegisterCheck) -> None:
        if self.check is None:  # a change made meanwhile has checked again already
            self.check = check

    def action_back(self) -> None:
        self.dismiss()

"""The chair's way in: find (or create) the meeting and open it where it was left."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.markup import escape
from textual.widgets import Static

from mace_tui.screens.base import MaceScreen
from store.states import MeetingStage

if TYPE_CHECKING:
    from mace_tui.app import MaceApp
    from mace_tui.chair.start import ChairOpening
    from mace_tui.early import EarlyRead
    from store.db import Store
    from store.records import MeetingRecord


class ChairStartScreen(MaceScreen[None]):
    """Shown for a moment while the meeting is found; then replaced by the right stage."""

    BINDINGS = [
        Binding("q", "app.quit", "Quit", id="chair.quit"),
        Binding("t", "take_over", "Take the chair over", id="chair.take_over"),
        Binding("m", "follow", "Follow as minute taker", id="chair.follow"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._opened = False
        self._held_meeting: MeetingRecord | None = None  # set while another seat has the chair

    def compose(self) -> ComposeResult:
        # No footer: this shows for a blink, and it is the first frame of `mace-tui demo`,
        # so it is kept as light as it can be. The one key is in the text.
        yield Static("Opening the meeting…  [dim](q quits)[/dim]", id="chair-start")

    def on_mount(self) -> None:
        early = self.app.claim_early()
        if early is not None and early.finished() and not self.app.demo:
            # The helper is done (it usually is by now): the stage's screen is the first frame.
            # The demo keeps this light one first (its budget: a first frame within 1.3× of a
            # bare Textual app's), as its helper makes the demo's store too.
            self._early_read(early.wait())
        elif early is not None:
            # After the first frame is out: the import below competes for the GIL.
            self.call_after_refresh(self._wait_for_early, self.app, early)
        self.watch(self.app, "store", self._store_changed, init=True)
        self.watch(self.app, "store_error", self._store_failed, init=False)

    @work(thread=True, exclusive=True, group="chair-start", exit_on_error=False)
    def _wait_for_early(self, app: MaceApp, early: EarlyRead) -> None:
        # While the helper reads, load the register's code so it shows the moment data arrives.
        importlib.import_module("mace_tui.screens.attendance")
        app.call_from_thread(self._early_read, early.wait())

    def _early_read(self, opening: object) -> None:
        """Open the stage the helper found (its read may have failed: the store then does)."""
        from mace_tui.chair.start import ChairOpening

        if isinstance(opening, ChairOpening):
            self._early_opened(opening)

    def _early_opened(self, opening: ChairOpening) -> None:
        if self._opened:  # the store opened first and the meeting is already open
            return
        self._opened = True
        # Opened before the store: the chair's seat is claimed once the store is open.
        self._early_meeting = opening.meeting
        if self.app.store is not None:
            self.claim_chair(opening.meeting)
        open_stage(self.app, opening.meeting, opening)

    def _store_changed(self, store: Store | None) -> None:
        if store is not None and not self._opened:
            self.find_meeting(store)
        elif store is not None and self._early_meeting is not None:
            self.claim_chair(self._early_meeting)

    def _store_failed(self, error: str | None) -> None:
        if error:
            self.query_one("#chair-start", Static).update(
                f"[b]The store could not be opened.[/b]\n{escape(error)}\n\nPress q to quit."
            )

    def find_meeting(self, store: Store) -> None:
        """Find or create the meeting: a write, so through the app's one write queue."""
        profile = self.app.profile
        on = self.app.meeting_date or self.app.today

        def job() -> ChairOpening:
            from mace_tui.chair.start import open_chair_meeting

            return open_chair_meeting(store, profile=profile, on=on)

        self.write("open-meeting", job, done=self._found)

    def say(self, text: str) -> None:
        """Opening the meeting was refused (not a meeting day, say): say why here, for good."""
        self.query_one("#chair-start", Static).update(
            f"[b]The meeting cannot be opened.[/b]\n{escape(text)}\n\nPress q to quit."
        )

    def _found(self, opening: ChairOpening) -> None:
        if not self._opened:  # the forked helper's read may have opened it first
            self._opened = True
            self.claim_and_open(self.app, opening)

    @work(thread=True, exclusive=True, group="chair-seat", exit_on_error=False)
    def claim_and_open(self, app: MaceApp, opening: ChairOpening) -> None:
        """Hold the meeting's chair seat, then open its stage (or say who holds it)."""
        if self._may_chair(app, opening.meeting):
            app.call_from_thread(open_stage, app, opening.meeting, opening)

    # -- one chair per meeting (R25) ------------------------------------------------------
    _early_meeting: MeetingRecord | None = None

    def _may_chair(self, app: MaceApp, meeting: MeetingRecord, *, take_over: bool = False) -> bool:
        """Hold the meeting's chair seat (worker thread); if another seat holds it, say so."""
        from store.seats import ChairHeld

        try:
            app.hold_chair(meeting.id, take_over=take_over)
        except ChairHeld as held:
            app.call_from_thread(self.chair_held, meeting, str(held))
            return False
        return True

    def claim_chair(self, meeting: MeetingRecord) -> None:
        """The early read opened the meeting: now the store is open, claim its chair."""
        self._early_meeting = None
        self._claim(self.app, meeting)

    @work(thread=True, exclusive=True, group="chair-seat", exit_on_error=False)
    def _claim(self, app: MaceApp, meeting: MeetingRecord) -> None:
        self._may_chair(app, meeting)

    def chair_held(self, meeting: MeetingRecord, text: str) -> None:
        """Another live seat has the chair: back to this screen, saying who and what to do."""
        while self.app.screen is not self and len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        self._held_meeting = meeting
        self.query_one("#chair-start", Static).update(
            f"[b]{escape(text)}[/b]\n\nt: take the chair over (only if that seat has stopped) · "
            "m: follow the meeting as the minute taker · q: quit"
        )
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("take_over", "follow"):
            return self._held_meeting is not None
        return True

    def action_take_over(self) -> None:
        from mace_tui.screens.modals import ConfirmModal

        def confirmed(yes: bool | None) -> None:
            if yes and self._held_meeting is not None:
                self.take_over(self.app, self._held_meeting)

        self.app.push_screen(
            ConfirmModal(
                "Take the chair over?",
                "The other seat stops being the chair: its next change is refused. Do this "
                "only when that seat has stopped or its chair has agreed.",
                yes="Take over",
                destructive=True,
            ),
            confirmed,
        )

    @work(thread=True, exclusive=True, group="chair-seat", exit_on_error=False)
    def take_over(self, app: MaceApp, meeting: MeetingRecord) -> None:
        """Take the chair from the seat that holds it (R25), then open the meeting's stage."""
        if self._may_chair(app, meeting, take_over=True):
            app.call_from_thread(self._taken_over, meeting)

    def _taken_over(self, meeting: MeetingRecord) -> None:
        self._held_meeting = None
        open_stage(self.app, meeting, None)

    def action_follow(self) -> None:
        from mace_tui.screens.minutes import MinutesScreen

        if self._held_meeting is not None:
            self.app.push_screen(MinutesScreen(meeting_id=self._held_meeting.id))


# Which screen shows which stage of a meeting: module and class, imported only when reached
# (the case screen's widgets are not needed to show the register).
STAGE_SCREENS: dict[MeetingStage, tuple[str, str]] = {
    MeetingStage.ATTENDANCE: ("mace_tui.screens.attendance", "AttendanceScreen"),
    MeetingStage.STATEMENTS: ("mace_tui.screens.statements", "StatementsScreen"),
    MeetingStage.CARRY_OVER: ("mace_tui.screens.carry_over", "CarryOverScreen"),
    MeetingStage.CASES: ("mace_tui.screens.case", "CaseScreen"),
    MeetingStage.ENDED: ("mace_tui.screens.action_log", "ActionLogScreen"),
}


# An actions-only meeting (a profile with discuss_children = false, R21) has items, not children.
ACTIONS_ONLY_SCREENS: dict[MeetingStage, tuple[str, str]] = {
    MeetingStage.CASES: ("mace_tui.screens.monthly", "MonthlyScreen"),
}


def stage_screen(
    meeting: MeetingRecord, opening: ChairOpening | None = None, *, actions_only: bool = False
) -> MaceScreen[None]:
    """The screen for the meeting's stage, built for this meeting."""
    stage = MeetingStage(meeting.stage)
    module, name = STAGE_SCREENS[stage]
    if actions_only:
        module, name = ACTIONS_ONLY_SCREENS.get(stage, (module, name))
    screen_class = getattr(importlib.import_module(module), name)
    if stage is MeetingStage.ENDED:
        return screen_class(meeting.id, final=True)
    if stage is MeetingStage.ATTENDANCE:
        preloaded = opening.attendance if opening is not None else None
        return screen_class(meeting_id=meeting.id, preloaded=preloaded)
    return screen_class(meeting_id=meeting.id)


def open_stage(app: MaceApp, meeting: MeetingRecord, opening: ChairOpening | None = None) -> None:
    """Replace the current screen with the one for the meeting's stage (resume after a restart)."""
    screen = stage_screen(meeting, opening, actions_only=not app.profile.discuss_children)
    # The start screen stays at the bottom of the chair's stack; stages replace each other above it.
    if isinstance(app.screen, ChairStartScreen):
        app.push_screen(screen)
    else:
        app.switch_screen(screen)
    # Once this is on the terminal, the store may load (see MaceApp.load_store).
    app.after_first_frame(app.first_data_shown.set)

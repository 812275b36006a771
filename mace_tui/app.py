"""The Textual App: thin. It paints first, then opens the store in a thread worker."""

from __future__ import annotations

import contextlib
import functools
import gc
import importlib
import logging
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from mace_tui.chair.recording import ChairAudio
from mace_tui.clock import Clock, local_today, system_clock
from mace_tui.config import Settings
from mace_tui.early import EarlyFailure, EarlyRead
from mace_tui.keygate import (
    GIVE_UP_SECONDS,
    MOVES_FOCUS,
    OPENS_A_SCREEN,
    OPENS_AFTER_WORK,
    OPENS_BY_MESSAGE,
    KeyGate,
)
from mace_tui.profiles import Profile, get_profile
from mace_tui.styles import IncrementalStylesheet, ParsedCss
from mace_tui.writes import WriteQueue, user_message
from store.errors import UserError, write_trouble

# Modes whose first screen shows a forked helper's read (mace_tui/early.py) and says when it
# is painted (``first_data_shown``): the store is opened only after that.
EARLY_MODES = ("chair", "home", "prep", "directory", "minutes", "review")

if TYPE_CHECKING:
    from datetime import date

    from sqlmodel import Session
    from textual.binding import ActiveBinding

    from mace_tui.chair.seat import ChairSeat
    from store.db import Store

log = logging.getLogger(__name__)
# Set once MaceApp.run has frozen what start-up loaded (gc.freeze): once a process.
_FROZEN = False


def screen_factory(path: str) -> Callable[[], Screen[Any]]:
    """A mode's screen, imported only when the mode is first used (start-up stays light)."""

    def make() -> Screen[Any]:
        module, name = path.split(":")
        screen: Screen[Any] = getattr(importlib.import_module(module), name)()
        return screen

    return make


StoreOpener = Callable[[], "Store"]


class MaceApp(App[None]):
    """mace-tui: one app, one screen per task."""

    TITLE = "mace-tui"
    CSS_PATH = "app.tcss"
    # Under 100 columns the screens get "-narrow" (see app.tcss: a tighter footer, so its
    # last key is not cut at 80×24).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-roomy")]
    # One mode per task; each later issue adds its screen here.
    MODES = {
        "home": screen_factory("mace_tui.screens.home:HomeScreen"),
        "chair": screen_factory("mace_tui.screens.chair_start:ChairStartScreen"),
        "prep": screen_factory("mace_tui.screens.prep:PrepScreen"),
        "review": screen_factory("mace_tui.screens.review:ReviewScreen"),
        "directory": screen_factory("mace_tui.screens.directory:DirectoryScreen"),
        "setup": screen_factory("mace_tui.screens.setup:SetupScreen"),
        "minutes": screen_factory("mace_tui.screens.minutes:MinutesStartScreen"),
    }
    DEFAULT_MODE = "home"
    # The task each mode is (mace_tui/access/roles.py says which roles may do it).
    MODE_TASKS = {
        "home": "overview",
        "chair": "chair",
        "minutes": "minutes",
        "prep": "prep",
        "review": "review",
        "directory": "directory",
    }
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", id="quit", priority=True)]

    store: reactive[Store | None] = reactive(None, init=False)
    store_error: reactive[str | None] = reactive(None, init=False)

    def __init__(
        self,
        *,
        settings: Settings,
        open_store: StoreOpener,
        clock: Clock = system_clock,
        profile: Profile | None = None,
        mode: str = "home",
        early: EarlyRead | None = None,
        meeting_date: date | None = None,
        extraordinary: bool = False,
        demo: bool = False,
    ) -> None:
        # Start straight in the task's mode: switching modes after mounting
        # holds the first frame back by about 70 ms.
        self.DEFAULT_MODE = mode  # type: ignore[misc]
        super().__init__()
        self.stylesheet = IncrementalStylesheet(variables=self.get_css_variables())
        # CSS parsed by an earlier run is read back, not parsed again (mace_tui/styles.py).
        self._parsed_css = (
            None if settings.cache_dir is None else ParsedCss.in_folder(settings.cache_dir)
        )
        self.stylesheet.kept = self._parsed_css
        self.settings = settings
        self.clock = clock
        self.profile = profile or get_profile(settings.profile, settings.config_dir)
        self._open_store = open_store
        self._store_settled = threading.Event()
        self.chair_audio = ChairAudio(
            settings=settings, profile=self.profile, on_problem=self._audio_problem
        )
        # The first screen's data, read by a forked helper while we paint (see early.py).
        self.early = early
        self._early_claimed = False
        # Set once the screen showing the helper's data has been painted (see load_store).
        self.first_data_shown = threading.Event()
        # The meeting asked for on the command line (None: today's, or the next one to prepare).
        self.meeting_date = meeting_date
        # Asked for with `prep --extraordinary`: the meeting is made off the usual days.
        self.extraordinary = extraordinary
        # `mace-tui demo`: a throw-away store the start-up helper makes as the app starts.
        self.demo = demo
        # The meeting's chair seat while this app holds it (R25; mace_tui/chair/seat.py).
        self.chair_seat: ChairSeat | None = None
        # Who took the chair over from this seat (then its keys no longer move the meeting).
        self.chair_lost_to: str | None = None
        # The one write path: every screen's writes, applied in order on one thread.
        self.writes = WriteQueue(
            post=self.call_from_thread, trouble=self._write_trouble, told=self._write_told
        )
        # Set when ctrl+q found writes it could not finish: the next ctrl+q quits anyway.
        self._quit_anyway = False
        # What waits for the first frame (after_first_frame).
        self._first_frame_out = False
        self._after_first_frame: list[Callable[[], object]] = []
        # Keys typed while a screen opens wait for it (mace_tui/keygate.py).
        self.keygate = KeyGate(
            # Sent as the app's own: a key made while a screen handles a message counts that
            # screen as its sender, and Textual stops its bubble there, short of the app's
            # bindings (Enter on a field then did nothing).
            replay=lambda key: self.post_message(key.set_sender(self)),
            timer=lambda: self.set_timer(GIVE_UP_SECONDS, self.keygate.give_up),
        )

    def run(self, **options: Any) -> None:
        """Run in the terminal (the command line; tests mostly use ``run_test``).

        What is loaded by now (Textual, our modules, the settings) stays for the app's life,
        so it is kept out of the garbage collector's full passes first (once a process): one
        otherwise walked it all again while the first screen was built, 20-30 ms before the
        first frame.
        """
        global _FROZEN
        if not _FROZEN:
            _FROZEN = True
            gc.freeze()
        return super().run(**options)

    def _fatal_error(self) -> None:
        """An unexpected error stops the app: one plain line with the error's kind and where it
        happened, never Textual's report with each frame's values (and the error's own text),
        which can hold children's details and stays in the terminal's scroll-back."""
        import sys
        import traceback
        from pathlib import Path

        from rich.text import Text

        error = sys.exc_info()[1] or self._exception
        frames = traceback.extract_tb(error.__traceback__) if error is not None else []
        where = f" in {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
        kind = type(error).__name__ if error is not None else "error"
        log.error("stopped on %s%s", kind, where)
        self.bell()
        self._exit_renderables.append(
            Text(
                f"mace-tui stopped on an unexpected error ({kind}{where}). What was saved is "
                "kept: open it again to go on. Please report the error's name and place."
            )
        )
        self._close_messages_no_wait()

    @property
    def today(self) -> date:
        """Today's date where the meeting sits."""
        return local_today(self.clock)

    def on_mount(self) -> None:
        self.sub_title = self.profile.name
        # Keys the user moved in settings.toml's [keys] table, by binding id.
        if self.settings.keys:
            self.set_keymap(dict(self.settings.keys))

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self.keygate.holding:
                self.keygate.hold(event)
                return
            if self._waits_for_store(event):
                # The screen shows the start-up helper's read and greys what needs the store
                # while it opens: a key for that waits, and acts once the store is open.
                self.keygate.expect_screen("store")
                self.keygate.hold(event)
                return
            if self._moves_focus(event):
                # Keys typed in the same burst would go to the field being left (Textual
                # hands each key to the widget focused when it arrives): hold them until the
                # focus has moved.
                self.keygate.expect_screen("now")
            elif self._enter_moves_focus(event):
                # The screen moves the focus on the field's message and then lets them go.
                self.keygate.expect_screen("message")
            opening = self._opening_binding(event)
            if opening is not None:
                how = "work" if opening in OPENS_AFTER_WORK else "now"
                self.keygate.expect_screen("message" if opening in OPENS_BY_MESSAGE else how)
        await super().on_event(event)

    def _moves_focus(self, event: events.Key) -> bool:
        """Whether ``event`` is Tab (or shift+Tab) moving the focus to another field, or a
        key whose binding takes the focus to a search field (``MOVES_FOCUS``: "/tex" typed
        at once lost its "t" to the list's own key)."""
        from textual.widgets import TextArea

        if event.key not in ("tab", "shift+tab"):
            active = self._command(event)
            return active is not None and active.enabled and active.binding.id in MOVES_FOCUS
        focused = self.focused
        return not (isinstance(focused, TextArea) and focused.tab_behavior == "indent")

    def _enter_moves_focus(self, event: events.Key) -> bool:
        """Whether ``event`` is Enter on a field of a screen that moves the focus on Enter
        (``ENTER_MOVES_FOCUS``; it calls ``keygate.release`` once the focus has moved)."""
        from textual.widgets import Input, OptionList

        return (
            event.key == "enter"
            and getattr(self.screen, "ENTER_MOVES_FOCUS", False)
            and isinstance(self.focused, (Input, OptionList))
        )

    def _waits_for_store(self, event: events.Key) -> bool:
        """Whether ``event`` is a key for a binding greyed while the store is still opening."""
        if self.store is not None or self.store_error is not None:
            return False
        active = self._command(event)
        return active is not None and not active.enabled

    def _opening_binding(self, event: events.Key) -> str | None:
        """The id of the binding ``event`` runs, if it is one that opens a screen."""
        active = self._command(event)
        if active is None or not active.enabled or active.binding.id not in OPENS_A_SCREEN:
            return None
        return active.binding.id

    def _command(self, event: events.Key) -> ActiveBinding | None:
        """The screen's binding for ``event`` (greyed or not); None for a key typed into a
        field, or one with no binding."""
        from textual.widgets import Input, TextArea

        if event.is_printable and isinstance(self.focused, (Input, TextArea)):
            return None  # typed into the field, not a command
        return self.screen.active_bindings.get(event.key)

    async def run_action(
        self, action: Any, default_namespace: Any = None, namespaces: Any = None
    ) -> bool:
        """Run an action as Textual does; then keys held for a screen it did not open go on."""
        handled = await super().run_action(action, default_namespace, namespaces)
        self.keygate.action_ran()
        return handled

    def push_screen(
        self,
        screen: Any,
        callback: Any = None,
        wait_for_dismiss: bool = False,
        *,
        mode: str | None = None,
    ) -> Any:
        """Push as Textual does; keys typed meanwhile wait until the screen has its focus."""
        push: Any = super().push_screen
        result = push(screen, callback, wait_for_dismiss, mode=mode)
        if wait_for_dismiss or (mode is not None and mode != self.current_mode):
            return result
        self.keygate.screen_pushed()

        async def when_mounted() -> None:
            try:
                await result
            finally:
                # Focus moves with call_later in on_mount: hand the keys on after it.
                self.call_after_refresh(self.keygate.screen_ready)

        self.run_worker(when_mounted(), group="keygate", exit_on_error=False)
        return result

    def on_ready(self) -> None:
        # Let the first frame reach the terminal before the import competes for the GIL.
        self.call_after_refresh(self.load_store)
        self._first_frame_out = True
        for callback in self._after_first_frame:
            self.call_after_refresh(callback)
        self._after_first_frame.clear()
        # Keep what was parsed for the next start (again at exit, for dialogs opened later).
        self.set_timer(2.0, self.keep_parsed_css)

    def keep_parsed_css(self) -> None:
        """Write the CSS parsed so far to the cache folder, if anything new was parsed."""
        if self._parsed_css is not None:
            self._parsed_css.save()

    def after_first_frame(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` once the app's first frame is on the terminal (after the next
        refresh when it already is). Before the app is ready, Textual's ``call_after_refresh``
        may call back before anything is drawn, as the app holds its output back until then."""
        if self._first_frame_out:
            self.call_after_refresh(callback)
        else:
            self._after_first_frame.append(callback)

    @work(thread=True, exclusive=True, group="store", exit_on_error=False)
    def load_store(self) -> None:
        """Import the database stack and open the store, off the event loop."""
        # The helper reads the chair's register, or home's or prep's queue, in milliseconds
        # (store/quickread.py, store/quickqueue.py): importing the database stack now would
        # take the GIL from painting it.
        early = self.early if self.current_mode in EARLY_MODES else None
        if early is not None and not isinstance(early.wait(), EarlyFailure):
            self.first_data_shown.wait(timeout=1.0)
        # Elsewhere, importing the database stack overlaps the helper's work on the other core.
        importlib.import_module("store.db")

        if self.early is not None:
            self.early.wait()  # the helper may still be creating or filling the store
        store = self._open_store()
        if not self._may_use(store):
            return
        try:
            self.call_from_thread(self._store_opened, store)
        except RuntimeError:  # the app closed while the store opened
            store.close()
            self._store_settled.set()
            return
        if self.current_mode == "chair":
            self._recover_recordings(store)

    def _recover_recordings(self, store: Store) -> None:
        """Finish and attach recordings an interrupted session left behind, and say so (R10)."""
        from mace_tui.audio.recovery import foreign_files, recover_leftovers

        found = recover_leftovers(store=store, settings=self.settings)
        if found:
            lines = "\n".join(segment.message for segment in found[:5])
            more = f"\n…and {len(found) - 5} more" if len(found) > 5 else ""
            self.call_from_thread(
                self.notify, lines + more, title="Recordings recovered", timeout=20
            )
        skipped = foreign_files(store=store, settings=self.settings)
        if skipped:
            self.call_from_thread(self.notify, skipped, title="Recordings", timeout=10)

    def _may_use(self, store: Store) -> bool:
        """Check the login against the mode it started in; refused: audited, and the app exits."""
        from mace_tui.access.service import AccessRefused, require, who

        current = who(store)
        if current.made_first:
            self.call_from_thread(self.notify, current.first_notice, title="Logins", timeout=20)
        task = self.MODE_TASKS.get(self.current_mode)
        if task is None:
            return True
        try:
            # "overview" is our word for it; the user knows it as the home screen.
            what = "the home screen" if task == "overview" else None
            require(store, task, at=self.clock(), what=what)
        except AccessRefused as refused:
            store.close()
            self.call_from_thread(self.exit, None, 2, f"mace-tui: {refused}")
            return False
        return True

    def action_open_task(self, mode: str) -> None:
        """Go to another task's mode (chair, prep, review) if the login may do it."""
        self._open_task(mode)

    @work(thread=True, exclusive=True, group="access", exit_on_error=False)
    def _open_task(self, mode: str) -> None:
        from mace_tui.access.service import AccessRefused, require

        store = self.require_store()
        try:
            require(store, self.MODE_TASKS[mode], at=self.clock())
        except AccessRefused as refused:
            self.call_from_thread(
                self.notify, str(refused), title="Not allowed", severity="warning", timeout=15
            )
            return
        self.call_from_thread(self._switch_to, mode)

    def _switch_to(self, mode: str) -> None:
        self.switch_mode(mode)

    def _audio_problem(self, message: str) -> None:
        """The recorder's one plain line (it calls from its own thread)."""
        with contextlib.suppress(RuntimeError):  # the app may be closing
            # Ten seconds: the banner keeps saying it, and the toast sits over the note line.
            self.call_from_thread(
                self.notify, message, title="Recording", severity="warning", timeout=10
            )

    def claim_early(self) -> EarlyRead | None:
        """The start-up helper's read, for the screen it was read for: the first that asks.
        None for any later screen (home's queue is no use to the directory, say)."""
        if self._early_claimed:
            return None
        self._early_claimed = True
        return self.early

    def _store_opened(self, store: Store) -> None:
        self.store = store
        self._store_settled.set()
        self.keygate.store_settled()
        if store.notice:
            self.notify(store.notice, title="Store")

    def _write_trouble(self, error: BaseException) -> str | None:
        """A write failure that passes by itself, in the user's words (writer thread)."""
        from store.db import sqlite_folder

        store = self.store
        folder = sqlite_folder(store.url) if store is not None else self.settings.data_dir
        return write_trouble(error, folder=folder)

    def _write_told(self, text: str, severity: str) -> None:
        """The write queue's line: a passing trouble stays up until saving works again."""
        if severity == "information":
            self._quit_anyway = False  # saving works again: the next ctrl+q waits as before
            self.clear_notifications()
            self.notify(text, title="Saved")
            return
        timeout = 3600.0 if severity == "warning" else 15.0
        title = "Not saved yet" if severity == "warning" else "Something went wrong"
        self.notify(text, title=title, severity=severity, timeout=timeout)  # type: ignore[arg-type]

    def save_now(self) -> None:
        """Hand anything typed and not yet saved to the write queue (every screen's hook)."""
        for screen in self.screen_stack:
            hook = getattr(screen, "save_typing", None)
            if hook is not None:
                hook()

    async def action_quit(self) -> None:
        """Save what was typed and wait (a bounded time) for the queued writes, then exit."""
        import asyncio

        self.save_now()
        if self.writes.pending and not self._quit_anyway:
            self.notify("Saving…", timeout=5)
            if not await asyncio.to_thread(self.writes.drain, 5.0):
                # A full disk or a busy store: quitting now would throw the typed text away.
                self._quit_anyway = True
                why = self.writes.trouble or "a change is still being written."
                self.notify(
                    f"Not saved yet, so mace-tui stays open. {why} It is saved by itself "
                    "once that passes. ctrl+q again quits anyway, losing what is not saved.",
                    title="Not quitting",
                    severity="warning",
                    timeout=30,
                )
                return
        self.exit()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.report_worker(event)

    def report_worker(self, event: Worker.StateChanged) -> None:
        """The one place worker failures become a plain message (screens forward theirs here)."""
        if event.state in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            self.keygate.work_done(busy=self.writes.pending > 0)
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        text = user_message(error)
        # Only the error's type goes to the log: its text may hold a child's details (R18).
        log.error("worker %s failed: %s", event.worker.name, type(error).__name__)
        if event.worker.group == "store":
            self.store_error = text
            self._store_settled.set()
            self.keygate.store_settled()
        self.notify(
            text,
            title="Not done" if isinstance(error, UserError) else "Something went wrong",
            severity="warning" if isinstance(error, UserError) else "error",
            timeout=15,
        )

    def hold_chair(self, meeting_id: int, *, take_over: bool = False) -> None:
        """Hold the meeting's chair seat (worker threads only); ``ChairHeld`` names who has it."""
        from mace_tui.chair.seat import ChairSeat

        if (
            self.chair_seat is not None
            and self.chair_seat.meeting_id == meeting_id
            and self.chair_lost_to is None
        ):
            return
        seat = ChairSeat(
            self.require_store(),
            meeting_id=meeting_id,
            clock=self.clock,
            on_lost=lambda holder: self.call_from_thread(self.chair_taken, holder),
        )
        seat.take(take_over=take_over)
        self.chair_seat = seat
        self.chair_lost_to = None

    def chair_taken(self, holder: str) -> None:
        """Another seat has taken the chair over (heard at a renewal, or when a change that
        moves the meeting was refused): say so once; the keys that move it then refuse."""
        told = self.chair_lost_to is not None
        self.chair_lost_to = holder
        if told:
            return
        self.notify(
            f"{holder} has taken over the chair of this meeting: the keys here that move it "
            "on are refused. Quit (ctrl+q) and follow it with mace-tui minutes, or take the "
            "chair back by opening it again.",
            title="Chair taken over",
            severity="error",
            timeout=3600,
        )

    def not_the_chair(self) -> str | None:
        """The line refusing a key that moves the meeting, once another seat has taken
        the chair over (R25: never two drivers); None while this seat holds it."""
        if self.chair_lost_to is None:
            return None
        from store.seats import ChairLost

        return str(ChairLost(self.chair_lost_to))

    def still_chair(self, session: Session, meeting_id: int) -> None:
        """In a write that moves the meeting on (writer thread): ``ChairLost``, and the keys
        refused from then on, if another seat has taken this seat's chair over (R25)."""
        from store.seats import ChairLost, check_chair

        if self.chair_seat is None:  # not a chair seat (the demo's own walk-through, tests)
            return
        try:
            check_chair(session, meeting_id=meeting_id, seat=self.chair_seat.store.seat)
        except ChairLost as lost:
            if threading.get_ident() == self._thread_id:
                self.chair_taken(lost.holder)
            else:
                self.call_from_thread(self.chair_taken, lost.holder)
            raise

    def require_store(self, timeout: float = 120.0) -> Store:
        """The open store, waiting for it if need be. For worker threads only, never the UI."""
        self._store_settled.wait(timeout)
        if self.store is None:
            raise StoreUnavailable(
                self.store_error or "The store is still opening; try again in a moment."
            )
        return self.store

    def action_open_data_pack(self) -> None:
        """Show the monthly data pack (R21) over the screen in use."""
        from mace_tui.screens.data_pack import DataPackScreen

        if not isinstance(self.screen, DataPackScreen):
            self.push_screen(DataPackScreen())

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette lists Textual's own commands and every key of the screen in use."""
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Monthly data pack",
            "The month's figures with their 12-month trend (R21)",
            self.action_open_data_pack,
        )
        seen: set[str] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not binding.description or binding.action in seen or not active.enabled:
                continue
            seen.add(binding.action)
            shown = binding.key_display or self.get_key_display(binding)
            yield SystemCommand(
                f"{binding.description} ({shown or key})",
                binding.tooltip or f"Same as pressing {shown or key}",
                functools.partial(self.run_action, binding.action, active.node),
            )

    def on_unmount(self) -> None:
        # A worker still waiting for the store gives up now: its thread is joined before the
        # process can end, so waiting on would hold a blank terminal (require_store).
        self._store_settled.set()
        # Stop recording off the event loop, waiting a bounded time: the files are
        # crash-safe, so a microphone that will not let go cannot hold the exit up.
        stopper = threading.Thread(target=self.chair_audio.stop, daemon=True)
        stopper.start()
        stopper.join(4.0)
        self.save_now()
        self.writes.close(timeout=5.0)
        self.keep_parsed_css()
        if self.chair_seat is not None:
            self.chair_seat.release()
        if self.store is not None:
            self.store.close()


class StoreUnavailable(UserError):
    """A task needed the store and it could not be opened."""

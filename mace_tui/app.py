"""The Textual App: thin. It paints first, then opens the store in a thread worker."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive
from textual.worker import Worker, WorkerState

from mace_tui.clock import Clock, local_today, system_clock
from mace_tui.config import Settings
from mace_tui.profiles import Profile, get_profile
from mace_tui.screens.home import HomeScreen
from mace_tui.screens.prep import PrepScreen

if TYPE_CHECKING:
    from datetime import date

    from store.db import Store

log = logging.getLogger(__name__)
StoreOpener = Callable[[], "Store"]


class MaceApp(App[None]):
    """mace-tui: one app, one screen per task."""

    TITLE = "mace-tui"
    CSS_PATH = "app.tcss"
    # One mode per task; each later issue adds its screen here.
    MODES = {"home": HomeScreen, "prep": PrepScreen}
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
        meeting_date: date | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        # The meeting a screen works on when it is not today's (e.g. the one being prepared).
        self.meeting_date = meeting_date
        self.clock = clock
        self.profile = profile or get_profile(settings.profile, settings.config_dir)
        self._open_store = open_store
        self._start_mode = mode

    @property
    def today(self) -> date:
        """Today's date where the meeting sits."""
        return local_today(self.clock)

    def on_mount(self) -> None:
        self.sub_title = self.profile.name
        self.switch_mode(self._start_mode)

    def on_ready(self) -> None:
        self.load_store()

    @work(thread=True, exclusive=True, group="store", exit_on_error=False)
    def load_store(self) -> None:
        """Import the database stack and open the store, off the event loop."""
        store = self._open_store()
        self.call_from_thread(self._store_opened, store)

    def _store_opened(self, store: Store) -> None:
        self.store = store
        if store.notice:
            self.notify(store.notice, title="Store")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place worker failures become a plain message."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        text = user_message(error)
        # Only the error's type goes to the log: its text may hold a child's details (R18).
        log.error("worker %s failed: %s", event.worker.name, type(error).__name__)
        if event.worker.group == "store":
            self.store_error = text
        self.notify(text, title="Something went wrong", severity="error", timeout=15)

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()


def user_message(error: BaseException | None) -> str:
    """A sentence safe to show: our own errors say what to do; others only name their kind."""
    if error is not None and getattr(error, "user_facing", False):
        return str(error)
    kind = type(error).__name__ if error is not None else "error"
    return f"An unexpected {kind} stopped that task. Try again; if it repeats, restart mace-tui."

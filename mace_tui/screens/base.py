"""What every screen of ours shares: the one write path and the one error handler.

Textual posts ``Worker.StateChanged`` to the worker's own node without
bubbling, so a screen's failed worker would otherwise fail silently; every
screen forwards it to the app's handler. Writes never run in a screen's own
workers (which Textual may cancel): ``write`` hands them to the app's ordered
write queue (mace_tui/writes.py).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from textual import events
from textual._context import NoActiveAppError
from textual.screen import Screen
from textual.worker import Worker

if TYPE_CHECKING:
    from textual.message import Message

    from mace_tui.app import MaceApp
    from mace_tui.writes import Write
    from store.db import Store

ResultType = TypeVar("ResultType")
P = ParamSpec("P")
S = TypeVar("S", bound="MaceScreen[Any]")
T = TypeVar("T")


def queued_write(method: Callable[Concatenate[S, P], None]) -> Callable[Concatenate[S, P], None]:
    """Run a screen method as a write on the app's ordered write queue, not as a Textual
    worker (which may be cancelled). The method runs on the writer thread: it takes the
    values it needs as arguments, and shows results with ``self.app.call_from_thread``."""

    @functools.wraps(method)
    def submit(self: S, *args: P.args, **kwargs: P.kwargs) -> None:
        self.write(method.__name__, functools.partial(method, self, *args, **kwargs))

    return submit


class MaceScreen(Screen[ResultType]):
    """A screen whose writes go through the app's one queue and whose failures are reported
    like the app's own."""

    app: MaceApp

    def __init__(
        self, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        self._resumed = False
        super().__init__(name=name, id=id, classes=classes)
        self._take_breakpoints()
        self._take_css_count()

    def _take_breakpoints(self) -> None:
        """Start with the breakpoint classes (the app's HORIZONTAL_BREAKPOINTS) the terminal's
        size gives, as Textual's first Resize would set them: set there, they restyle the
        whole screen once more before its first frame (about 20 ms for the case screen)."""
        try:
            width, height = self.app.size
        except NoActiveAppError:
            return
        horizontal = (
            self.app.HORIZONTAL_BREAKPOINTS
            if self.HORIZONTAL_BREAKPOINTS is None
            else self.HORIZONTAL_BREAKPOINTS
        ) or []
        vertical = (
            self.app.VERTICAL_BREAKPOINTS
            if self.VERTICAL_BREAKPOINTS is None
            else self.VERTICAL_BREAKPOINTS
        ) or []
        classes = {name: False for _, name in (*horizontal, *vertical)}
        for dimension, breakpoints in ((width, horizontal), (height, vertical)):
            for least, name in sorted(breakpoints, reverse=True):
                if dimension >= least:
                    classes[name] = True
                    break
        if classes:
            self.update_classes(classes, update=False)

    def _take_css_count(self) -> None:
        """Count this screen as styled with the app's current style sheet (it is: it is styled
        as it mounts). Textual starts a new screen at -1, and the first screen of a mode then
        has every style sheet parsed again before its first frame, with nothing changed
        (about 10 ms at start-up)."""
        try:
            self._css_update_count = self.app._css_update_count
        except NoActiveAppError:
            return

    def post_message(self, message: Message) -> bool:
        """Post as Textual does; the screen's first ``ScreenResume`` does not restyle it. Textual
        restyles every widget of a screen each time it is shown, the first time too, though
        each was styled as it mounted a moment before (about 10 ms before home's first
        frame, more on the case screen). Later resumes restyle as before."""
        if isinstance(message, events.ScreenResume) and not self._resumed:
            self._resumed = True
            message.refresh_styles = False
        return super().post_message(message)

    def _compositor_refresh(self) -> None:
        """Draw what changed, as Textual does, except the top screen while the app holds its
        output back (``batch_update``, as while it starts): Textual would draw the whole
        screen and throw the drawing away (about 25 ms before the first frame). What changed
        stays to draw when the batch ends. A screen under another (a dialog's) is left to
        Textual: it passes what changed on to the screen on top."""
        app = self.app
        if app._batch_count and self is app.screen and not app.is_inline:
            return
        super()._compositor_refresh()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.app.report_worker(event)

    def read(
        self,
        group: str,
        job: Callable[[Store], T],
        then: Callable[[T], None],
        *,
        exclusive: bool = True,
    ) -> None:
        """Run ``job(store)`` in a thread worker (``exclusive``: a newer read in ``group``
        replaces an older one), then ``then(result)`` here. ``job`` is given only values
        captured now, never this screen."""
        app = self.app

        def run() -> None:
            result = job(app.require_store())
            app.call_from_thread(then, result)

        self.run_worker(run, thread=True, exclusive=exclusive, group=group, exit_on_error=False)

    def take_early(self, show: Callable[[Any], None]) -> None:
        """Show what the start-up helper read for this screen (mace_tui/early.py), if it
        read anything, then let the app open the store (``first_data_shown``). Only the
        first screen to ask gets it (``MaceApp.claim_early``)."""
        early, app = self.app.claim_early(), self.app
        if early is None:
            return

        def painted() -> None:
            app.first_data_shown.set()

        def arrived(found: object) -> None:
            from mace_tui.early import EarlyFailure

            if found is not None and not isinstance(found, EarlyFailure):
                show(found)
            app.after_first_frame(painted)

        if early.finished():  # usually: then the first frame already shows it
            arrived(early.wait())
            return
        self.run_worker(
            lambda: app.call_from_thread(arrived, early.wait()), thread=True, exit_on_error=False
        )

    def write(
        self,
        name: str,
        job: Callable[[], Any],
        *,
        done: Callable[[Any], None] | None = None,
        refused: Callable[[str], None] | None = None,
    ) -> Write:
        """Queue a write (``job`` runs on the writer thread, given only values captured now);
        ``done(result)`` runs here once it is applied; a refusal is shown on this screen."""
        told = refused or self.show_refusal

        def applied(result: Any) -> None:
            if done is not None:
                done(result)
            # Keys held for a dialog this write did not open go on, once no other write waits
            # (this one still counts as pending while its result is shown).
            self.app.keygate.work_done(busy=self.app.writes.pending > 1)

        def not_done(text: str) -> None:
            told(text)
            self.app.keygate.work_done(busy=self.app.writes.pending > 1)

        return self.app.writes.submit(name, job, done=applied, refused=not_done)

    def chair_write(
        self,
        name: str,
        job: Callable[[Store, str | None], T],
        *,
        done: Callable[[T], None] | None = None,
    ) -> Write:
        """A write that moves the meeting on: ``job(store, seat)`` runs on the write queue,
        given the chair seat this program holds (None: it holds none). If another seat has
        taken the chair over (``ChairLost``, R25), the keys that move the meeting refuse
        from then on."""
        from store.seats import ChairLost

        app = self.app
        seat = app.chair_seat.store.seat if app.chair_seat is not None else None

        def run() -> T:
            try:
                return job(app.require_store(), seat)
            except ChairLost as lost:
                app.call_from_thread(app.chair_taken, lost.holder)
                raise

        return self.write(name, run, done=done)

    def show_refusal(self, text: str) -> None:
        """A write was refused (a ``UserError``): say so where the user is."""
        say = getattr(self, "say", None)
        if callable(say) and self.is_current:
            say(text)
        self.app.notify(text, title="Not done", severity="warning", timeout=10)

    def save_typing(self) -> None:
        """Hand anything typed and not yet saved to the write queue (screens with text)."""

    def action_retry_recording(self) -> None:
        """The retry key (ctrl+b) on a screen that records a part of the meeting."""
        app = self.app

        def retry() -> None:
            line = app.chair_audio.retry_now()
            if line is not None:
                app.call_from_thread(app.notify, line, title="Recording")

        self.run_worker(retry, thread=True, group="recorder", exit_on_error=False)

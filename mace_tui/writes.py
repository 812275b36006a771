"""The one write path from the screens to the services: an ordered queue with one writer.

Every write a screen makes (a mark of attendance, a note being typed, closing a
child, ending the meeting) is handed to the app's single ``WriteQueue``. One
thread applies them one at a time in the order they were made; nothing ever
cancels or reorders a write (reads may be cancelled, writes may not). Each
write ends in one of three ways, with one policy for the whole app:

- it is applied, and its ``done`` follow-up runs on the UI thread;
- it fails in a way that passes by itself (a full disk, a store another
  program holds): the user is told in their own words, and the same write is
  retried with growing pauses until it goes through — later writes wait behind
  it, so the order holds, and nothing typed is dropped;
- it is refused (a ``UserError``): the message is shown where the user is;
  anything else is a fault: only its type is logged, and the user is told what
  to do.

No Textual here: the app hands in ``post`` (run a callable on the UI thread).
"""

from __future__ import annotations

import functools
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from store.errors import UserError

log = logging.getLogger(__name__)

# Pauses between tries of a write that failed for a passing reason (seconds).
BACKOFF = (0.2, 0.5, 1.0, 2.0, 3.0)


def fault_message(error: BaseException | None) -> str:
    """What to say about a fault that is not the user's to fix (never its text: it may hold
    a child's details)."""
    kind = type(error).__name__ if error is not None else "error"
    return (
        f"Something went wrong ({kind}); that step was not finished. What you typed is still "
        "on screen: try the step again. If it keeps happening, tell your system administrator."
    )


def user_message(error: BaseException | None) -> str:
    """A sentence safe to show: our own errors say what to do; others only name their kind."""
    if isinstance(error, UserError):
        return str(error)
    return fault_message(error)


@dataclass
class Write:
    """One unit of work waiting its turn."""

    name: str
    job: Callable[[], Any]
    done: Callable[[Any], None] | None = None
    refused: Callable[[str], None] | None = None
    finished: threading.Event = field(default_factory=threading.Event)


class WriteQueue:
    """Applies writes one at a time, in order, on its own thread; retries passing failures.

    ``post(fn)`` must run ``fn`` on the UI thread. ``trouble(error)`` says, in the user's
    words, why a write failed for a passing reason (or None); ``told(text, severity)``
    shows the app-wide line about it; ``refused(text)`` shows a refusal by default.
    """

    def __init__(
        self,
        *,
        post: Callable[[Callable[[], None]], None],
        trouble: Callable[[BaseException], str | None],
        told: Callable[[str, str], None],
        backoff: tuple[float, ...] = BACKOFF,
    ) -> None:
        self._post = post
        self._trouble = trouble
        self._told = told
        self._backoff = backoff
        self._queue: queue.Queue[Write | None] = queue.Queue()
        self._idle = threading.Condition()
        self._waiting = 0
        self._closing = threading.Event()
        self._quiet = threading.Event()  # the UI is going: follow-ups are no longer posted
        self._thread = threading.Thread(target=self._run, name="mace-writer", daemon=True)
        self._thread.start()
        # The passing trouble now being retried (None when writes go through).
        self.trouble: str | None = None

    def submit(
        self,
        name: str,
        job: Callable[[], Any],
        *,
        done: Callable[[Any], None] | None = None,
        refused: Callable[[str], None] | None = None,
    ) -> Write:
        """Queue ``job`` (run on the writer thread); ``done(result)`` and ``refused(text)``
        run on the UI thread. Returns at once."""
        write = Write(name, job, done, refused)
        with self._idle:
            self._waiting += 1
        self._queue.put(write)
        return write

    @property
    def pending(self) -> int:
        """Writes queued or being applied."""
        with self._idle:
            return self._waiting

    def drain(self, timeout: float | None = None) -> bool:
        """Wait until every queued write is finished; False if ``timeout`` ran out first."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._idle:
            while self._waiting:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._idle.wait(left)
        return True

    def close(self, timeout: float = 5.0) -> bool:
        """Finish what is queued (waiting at most ``timeout``), then stop the thread.

        Called as the UI closes: follow-ups are no longer posted to it (its event loop may
        be the one waiting here)."""
        self._quiet.set()
        drained = self.drain(timeout)
        self._closing.set()
        self._queue.put(None)
        self._thread.join(0.5)
        return drained

    # -- the writer thread -----------------------------------------------------------------
    def _run(self) -> None:
        while (write := self._queue.get()) is not None:
            try:
                self._apply(write)
            finally:
                write.finished.set()
                with self._idle:
                    self._waiting -= 1
                    self._idle.notify_all()

    def _apply(self, write: Write) -> None:
        tries = 0
        while True:
            try:
                result = write.job()
            except UserError as exc:
                self._clear_trouble()
                self._say_refused(write, str(exc))
                return
            except Exception as exc:
                text = self._trouble(exc)
                if text is None:
                    self._clear_trouble()
                    # Only the type goes to the log: the message may hold a child's details.
                    log.error("write %s failed: %s", write.name, type(exc).__name__)
                    self._say_refused(write, fault_message(exc), fault=True)
                    return
                if text != self.trouble:
                    self.trouble = text
                    self._tell(text, "warning")
                log.warning("write %s waits: %s", write.name, type(exc).__name__)
                pause = self._backoff[min(tries, len(self._backoff) - 1)]
                tries += 1
                if self._closing.wait(pause):
                    return  # the app is closing: the write stays unsaved
                continue
            self._clear_trouble()
            if write.done is not None:
                self._deliver(functools.partial(write.done, result))
            return

    def _clear_trouble(self) -> None:
        if self.trouble is not None:
            self.trouble = None
            self._tell("Saving again: everything waiting has been written.", "information")

    def _tell(self, text: str, severity: str) -> None:
        self._deliver(lambda: self._told(text, severity))

    def _say_refused(self, write: Write, text: str, *, fault: bool = False) -> None:
        refused = write.refused
        if refused is not None and not fault:
            self._deliver(lambda: refused(text))
        else:
            self._tell(text, "error" if fault else "warning")

    def _deliver(self, fn: Callable[[], None]) -> None:
        if self._quiet.is_set():
            return
        try:
            self._post(fn)
        except Exception:  # the app is closing: nobody is left to tell
            log.debug("a write's follow-up was not delivered: the app is closing")

"""Reading a child process's output lines with a deadline, never a wait without end.

A bare ``for line in process.stdout`` blocks for as long as the child lives
without printing: a child stuck for any reason (a microphone that stopped
delivering under load) then holds the whole test run until CI's own limit
ends it, with nothing said about which test or why. ``Lines`` reads on a
daemon thread and hands lines over with a timeout, so a test fails at once
with what it was waiting for.
"""

from __future__ import annotations

import queue
import subprocess
import threading
import time
from collections.abc import Callable
from typing import IO


class LinesTimedOut(AssertionError):
    """No line arrived in time: the child is alive but silent."""


class Lines:
    """The lines a child process prints, each waited for at most a given time."""

    def __init__(self, process: subprocess.Popen[str], stream: IO[str] | None = None) -> None:
        source = stream if stream is not None else process.stdout
        assert source is not None, "the process was started without stdout=PIPE"
        self._process = process
        self._lines: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self.seen: list[str] = []
        self._thread = threading.Thread(
            target=self._pump, args=(source,), name="child-lines", daemon=True
        )
        self._thread.start()

    def _pump(self, source: IO[str]) -> None:
        try:
            for line in source:
                self._lines.put(line)
        except ValueError:  # the stream was closed under us
            pass
        finally:
            self._lines.put(None)

    def next(self, timeout: float, *, what: str) -> str | None:
        """The next line, or None at end of output; fails after ``timeout`` s of silence."""
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise LinesTimedOut(
                f"no line from the child process in {timeout:.0f} s while waiting for {what}"
                f" (last lines: {self.seen[-3:]})"
            ) from None
        if line is not None:
            self.seen.append(line)
        return line

    def until(self, done: Callable[[str], bool], timeout: float, *, what: str) -> str:
        """Read until ``done(line)`` is true; fail after ``timeout`` s in all, or at end of output."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise LinesTimedOut(
                    f"timed out after {timeout:.0f} s waiting for {what}"
                    f" (last lines: {self.seen[-3:]})"
                )
            line = self.next(left, what=what)
            if line is None:
                raise AssertionError(f"the child process ended before {what}")
            if done(line):
                return line

    def rest(self, timeout: float) -> list[str]:
        """Every line still to come after the child has ended (waits at most ``timeout`` s)."""
        out: list[str] = []
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._lines.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break
            self.seen.append(line)
            out.append(line)
        return out

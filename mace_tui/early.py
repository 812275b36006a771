"""Reading the first screen's data in a forked helper while the UI starts.

Importing the database stack costs more than painting the whole UI, and the
machine has more than one core. So the command line forks before importing
Textual: the helper opens the store (creating, upgrading or, for the demo,
filling it), reads what the first screen shows as plain records, sends them
back through a pipe and exits. The UI paints meanwhile and shows the records
as soon as they arrive.

This is only a head start. The UI still opens the store itself afterwards and
does everything else through it; if the helper fails in any way the UI simply
does the work itself. Used only where ``os.fork`` is safe (Linux), and only
before any thread or database connection exists in the parent.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any, NoReturn

from store.errors import UserError
from store.frozen import record


@record
class EarlyFailure:
    """The helper could not read the data; ``message`` is safe to show (or None)."""

    message: str | None


class EarlyRead:
    """A forked helper's result, read once."""

    def __init__(self, pid: int, fd: int) -> None:
        self._pid = pid
        self._fd = fd
        self._lock = threading.Lock()
        self._done = False
        self._value: Any = EarlyFailure(None)
        # What has arrived so far (``finished`` reads what is there without waiting).
        self._chunks: list[bytes] = []
        self._ended = False

    @classmethod
    def start(cls, job: Callable[[], object]) -> EarlyRead | None:
        """Fork a helper that runs ``job``; None where forking is not used."""
        if not sys.platform.startswith("linux") or threading.active_count() > 1:
            return None
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the helper: never returns
            os.close(read_fd)
            run_helper(job, write_fd)
        os.close(write_fd)
        return cls(pid, read_fd)

    def wait(self, timeout: float = 60.0) -> Any:
        """Block until the helper is done; the job's result, or an EarlyFailure."""
        with self._lock:
            if not self._done:
                self._value = self._collect(timeout)
                self._done = True
            return self._value

    def finished(self) -> bool:
        """Whether ``wait`` would return at once: the helper has sent all of its result. The
        first screen asks while it mounts: the helper has usually finished long before, so the
        first frame can show its data rather than a loading line."""
        if not self._lock.acquire(blocking=False):
            return False  # another thread is collecting it
        try:
            if self._done or self._ended:
                return True
            import select

            while select.select([self._fd], [], [], 0)[0]:
                chunk = os.read(self._fd, 1 << 16)
                if not chunk:
                    self._ended = True
                    return True
                self._chunks.append(chunk)
            return False  # more to come: a screen that asks waits in a worker
        finally:
            self._lock.release()

    def _collect(self, timeout: float) -> Any:
        import select

        chunks = self._chunks
        try:
            while not self._ended:
                ready, _, _ = select.select([self._fd], [], [], timeout)
                if not ready:  # hung: stop it; its transaction rolls back
                    os.kill(self._pid, signal.SIGKILL)
                    return EarlyFailure(None)
                chunk = os.read(self._fd, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
        finally:
            os.close(self._fd)
            os.waitpid(self._pid, 0)
        try:
            status, value = pickle.loads(b"".join(chunks))
        except Exception:
            return EarlyFailure(None)
        return value if status == "ok" else EarlyFailure(value)


def run_helper(job: Callable[[], object], write_fd: int) -> NoReturn:
    """Run the job, send its pickled result, and leave without running the parent's clean-up."""
    try:
        try:
            payload = pickle.dumps(("ok", job()))
        except BaseException as exc:
            message = str(exc) if isinstance(exc, UserError) else None
            payload = pickle.dumps(("error", message))
        view = memoryview(payload)
        while view:
            written = os.write(write_fd, view)
            view = view[written:]
    finally:
        os._exit(0)

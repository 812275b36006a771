"""A lock in the recordings folder held while a capture runs on this computer.

Recovery must not "repair" a segment that another mace-tui on the same
computer is still writing; the lock tells it one is. It is an advisory
``flock``, so it is released by the kernel when its holder dies, however it dies.
"""

from __future__ import annotations

import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not on the platforms mace-tui supports
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".capture.lock"


class CaptureLock:
    """An exclusive lock on ``<recordings_dir>/.capture.lock``."""

    def __init__(self, recordings_dir: Path) -> None:
        self.path = recordings_dir / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock; False when another process (or capture) holds it."""
        if self._fd is not None:
            return True
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600)
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                return False
        self._fd = fd
        return True

    def release(self) -> None:
        """Let go of the lock (closing the descriptor releases it)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def capture_running(recordings_dir: Path) -> bool:
    """True when some capture on this computer holds the lock right now."""
    probe = CaptureLock(recordings_dir)
    if not probe.path.exists():
        return False
    if probe.acquire():
        probe.release()
        return False
    return True

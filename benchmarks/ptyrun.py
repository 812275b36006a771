"""Run a terminal program in a pseudo-terminal and time when text first appears on screen."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time
from collections.abc import Sequence

_ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()][A-Z0-9]|\x1b[=>NOM78c]")


def time_markers(
    argv: Sequence[str],
    markers: Sequence[str],
    *,
    env: dict[str, str],
    size: tuple[int, int] = (100, 30),
    timeout: float = 30.0,
    linger: float = 0.0,
) -> dict[str, float]:
    """Seconds from spawn until each marker's text was written to the terminal. With
    ``linger``, the program runs on that long after the last marker before it is killed
    (so that what it does a moment after start-up, like keeping its parsed CSS, is done)."""
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.execvpe(argv[0], list(argv), env)
    cols, rows = size
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    os.kill(pid, signal.SIGWINCH)
    seen: dict[str, float] = {}
    buffer = b""
    try:
        while len(seen) < len(markers):
            if time.perf_counter() - started > timeout:
                raise TimeoutError(f"markers not seen: {set(markers) - set(seen)}")
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            now = time.perf_counter()
            buffer += chunk
            plain = _ANSI.sub(b"", buffer).decode("utf-8", "replace")
            for marker in markers:
                if marker not in seen and marker in plain:
                    seen[marker] = now - started
            buffer = buffer[-4096:]
        until = time.perf_counter() + linger
        while time.perf_counter() < until:  # read on, so the program never blocks on output
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    if not os.read(fd, 65536):
                        break  # the program has ended
                except OSError:
                    break
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    return seen

"""Driving the installed command in a real terminal (tmux), as a person would."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

COMMAND = Path(sys.executable).parent / "mace-tui"
# The row of a note just opened in the THRIVE pane. Not "FACT" on the line under the editor:
# a toast (the recorder's warning, shown for seconds) sits over that line's right half.
NOTE_OPEN = "· fact: …"


class Terminal:
    """One tmux session on a private server."""

    def __init__(self, width: int, height: int, env: dict[str, str]) -> None:
        self.server = f"mace-e2e-{uuid.uuid4().hex[:8]}"
        self.session = "main"
        self.width, self.height = width, height
        self.env = env

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.server, *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        )
        return result.stdout

    def start(self, command: str) -> None:
        exports = " ".join(f"{k}={v!s}" for k, v in self.env.items())
        # A command starting with exec replaces the shell (its pane pid is the app's).
        # COLUMNS/LINES from the test runner would override the terminal's real size.
        if command.startswith("exec "):
            shell = f"unset COLUMNS LINES; export {exports}; {command}"
        else:
            shell = f"env -u COLUMNS -u LINES {exports} {command}; echo __EXIT=$?__; sleep 600"
        self.tmux(
            "new-session",
            "-d",
            "-s",
            self.session,
            "-x",
            str(self.width),
            "-y",
            str(self.height),
            shell,
        )

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session)

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        seen: list[str] = []  # the screens shown meanwhile (a toast may have come and gone)
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            if not seen or seen[-1] != shown:
                seen = [*seen[-4:], shown]
            time.sleep(0.05)
        final = self.screen()
        earlier = "".join(f"\n--- shown earlier:\n{s}" for s in seen[-4:] if s != final)
        raise AssertionError(
            f"{text!r} did not appear within {timeout}s; the screen shows:\n{final}"
            + earlier
            + self.diagnostics()
        )

    def diagnostics(self) -> str:
        """The app's diagnostics log (its own errors, C libraries' warnings), when this
        terminal gave the app a cache folder of its own."""
        cache = self.env.get("MACE_CACHE_DIR")
        log = Path(cache) / "diagnostics.log" if cache else None
        if log is None or not log.exists():
            return ""
        return f"\nThe app's diagnostics log:\n{log.read_text(errors='replace')}"

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.session, *keys)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.server, "kill-server"], capture_output=True, timeout=30)


@contextmanager
def terminal(width: int, height: int, env: dict[str, str]) -> Iterator[Terminal]:
    """A tmux terminal of this size; skipped (with the reason) where tmux is missing."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (.ci/run installs it)")
    term = Terminal(width, height, env)
    try:
        yield term
    finally:
        term.close()

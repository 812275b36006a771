"""C libraries' diagnostics on descriptor 2 go to a log while the app runs, not over the screen."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = """
import logging, os, sys
from pathlib import Path
from mace_tui.stderr_capture import stderr_captured

with stderr_captured(Path(sys.argv[1])) as log:
    # What PortAudio/ALSA do: write to descriptor 2 directly, from C.
    os.write(2, b"ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM cards.pcm.rear\\n")
    # What the app's own log does (a write that failed: its error type).
    logging.getLogger("mace_tui.writes").error("write %s failed: %s", "notes", "OperationalError")
    try:
        raise ValueError("Riley Example, 14, seen at the station")
    except ValueError:
        logging.getLogger("store.changes").exception("change feed: a subscriber failed")
    # Another library's line may carry what it was given: not kept. (Its own handler keeps
    # Python's last resort from printing it here; in the app, Textual swallows that.)
    logging.getLogger("sqlalchemy.engine").addHandler(logging.NullHandler())
    logging.getLogger("sqlalchemy.engine").warning("parameters: Riley Example")
    # What Textual does: draw on sys.__stderr__.
    sys.__stderr__.write("SCREEN\\n")
    sys.__stderr__.flush()
os.write(2, b"AFTER\\n")
print(log)
"""


def test_diagnostics_go_to_the_log_and_the_screen_stays_clean(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "cache")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stderr == "SCREEN\nAFTER\n"  # the screen only, then the terminal is back
    log = Path(done.stdout.strip())
    assert "Unknown PCM" in log.read_text()
    kept = log.read_text()
    assert "ERROR mace_tui.writes: write notes failed: OperationalError" in kept
    # An exception by its type alone: never its message or traceback (R18).
    assert "ERROR store.changes: change feed: a subscriber failed\n  (ValueError)" in kept
    assert "Riley" not in kept
    assert "Traceback" not in kept
    assert log.stat().st_mode & 0o777 == 0o600


APP_SCRIPT = """
import sys
from pathlib import Path
from textual.app import App
from mace_tui.stderr_capture import stderr_captured


class Refusing(App):
    # What MaceApp does when the login may not use the mode it started in.
    def on_mount(self) -> None:
        self.exit(None, 2, "mace-tui: chair: needs the chair role; the account pat has no login.")


app = Refusing()
with stderr_captured(Path(sys.argv[1])):
    app.run(headless=True)
sys.exit(app.return_code)
"""


def test_the_apps_exit_message_reaches_the_terminal(tmp_path: Path) -> None:
    # Textual prints an exit message (a refusal, a crash) on sys.stderr as the app shuts
    # down, still inside the capture: it went to the log, and the user saw the app vanish.
    done = subprocess.run(
        [sys.executable, "-c", APP_SCRIPT, str(tmp_path / "cache")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "needs the chair role" in done.stderr

"""The command in two processes (mace_tui/handoff.py): the command line runs in a forked child
while the UI process loads Textual; commands without a screen behave as before.

The installed ``mace-tui`` is run in a real pseudo-terminal (the split happens only there).
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import textwrap
import time
from pathlib import Path

import pytest

from mace_tui.handoff import first_screen

COMMAND = Path(sys.executable).parent / "mace-tui"
_ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()][A-Z0-9]|\x1b[=>NOM78c]")

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the command splits on Linux only"
)


@pytest.mark.parametrize(
    ("argv", "screen"),
    [
        ([], "mace_tui.screens.home"),
        (["--db", "sqlite:///x.db"], "mace_tui.screens.home"),
        (["chair", "--date", "2026-12-01"], "mace_tui.screens.chair_start"),
        (["--profile=llr-drmm", "prep", "--extraordinary", "--date", "2026-12-03"], "mace_tui.screens.prep"),
        (["demo"], "mace_tui.screens.chair_start"),
        (["review", "--playback-device", "1"], "mace_tui.screens.review"),
        (["directory"], "mace_tui.screens.directory"),
        (["minutes"], "mace_tui.screens.minutes"),
        # No screen: nothing is imported ahead.
        (["--help"], None),
        (["-V"], None),
        (["demo", "--no-ui"], None),
        (["prep", "--import", "queue.csv"], None),
        (["directory", "--export", "d.csv"], None),
        (["export", "--meeting", "2026-12-01"], None),
        (["logins", "list"], None),
        (["split", "file.wav"], None),
    ],
)  # fmt: skip
def test_the_ui_process_guesses_the_first_screen(argv: list[str], screen: str | None) -> None:
    assert first_screen(argv) == screen


def run_in_terminal(
    argv: list[str], env: dict[str, str], *, steps: tuple[tuple[bytes, bytes], ...] = ()
) -> tuple[str, int]:
    """Run the installed command in a 120×30 pseudo-terminal: (everything it wrote, without
    escapes, and its exit status); each step's keys are typed once its text has been shown."""
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child becomes the command
        os.execve(str(COMMAND), [str(COMMAND), *argv], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 120, 0, 0))
    output = b""
    shown_from = 0  # each step waits for its text after the previous step's keys
    todo = list(steps)
    started = time.monotonic()
    while time.monotonic() - started < 60:
        if todo and todo[0][0] in _ANSI.sub(b"", output[shown_from:]):
            shown_from = len(output)
            os.write(fd, todo.pop(0)[1])
        ready, _, _ = select.select([fd], [], [], 0.1)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    else:
        os.kill(pid, signal.SIGKILL)  # hung: the assertions below say what was seen
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return _ANSI.sub(b"", output).decode("utf-8", "replace"), os.waitstatus_to_exitcode(status)


@pytest.fixture
def terminal_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MACE_")}
    env.update(
        TERM="xterm-256color",
        MACE_DATA_DIR=str(tmp_path / "data"),
        MACE_CONFIG_DIR=str(tmp_path / "config"),
        MACE_AUDIO_DEVICE="test-no-microphone",
        MACE_DB_URL=f"sqlite:///{tmp_path / 'data' / 'hub.db'}",
    )
    return env


@pytest.mark.parametrize(
    ("argv", "status", "said"),
    [
        (["--version"], 0, "mace-tui, version"),
        (["bogus"], 2, "No such command 'bogus'"),
        (["export", "--meeting", "2026-02-30", "--out", "x"], 2, "2026-02-30"),
        (["--db", "nonsense://"], 2, "--db"),
    ],
)
def test_a_command_without_a_screen_keeps_its_output_and_status(
    terminal_env: dict[str, str], argv: list[str], status: int, said: str
) -> None:
    output, code = run_in_terminal(argv, terminal_env)
    assert code == status
    assert said in output
    assert "Traceback" not in output


def test_the_screen_opens_with_the_queue_and_quits_with_status_0(
    terminal_env: dict[str, str],
) -> None:
    subprocess.run(
        [str(COMMAND), "demo", "--no-ui", "--db", terminal_env["MACE_DB_URL"]],
        env=terminal_env,
        check=True,
        capture_output=True,
    )
    output, code = run_in_terminal([], terminal_env, steps=((b"Avery Imaginary", b"\x11"),))
    assert "Avery Imaginary" in output  # the last child of today's demo queue
    assert code == 0


def test_the_demos_throw_away_store_is_removed_when_the_screen_ends(
    terminal_env: dict[str, str], tmp_path: Path
) -> None:
    """The demo's store lives in a temporary folder of the command process, which hands the
    screen over: the UI process removes it once the app ends."""
    temp = tmp_path / "temp"
    temp.mkdir()
    env = {**terminal_env, "TMPDIR": str(temp)}
    del env["MACE_DB_URL"]
    # On the register, mark someone present (the store is open), then ctrl+q.
    output, code = run_in_terminal(
        ["demo"], env, steps=((b"Max Trialson", b"p"), (b"present", b"\x11"))
    )
    assert "present" in output and code == 0
    assert list(temp.iterdir()) == []


def test_a_refusal_reaches_the_terminal_with_status_2(terminal_env: dict[str, str]) -> None:
    """A login without the chair's role: the UI process exits with the refusal, as before."""
    subprocess.run(
        [str(COMMAND), "demo", "--no-ui", "--db", terminal_env["MACE_DB_URL"]],
        env=terminal_env,
        check=True,
        capture_output=True,
    )
    me = subprocess.run(["id", "-un"], capture_output=True, text=True, check=True).stdout.strip()
    for args in (["add", "someone-else", "--role", "admin"], ["add", me, "--role", "coordinator"]):
        subprocess.run(
            [str(COMMAND), "logins", *args], env=terminal_env, check=True, capture_output=True
        )
    output, code = run_in_terminal(["chair"], terminal_env)
    assert code == 2
    assert "chair: needs the chair or minute taker role" in output


HANDED = """
import os, sys
from mace_tui import handoff
from mace_tui.config import load_settings
from mace_tui.early import EarlyRead

read_fd, write_fd = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(read_fd)
    handoff._to_ui = write_fd
    os.environ["MACE_PLAYBACK_DEVICE"] = "set by the command"
    handoff.start_ui(load_settings(), job=lambda: ["Riley Example"], mode="review")
    sys.exit(9)  # not reached: the command process hands over and leaves
os.close(write_fd)
request = handoff._read_request(read_fd)
print(request.options, request.early, request.capture_stderr)
print(request.environ["MACE_PLAYBACK_DEVICE"])
print(EarlyRead(pid, read_fd).wait())
"""


def test_the_command_hands_its_settings_environment_and_read_to_the_ui(
    terminal_env: dict[str, str],
) -> None:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(HANDED)],
        env=terminal_env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "{'mode': 'review'} True True",
        "set by the command",
        "['Riley Example']",
    ]


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def test_killing_the_command_the_shell_started_ends_all_of_it(
    terminal_env: dict[str, str],
) -> None:
    """kill on the process the shell started stops the work, as it would with one process:
    the command process does not carry on alone (the shell, not the command, leads the
    terminal here, as in a real one)."""
    db = terminal_env["MACE_DB_URL"]
    shell = f"{COMMAND} demo --no-ui --years 10 --db {db}; sleep 60"
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child becomes the shell
        os.execve("/bin/sh", ["/bin/sh", "-c", shell], terminal_env)
    try:
        output = b""
        started = time.monotonic()
        while b"20" not in _ANSI.sub(b"", output) and time.monotonic() - started < 60:
            ready, _, _ = select.select([fd], [], [], 0.1)
            if ready:
                output += os.read(fd, 65536)
        (ui,) = _children(pid)  # the process the shell started
        (command,) = _children(ui)  # seeding the years, one line a month
        os.kill(ui, signal.SIGKILL)
        for _ in range(60):  # a bound on waiting (the seeding alone would take far longer)
            if not _alive(command):
                break
            time.sleep(0.05)
        assert not _alive(command)
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)

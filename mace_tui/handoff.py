"""The ``mace-tui`` command in two processes, so that starting the UI overlaps reading for it.

Loading Textual and our screens takes most of start-up, and so does everything before it:
the command line, the settings, checking the store needs no set-up, and reading the first
screen's data. They do not depend on each other, and the machine has more than one core.
So on Linux, in a terminal, the command forks first thing:

- the **command process** (the child) runs the command line as usual. A command that shows
  no screen (``export``, ``--help``, a bad option…) simply runs there, and the UI process
  exits with its status. A command that opens a screen hands a ``UiRequest`` (the checked
  settings, the mode, the app's options, the environment) over a pipe, then reads the first
  screen's data as the start-up helper (mace_tui/early.py) and sends it down the same pipe;
- the **UI process** (the parent, which owns the terminal's job) imports Textual and the
  likely first screen meanwhile, waits for the request, and runs the app on it.

Anywhere else (not Linux, not a terminal, ``MACE_ONE_PROCESS=1``, or the command line
called in-process as the tests do), ``start_ui`` does the same in one process.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import pickle
import signal
import struct
import sys
from collections.abc import Callable, Sequence
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from store.frozen import record

if TYPE_CHECKING:
    from mace_tui.app import MaceApp
    from mace_tui.config import Settings
    from mace_tui.early import EarlyRead
    from mace_tui.profiles import LoadedProfiles

# In the command process: the pipe to the UI process (None: one process).
_to_ui: int | None = None

_HEADER = struct.Struct("!Q")
_PR_SET_PDEATHSIG = 1  # prctl(2): the signal this process gets when its parent ends

# What the UI process imports while it waits, by the command that opens a screen. A guess:
# a wrong one only costs the time it would have waited anyway.
FIRST_SCREENS = {
    "": "mace_tui.screens.home",
    "chair": "mace_tui.screens.chair_start",
    "demo": "mace_tui.screens.chair_start",
    "minutes": "mace_tui.screens.minutes",
    "prep": "mace_tui.screens.prep",
    "directory": "mace_tui.screens.directory",
    "review": "mace_tui.screens.review",
}
# What else the UI process imports for a first screen: the chair's is the register, most
# mornings (the start screen only shows while the meeting is being found).
# (Not for the demo, whose first frame is the light start screen: see chair_start.py.)
ALSO_IMPORTED = {"chair": ("mace_tui.screens.attendance",)}
# Options that keep a command on its screen (any other, such as --help, --export or
# --no-ui, means no screen: nothing is imported ahead).
SCREEN_OPTIONS = frozenset(
    {
        "--data-dir",
        "--config-dir",
        "--recordings-dir",
        "--db",
        "--profile",
        "--audio-device",
        "--date",
        "--extraordinary",
        "--years",
        "--playback-device",
    }
)


@record
class UiRequest:
    """What the command process hands the UI process: everything ``run_ui`` needs."""

    settings: Settings
    options: dict[str, Any]
    capture_stderr: bool
    early: bool
    environ: dict[str, str] = field(default_factory=dict)
    # A folder of the command's own to remove when the app ends (the demo's throw-away store).
    throwaway: str | None = None
    # The meeting profiles as read here, so the UI process reads no profile file (None: they
    # could not be read; the UI process then reads them itself and says what is wrong).
    profiles: LoadedProfiles | None = None


def main() -> None:
    """The ``mace-tui`` console script."""
    if not _splits():
        _command_line()
        return
    read_fd, write_fd = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the command process
        os.close(read_fd)
        _end_with(parent)
        global _to_ui
        _to_ui = write_fd
        _command_line()
        return
    os.close(write_fd)
    _ui_process(pid, read_fd, sys.argv[1:])


def ui_pid() -> int:
    """The process id of the process that shows the app: the UI process when the command is
    split, else this one."""
    return os.getppid() if _to_ui is not None else os.getpid()


def _splits() -> bool:
    return (
        sys.platform.startswith("linux")
        and os.environ.get("MACE_ONE_PROCESS") != "1"
        and os.isatty(0)
        and os.isatty(1)
    )


def _end_with(parent: int) -> None:
    """Have the kernel end this process when the UI process ends: killing the command the
    shell started (kill, or its terminal closing) ends all of it, as it would one process."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except Exception:  # not Linux's C library: the command process may outlive a kill
        return
    if os.getppid() != parent:  # the UI process ended before that was set
        os._exit(1)


def _command_line() -> None:
    from mace_tui.cli import main as cli

    cli()


def start_ui(
    settings: Settings,
    *,
    job: Callable[[], object] | None = None,
    capture_stderr: bool = True,
    throwaway: Path | None = None,
    **options: Any,
) -> None:
    """Open the app on ``settings`` with ``make_app``'s ``options`` (mode, meeting date…);
    ``job`` reads the first screen's data ahead (mace_tui/early.py). Exits with the app's
    status if it is not 0. In the command process this hands over and never returns; the UI
    process then removes ``throwaway`` when the app ends (in one process, the caller does)."""
    if _to_ui is not None:
        _hand_over(
            UiRequest(
                settings=settings,
                options=options,
                capture_stderr=capture_stderr,
                early=job is not None,
                environ=dict(os.environ),
                throwaway=None if throwaway is None else str(throwaway),
                profiles=_profiles(settings),
            ),
            job,
        )
    from mace_tui.early import EarlyRead

    # Forked before Textual is imported (see early.py).
    early = EarlyRead.start(job) if job is not None else None
    run_ui(settings, early=early, capture_stderr=capture_stderr, **options)


def _profiles(settings: Settings) -> LoadedProfiles | None:
    from mace_tui.profiles import ProfileError, loaded_profiles

    try:
        return loaded_profiles(settings.config_dir)
    except ProfileError:  # a shipped profile that cannot be read: said where it is used
        return None


def run_ui(
    settings: Settings, *, early: EarlyRead | None, capture_stderr: bool, **options: Any
) -> None:
    """Build and run the app; exit with its status when that is not 0."""
    from mace_tui.factory import make_app

    app = make_app(settings, early=early, **options)
    collect_garbage_after_first_frame(app)
    if capture_stderr:
        from mace_tui.stderr_capture import stderr_captured

        # PortAudio/ALSA diagnostics would otherwise be printed over the screen.
        with stderr_captured(settings.cache_dir):
            app.run()
    else:
        app.run()
    if app.return_code:
        sys.exit(app.return_code)


def collect_garbage_after_first_frame(app: MaceApp) -> None:
    """When garbage collection is off (the UI process's start-up, ``_ui_process``), turn it back
    on once the app's first frame is out: collect start-up's garbage, keep what start-up made
    (it lives as long as the app) out of later collections, and collect as usual again."""
    if gc.isenabled():
        return

    def again() -> None:
        gc.collect()
        gc.freeze()
        gc.enable()

    app.after_first_frame(again)


def _hand_over(request: UiRequest, job: Callable[[], object] | None) -> NoReturn:
    """Send the request, then (with a job) act as the start-up helper on the same pipe."""
    assert _to_ui is not None
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    header = pickle.dumps(request)
    try:
        _write_all(_to_ui, _HEADER.pack(len(header)) + header)
    except OSError:  # the UI process is gone (closed, killed): nothing to hand over to
        os._exit(1)
    if job is None:
        os._exit(0)
    from mace_tui.early import run_helper

    run_helper(job, _to_ui)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _ui_process(pid: int, fd: int, argv: Sequence[str]) -> None:
    """Import ahead, wait for the command process, then run the app or take its status."""
    # Python's cyclic garbage collector ran about 120 times before the first frame, 25-35 ms
    # of it, scanning the modules and widgets being made (which all stay); start-up makes a
    # few hundred objects of garbage. It is started again once the first frame is out
    # (``run_ui``), after one collection; what start-up made is then left out of later ones.
    gc.disable()
    # Ctrl+C before the hand-over stops the command process; its status is ours.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _import_ahead(argv)
    request = _read_request(fd)
    if request is None:  # the command ran there, or failed
        os.close(fd)
        sys.exit(_status(pid))
    # Ctrl+C stays ignored here: Textual reads it as a key once it has the terminal, and
    # until then (a moment) it would only print a traceback.
    os.environ.clear()
    os.environ.update(request.environ)
    early: EarlyRead | None = None
    if request.early:
        from mace_tui.early import EarlyRead

        early = EarlyRead(pid, fd)
    else:
        os.close(fd)
        os.waitpid(pid, 0)
    try:
        if request.profiles is not None:
            from mace_tui.profiles import adopt_profiles

            adopt_profiles(request.settings.config_dir, request.profiles)
        run_ui(
            request.settings, early=early, capture_stderr=request.capture_stderr, **request.options
        )
    finally:
        if request.throwaway is not None:
            remove_throwaway(Path(request.throwaway), db_url=request.settings.db_url)


def remove_throwaway(folder: Path, *, db_url: str) -> None:
    """Remove a throw-away store's folder, its database connections closed first."""
    import shutil

    if "store.db" in sys.modules:
        from store.db import dispose_engine

        dispose_engine(db_url)
    shutil.rmtree(folder, ignore_errors=True)


def _import_ahead(argv: Sequence[str]) -> None:
    """Import Textual, the app and the first screen the command will likely open."""
    command = screen_command(argv)
    if command is None:
        return
    for name in ("mace_tui.factory", FIRST_SCREENS[command], *ALSO_IMPORTED.get(command, ())):
        try:
            importlib.import_module(name)
        except Exception:
            return


def first_screen(argv: Sequence[str]) -> str | None:
    """The module of the screen ``argv`` opens, or None when it opens none (or we cannot tell)."""
    command = screen_command(argv)
    return None if command is None else FIRST_SCREENS[command]


def screen_command(argv: Sequence[str]) -> str | None:
    """The command of ``argv`` ("" for none: home) when it opens a screen; else None."""
    command = ""
    expects_value = False
    for arg in argv:
        if expects_value:
            expects_value = False
            continue
        if arg.startswith("-"):
            name = arg.split("=", 1)[0]
            if name not in SCREEN_OPTIONS:
                return None
            expects_value = "=" not in arg and name != "--extraordinary"
            continue
        if command:
            return None  # an argument to a command: not one that opens a screen
        command = arg
        if command not in FIRST_SCREENS:
            return None
    return command


def _read_request(fd: int) -> UiRequest | None:
    head = _read_exactly(fd, _HEADER.size)
    if head is None:
        return None
    (size,) = _HEADER.unpack(head)
    body = _read_exactly(fd, size)
    if body is None:
        return None
    request = pickle.loads(body)
    return request if isinstance(request, UiRequest) else None


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks: list[bytes] = []
    while size:
        try:
            chunk = os.read(fd, size)
        except InterruptedError:
            continue
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _status(pid: int) -> int:
    """The command process's exit status (a signal's death as 128 + its number)."""
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    return 128 - code if code < 0 else code

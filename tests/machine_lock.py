"""A test that loads the machine on purpose runs alone.

Some tests start CPU hogs beside the app to show it holds up on a busy
machine. With the suite spread over one worker per core, the other worker's
test would then run on a machine busier than any test intends — three or
four busy processes on two cores — and a test that waits on a real-time
device (the virtual microphone is fed through a pipe) can starve past its
deadline. So, across the workers of one run: a test that loads the machine
holds it alone, every other test holds it shared.

The lock is two files under the temp folder named by the run's xdist id, so
two runs side by side (two developers' checkouts) never wait on each other;
a day later a new run removes them.
``gate`` gives the loading test its turn: once it asks, no new test starts
beside it (flock alone would let a stream of short tests keep it waiting).
Without xdist there is one process, nothing beside it, and no lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

MARK = "loads_machine"


def _paths() -> tuple[Path, Path] | None:
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if not run:
        return None
    base = Path(tempfile.gettempdir()) / f"mace-tui-tests-{run}"
    return base.with_suffix(".gate"), base.with_suffix(".machine")


@contextlib.contextmanager
def _flock(path: Path, mode: int) -> Iterator[None]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, mode)
        yield
    finally:
        os.close(fd)  # closing releases the lock


@contextlib.contextmanager
def machine(alone: bool) -> Iterator[None]:
    """Hold the machine: ``alone`` for a test that loads it, shared for any other."""
    paths = _paths()
    if paths is None:
        yield
        return
    gate, lock = paths
    if alone:
        with _flock(gate, fcntl.LOCK_EX), _flock(lock, fcntl.LOCK_EX):
            yield
        return
    with _flock(gate, fcntl.LOCK_SH):
        pass  # wait while a loading test has asked for its turn
    with _flock(lock, fcntl.LOCK_SH):
        yield


def loads_machine(item: pytest.Item) -> bool:
    """Whether the test starts CPU hogs: marked, or given some by a ``cpu_hogs``/``hogs`` parameter."""
    if item.get_closest_marker(MARK) is not None:
        return True
    callspec = getattr(item, "callspec", None)
    params = callspec.params if callspec is not None else {}
    return any(params.get(name) for name in ("cpu_hogs", "hogs"))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{MARK}: the test starts CPU hogs; it runs with no other test beside it"
    )
    if not hasattr(config, "workerinput"):  # the controlling process: tidy earlier runs' files
        for old in Path(tempfile.gettempdir()).glob("mace-tui-tests-*"):
            with contextlib.suppress(OSError):
                if time.time() - old.stat().st_mtime > 86_400:
                    old.unlink()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """Set-up, call and tear-down of each test inside its hold on the machine."""
    with machine(alone=loads_machine(item)):
        yield

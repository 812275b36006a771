"""Is the process holding a chair seat gone (R25)? Only this machine's can be told."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from mace_tui.chair.seat import gone

HERE = socket.gethostname()


def _state(pid: int) -> str:
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[-1].split()[0]


@pytest.fixture
def zombie() -> Iterator[int]:
    """A child that has exited and that nobody has collected yet (as a seat killed with
    kill -9 is until its parent collects it)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    for _ in range(200):
        if _state(child.pid) == "Z":
            break
        time.sleep(0.05)
    assert _state(child.pid) == "Z"
    yield child.pid
    child.wait()


def _collected() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize(
    ("case", "expected"),
    [("alive", False), ("collected", True), ("zombie", True), ("another machine", False)],
)
def test_a_seat_is_gone_only_when_its_process_is_known_dead(
    case: str, expected: bool, request: pytest.FixtureRequest
) -> None:
    if case == "alive":
        host, pid = HERE, os.getpid()
    elif case == "collected":
        host, pid = HERE, _collected()
    elif case == "zombie":
        host, pid = HERE, request.getfixturevalue("zombie")
    else:
        host, pid = "another-machine", _collected()
    assert gone(host, pid) is expected

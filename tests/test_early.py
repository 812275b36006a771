"""The forked head start: results, our own errors, other failures, and a helper that hangs."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

SCRIPT = """
import os, sys, time
from mace_tui.early import EarlyFailure, EarlyRead
from store.errors import UserError

class Refused(UserError):
    pass

def ok():
    return {"pid": os.getpid(), "rows": list(range(5))}

def refused():
    raise Refused("database: cannot open it (locked).")

def broken():
    raise RuntimeError("Riley Example's note")  # must not cross over

def hangs():
    time.sleep(30)

job = {"ok": ok, "refused": refused, "broken": broken, "hangs": hangs}[sys.argv[1]]
early = EarlyRead.start(job)
value = early.wait(timeout=float(sys.argv[2]))
if isinstance(value, EarlyFailure):
    print("FAILURE", value.message)
else:
    print("OK", value["rows"], value["pid"] != os.getpid())
"""


def run(job: str, timeout: float = 30.0) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(SCRIPT), job, str(timeout)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the head start forks on Linux only"
)
@pytest.mark.parametrize(
    ("job", "timeout", "printed"),
    [
        ("ok", 30.0, "OK [0, 1, 2, 3, 4] True"),
        ("refused", 30.0, "FAILURE database: cannot open it (locked)."),
        ("broken", 30.0, "FAILURE None"),
        ("hangs", 0.5, "FAILURE None"),
    ],
)
def test_early_read(job: str, timeout: float, printed: str) -> None:
    assert run(job, timeout) == printed


FINISHED = """
import sys, time
from mace_tui.early import EarlyRead

def quick():
    return "read"

def slow():
    time.sleep(2)
    return "read"

early = EarlyRead.start({"quick": quick, "slow": slow}[sys.argv[1]])
time.sleep(0.5)
print(early.finished(), early.wait(), early.finished())
"""


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the head start forks on Linux only"
)
@pytest.mark.parametrize(
    ("job", "printed"),
    [("quick", "True read True"), ("slow", "False read True")],
)
def test_finished_says_whether_the_result_can_be_had_without_waiting(
    job: str, printed: str
) -> None:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(FINISHED), job],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == printed


PARTIAL = """
import os, pickle, time
from mace_tui.early import EarlyRead

read_fd, write_fd = os.pipe()
pid = os.fork()
if pid == 0:  # a helper that stalls half-way through sending its result
    os.close(read_fd)
    payload = pickle.dumps(("ok", "read" * 1000))
    os.write(write_fd, payload[:100])
    time.sleep(1.0)
    os.write(write_fd, payload[100:])
    os._exit(0)
os.close(write_fd)
early = EarlyRead(pid, read_fd)
time.sleep(0.3)
print(early.finished(), len(early.wait()), early.finished())
"""


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the head start forks on Linux only"
)
def test_a_result_half_sent_is_not_finished() -> None:
    """The first screen reads a finished result on the UI thread: it must be all there."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(PARTIAL)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False 4000 True"

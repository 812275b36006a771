"""Two CPU hogs beside a test: busy processes on a two-core machine, as on a loaded CI runner."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest

HOG = "while True:\n    pass\n"


@pytest.fixture(params=[0, 2], ids=["idle", "two-cpu-hogs"])
def cpu_hogs(request: pytest.FixtureRequest) -> Iterator[int]:
    """Run the test alone, then again with two busy processes beside it."""
    hogs = [subprocess.Popen([sys.executable, "-c", HOG]) for _ in range(request.param)]
    try:
        yield request.param
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait(10)

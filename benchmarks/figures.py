"""One line per measured figure, for benchmarks/all.py to collect into the README's table.

A benchmark prints its own human-readable output as before and, for each figure it
measured (and checked it measured: the text typed is the text stored, the cuts are
identical, …), one machine-readable line::

    BENCH {"what": "...", "result": "...", "budget": "...", "ok": true}

``ok`` is None where there is no budget. A benchmark that could not check what it
measured exits non-zero instead of printing a figure.
"""

from __future__ import annotations

import json

PREFIX = "BENCH "


def figure(what: str, result: str, *, budget: str = "", ok: bool | None = None) -> None:
    """Print one figure in the form benchmarks/all.py reads."""
    print(PREFIX + json.dumps({"what": what, "result": result, "budget": budget, "ok": ok}))


def parse(output: str) -> list[dict[str, object]]:
    """The figures printed in ``output``."""
    return [
        json.loads(line[len(PREFIX) :]) for line in output.splitlines() if line.startswith(PREFIX)
    ]

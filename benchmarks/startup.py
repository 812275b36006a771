"""Start-up of ``mace-tui demo`` against a bare one-widget Textual app, in one run.

Measures, from process start, the first paint (the chair's first frame,
"Opening the meeting…") and the queue filled (the last of today's demo children
shown beside the register), each repeated; prints median, min and max, and the
ratio to the bare app's first paint. Both run in a 120×30 terminal (the queue
shows beside the register from 110 columns). Byte-code is compiled first, as an
installed app would have it; --no-compile measures without it.

    uv run python benchmarks/startup.py [--runs 10]
"""

from __future__ import annotations

import sys

# benchmarks/typing.py would shadow the standard library's typing for scripts run
# from this folder: put the folder last on the path, after the standard library.
sys.path.append(sys.path.pop(0))

import argparse
import compileall
import os
import statistics
import tempfile
from pathlib import Path

from figures import figure
from ptyrun import time_markers

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SIZE = (120, 30)


def compile_bytecode() -> None:
    import site

    for folder in [*site.getsitepackages(), str(ROOT / "mace_tui"), str(ROOT / "store")]:
        compileall.compile_dir(folder, quiet=1, workers=2)


def stats(values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return f"median {statistics.median(ms):6.0f} ms  min {min(ms):6.0f}  max {max(ms):6.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--no-compile", action="store_true", help="leave byte-code uncompiled")
    args = parser.parse_args()
    base_env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "30"}
    if args.no_compile:
        base_env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        compile_bytecode()
        base_env.pop("PYTHONDONTWRITEBYTECODE", None)
    bare, paint, filled = [], [], []
    for _ in range(args.runs):
        bare.append(
            time_markers(
                [sys.executable, str(Path(__file__).with_name("bare_app.py"))],
                ["BARE APP READY"],
                env=base_env,
                size=SIZE,
            )["BARE APP READY"]
        )
        with tempfile.TemporaryDirectory() as tmp:
            env = {**base_env, "MACE_DATA_DIR": f"{tmp}/data", "MACE_CONFIG_DIR": f"{tmp}/config"}
            seen = time_markers(
                [str(BIN / "mace-tui"), "demo"],
                ["Opening the meeting", "Avery Imaginary"],
                env=env,
                size=SIZE,
            )
        paint.append(seen["Opening the meeting"])
        filled.append(seen["Avery Imaginary"])
    base = statistics.median(bare)
    print(f"runs: {args.runs}")
    print(f"bare Textual app, first paint : {stats(bare)}")
    print(
        f"mace-tui demo, first paint    : {stats(paint)}   ratio {statistics.median(paint) / base:.2f}× (budget 1.3×)"
    )
    print(
        f"mace-tui demo, queue filled   : {stats(filled)}   ratio {statistics.median(filled) / base:.2f}× (budget 2.5×)"
    )
    for what, values, budget in (
        ("first paint of `mace-tui demo` vs a bare Textual app", paint, 1.3),
        ("the chair's queue filled vs a bare app's first paint", filled, 2.5),
    ):
        ratio = statistics.median(values) / base
        figure(
            what,
            f"{statistics.median(values) * 1000:.0f} ms vs {base * 1000:.0f} ms: **{ratio:.2f}×**",
            budget=f"≤ {budget}×",
            ok=ratio <= budget,
        )


if __name__ == "__main__":
    main()

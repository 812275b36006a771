"""Start-up of every entry point against a bare one-widget Textual app, in one run.

Measures, from process start, the moment each entry point shows its real content
(not a "loading" frame) on a store with years of demo history (``--years``,
default 10; seeded once a day under benchmarks/results/):

- ``mace-tui`` (home): today's meeting and its queue;
- ``mace-tui chair``: the register with the queue beside it;
- ``mace-tui prep --date <today>``: the queue of today's meeting with each child's history;
- ``mace-tui review``: the recordings list (the demo has no recordings: the empty list);
- ``mace-tui directory``: the agencies;
- ``mace-tui minutes``: today's queue as the minute taker sees it;
- ``mace-tui demo`` (its own throw-away store, no history): the first, transient
  frame and the queue filled.

Each is repeated (``--runs``) on a fresh copy of the store, interleaved with the
bare app; prints median, min and max, and the ratio of the medians to the bare
app's first paint. The issue's goal: ≤ 1.5× for the real content of each. All run
in a 120×30 terminal (the queue shows beside the register from 110 columns).
Byte-code is compiled first, as an installed app would have it; --no-compile
measures without it. Each entry point runs once unmeasured first (that run also
makes the first login and prep's meeting, which later runs find in their copy, and keeps
its parsed CSS in the cache folder, as any start after the first does).

    uv run python benchmarks/startup.py [--runs 5] [--years 10]
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from figures import figure
from ptyrun import time_markers

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).with_name("results")
BIN = Path(sys.executable).parent
SIZE = (120, 30)


def compile_bytecode() -> None:
    import site

    for folder in [*site.getsitepackages(), str(ROOT / "mace_tui"), str(ROOT / "store")]:
        compileall.compile_dir(folder, quiet=1, workers=2)


def stats(values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return f"median {statistics.median(ms):6.0f} ms  min {min(ms):6.0f}  max {max(ms):6.0f}"


# name: (arguments, the text that shows the real content). The last child of today's
# demo queue is drawn last; the list of agencies ends with the youth justice service.
LAST_CHILD = "Avery Imaginary"


def entry_points(today: date) -> dict[str, tuple[list[str], str]]:
    return {
        "home": ([], LAST_CHILD),
        "chair": (["chair"], LAST_CHILD),
        "prep": (["prep", "--date", today.isoformat()], LAST_CHILD),
        "review": (["review"], "No recordings yet"),
        "directory": (["directory"], "Sampleton Youth Justice"),
        "minutes": (["minutes"], LAST_CHILD),
    }


def seeded(years: int, today: date, env: dict[str, str]) -> Path:
    """The demo hub with ``years`` of history up to today (written once a day)."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"startup-{years}y-{today.isoformat()}.db"
    if not path.exists():
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        subprocess.run(
            [
                str(BIN / "mace-tui"),
                "demo",
                "--no-ui",
                "--years",
                str(years),
                "--db",
                f"sqlite:///{partial}",
            ],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=1800,
        )
        partial.rename(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--no-compile", action="store_true", help="leave byte-code uncompiled")
    args = parser.parse_args()
    base_env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "30"}
    if args.no_compile:
        base_env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        compile_bytecode()
        base_env.pop("PYTHONDONTWRITEBYTECODE", None)
    today = date.today()
    work = Path(tempfile.mkdtemp(prefix="mace-startup-"))
    env = {**base_env, "MACE_DATA_DIR": f"{work}/data", "MACE_CONFIG_DIR": f"{work}/config"}
    for key in ("MACE_DB_URL", "MACE_PROFILE", "MACE_RECORDINGS_DIR"):
        env.pop(key, None)
    warm = work / "warm.db"
    shutil.copyfile(seeded(args.years, today, env), warm)
    points = entry_points(today)
    # Unmeasured: the first login, prep's meeting, and each screen's parsed CSS kept in the
    # cache folder (two seconds after start-up), as on a machine where the app has been used.
    for argv, marker in points.values():
        time_markers(
            [str(BIN / "mace-tui"), *argv],
            [marker],
            env={**env, "MACE_DB_URL": f"sqlite:///{warm}"},
            size=SIZE,
            timeout=120,
            linger=3.0,
        )
    bare: list[float] = []
    seen: dict[str, list[float]] = {name: [] for name in points}
    paint, filled = [], []
    try:
        for _ in range(args.runs):
            bare.append(
                time_markers(
                    [sys.executable, str(Path(__file__).with_name("bare_app.py"))],
                    ["BARE APP READY"],
                    env=base_env,
                    size=SIZE,
                )["BARE APP READY"]
            )
            for name, (argv, marker) in points.items():
                copy = work / "run.db"
                shutil.copyfile(warm, copy)
                seen[name].append(
                    time_markers(
                        [str(BIN / "mace-tui"), *argv],
                        [marker],
                        env={**env, "MACE_DB_URL": f"sqlite:///{copy}"},
                        size=SIZE,
                    )[marker]
                )
            with tempfile.TemporaryDirectory() as tmp:
                demo_env = {
                    **base_env,
                    "MACE_DATA_DIR": f"{tmp}/data",
                    "MACE_CONFIG_DIR": f"{tmp}/config",
                }
                demo = time_markers(
                    [str(BIN / "mace-tui"), "demo"],
                    ["Opening the meeting", LAST_CHILD],
                    env=demo_env,
                    size=SIZE,
                )
            paint.append(demo["Opening the meeting"])
            filled.append(demo[LAST_CHILD])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    base = statistics.median(bare)
    print(f"runs: {args.runs}; store: {args.years} years of demo history")
    print(f"bare Textual app, first paint : {stats(bare)}")
    for name, values in seen.items():
        label, budget = f"`{' '.join(['mace-tui', *points[name][0]])}`", 1.5
        ratio = statistics.median(values) / base
        print(f"{name:<10} real content : {stats(values)}   ratio {ratio:.2f}× (goal {budget}×)")
        figure(
            f"{label}: {DESCRIBE[name]}, {args.years} years of history, vs a bare Textual app's first paint",
            f"{statistics.median(values) * 1000:.0f} ms vs {base * 1000:.0f} ms: **{ratio:.2f}×** "
            f"(min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})",
            budget=f"≤ {budget}×",
            ok=ratio <= budget,
        )
    for what, values, budget in (
        ("first (transient) frame of `mace-tui demo`", paint, 1.3),
        ("`mace-tui demo`: the queue filled (its own store, no history)", filled, 1.5),
    ):
        ratio = statistics.median(values) / base
        print(f"{what}: {stats(values)}   ratio {ratio:.2f}× (goal {budget}×)")
        figure(
            f"{what}, vs a bare Textual app's first paint",
            f"{statistics.median(values) * 1000:.0f} ms vs {base * 1000:.0f} ms: **{ratio:.2f}×**",
            budget=f"≤ {budget}×",
            ok=ratio <= budget,
        )


DESCRIBE = {
    "home": "today's meeting and its queue",
    "chair": "the register and the queue",
    "prep": "today's queue with each child's history",
    "review": "the recordings list",
    "directory": "the agencies",
    "minutes": "today's queue for the minute taker",
}


if __name__ == "__main__":
    main()

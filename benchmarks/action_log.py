"""Building and rendering the action log on a store with years of history.

Seeds the demo hub with ``--years`` of daily meetings (about 12 children a
day) into a throw-away database, then times, for the latest finished meeting:
reading the log from the store, rendering each format, and exporting all
three formats to disk. Prints the median, min and max of ``--runs`` repeats.

    uv run python benchmarks/action_log.py [--years 10] [--runs 20]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from figures import figure

from mace_tui.demo import seed_demo
from mace_tui.reports.action_log import build_action_log
from mace_tui.reports.csv_out import render_csv_bytes
from mace_tui.reports.docx_out import render_docx_bytes
from mace_tui.reports.export import FORMATS, export_action_log
from mace_tui.reports.markdown import render_markdown_bytes
from store.db import Store
from store.queries import latest_meeting

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 8, 45, tzinfo=UTC)


def timed(label: str, runs: int, func: Callable[[], object]) -> float:
    took = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        took.append((time.perf_counter() - started) * 1000)
    print(f"| {label:<32} | {statistics.median(took):8.1f} | {min(took):8.1f} | {max(took):8.1f} |")
    return statistics.median(took)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="mace-bench-log-"))
    try:
        store = Store.open(f"sqlite:///{work / 'bench.db'}")
        started = time.perf_counter()
        with store.session() as session:
            summary = seed_demo(session, today=TODAY, years=args.years)
        print(
            f"Seeded {summary.meetings} meetings, {summary.items} discussions, "
            f"{summary.actions} actions in {time.perf_counter() - started:.1f} s."
        )
        with store.session() as session:
            meeting = latest_meeting(session, status="finished")
            assert meeting is not None and meeting.id is not None
            meeting_id = meeting.id

        def build():  # type: ignore[no-untyped-def]
            with store.session() as session:
                return build_action_log(session, meeting_id=meeting_id, generated_at=NOW)

        log = build()
        print(f"Latest finished meeting: {len(log.children)} children, {len(log.actions)} actions.")
        print("| step                             | median ms |   min ms |   max ms |")
        print("|---|---|---|---|")
        timed("read the log from the store", args.runs, build)
        timed("render Markdown", args.runs, lambda: render_markdown_bytes(log))
        timed("render CSV", args.runs, lambda: render_csv_bytes(log))
        timed("render Word (.docx)", args.runs, lambda: render_docx_bytes(log))
        out = work / "out"
        exported = timed(
            "export all three to disk", args.runs, lambda: export_action_log(log, out, FORMATS)
        )
        written = sorted(p.name for p in out.iterdir())
        if len(written) < len(FORMATS):
            raise SystemExit(f"benchmark broken: expected {len(FORMATS)} files, found {written}")
        figure(
            f"action log of a {len(log.children)}-child meeting, read and exported in 3 formats",
            f"{exported:.0f} ms ({len(written)} files)",
            budget="≤ 500 ms",
            ok=exported <= 500,
        )
        store.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Preparation at a busy hub's volume: child search, reading the queue, saving an edit, a big CSV.

Seeds the demo with ``--years`` of daily meetings into a throw-away SQLite
file, then times (median, min, max of ``--runs``):

- searching children as the coordinator types (name words, a date of birth, a reference);
- reading the queue with every child's history (what the screen does after each edit);
- saving one edit (moving a child) with its commit;
- checking and importing a 10,000-row CSV file.

    uv run python benchmarks/prep.py [--years 10] [--runs 20]
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from figures import figure

from mace_tui.demo import seed_demo
from mace_tui.prep import meeting as prep
from mace_tui.prep.csv_import import apply_import, check_file
from mace_tui.profiles import get_profile
from store import agenda
from store.db import Store

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)


def timed(label: str, runs: int, action: Callable[[], object]) -> float:
    took = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        took.append((time.perf_counter() - start) * 1000)
    print(
        f"{label:<46} median {statistics.median(took):8.2f} ms"
        f"  min {min(took):8.2f}  max {max(took):8.2f}"
    )
    return statistics.median(took)


def big_csv(path: Path, rows: int) -> None:
    letters = "abcdefghijklmnopqrstuvwxyz"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["name", "date_of_birth", "referral_source", "exploitation_types", "reason"]
        )
        for n in range(rows):
            name = f"Bench {letters[n % 26]}{letters[n // 26 % 26]}{letters[n // 676 % 26]} Example"
            dob = f"{1 + n % 28:02d}/{1 + n // 28 % 12:02d}/{2008 + n % 10}"
            writer.writerow([name, dob, "intelligence", "cce", f"Made-up reason {n}."])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(f"sqlite:///{tmp}/bench.db")
        started = time.perf_counter()
        with store.session() as session:
            summary = seed_demo(session, today=TODAY, years=args.years)
        print(
            f"seeded {args.years} years: {summary.children} children, {summary.items} discussions "
            f"in {time.perf_counter() - started:.1f} s\n"
        )
        profile = get_profile("llr-drmm")
        with store.session() as session:
            target, _ = prep.open_meeting(session, profile=profile, on=TODAY)
            sample = agenda.search_children(session, text="riley example")[0]
        searches: dict[str, dict[str, object]] = {
            "search: one word ('sam')": {"text": "sam"},
            "search: two words ('riley ex')": {"text": "riley ex"},
            "search: a reference with digits ('0042')": {"text": "0042"},
            "search: a date of birth": {"date_of_birth": sample.date_of_birth},
        }
        for label, query in searches.items():
            timed(label, args.runs, partial(_search, store, query))

        def read() -> None:
            with store.session() as session:
                prep.load_view(session, target=target, drmm_profiles=("llr-drmm",))

        timed("read the queue with history (no cache)", args.runs, read)
        cache = prep.SummaryCache()

        def read_cached() -> None:
            with store.session() as session:
                prep.load_view(session, target=target, drmm_profiles=("llr-drmm",), cache=cache)

        cached = timed("read the queue with history (screen's cache)", args.runs, read_cached)
        with store.session() as session:
            item_id = (
                prep.load_view(session, target=target, drmm_profiles=()).queue[0].entry.item_id
            )
        offsets = iter([1, -1] * args.runs)

        def move() -> None:
            with store.session() as session:
                prep.move(session, target, item_id=item_id, offset=next(offsets))

        saved = timed("save one edit (move a child, commit)", args.runs, move)

        path = Path(tmp) / "big.csv"
        big_csv(path, 10_000)
        with store.session() as session:
            tomorrow, _ = prep.open_meeting(session, profile=profile, on=date(2026, 11, 24))
        start = time.perf_counter()
        with store.session() as session:
            check = check_file(session, target=tomorrow, path=path)
        checked = time.perf_counter() - start
        start = time.perf_counter()
        with store.session() as session:
            result = apply_import(session, tomorrow, check, at=NOW)
        imported = time.perf_counter() - start
        print(
            f"\nCSV of 10,000 rows: checked in {checked * 1000:.0f} ms, "
            f"{result.added} imported in one transaction in {imported * 1000:.0f} ms"
        )
        start = time.perf_counter()
        with store.session() as session:
            prep.load_view(session, target=tomorrow, drmm_profiles=("llr-drmm",))
        print(
            f"read that 10,000-child queue with history once: {time.perf_counter() - start:.1f} s"
        )
        if result.added != 10_000:
            raise SystemExit(f"benchmark broken: {result.added} of 10,000 rows imported")
        figure(
            "preparation: reading the queue with history (cached) / saving one edit",
            f"{cached:.1f} ms / {saved:.1f} ms",
            budget="≤ 50 / 20 ms",
            ok=cached <= 50 and saved <= 20,
        )
        figure(
            "checking and importing a 10,000-row CSV (all rows imported)",
            f"{checked * 1000:.0f} + {imported * 1000:.0f} ms",
            budget="≤ 5 s",
            ok=checked + imported <= 5,
        )
        store.close()


def _search(store: Store, query: dict[str, object]) -> None:
    with store.session() as session:
        agenda.search_children(session, **query)  # type: ignore[arg-type]


if __name__ == "__main__":
    main()

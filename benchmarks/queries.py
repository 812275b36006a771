"""History queries at 10 years of demo data: time per call and the query plans.

    uv run python benchmarks/queries.py [--years 10] [--calls 300] [--postgres]

Seeds (once) a demo database with that many years of daily meetings under
benchmarks/results/, then times each history query for the children with the
longest histories, and prints SQLite's plan for each so index use can be seen.
With ``--postgres`` the same runs afterwards on a private PostgreSQL server
started for the run (tests/pgserver.py; seeded, then ANALYZEd), with its plans.
Budget (issue #2): each history query ≤ 2 ms.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from figures import figure
from sqlalchemy import func, select, text
from sqlmodel import col

from mace_tui.demo import seed_demo
from store import queries
from store.db import Store
from store.models import AgendaItem
from store.plans import plan_of

RESULTS = Path(__file__).with_name("results")
TODAY = date(2026, 11, 23)


def seeded(years: int, url: str | None = None) -> Store:
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"history-{years}y.db"
    store = Store.open(url or f"sqlite:///{path}")
    with store.session() as session:
        if not queries.count_meetings(session):
            started = time.perf_counter()
            summary = seed_demo(session, today=TODAY, years=years)
            print(f"seeded {summary.items} discussions in {time.perf_counter() - started:.1f} s")
    if store.engine.dialect.name == "postgresql":
        with store.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    return store


def time_calls(call: Callable[[], object], calls: int) -> tuple[float, float, float]:
    samples = []
    for _ in range(calls):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1], samples[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--postgres", action="store_true", help="also on a private PostgreSQL")
    args = parser.parse_args()
    run(seeded(args.years), args)
    if args.postgres:
        from tests.pgserver import PgServer, find_bin_dir

        bin_dir = find_bin_dir()
        if bin_dir is None:
            raise SystemExit("PostgreSQL: initdb/pg_ctl are not installed")
        server = PgServer.start(bin_dir)
        try:
            print("\nPostgreSQL:")
            run(seeded(args.years, server.createdb("history")), args)
        finally:
            server.stop()


def run(store: Store, args: argparse.Namespace) -> None:
    with store.session() as s:
        total = s.execute(select(func.count()).select_from(AgendaItem)).scalar_one()
        busiest = s.execute(
            select(col(AgendaItem.child_id), func.count().label("n"))
            .group_by(col(AgendaItem.child_id))
            .order_by(text("n DESC"))
            .limit(20)
        ).all()
    children = [row[0] for row in busiest]
    print(
        f"{args.years} years: {total} discussions; timing the {len(children)} children with most history"
    )
    index = {"i": 0}

    def next_child() -> int:
        index["i"] = (index["i"] + 1) % len(children)
        return children[index["i"]]

    with store.session() as s:
        checks = {
            "child_history": lambda: queries.child_history(
                s, child_id=next_child(), before=TODAY, limit=10
            ),
            "last_medium_date": lambda: queries.last_medium_date(
                s, child_id=next_child(), before=TODAY
            ),
            "referral_count": lambda: queries.referral_count(
                s, child_id=next_child(), profiles=("llr-drmm",), before=TODAY
            ),
            "open_actions_for_child": lambda: queries.open_actions_for_child(
                s, child_id=next_child()
            ),
            "last_discharge_date": lambda: queries.last_discharge_date(
                s, child_id=next_child(), before=TODAY
            ),
            "carried_actions (llr-form)": lambda: queries.carried_actions(
                s, profile="llr-form", before=TODAY
            ),
        }
        print(f"{'query':30} {'median ms':>10} {'p99 ms':>8} {'max ms':>8}")
        medians: list[float] = []
        for name, call in checks.items():
            median, p99, worst = time_calls(call, args.calls)
            medians.append(median)
            flag = "" if median <= 2 else "   OVER BUDGET"
            print(f"{name:30} {median:10.3f} {p99:8.3f} {worst:8.3f}{flag}")
        print(f"\nQuery plans ({store.engine.dialect.name}):")
        unindexed: list[str] = []
        for name, call in checks.items():
            steps = plan_of(store.engine, call, discourage_scans=False)
            print(f"  {name}: " + " | ".join(steps))
            # A whole-table read: SQLite's "SCAN t" (not "... USING INDEX"), PostgreSQL's Seq Scan.
            if any(("SCAN" in s and "USING" not in s) or "Seq Scan" in s for s in steps):
                unindexed.append(name)
    store.close()
    figure(
        f"history queries at {args.years} years ({total:,} discussions), slowest median",
        f"{max(medians):.2f} ms; on an index: {'all' if not unindexed else ', '.join(unindexed) + ' NOT'}",
        budget="≤ 2 ms, every query on an index",
        ok=max(medians) <= 2 and not unindexed,
    )


if __name__ == "__main__":
    main()

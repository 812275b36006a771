"""The monthly data pack (R21) at 10 years of demo history: time, index use, and right answers.

    uv run python benchmarks/data_pack.py [--years 10] [--runs 20]

Seeds (once) a demo store with that many years of daily meetings under
benchmarks/results/ (the demo seeds persons and locations of concern, links,
missing episodes and education settings too), then times the pack for the last
whole month alone and with its 12-month trend (median of ``--runs``). Every
statement the pack runs is shown with SQLite's EXPLAIN QUERY PLAN; a table read
whole (a SCAN not on an index) fails the run. Each figure is also counted the
slow, straightforward way in plain SQL for two months of the trend, and any
difference fails the run: a fast wrong pack is no pack. Budget (issue #14):
≤ 200 ms on SQLite, every query on an index.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from figures import figure
from sqlalchemy import text

from mace_tui.datapack.month import Month
from mace_tui.datapack.pack import DataPack, build_pack
from mace_tui.demo import seed_demo
from store import queries
from store.db import Store
from store.plans import captured_sql

RESULTS = Path(__file__).with_name("results")
TODAY = date(2026, 11, 23)
MONTH = Month(2026, 10)  # the last whole month before the demo's today
DRMM = ("llr-drmm",)
AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def seeded(years: int) -> Store:
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"data-pack-{years}y.db"
    store = Store.open(f"sqlite:///{path}")
    with store.session() as session:
        if not queries.count_meetings(session):
            started = time.perf_counter()
            summary = seed_demo(session, today=TODAY, years=years)
            print(f"seeded {summary.items} agenda items in {time.perf_counter() - started:.1f} s")
    with store.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
    return store


def pack(store: Store, months: int) -> DataPack:
    with store.session() as session:
        return build_pack(session, month=MONTH, drmm_profiles=DRMM, generated_at=AT, months=months)


def timed(store: Store, months: int, runs: int) -> tuple[float, float]:
    """Median wall time and median CPU time of this process (ms): on a busy machine the
    second shows what the pack itself costs, the first what a user waits."""
    wall, cpu = [], []
    for _ in range(runs):
        started, used = time.perf_counter(), time.process_time()
        pack(store, months)
        cpu.append((time.process_time() - used) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    return statistics.median(wall), statistics.median(cpu)


# A table with more rows than this, read whole, fails the run; a handful of rows read whole
# (the store's identity, the hub's profiles) costs nothing.
SMALL_TABLE = 1_000
_SCAN = re.compile(r"^SCAN (?:TABLE )?(?P<name>\w+)(?: AS (?P<alias>\w+))?")


def _table_sizes(conn: Any) -> dict[str, int]:
    names = [
        str(row[0])
        for row in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")
    ]
    return {
        name: int(conn.exec_driver_sql(f'SELECT count(*) FROM "{name}"').scalar_one())
        for name in names
    }


def whole_reads(steps: list[str], sizes: dict[str, int]) -> list[str]:
    """The big tables a plan reads whole: a SCAN not on an index (a name the plan gives
    that is not a table, an alias say, counts as big: better a false alarm than a miss)."""
    found = []
    for step in steps:
        match = _SCAN.match(step)
        if match is None or "USING" in step:
            continue
        name = match["name"]
        if sizes.get(name, SMALL_TABLE + 1) > SMALL_TABLE:
            found.append(f"{name} ({sizes[name]:,} rows)" if name in sizes else name)
    return found


def plans(store: Store) -> list[str]:
    """Print every statement's plan; return the statements that read a big table whole."""
    with captured_sql(store.engine) as seen:
        pack(store, 12)
    whole: list[str] = []
    with store.engine.connect() as conn:
        sizes = _table_sizes(conn)
        for number, (statement, parameters) in enumerate(seen, start=1):
            rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
            steps = [str(row[-1]) for row in rows]
            print(f"  statement {number}: " + " | ".join(steps))
            for table in whole_reads(steps, sizes):
                whole.append(f"statement {number} reads {table} whole")
    return whole


REFERRAL = (
    "{a}.profile = 'llr-drmm' AND {a}.child_id IS NOT NULL AND {a}.status <> 'removed' "
    "AND {a}.deferred_from_id IS NULL"
)
LATEST = """
    g.child_id IS NOT NULL AND g.meeting_date >= :since AND g.meeting_date <= :end
    AND NOT EXISTS (SELECT 1 FROM grading h WHERE h.child_id = g.child_id
        AND h.meeting_date <= :end AND (h.meeting_date > g.meeting_date
        OR (h.meeting_date = g.meeting_date AND (h.graded_at > g.graded_at
        OR (h.graded_at = g.graded_at AND h.id > g.id)))))
    AND g.outcome NOT IN ('nfa', 'discharge')
"""


def slow_counts(store: Store, month: Month) -> dict[tuple[str, str], int]:
    """The month's figures counted straight from the tables, one plain query each."""
    values = {
        "start": month.first.isoformat(),
        "end": month.last.isoformat(),
        "since": month.shift(-2).first.isoformat(),
    }
    a, b = REFERRAL.format(a="a"), REFERRAL.format(a="b")
    in_month = "a.meeting_date >= :start AND a.meeting_date <= :end"
    has = "(',' || a.exploitation_types || ',') LIKE '%,{t},%'"
    got: dict[tuple[str, str], int] = {}
    with store.engine.connect() as conn:

        def one(sql: str) -> int:
            return int(conn.execute(text(sql), values).scalar_one())

        got["referrals", "All referrals"] = one(
            f"SELECT count(*) FROM agenda_item a WHERE {a} AND {in_month}"
        )
        for key, label in (("cse", "CSE"), ("cce", "CCE"), ("missing", "Missing")):
            got["referrals", label] = one(
                f"SELECT count(*) FROM agenda_item a WHERE {a} AND {in_month} AND {has.format(t=key)}"
            )
        got["screening-tool", "Screening-tool referrals"] = one(
            f"SELECT count(*) FROM agenda_item a WHERE {a} AND {in_month} "
            "AND a.referral_source = 'screening-tool'"
        )
        for grade in ("HIGH", "MEDIUM", "LOW"):
            got["open-cases", grade] = one(
                f"SELECT count(*) FROM grading g WHERE {LATEST} AND g.grade = '{grade}'"
            )
        got["open-cases", "Open cases"] = one(f"SELECT count(*) FROM grading g WHERE {LATEST}")
        for key, label in (("cse", "CSE"), ("cce", "CCE")):
            got["high-risk", f"{label} HIGH, all authorities"] = one(
                "SELECT count(*) FROM grading g JOIN agenda_item a ON a.id = g.item_id "
                f"WHERE {LATEST} AND g.grade = 'HIGH' AND {has.format(t=key)}"
            )
        got["locations", "Locations on an agenda"] = one(
            "SELECT count(DISTINCT a.concern_location_id) FROM agenda_item a "
            f"WHERE a.subject_kind = 'location' AND a.status <> 'removed' "
            f"AND a.deferred_from_id IS NULL AND {in_month}"
        )
        got["education", "Settings named"] = one(
            "SELECT count(DISTINCT c.education_setting) FROM agenda_item a "
            f"JOIN child c ON c.id = a.child_id WHERE {a} AND {in_month} "
            "AND c.education_setting <> ''"
        )
        got["repeat-referrals", "Children with 3 or more referrals"] = one(
            f"SELECT count(DISTINCT a.child_id) FROM agenda_item a WHERE {a} AND {in_month} "
            f"AND (SELECT count(*) FROM agenda_item b WHERE b.child_id = a.child_id AND {b} "
            "AND b.meeting_date <= :end) >= 3"
        )
    return got


def check(store: Store, built: DataPack) -> list[str]:
    """Differences between the pack and the slow counts, for the last month and one before."""
    wrong: list[str] = []
    for index in (-1, -7):
        month = built.months[index]
        for (key, label), expected in slow_counts(store, month).items():
            value = built.figure(key).value(label, index)
            if value != expected:
                wrong.append(f"{key} / {label} in {month}: pack {value}, plain count {expected}")
    return wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    store = seeded(args.years)
    try:
        with store.engine.connect() as conn:
            items = conn.exec_driver_sql("SELECT count(*) FROM agenda_item").scalar_one()
        built = pack(store, 12)
        wrong = check(store, built)
        if wrong:
            print("The pack does not match the plain counts:\n  " + "\n  ".join(wrong))
            raise SystemExit(1)
        print(f"{args.years} years ({items:,} agenda items); pack month {MONTH}")
        for line in (s for f in built.figures for s in f.series[:2]):
            print(f"  {line.label:40} {line.values}")
        print("Query plans (SQLite):")
        whole = plans(store)
        if whole:
            print("FAILED: a query is not on an index:\n  " + "\n  ".join(whole), file=sys.stderr)
            raise SystemExit(1)
        print(f"Every statement is on an index ({len(built.figures)} figures).")
        alone, alone_cpu = timed(store, 1, args.runs)
        trend, trend_cpu = timed(store, 12, args.runs)
    finally:
        store.close()
    print(f"the month alone: median {alone:.1f} ms (CPU {alone_cpu:.1f} ms)")
    print(f"with the 12-month trend: median {trend:.1f} ms (CPU {trend_cpu:.1f} ms)")
    load = os.getloadavg()[0]
    result: dict[str, Any] = {
        "what": f"data pack at {args.years} years ({items:,} agenda items): a month, and with its 12-month trend",
        "result": f"{alone:.0f} ms / {trend:.0f} ms (CPU {alone_cpu:.0f} / {trend_cpu:.0f} ms, "
        f"load {load:.1f}); on an index: " + ("all" if not whole else ", ".join(whole) + " NOT"),
    }
    figure(
        result["what"],
        result["result"],
        budget="≤ 200 ms, every query on an index",
        ok=trend <= 200 and not whole,
    )


if __name__ == "__main__":
    main()

"""Query plans of the real query functions, to check that history reads use indexes.

SQLite answers ``EXPLAIN QUERY PLAN``; PostgreSQL answers ``EXPLAIN`` and is asked
to avoid sequential scans, so a plan without one shows an index can serve the query
(on a small database the planner would otherwise rightly prefer a scan).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine


@contextmanager
def captured_sql(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """Collect every statement (with its parameters) run on ``engine`` inside the block."""
    seen: list[tuple[str, Any]] = []

    def before(
        _conn: Any, _cursor: Any, statement: str, parameters: Any, _ctx: Any, _many: bool
    ) -> None:
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)


def plan_of(
    engine: Engine, call: Callable[[], object], *, discourage_scans: bool = True
) -> list[str]:
    """The database's plan for the (last) statement ``call`` runs, one line per step.

    On PostgreSQL, ``discourage_scans`` asks the planner to avoid sequential scans
    (to show an index can serve the query); without it, the plan it would choose.
    """
    with captured_sql(engine) as seen:
        call()
    statement, parameters = seen[-1]
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            if discourage_scans:
                conn.exec_driver_sql("SET enable_seqscan = off")
            rows = conn.exec_driver_sql(f"EXPLAIN {statement}", parameters).all()
            conn.rollback()
            return [str(row[0]).strip() for row in rows]
        rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
    return [str(row[-1]) for row in rows]

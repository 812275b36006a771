"""Each history query is served by an index, not a scan of the table (each database's own plan)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlmodel import Session

from store import queries
from store.db import Store
from store.plans import plan_of
from tests.conftest import DEMO_TODAY

QUERIES: dict[str, Callable[[Session], object]] = {
    "child_history": lambda s: queries.child_history(s, child_id=2, before=DEMO_TODAY, limit=10),
    "last_medium_date": lambda s: queries.last_medium_date(s, child_id=2, before=DEMO_TODAY),
    "last_discharge_date": lambda s: queries.last_discharge_date(s, child_id=4, before=DEMO_TODAY),
    "referral_count": lambda s: queries.referral_count(
        s, child_id=3, profiles=("llr-drmm",), before=DEMO_TODAY
    ),
    "open_actions_for_child": lambda s: queries.open_actions_for_child(s, child_id=5),
    "carried_actions": lambda s: queries.carried_actions(s, profile="llr-form", before=DEMO_TODAY),
}


@pytest.mark.parametrize("name", list(QUERIES))
def test_history_queries_use_an_index(demo_store: Store, name: str) -> None:
    with demo_store.session() as session:
        steps = plan_of(demo_store.engine, lambda: QUERIES[name](session))
    if demo_store.engine.dialect.name == "postgresql":
        assert any("Index" in step for step in steps), steps
        assert not any("Seq Scan" in step for step in steps), steps
        return
    assert any("USING" in step and "INDEX" in step for step in steps), steps
    assert not any(step.startswith("SCAN") for step in steps), steps

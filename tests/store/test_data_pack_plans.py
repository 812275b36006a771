"""Each statement the data pack runs (R21) is served by an index, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlmodel import Session

from store import datapack
from store.db import Store
from store.plans import plan_of

START, END = date(2025, 12, 1), date(2026, 11, 30)
DRMM = ("llr-drmm",)

STATEMENTS: dict[str, Callable[[Session], object]] = {
    "referrals_between": lambda s: datapack.referrals_between(
        s, profiles=DRMM, start=START, end=END
    ),
    "referrals_before_of_children_referred": lambda s: (
        datapack.referrals_before_of_children_referred(s, profiles=DRMM, start=START, end=END)
    ),
    "child_gradings_between": lambda s: datapack.child_gradings_between(
        s, start=date(2025, 10, 1), end=END
    ),
    "locations_on_agendas_between": lambda s: datapack.locations_on_agendas_between(
        s, start=START, end=END
    ),
}


@pytest.mark.parametrize("name", list(STATEMENTS))
def test_the_data_packs_statements_use_an_index(demo_store: Store, name: str) -> None:
    with demo_store.session() as session:
        steps = plan_of(demo_store.engine, lambda: STATEMENTS[name](session))
    if demo_store.engine.dialect.name == "postgresql":
        assert any("Index" in step for step in steps), steps
        assert not any("Seq Scan" in step for step in steps), steps
        return
    assert any("USING" in step and "INDEX" in step for step in steps), steps
    assert not any(step.startswith("SCAN") for step in steps), steps

"""A new store is made from the models in one step; an old one is brought up by the scripts.

Both must give the very same schema: every table, column (type, nullability,
default), key, reference, index, unique and check constraint, by name. Run on a
real SQLite file and a real PostgreSQL server.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import Engine

from store import migrations
from store.db import Store, dispose_engine
from tests.pgserver import PgServer


def _norm(text: object) -> str:
    """SQL text without the spelling differences of its two writers (case, quotes, spaces)."""
    return re.sub(r"[\s\"'`()]", "", str(text)).lower() if text is not None else ""


def _default(text: object) -> str:
    """A column's default as SQL, without PostgreSQL's cast (``''::character varying``)."""
    return (
        re.sub(r"::[a-z ]+$", "", re.sub(r"\s+", " ", str(text)).lower())
        if text is not None
        else ""
    )


def schema(engine: Engine) -> dict[str, dict[str, object]]:
    """Everything a schema is, read back from the database itself."""
    found: dict[str, dict[str, object]] = {}
    insp = inspect(engine)
    for table in sorted(insp.get_table_names()):
        found[table] = {
            "columns": {
                c["name"]: (type(c["type"]).__name__, _norm(c["type"]), c["nullable"], _default(c.get("default")))
                for c in insp.get_columns(table)
            },
            "primary key": (
                insp.get_pk_constraint(table).get("name"),
                tuple(insp.get_pk_constraint(table)["constrained_columns"]),
            ),
            "references": sorted(
                (
                    fk.get("name") or "",
                    tuple(fk["constrained_columns"]),
                    fk["referred_table"],
                    tuple(fk["referred_columns"]),
                    str(fk.get("options", {}).get("ondelete")),
                )
                for fk in insp.get_foreign_keys(table)
            ),
            "indexes": sorted(
                (i["name"] or "", tuple(i["column_names"]), bool(i["unique"]))
                for i in insp.get_indexes(table)
            ),
            "unique": sorted(
                (u["name"] or "", tuple(u["column_names"])) for u in insp.get_unique_constraints(table)
            ),
            "checks": sorted((c["name"] or "", _norm(c["sqltext"])) for c in insp.get_check_constraints(table)),
        }  # fmt: skip
    return found


@pytest.fixture(params=["sqlite", "postgresql"])
def two_empty_databases(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[str, str]]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'made.db'}", f"sqlite:///{tmp_path / 'migrated.db'}"
        return
    server: PgServer | None = request.getfixturevalue("pg_server")
    if server is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    urls = server.createdb("made_here"), server.createdb("migrated_here")
    yield urls
    for url, name in zip(urls, ("made_here", "migrated_here"), strict=True):
        dispose_engine(url)
        server.dropdb(name)


def test_a_new_store_has_exactly_the_schema_the_migration_scripts_build(
    two_empty_databases: tuple[str, str],
) -> None:
    made_url, migrated_url = two_empty_databases
    made = Store.open(made_url)
    assert made.report.created
    migrated_engine = create_engine(migrated_url)
    try:
        report = migrations.run_scripts(migrated_engine, previous=None)
        assert report.created
        made_schema, migrated_schema = schema(made.engine), schema(migrated_engine)
    finally:
        migrated_engine.dispose()
        made.close()
    assert made_schema.keys() == migrated_schema.keys()
    for table, parts in made_schema.items():
        for part, value in parts.items():
            assert value == migrated_schema[table][part], f"{table}: {part} differ"
    assert migrations.current_revision(made.engine) == migrations.HEAD

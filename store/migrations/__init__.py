"""Schema migrations (Alembic), run by the app on start.

A database at the current revision is recognised with one small query, so
Alembic is only imported when there is something to do.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import inspect, text

from store.errors import UserError
from store.revision import HEAD as HEAD  # re-exported: the revision the code is built for

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from store.db import OpenReport

HERE = Path(__file__).parent


class MigrationError(UserError):
    """The database's schema is not one this version can use."""


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for a database Alembic never touched."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return None if row is None else str(row[0])


def alembic_config(engine: Engine) -> object:
    """An Alembic Config that runs against ``engine``."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine) -> OpenReport:
    """Bring the schema to HEAD and report what was done."""
    from store.db import OpenReport

    previous = current_revision(engine)
    if previous == HEAD:
        return OpenReport(previous=previous, current=HEAD, created=False)
    if previous is None:
        with engine.connect() as conn:
            tables = [t for t in inspect(conn).get_table_names() if t != "alembic_version"]
        if tables:
            raise MigrationError(
                "database: it holds tables this app did not create "
                f"({', '.join(sorted(tables)[:3])}…). Point --db at a new file or a mace-tui database."
            )
        create(engine)
        return OpenReport(previous=None, current=HEAD, created=True)
    return run_scripts(engine, previous=previous)


def create(engine: Engine) -> None:
    """A new, empty database: the models' schema stamped at HEAD, in one transaction.

    The same schema the migration scripts build (tests/store/test_schema_paths.py
    compares the two on both backends), in a fraction of the time: running every
    script on a new SQLite file rebuilds tables over and over.
    """
    import datetime as dt
    import uuid

    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from sqlalchemy import insert

    from store.models import StoreInfo, metadata

    script = ScriptDirectory.from_config(alembic_config(engine))  # type: ignore[arg-type]
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            # SQLite's driver would run each CREATE on its own: one explicit transaction.
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            metadata.create_all(conn)
            conn.execute(
                insert(StoreInfo.__table__).values(  # type: ignore[attr-defined]
                    id=1, store_id=uuid.uuid4().hex, created_at=dt.datetime.now(dt.UTC)
                )
            )
            MigrationContext.configure(conn).stamp(script, "head")
        except BaseException:
            conn.rollback()
            raise
        conn.commit()


def run_scripts(engine: Engine, *, previous: str | None) -> OpenReport:
    """Bring the schema from ``previous`` (None: nothing) to HEAD by the migration scripts."""
    from alembic import command
    from alembic.script import ScriptDirectory

    from store.db import OpenReport

    cfg = alembic_config(engine)
    known = {rev.revision for rev in ScriptDirectory.from_config(cfg).walk_revisions()}  # type: ignore[arg-type]
    if previous is not None and previous not in known:
        raise MigrationError(
            f"database: it is at schema version {previous}, which this version of mace-tui "
            "does not know (made by a newer version?). Upgrade mace-tui."
        )
    with _restored_on_failure(engine, upgrading=previous is not None):
        command.upgrade(cfg, "head")  # type: ignore[arg-type]
    return OpenReport(previous=previous, current=HEAD, created=previous is None)


@contextmanager
def _restored_on_failure(engine: Engine, *, upgrading: bool) -> Iterator[None]:
    """An SQLite file that fails to upgrade is put back exactly as it was.

    SQLite's driver commits schema changes as it goes, so a migration that fails
    half-way would leave a database neither version can open. A copy taken first
    (private, beside the file) is restored on failure and removed on success.
    """
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not upgrading or not database or database == ":memory:":
        yield
        return
    from store.cipher import connect
    from store.db import key_for

    path = Path(database)
    # An encrypted file's copy is encrypted with the same key.
    key = key_for(path)
    copy = path.with_name(path.name + ".before-upgrade")
    copy.unlink(missing_ok=True)
    fd = os.open(copy, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    os.close(fd)
    _copy_database(connect(path, key), connect(copy, key))
    try:
        yield
    except BaseException:
        engine.dispose()
        _copy_database(connect(copy, key), connect(path, key))
        copy.unlink(missing_ok=True)
        raise
    copy.unlink(missing_ok=True)


def _copy_database(source: Any, target: Any) -> None:
    """SQLite's online backup from one open connection to another; both are closed after."""
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()

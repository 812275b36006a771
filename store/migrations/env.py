"""Alembic environment: runs on the engine the store hands over."""

from __future__ import annotations

from alembic import context

from store.models import metadata

config = context.config


def run_migrations_online() -> None:
    """Run the migrations in one transaction on the store's engine."""
    engine = config.attributes.get("engine")
    if engine is None:
        from sqlalchemy import create_engine

        engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Batch mode rebuilds a table by copy-and-rename, which the foreign keys of the
            # rows pointing at it would refuse; SQLite ignores this pragma inside a
            # transaction, so it is set before one begins, and checked after.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
        if sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
            if broken:
                raise RuntimeError(f"the upgrade left {len(broken)} rows with a broken reference")


run_migrations_online()

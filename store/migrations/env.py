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
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()

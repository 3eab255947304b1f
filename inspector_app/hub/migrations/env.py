"""Alembic environment for the hub: online migrations only, URL set by inspector_app.hub.db."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool

config = context.config


def run_migrations_online() -> None:
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("alembic config has no sqlalchemy.url (set by inspector_app.hub.db)")
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection)
        with context.begin_transaction():
            # two hubs starting at once on one database must not migrate concurrently
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(74200001)")
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported for the hub")
run_migrations_online()

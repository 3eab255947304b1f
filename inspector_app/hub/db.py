"""Database plumbing for the hub: URL normalisation, Alembic migrations at start, and a psycopg
connection pool that survives a PostgreSQL restart (connections are checked on checkout)."""

from __future__ import annotations

from pathlib import Path

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class DatabaseUnavailable(Exception):
    """PostgreSQL cannot be reached right now; the request can be retried later (HTTP 503)."""


def psycopg_url(url: str) -> str:
    """A libpq URL (`postgresql://...`) from any of the spellings users and SQLAlchemy use."""
    for prefix in ("postgresql+psycopg://", "postgresql+psycopg2://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql://" + url[len(prefix) :]
    if not url.startswith("postgresql://"):
        raise ValueError(f"not a PostgreSQL URL: {url!r} (expected postgresql://...)")
    return url


def sqlalchemy_url(url: str) -> str:
    return "postgresql+psycopg://" + psycopg_url(url)[len("postgresql://") :]


def migrate(url: str) -> None:
    """Bring the schema to the newest Alembic revision (idempotent; run at every start)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", sqlalchemy_url(url).replace("%", "%%"))
    command.upgrade(config, "head")


def open_pool(url: str, max_size: int = 10):
    """A psycopg pool whose connections are checked before use, so the first request after a
    database restart gets a fresh connection instead of a dead one."""
    from psycopg_pool import ConnectionPool

    pool = ConnectionPool(
        psycopg_url(url),
        min_size=1,
        max_size=max_size,
        timeout=10.0,
        check=ConnectionPool.check_connection,
        kwargs={"autocommit": False},
        open=False,
    )
    pool.open(wait=False)
    return pool

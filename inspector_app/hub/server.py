"""Starting a hub: pick the database (the given URL, or an embedded PostgreSQL in the data
folder), migrate it, serve the API with uvicorn, and stop the embedded database on the way out."""

from __future__ import annotations

import logging
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import platformdirs

_log = logging.getLogger(__name__)


def default_data_dir() -> Path:
    """Per-user data dir; as root /var/lib/inspector-app-hub, because the embedded PostgreSQL
    then runs as its own user and must be able to traverse the folders above its data."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return Path("/var/lib/inspector-app-hub")
    return Path(platformdirs.user_data_dir("inspector-app-hub", appauthor=False))


@contextmanager
def database(data_dir: Path, database_url: str | None) -> Iterator[str]:
    """The database URL to use, with the embedded server running for the duration if needed;
    the schema is migrated to the newest revision either way."""
    from inspector_app.hub.db import migrate

    if database_url:
        migrate(database_url)
        yield database_url
        return
    from inspector_app.hub.embedded import EmbeddedPostgres

    with EmbeddedPostgres(data_dir / "pgdata") as pg:
        migrate(pg.url())
        yield pg.url()


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(0)


def serve(data_dir: Path, database_url: str | None, host: str, port: int) -> None:
    import uvicorn

    from inspector_app.hub.app import HubConfig, create_app

    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    with database(data_dir, database_url) as url:
        app = create_app(HubConfig(database_url=url, evidence_dir=data_dir / "evidence"))
        print(f"hub: data in {data_dir}; listening on http://{host}:{port}/", flush=True)
        # uvicorn re-raises SIGTERM after its graceful shutdown; as SystemExit it unwinds through
        # `database()` so the embedded PostgreSQL is stopped instead of left running
        signal.signal(signal.SIGTERM, _exit_on_signal)
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)

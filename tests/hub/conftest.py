"""Fixtures for the hub tests: one real embedded PostgreSQL per session, a fresh database per
test, and the real hub started as its own process on loopback (`inspector-app hub serve`)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="hub extra not installed: pip install -e '.[test]'")

import httpx
import psycopg
from hub_helpers import free_port

from inspector_app.hub.db import migrate, psycopg_url
from inspector_app.hub.embedded import EmbeddedPostgres
from inspector_app.hub.store import create_enrol_token
from inspector_app.sync.client import HubClient, enrol
from inspector_app.sync.station_key import load_or_create

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def pg() -> Iterator[EmbeddedPostgres]:
    """One embedded PostgreSQL for the session. Its folder is outside pytest's tmp tree: as root
    the server runs as the `pgserver` user, and pytest re-tightens its tmp root to 0700 whenever
    another pytest starts on this machine, which would lock that user out."""
    root = Path(tempfile.mkdtemp(prefix="inspector-hub-test-pg-"))
    server = EmbeddedPostgres(root / "pgdata")
    server.start()
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def db_url(pg: EmbeddedPostgres) -> str:
    """A new, migrated database on the session's server: tests never see each other's rows."""
    name = "t_" + uuid.uuid4().hex[:12]
    base = psycopg_url(pg.url())
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = base.replace("/postgres?", f"/{name}?", 1)
    migrate(url)
    return url


@dataclass
class HubProcess:
    """The hub as a real process on a loopback port; restartable on the same port."""

    db_url: str
    data_dir: Path
    port: int
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        log = open(self.data_dir / "hub.log", "ab")  # noqa: SIM115 - owned by the process
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "inspector_app",
                "hub",
                "serve",
                "--database-url",
                self.db_url,
                "--data-dir",
                str(self.data_dir),
                "--port",
                str(self.port),
            ],
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError((self.data_dir / "hub.log").read_text())
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("hub did not start in 30 s")

    def kill(self) -> None:
        """SIGKILL: the hub dies mid-request, as in a crash or power loss."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def connect(self) -> psycopg.Connection:
        return psycopg.connect(self.db_url, autocommit=True)

    def token(self, station_id: str, lane: str | None = None, hours: float = 1.0) -> str:
        with self.connect() as conn:
            return create_enrol_token(conn, station_id, lane, timedelta(hours=hours))

    def station(self, station_id: str, key_dir: Path, url: str | None = None) -> HubClient:
        """Enrol a new station (own key in key_dir) and return its signed client."""
        key = load_or_create(key_dir / "station_key.pem")
        enrol(self.url, self.token(station_id), key)
        return HubClient(url or self.url, station_id, key, timeout=5.0)

    def count(self, sql: str = "SELECT count(*) FROM records") -> int:
        with self.connect() as conn:
            return conn.execute(sql).fetchone()[0]


@pytest.fixture
def hub(db_url: str, tmp_path: Path) -> Iterator[HubProcess]:
    data = tmp_path / "hubdata"
    data.mkdir()
    process = HubProcess(db_url, data, free_port())
    process.start()
    yield process
    process.stop()


@pytest.fixture
def no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    os.environ["NO_PROXY"] = "127.0.0.1,localhost"

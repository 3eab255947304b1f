"""Exactly once through every fault: the real hub behind a fault-injecting proxy (500s, resets,
timeouts, slow answers, lost acknowledgements, requests cut mid-body), a hub killed and restarted
mid-batch, and PostgreSQL restarted under load. Each time, every record and evidence file arrives
exactly once and the station's outbox empties."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from pathlib import Path

import httpx
from faultproxy import FaultProxy, schedule
from hub_helpers import decisions

from inspector_app.storage.outbox import SqliteOutbox
from inspector_app.sync.client import HubClient
from inspector_app.sync.station_key import load_or_create
from inspector_app.sync.uploader import RetryPolicy, Uploader

PATIENT = RetryPolicy(max_attempts=200, max_delay_s=120, backoff_base_s=0.02, backoff_max_s=0.5)


def _station(hub, tmp_path: Path, station: str, n: int, files: int = 0):
    """An enrolled station with `n` decisions and `files` evidence images in its SQLite outbox."""
    hub.station(station, tmp_path).close()
    outbox = SqliteOutbox(tmp_path / "decisions.sqlite")
    for record in decisions(station, n):
        outbox.add(record)
    blobs = {}
    for i in range(files):
        data = os.urandom(150_000 + i)
        sha = hashlib.sha256(data).hexdigest()
        path = tmp_path / f"img{i}.tiff"
        path.write_bytes(data)
        outbox.add_evidence(sha, path)
        blobs[sha] = data
    return outbox, blobs


def _client(url: str, station: str, tmp_path: Path, timeout: float = 1.0) -> HubClient:
    return HubClient(url, station, load_or_create(tmp_path / "station_key.pem"), timeout=timeout)


def _assert_exactly_once(hub, outbox: SqliteOutbox, station: str, n: int, blobs: dict) -> None:
    assert outbox.backlog() == 0 and outbox.evidence_backlog() == 0
    with hub.connect() as conn:
        total, distinct = conn.execute(
            "SELECT count(*), count(DISTINCT idem_key) FROM records WHERE station_id = %s",
            (station,),
        ).fetchone()
    assert (total, distinct) == (n, n)
    for sha, data in blobs.items():
        assert (hub.data_dir / "evidence" / sha[:2] / sha).read_bytes() == data


def test_network_faults_lose_nothing_and_duplicate_nothing(hub, tmp_path: Path) -> None:
    faults = [
        "error500",
        "pass",
        "reset",
        "lost_ack",
        "slow",
        "timeout",
        "pass",
        "drop_mid",
        "lost_ack",
        "error500",
        "pass",
        "reset",
        "slow",
        "lost_ack",
        "pass",
        "timeout",
        "drop_mid",
        "pass",
        "error500",
        "lost_ack",
    ] * 2
    outbox, blobs = _station(hub, tmp_path, "ST-NET", 600, files=2)
    proxy = FaultProxy(hub.port, schedule(faults), hang_s=1.5).start()
    client = _client(proxy.url, "ST-NET", tmp_path)
    try:
        result = Uploader(client, outbox, batch_size=50, policy=PATIENT, chunk_bytes=40_000).drain()
    finally:
        client.close()
        proxy.stop()
    assert result.retries > 0 and result.records >= 600  # lost acks make some go twice
    assert {a for a in proxy.applied if a != "pass"} == {
        "error500",
        "reset",
        "lost_ack",
        "slow",
        "timeout",
        "drop_mid",
    }
    _assert_exactly_once(hub, outbox, "ST-NET", 600, blobs)
    assert (
        hub.count(
            "SELECT count(*) FROM records WHERE station_id = 'ST-NET' AND received_at IS NULL"
        )
        == 0
    )


def _drain_in_background(uploader: Uploader) -> tuple[threading.Thread, list]:
    errors: list = []

    def work() -> None:
        try:
            uploader.drain()
        except Exception as exc:  # reported by the test
            errors.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    return thread, errors


def _wait_for(predicate, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.05)


def test_hub_killed_and_restarted_mid_batch(hub, tmp_path: Path) -> None:
    outbox, blobs = _station(hub, tmp_path, "ST-KILL", 800, files=1)
    slow = FaultProxy(hub.port, lambda *_: "slow", slow_s=0.15).start()  # keeps batches in flight
    client = _client(slow.url, "ST-KILL", tmp_path, timeout=3.0)
    thread, errors = _drain_in_background(
        Uploader(client, outbox, batch_size=40, policy=PATIENT, chunk_bytes=30_000)
    )
    try:
        _wait_for(lambda: hub.count() >= 200)
        hub.kill()  # SIGKILL while requests are in flight
        time.sleep(1.0)
        hub.start()  # same port, same database
        thread.join(120)
    finally:
        client.close()
        slow.stop()
    assert not thread.is_alive() and errors == []
    _assert_exactly_once(hub, outbox, "ST-KILL", 800, blobs)


def test_database_restarted_under_load(hub, pg, tmp_path: Path) -> None:
    outbox, blobs = _station(hub, tmp_path, "ST-DB", 800)
    slow = FaultProxy(hub.port, lambda *_: "slow", slow_s=0.1).start()
    client = _client(slow.url, "ST-DB", tmp_path, timeout=5.0)
    thread, errors = _drain_in_background(Uploader(client, outbox, batch_size=40, policy=PATIENT))
    try:
        _wait_for(lambda: hub.count() >= 200)
        pg.restart()
        thread.join(120)
    finally:
        client.close()
        slow.stop()
    assert not thread.is_alive() and errors == []
    _assert_exactly_once(hub, outbox, "ST-DB", 800, blobs)
    assert httpx.get(f"{hub.url}/healthz", timeout=5).json() == {"status": "ok", "database": True}

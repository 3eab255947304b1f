"""The hub stores each record once, partitions by month, and refuses unsigned, replayed and
foreign requests with clear 4xx errors. Real hub process, real PostgreSQL, real HTTP."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from hub_helpers import decisions

from inspector_app.storage.outbox import OutboxRecord
from inspector_app.sync import wire
from inspector_app.sync.client import HubError, enrol
from inspector_app.sync.station_key import load_or_create, sign_b64


def test_batch_is_stored_once_and_duplicates_are_acknowledged(hub, tmp_path: Path) -> None:
    client = hub.station("ST-A", tmp_path)
    records = decisions("ST-A", 25)
    first = client.post_batch(records, backlog=7)
    again = client.post_batch(records, backlog=0)
    assert (first["stored"], first["duplicates"]) == (25, 0)
    assert (again["stored"], again["duplicates"]) == (0, 25)
    assert set(again["acknowledged"]) == {r.key for r in records}
    assert hub.count() == 25
    assert hub.count("SELECT backlog FROM stations WHERE station_id = 'ST-A'") == 0


def test_records_go_to_monthly_partitions(hub, tmp_path: Path) -> None:
    client = hub.station("ST-P", tmp_path)
    january = decisions("ST-P", 3, start=datetime(2026, 1, 31, 23, 59, 58, tzinfo=UTC))
    client.post_batch(january, backlog=0)  # 2 in January, 1 on 1 February (UTC)
    with hub.connect() as conn:
        rows = conn.execute(
            "SELECT tableoid::regclass::text, count(*) FROM records GROUP BY 1 ORDER BY 1"
        ).fetchall()
    assert rows == [("records_2026m01", 2), ("records_2026m02", 1)]


def test_first_batches_of_a_new_month_race_without_errors(hub, tmp_path: Path) -> None:
    """Many stations opening the same new month at once: one partition, no server error."""
    from concurrent.futures import ThreadPoolExecutor

    clients = [hub.station(f"ST-M{i}", tmp_path / str(i)) for i in range(8)]
    start = datetime(2025, 3, 10, tzinfo=UTC)
    with ThreadPoolExecutor(8) as pool:
        acks = list(
            pool.map(lambda c: c.post_batch(decisions(c.station_id, 20, start), 0), clients)
        )
    assert [a["stored"] for a in acks] == [20] * 8
    assert hub.count("SELECT count(*) FROM pg_class WHERE relname = 'records_2025m03'") == 1


def test_same_key_from_two_stations_is_two_records(hub, tmp_path: Path) -> None:
    a = hub.station("ST-1", tmp_path / "a")
    b = hub.station("ST-2", tmp_path / "b")
    record = OutboxRecord("same-key", "audit_event", datetime.now(UTC), {"event": "login"})
    assert a.post_batch([record], 0)["stored"] == 1
    assert b.post_batch([record], 0)["stored"] == 1


def _raw_signed(hub, station: str, key, body: bytes, ts: int | None = None, nonce: str = ""):
    timestamp = str(ts if ts is not None else int(time.time()))
    nonce = nonce or "n" * 24
    message = wire.signing_message("POST", "/v1/batches", station, timestamp, nonce, body)
    headers = {
        wire.HEADER_STATION: station,
        wire.HEADER_TIMESTAMP: timestamp,
        wire.HEADER_NONCE: nonce,
        wire.HEADER_SIGNATURE: sign_b64(key, message),
        "Content-Type": "application/json",
    }
    return httpx.post(f"{hub.url}/v1/batches", content=body, headers=headers, timeout=10)


def _body(station: str) -> bytes:
    return wire.canonical_json(
        {"records": [r.to_wire() for r in decisions(station, 2)], "backlog": 0}
    )


def test_unsigned_batch_is_refused(hub) -> None:
    response = httpx.post(f"{hub.url}/v1/batches", content=_body("X"), timeout=10)
    assert response.status_code == 401
    assert "unsigned request" in response.json()["detail"]
    assert hub.count() == 0


def test_replayed_batch_is_refused(hub, tmp_path: Path) -> None:
    hub.station("ST-R", tmp_path)
    key = load_or_create(tmp_path / "station_key.pem")
    body = _body("ST-R")
    assert _raw_signed(hub, "ST-R", key, body, nonce="replay-nonce-0001").status_code == 200
    replay = _raw_signed(hub, "ST-R", key, body, nonce="replay-nonce-0001")
    assert replay.status_code == 409
    assert "replayed" in replay.json()["detail"]


def test_stale_timestamp_is_refused(hub, tmp_path: Path) -> None:
    hub.station("ST-T", tmp_path)
    key = load_or_create(tmp_path / "station_key.pem")
    old = _raw_signed(hub, "ST-T", key, _body("ST-T"), ts=int(time.time()) - 3600)
    assert old.status_code == 401
    assert "clock" in old.json()["detail"]


def test_foreign_and_unknown_stations_are_refused(hub, tmp_path: Path) -> None:
    hub.station("ST-F", tmp_path / "real")
    intruder = load_or_create(tmp_path / "intruder" / "key.pem")
    foreign = _raw_signed(hub, "ST-F", intruder, _body("ST-F"))
    assert foreign.status_code == 401
    assert "does not verify" in foreign.json()["detail"]
    unknown = _raw_signed(hub, "NOBODY", intruder, _body("NOBODY"))
    assert unknown.status_code == 401
    assert "unknown station" in unknown.json()["detail"]
    assert hub.count() == 0


def test_tampered_body_is_refused(hub, tmp_path: Path) -> None:
    """The signature covers the body: a changed verdict in transit does not verify."""
    client = hub.station("ST-M", tmp_path)
    key = load_or_create(tmp_path / "station_key.pem")
    body = _body("ST-M")
    timestamp, nonce = str(int(time.time())), "tamper-nonce-0001"
    message = wire.signing_message("POST", "/v1/batches", "ST-M", timestamp, nonce, body)
    headers = {
        wire.HEADER_STATION: "ST-M",
        wire.HEADER_TIMESTAMP: timestamp,
        wire.HEADER_NONCE: nonce,
        wire.HEADER_SIGNATURE: sign_b64(key, message),
        "Content-Type": "application/json",
    }
    tampered = body.replace(b'"suspect"', b'"clear"')
    response = httpx.post(f"{hub.url}/v1/batches", content=tampered, headers=headers, timeout=10)
    assert response.status_code == 401
    client.close()


def test_enrolment_token_is_one_time(hub, tmp_path: Path) -> None:
    token = hub.token("ST-E")
    key = load_or_create(tmp_path / "k.pem")
    assert enrol(hub.url, token, key)["station_id"] == "ST-E"
    with pytest.raises(HubError) as info:
        enrol(hub.url, token, load_or_create(tmp_path / "k2.pem"))
    assert info.value.status == 401 and "already used" in str(info.value)


def test_expired_token_is_refused(hub, tmp_path: Path) -> None:
    token = hub.token("ST-X", hours=-1)
    with pytest.raises(HubError) as info:
        enrol(hub.url, token, load_or_create(tmp_path / "k.pem"))
    assert info.value.status == 401


def test_bad_batches_get_clear_422s(hub, tmp_path: Path) -> None:
    client = hub.station("ST-B", tmp_path)
    future = OutboxRecord("f1", "decision", datetime(2099, 1, 1, tzinfo=UTC), {})
    with pytest.raises(HubError) as info:
        client.post_batch([future], 0)
    assert info.value.status == 422 and "out of range" in str(info.value)
    bad = OutboxRecord("b1", "decision", datetime.now(UTC), {"verdict": "maybe"})
    with pytest.raises(HubError) as info:
        client.post_batch([bad], 0)
    assert info.value.status == 422 and not info.value.retryable
    nul = OutboxRecord("n1", "decision", datetime.now(UTC), {"note": "a\x00b"})
    with pytest.raises(HubError) as info:
        client.post_batch([nul], 0)
    assert info.value.status == 422
    assert hub.count() == 0

"""Evidence uploads resume where they broke off and are SHA-256 checked; supervisors' queries,
the route CSV (no personal data) and the read-only page answer from what stations sent."""

from __future__ import annotations

import csv
import hashlib
import io
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from hub_helpers import ListOutbox, decisions

from inspector_app.storage.outbox import OutboxRecord, SqliteOutbox
from inspector_app.sync.client import HubError
from inspector_app.sync.uploader import Uploader


def test_evidence_resumes_from_what_the_hub_holds(hub, tmp_path: Path) -> None:
    client = hub.station("ST-EV", tmp_path)
    data = os.urandom(300_000)
    sha = hashlib.sha256(data).hexdigest()
    client.put_chunk(sha, 0, len(data), data[:100_000])  # then the link broke
    assert client.evidence_state(sha) == {
        "sha256": sha,
        "received": 100_000,
        "size": None,
        "complete": False,
    }
    with pytest.raises(HubError) as info:  # a chunk from the wrong place is refused
        client.put_chunk(sha, 50_000, len(data), data[50_000:60_000])
    assert info.value.status == 409

    image = tmp_path / "scan.tiff"
    image.write_bytes(data)
    outbox = SqliteOutbox(tmp_path / "station.sqlite")
    outbox.add_evidence(sha, image)
    result = Uploader(client, outbox, chunk_bytes=64_000).drain()
    assert result.evidence == 1 and outbox.evidence_backlog() == 0
    stored = hub.data_dir / "evidence" / sha[:2] / sha
    assert stored.read_bytes() == data
    assert hub.count("SELECT count(*) FROM evidence") == 1


def test_evidence_with_wrong_hash_is_discarded(hub, tmp_path: Path) -> None:
    client = hub.station("ST-EH", tmp_path)
    data = b"x" * 1000
    wrong = hashlib.sha256(b"something else").hexdigest()
    with pytest.raises(HubError) as info:
        client.put_chunk(wrong, 0, len(data), data)
    assert info.value.status == 422 and "SHA-256" in str(info.value)
    assert client.evidence_state(wrong)["received"] == 0


def test_changed_local_file_is_set_aside_not_sent(hub, tmp_path: Path) -> None:
    client = hub.station("ST-EC", tmp_path)
    image = tmp_path / "scan.png"
    image.write_bytes(b"original")
    outbox = SqliteOutbox(tmp_path / "station.sqlite")
    outbox.add_evidence(hashlib.sha256(b"original").hexdigest(), image)
    image.write_bytes(b"tampered")
    assert Uploader(client, outbox).drain().evidence == 0
    assert outbox.evidence_backlog() == 0  # set aside with its reason, not retried forever
    assert hub.count("SELECT count(*) FROM evidence") == 0


@pytest.fixture
def populated(hub, tmp_path: Path):
    now = datetime.now(UTC)
    for station, lane, origin in (("BRU-1", "1", "CN"), ("LGG-2", "4", "TR")):
        client = hub.station(station, tmp_path / station)
        records = decisions(station, 30, start=now - timedelta(days=2), lane=lane)
        records = [
            OutboxRecord(r.key, r.kind, r.occurred_at, {**r.payload, "origin_country": origin})
            for r in records
        ]
        revoke = OutboxRecord(
            f"{station}-rev", "revocation", now - timedelta(days=1), {"revokes": f"{station}-d1"}
        )
        old = decisions(station, 3, start=now - timedelta(days=90), lane=lane)
        outbox = ListOutbox(
            [
                *records,
                revoke,
                *[OutboxRecord(f"old-{r.key}", r.kind, r.occurred_at, r.payload) for r in old],
            ]
        )
        Uploader(client, outbox, batch_size=16).drain()
    return hub


def test_records_by_station_lane_category_decision_and_date(populated) -> None:
    def get(**params) -> list[dict]:
        response = httpx.get(f"{populated.url}/v1/records", params=params, timeout=10)
        assert response.status_code == 200
        return response.json()

    assert len(get(station_id="BRU-1", limit=1000)) == 30 + 1 + 3
    assert {r["lane"] for r in get(lane="4", kind="decision", limit=1000)} == {"4"}
    suspects = get(verdict="suspect", category="drugs", limit=1000)
    assert len(suspects) == 2 * (10 + 1) and all(r["category"] == "drugs" for r in suspects)
    since = (datetime.now(UTC) - timedelta(days=10)).isoformat()
    assert len(get(date_from=since, kind="decision", limit=1000)) == 60


def test_route_counts_leave_out_revoked_and_personal_data(populated) -> None:
    report = httpx.get(f"{populated.url}/v1/reports/routes", timeout=10).json()
    rows = {(r["origin_country"], r["verdict"]): r["parcels"] for r in report["rows"]}
    # per station 30 decisions: 10 suspect, 10 refer (d1 is a suspect, revoked)
    assert rows == {
        ("CN", "suspect"): 9,
        ("CN", "refer"): 10,
        ("TR", "suspect"): 9,
        ("TR", "refer"): 10,
    }
    text = httpx.get(f"{populated.url}/v1/reports/routes.csv", timeout=10).text
    table = list(csv.DictReader(io.StringIO(text)))
    assert len(table) == 4 and {"drugs", ""} == {r["category"] for r in table}
    assert set(table[0]) == {
        "date_from",
        "date_to",
        "origin_country",
        "destination_country",
        "category",
        "verdict",
        "parcels",
    }
    assert "j.doe" not in text and "BRU-1" not in text and "scan" not in text.lower()


def test_station_health_and_page(populated) -> None:
    health = httpx.get(f"{populated.url}/v1/stations", timeout=10).json()
    assert [(s["station_id"], s["backlog"], s["records"]) for s in health] == [
        ("BRU-1", 0, 34),
        ("LGG-2", 0, 34),
    ]
    assert all(s["last_upload_at"] for s in health)
    page = httpx.get(f"{populated.url}/?verdict=suspect&station_id=<b>x", timeout=10)
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "BRU-1" in page.text and "Flagged parcels by route" in page.text
    assert "<b>x" not in page.text and "&lt;b&gt;x" in page.text  # escaped

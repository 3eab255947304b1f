"""`inspector-app hub import-bundle`: a bundle carried from an offline station is verified against
the key enrolled at the hub and stored through the upload path's ingest, each record once however
often it arrives. Real hub process and PostgreSQL (conftest), real station log, key and bundle."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import httpx
from bundle_station import Station, build_station

from inspector_app.hub.evidence import EvidenceStore
from inspector_app.storage.outbox import OutboxRecord
from inspector_app.sync.bundle import write_bundle
from inspector_app.sync.client import HubClient, enrol
from inspector_app.sync.station_key import load_or_create

REPO = Path(__file__).resolve().parents[2]


def _import(hub, bundle: Path, *more: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "inspector_app",
            "hub",
            "import-bundle",
            str(bundle),
            "--database-url",
            hub.db_url,
            "--data-dir",
            str(hub.data_dir),
            *more,
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )


def _records_of(hub, station_id: str) -> set[str]:
    with hub.connect() as conn:
        rows = conn.execute(
            "SELECT idem_key FROM records WHERE station_id = %s", (station_id,)
        ).fetchall()
    return {key for (key,) in rows}


def _bundle(station: Station, stick: Path, station_id: str | None = None) -> Path:
    stick.mkdir(exist_ok=True)
    done = write_bundle(station.db_path, stick, station.key, station_id or station.station_id)
    assert done.path is not None
    return done.path


def test_import_stores_each_record_and_evidence_file_once(
    hub, isolated_dirs: Path, tmp_path: Path, no_proxy_env: None
) -> None:
    station = build_station(isolated_dirs, "BND-H1")
    enrol(hub.url, hub.token("BND-H1"), station.key)
    pending = station.pending_wire()
    # the link died after the hub stored a first batch but before the station got the answer:
    # those records are still pending at the station and travel in the bundle too
    with HubClient(hub.url, "BND-H1", station.key, timeout=5.0) as client:
        at = datetime.fromisoformat
        first = [
            OutboxRecord(r["key"], r["kind"], at(r["occurred_at"]), r["payload"])
            for r in pending[:5]
        ]
        assert client.post_batch(first, backlog=0)["stored"] == 5
    bundle = _bundle(station, tmp_path / "stick")

    verified = _import(hub, bundle, "--verify-only")
    assert verified.returncode == 0, verified.stderr
    assert "nothing stored" in verified.stdout and len(_records_of(hub, "BND-H1")) == 5

    done = _import(hub, bundle)
    assert done.returncode == 0, done.stderr
    assert "key enrolled for station BND-H1" in done.stdout
    assert f"records:        {len(pending) - 5} new, 5 already present" in done.stdout
    assert "evidence files: 2 new, 0 already present" in done.stdout
    assert _records_of(hub, "BND-H1") == {r["key"] for r in pending}

    # queryable at the hub like uploaded records, and the evidence complete and intact
    answer = httpx.get(
        f"{hub.url}/v1/records", params={"station_id": "BND-H1", "kind": "decision", "limit": 3}
    )
    assert answer.status_code == 200 and len(answer.json()) == 3
    assert answer.json()[0]["payload"]["note"] == "ünïcode ✓"
    with HubClient(hub.url, "BND-H1", station.key, timeout=5.0) as client:
        for sha, blob in station.evidence.items():
            state = client.evidence_state(sha)
            assert state["complete"] and state["received"] == len(blob)
            assert EvidenceStore(hub.data_dir / "evidence").final_path(sha).read_bytes() == blob

    again = _import(hub, bundle)
    assert again.returncode == 0, again.stderr
    assert f"records:        0 new, {len(pending)} already present" in again.stdout
    assert "evidence files: 0 new, 2 already present" in again.stdout
    assert hub.count() == len(pending)
    assert station.pending_wire() == pending  # the station still waits for the hub's own answer


def test_foreign_keys_unknown_stations_and_damaged_bundles_are_refused(
    hub, isolated_dirs: Path, tmp_path: Path, no_proxy_env: None
) -> None:
    station = build_station(isolated_dirs, "BND-H2", decisions=20)
    stick = tmp_path / "stick"

    # enrolled, but with another key than the one that signed the bundle
    enrol(hub.url, hub.token("BND-H2"), load_or_create(tmp_path / "replacement.pem"))
    foreign = _import(hub, _bundle(station, stick))
    assert foreign.returncode == 1, foreign.stdout
    assert "not with the key enrolled for station BND-H2" in foreign.stderr

    unknown = _import(hub, _bundle(station, stick, "BND-NOBODY"))
    assert unknown.returncode == 1 and "'BND-NOBODY' is not enrolled" in unknown.stderr

    # the right key, but an evidence file changed on the way: refused before anything is stored
    enrol(hub.url, hub.token("BND-H3"), station.key)
    damaged = _bundle(station, stick, "BND-H3")
    evidence = sorted((damaged / "evidence").iterdir())[0]
    evidence.write_bytes(evidence.read_bytes()[:-1] + b"\x00")
    refused = _import(hub, damaged)
    assert refused.returncode == 1 and "content differs from the signed manifest" in refused.stderr

    partial = _bundle(station, stick, "BND-H3")
    partial = partial.rename(partial.with_name(partial.name + ".partial"))
    unfinished = _import(hub, partial)
    assert unfinished.returncode == 1 and "partial bundle" in unfinished.stderr

    for result in (foreign, unknown, refused, unfinished):
        assert "Traceback" not in result.stderr
    assert hub.count() == 0
    assert hub.count("SELECT count(*) FROM evidence") == 0

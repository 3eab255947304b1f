"""The station's own upload service against the real hub: an enrolled station's shift arrives
exactly once with its flagged parcels' images, and a record the hub refuses is set aside
without holding up the records behind it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
from upload_shift import CLASSES, ONE_HANDGUN, parcel_files, run_shift, shift_settings

from inspector_app.station import build_station
from inspector_app.storage.outbox import OutboxRecord, SqliteOutbox
from inspector_app.sync.client import HubClient, enrol
from inspector_app.sync.config import UploadConfig, save_upload_config
from inspector_app.sync.station_key import load_or_create
from inspector_app.sync.uploader import Uploader

REPO = Path(__file__).resolve().parents[2]


def _enrol(hub, station_id: str) -> None:
    """What `inspector-app upload enrol` does: the station key in the data dir, upload.json."""
    answer = enrol(hub.url, hub.token(station_id, "lane-A"), load_or_create())
    save_upload_config(UploadConfig(hub.url, answer["station_id"]))


def _wait_drained(db_path: Path, timeout_s: float = 60.0) -> SqliteOutbox:
    outbox = SqliteOutbox(db_path)
    deadline = time.monotonic() + timeout_s
    while outbox.backlog() or outbox.evidence_backlog():
        assert time.monotonic() < deadline, f"still {outbox.backlog()} record(s) waiting"
        time.sleep(0.1)
    return outbox


def test_a_shift_reaches_the_hub_exactly_once_with_its_evidence(
    hub, no_proxy_env, isolated_dirs: Path, tmp_path: Path, fixed_box_model
) -> None:
    _enrol(hub, "ST-SHIFT")
    settings = shift_settings(
        fixed_box_model(ONE_HANDGUN, CLASSES), parcel_files(tmp_path), interval_s=0.2
    )
    station, ids = run_shift(settings, keep_services=True)
    try:
        assert station.upload is not None and station.upload.running
        outbox = _wait_drained(station.db_path)
        deadline = time.monotonic() + 10
        while not station.upload_status.snapshot().up_to_date and time.monotonic() < deadline:
            time.sleep(0.05)
        assert station.upload_status.snapshot().last_success is not None
    finally:
        station.stop_services()

    local = {r[0]: r[1] for r in outbox.db.execute("SELECT key, kind FROM outbox").fetchall()}
    with hub.connect() as conn:
        stored = conn.execute(
            "SELECT idem_key, kind, verdict, category, origin_country, ref_key FROM records"
            " WHERE station_id = 'ST-SHIFT'"
        ).fetchall()
        evidence = {r[0] for r in conn.execute("SELECT sha256 FROM evidence").fetchall()}
    assert {key: kind for key, kind, *_ in stored} == local  # every record, each once
    flagged = {(verdict, category, origin) for _, kind, verdict, category, origin, _ in stored}
    assert ("suspect", "weapons", "NL") in flagged and ("refer", None, None) in flagged
    (revokes,) = [ref for _, kind, *_, ref in stored if kind == "revocation"]
    assert local[revokes] == "decision"
    images = outbox.db.execute(
        "SELECT image_sha256 FROM scans WHERE scan_id IN (?, ?)", [ids["suspect"], ids["refer"]]
    ).fetchall()
    assert evidence == {sha for (sha,) in images}
    for sha in evidence:
        assert (hub.data_dir / "evidence" / sha[:2] / sha).is_file()

    # Draining again sends nothing: everything was acknowledged and marked sent.
    client = HubClient(hub.url, "ST-SHIFT", load_or_create(), timeout=5.0)
    again = Uploader(client, outbox).drain()
    client.close()
    assert (again.records, again.evidence) == (0, 0)
    assert hub.count("SELECT count(*) FROM records") == len(local)

    routes = httpx.get(f"{hub.url}/v1/reports/routes").json()["rows"]
    assert {
        "origin_country": "NL",
        "destination_country": "AU",
        "category": "weapons",
        "verdict": "suspect",
        "parcels": 1,
    } in routes
    outbox.close()


def test_a_record_the_hub_refuses_is_set_aside_and_the_rest_goes_on(
    hub, no_proxy_env, isolated_dirs: Path, tmp_path: Path, fixed_box_model
) -> None:
    _enrol(hub, "ST-POISON")
    station = build_station(
        shift_settings(fixed_box_model([], CLASSES), parcel_files(tmp_path, 1), interval_s=0.2)
    )
    outbox = SqliteOutbox(station.db_path)
    now = datetime.now(UTC)
    good = [OutboxRecord(f"good-{i}", "decision", now, {"verdict": "clear"}) for i in range(6)]
    poison = [
        OutboxRecord("poison-time", "decision", datetime(2099, 1, 1, tzinfo=UTC), {}),
        OutboxRecord("poison-nul", "decision", now, {"note": "a\x00b"}),
    ]
    for record in [good[0], poison[0], *good[1:4], poison[1], *good[4:]]:
        outbox.add(record)
    before = hub.count()
    station.start_services()
    try:
        deadline = time.monotonic() + 60
        while outbox.backlog() and time.monotonic() < deadline:
            time.sleep(0.1)
        deadline = time.monotonic() + 10
        while station.upload_status.snapshot().refused != 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        snap = station.upload_status.snapshot()
    finally:
        station.stop_services()
    assert outbox.backlog() == 0 and snap.trouble is None and snap.refused == 2
    with hub.connect() as conn:
        keys = {
            r[0]
            for r in conn.execute(
                "SELECT idem_key FROM records WHERE station_id = 'ST-POISON'"
            ).fetchall()
        }
    assert {r.key for r in good} <= keys and not keys & {"poison-time", "poison-nul"}
    assert hub.count() - before == len(keys)
    refused = {r.key: r.reason for r in outbox.refused()}
    assert set(refused) == {"poison-time", "poison-nul"}
    assert "422" in refused["poison-time"] and "out of range" in refused["poison-time"]
    outbox.close()

    env = {
        **os.environ,
        "INSPECTOR_APP_DATA_DIR": str(isolated_dirs / "data"),
        "INSPECTOR_APP_CONFIG_DIR": str(isolated_dirs / "config"),
    }
    status = subprocess.run(
        [sys.executable, "-m", "inspector_app", "upload", "status", "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
    )
    assert status.returncode == 0, status.stderr
    info = json.loads(status.stdout)
    assert info["refused"] == 2 and info["backlog"] == 0
    assert {r["key"] for r in info["refused_recent"]} == {"poison-time", "poison-nul"}

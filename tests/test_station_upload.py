"""The station fills its outbox as it works, in the same SQLite transaction as each record, and
runs an upload worker only when enrolled (no hub here: see tests/hub/test_station_upload_hub.py
for the real hub). Real station, real log, real files; failures are injected in SQLite itself."""

from __future__ import annotations

import json
import socket
import sqlite3
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from upload_shift import CLASSES, ONE_HANDGUN, parcel_files, run_shift, shift_settings

from inspector_app.accounts import AccountService, Permission, PermissionDenied, Role
from inspector_app.accounts.audit import AuditAction, audit
from inspector_app.domain import Box, Decision, Mark, Verdict
from inspector_app.station import build_station
from inspector_app.storage.decision_log import DecisionLog
from inspector_app.storage.outbox import OutboxRecord, SqliteOutbox
from inspector_app.storage.tip_log import TipLog
from inspector_app.sync.config import UploadConfig, save_upload_config
from inspector_app.sync.status import OffReason, Trouble


def _outbox(db_path: Path) -> list[tuple[str, str, dict]]:
    db = sqlite3.connect(db_path)
    rows = db.execute("SELECT kind, key, payload FROM outbox ORDER BY seq").fetchall()
    db.close()
    return [(kind, key, json.loads(payload)) for kind, key, payload in rows]


def test_every_record_of_a_shift_is_queued_in_the_log_itself(
    isolated_dirs: Path, tmp_path: Path, fixed_box_model
) -> None:
    model = fixed_box_model(ONE_HANDGUN, CLASSES)
    station, ids = run_shift(shift_settings(model, parcel_files(tmp_path)))
    assert station.upload is None and station.services == []  # not enrolled: queued, not sent

    rows = _outbox(station.db_path)
    kinds = Counter(kind for kind, _, _ in rows)
    db = sqlite3.connect(station.db_path)
    audit_rows = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    assert kinds == {
        "scan": 3,
        "decision": 4,  # suspect, clear (undone), refer, clear
        "revocation": 1,
        "box_review": 1,
        "mark": 1,
        "audit_event": audit_rows,  # the start checkpoint
    }
    assert len({key for _, key, _ in rows}) == len(rows)

    decisions = {
        p["scan_id"] + ":" + p["verdict"]: (key, p) for k, key, p in rows if k == "decision"
    }
    key, suspect = decisions[ids["suspect"] + ":suspect"]
    assert suspect["lane"] == "lane-A" and suspect["category"] == "weapons"
    assert suspect["origin_country"] == "NL" and suspect["destination_country"] == "AU"
    assert suspect["inspector"] == "alice" and len(suspect["model_sha256"]) == 64
    undone_key, _ = decisions[ids["refer"] + ":clear"]
    (revocation,) = [p for k, _, p in rows if k == "revocation"]
    assert revocation == {
        "scan_id": ids["refer"],
        "lane": "lane-A",
        "decision_id": revocation["decision_id"],
        "revokes": undone_key,
    }
    (review,) = [p for k, _, p in rows if k == "box_review"]
    (mark,) = [p for k, _, p in rows if k == "mark"]
    assert review["decision"] == key and review["review"] == "confirmed"
    assert "verdict" not in review  # the hub's verdict field is for parcels only
    assert mark == {
        "decision": key,
        "scan_id": ids["suspect"],
        "lane": "lane-A",
        "label": "knife",
        "box": [10.0, 10.0, 60.0, 60.0],
    }
    scans = [p for k, _, p in rows if k == "scan"]
    assert {s["scan_id"] for s in scans} == set(ids.values())
    assert all(s["status"] == "screened" and s["detections"] for s in scans)
    assert not any("path" in field for s in scans for field in s)  # local paths stay here

    # Flagged parcels' images (suspect and refer), not the cleared one.
    evidence = set(db.execute("SELECT sha256 FROM outbox_evidence").fetchall())
    flagged = db.execute(
        "SELECT image_sha256 FROM scans WHERE scan_id IN (?, ?)", [ids["suspect"], ids["refer"]]
    ).fetchall()
    assert evidence == set(flagged) and len(evidence) == 2


def _decision(log: DecisionLog, scan_id: str) -> Decision:
    return Decision(
        scan_id=scan_id,
        verdict=Verdict.CLEAR,
        inspector="alice",
        decided_at=datetime.now(UTC),
        duration_s=1.0,
        marks=(Mark("knife", Box(1, 1, 5, 5)),),
    )


def test_a_write_that_fails_midway_leaves_no_outbox_row(isolated_dirs: Path) -> None:
    """A failure after the decision and its outbox row were written (here: the drawn region's
    outbox row, as a full disk would) rolls the decision and every outbox row back together."""
    path = isolated_dirs / "data" / "decisions.sqlite"
    log = DecisionLog(path)
    log.db.execute(
        "INSERT INTO scans (scan_id, source, received_at, status) VALUES"
        " ('S1', 'test', '2026-01-01T10:00:00+00:00', 'quarantined')"
    )
    before = len(_outbox(path))
    log.db.execute(
        "CREATE TEMP TRIGGER full_disk BEFORE INSERT ON outbox WHEN NEW.kind = 'mark'"
        " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
    )
    with pytest.raises(sqlite3.DatabaseError, match="disk is full"):
        log.record_decision(_decision(log, "S1"))
    assert log.db.execute("SELECT count(*) FROM decisions").fetchone()[0] == 0
    assert len(_outbox(path)) == before  # no orphan decision row in the outbox

    log.db.execute("DROP TRIGGER full_disk")
    decision_id = log.record_decision(_decision(log, "S1"))
    assert [k for k, _, _ in _outbox(path)[before:]] == ["decision", "mark"]
    log.db.execute(
        "CREATE TEMP TRIGGER no_undo BEFORE INSERT ON outbox WHEN NEW.kind = 'revocation'"
        " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
    )
    with pytest.raises(sqlite3.DatabaseError):
        log.revoke_decision(decision_id, datetime.now(UTC))
    revoked = log.db.execute("SELECT revoked_at FROM decisions").fetchone()[0]
    assert revoked is None and [k for k, _, _ in _outbox(path)[before:]] == ["decision", "mark"]
    log.close()


def test_upgrading_a_log_queues_the_records_already_in_it(isolated_dirs: Path) -> None:
    """A station upgraded from schema v9 (no outbox) gets its history queued once, by v10."""
    path = isolated_dirs / "data" / "decisions.sqlite"
    log = DecisionLog(path)
    log.record_quarantined(
        scan_id="S1", source="test", received_at=datetime.now(UTC), reason="unreadable", lane="3"
    )
    decision_id = log.record_decision(_decision(log, "S1"))
    log.revoke_decision(decision_id, datetime.now(UTC))
    for table in ("outbox", "outbox_evidence", "upload_state", "log_identity"):
        log.db.execute(f"DROP TABLE {table}")
    log.db.execute("PRAGMA user_version = 9")  # the log as v9 left it
    log.close()

    outbox = SqliteOutbox(path)  # opening migrates
    pending = outbox.pending(100)
    assert [r.kind for r in pending] == ["scan", "decision", "mark", "revocation"]
    assert pending[0].payload["lane"] == "3" and pending[0].payload["status"] == "quarantined"
    assert pending[3].payload["revokes"] == pending[1].key
    outbox.close()
    assert len(SqliteOutbox(path).pending(100)) == 4  # queued once, not at every opening


def test_sign_ins_settings_refusals_and_tip_answers_are_queued(isolated_dirs: Path) -> None:
    path = isolated_dirs / "data" / "decisions.sqlite"
    accounts = AccountService.open(path)
    admin = accounts.create_first_admin("root", "correct horse battery")
    accounts.create_user(admin, "ines", Role.INSPECTOR, "another long password")
    ines = accounts.login("ines", "another long password")
    with pytest.raises(PermissionDenied):
        accounts.authorize(ines, Permission.CHANGE_SETTINGS, "change the settings")
    audit(accounts.db, admin, AuditAction.SETTING_CHANGED, key="tip.rate", old=0.01, new=0.02)
    log = DecisionLog(path)
    log.db.execute(
        "INSERT INTO scans (scan_id, source, received_at, status, lane) VALUES"
        " ('S1', 'test', '2026-01-01T10:00:00+00:00', 'screened', '2')"
    )
    TipLog(log.db).record_response(
        scan_id="S1",
        inspector="ines",
        label="handgun",
        box=Box(1, 2, 3, 4),
        response=Verdict.SUSPECT,
        decided_at=datetime.now(UTC),
        duration_s=2.5,
    )
    rows = _outbox(path)
    audits = [p for k, _, p in rows if k == "audit_event"]
    logged = log.db.execute("SELECT id, action, user FROM audit_log ORDER BY id").fetchall()
    assert [(a["audit_id"], a["action"], a.get("user")) for a in audits] == logged
    actions = [a["action"] for a in audits]
    assert {"login", "user_created", "permission_denied", "setting_changed"} <= set(actions)
    changed = audits[actions.index("setting_changed")]
    assert changed["details"] == {"key": "tip.rate", "old": 0.01, "new": 0.02}
    (tip,) = [p for k, _, p in rows if k == "tip_event"]
    assert tip["response"] == "suspect" and tip["hit"] is True and tip["lane"] == "2"
    assert "verdict" not in tip  # a TIP answer never counts as a real find at the hub
    accounts.close()
    log.close()


def test_an_unenrolled_station_has_no_upload_service(
    isolated_dirs: Path, tmp_path: Path, fixed_box_model
) -> None:
    model = fixed_box_model([], CLASSES)
    station = build_station(shift_settings(model, parcel_files(tmp_path, 1)))
    assert station.upload is None and station.services == []
    snap = station.upload_status.snapshot()
    assert not snap.enabled and snap.off_reason is OffReason.NOT_ENROLLED


def test_a_broken_upload_file_keeps_upload_off_and_says_why(
    isolated_dirs: Path, tmp_path: Path, fixed_box_model
) -> None:
    (isolated_dirs / "data").mkdir()
    (isolated_dirs / "data" / "upload.json").write_text("{not json")
    station = build_station(shift_settings(fixed_box_model([], CLASSES), parcel_files(tmp_path, 1)))
    snap = station.upload_status.snapshot()
    assert station.services == [] and snap.off_reason is OffReason.SETTINGS
    assert "upload.json" in snap.detail


def _enrolled_station(isolated_dirs: Path, tmp_path: Path, model: Path, port: int):
    save_upload_config(UploadConfig(f"http://127.0.0.1:{port}", "ST-TEST"))
    settings = shift_settings(model, parcel_files(tmp_path, 1), interval_s=0.2, timeout_s=2)
    station = build_station(settings)
    outbox = SqliteOutbox(station.db_path)
    for index in range(3):
        outbox.add(OutboxRecord(f"r{index}", "decision", datetime.now(UTC), {"verdict": "clear"}))
    outbox.close()
    return station


def test_an_unreachable_hub_is_reported_and_records_wait(
    isolated_dirs: Path, tmp_path: Path, fixed_box_model
) -> None:
    with socket.socket() as probe:  # a port nobody listens on: connections are refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    station = _enrolled_station(isolated_dirs, tmp_path, fixed_box_model([], CLASSES), port)
    assert station.upload is not None and station.services == [station.upload]
    station.start_services()
    try:
        deadline = time.monotonic() + 30
        while station.upload_status.snapshot().trouble is None and time.monotonic() < deadline:
            time.sleep(0.05)
        snap = station.upload_status.snapshot()
        assert snap.trouble is Trouble.UNREACHABLE and snap.failing_since is not None
        assert "unreachable" in snap.detail
        station.upload.wake()  # a new decision while failing: counted, not sent
        deadline = time.monotonic() + 10
        while station.upload_status.snapshot().backlog != 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert station.upload_status.snapshot().backlog == 3
    finally:
        started = time.monotonic()
        station.stop_services()
        assert time.monotonic() - started < 5
    assert SqliteOutbox(station.db_path).backlog() == 3  # nothing lost, nothing marked sent


def test_stopping_does_not_wait_for_a_hub_that_never_answers(
    isolated_dirs: Path, tmp_path: Path, fixed_box_model
) -> None:
    with socket.socket() as silent:  # accepts connections (backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        station = _enrolled_station(isolated_dirs, tmp_path, fixed_box_model([], CLASSES), port)
        station.start_services()
        time.sleep(0.5)  # the first batch is now waiting for an answer
        started = time.monotonic()
        station.stop_services()
        assert time.monotonic() - started < station.upload.stop_timeout_s + 1

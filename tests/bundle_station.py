"""A real station for the bundle tests: migrated decision log with outbox rows and queued evidence
files, users to sign in, a station key and upload settings. Shared by tests/test_bundle.py and
tests/hub/test_bundle_import.py."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from argon2 import PasswordHasher
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from inspector_app.accounts import AccountService, Role
from inspector_app.storage.db import open_database, transaction
from inspector_app.storage.outbox import SqliteOutbox, enqueue, enqueue_evidence
from inspector_app.sync.config import UploadConfig, save_upload_config
from inspector_app.sync.station_key import load_or_create

PASSWORDS = {"root": "admin-pass-1", "sue": "super-pass-1", "ian": "inspector-1"}
START = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


@dataclass
class Station:
    data: Path
    db_path: Path
    key: Ed25519PrivateKey
    station_id: str
    decision_keys: list[str]
    evidence: dict[str, bytes]  # sha256 -> content

    def pending_wire(self) -> list[dict]:
        """What the uploader would send now, in wire form (the outbox's own reading)."""
        outbox = SqliteOutbox(self.db_path)
        try:
            return [r.to_wire() for r in outbox.pending(1_000_000)]
        finally:
            outbox.close()

    def outbox_rows(self) -> list[tuple]:
        with sqlite3.connect(self.db_path) as conn:
            return conn.execute("SELECT * FROM outbox ORDER BY seq").fetchall()

    def evidence_rows(self) -> list[tuple]:
        with sqlite3.connect(self.db_path) as conn:
            return conn.execute("SELECT * FROM outbox_evidence ORDER BY sha256").fetchall()


def build_station(root: Path, station_id: str = "BND-1", decisions: int = 1005) -> Station:
    """`decisions` decision records a second apart (more than one 1,000-record file) and two
    evidence files, enqueued as the station core does: in the records' own transaction."""
    data = root / "data"
    db_path = data / "decisions.sqlite"
    db = open_database(db_path)
    evidence_dir = data / "evidence"
    evidence_dir.mkdir(parents=True, exist_ok=True)
    keys, evidence = [], {}
    with transaction(db):
        for i in range(decisions):
            verdict = ("clear", "suspect", "refer")[i % 3]
            payload = {
                "lane": "1",
                "scan_id": f"{station_id}-s{i}",
                "verdict": verdict,
                "category": "drugs" if verdict == "suspect" else None,
                "origin_country": "CN",
                "destination_country": "BE",
                "inspector": "j.doe",
                "note": "ünïcode ✓",
            }
            when = START + timedelta(seconds=i)
            keys.append(enqueue(db, "decision", payload, when, key=f"{station_id}-d{i}"))
        for i in range(2):
            blob = bytes([i + 1]) * (50_000 + i)
            sha = hashlib.sha256(blob).hexdigest()
            (evidence_dir / sha).write_bytes(blob)
            enqueue_evidence(db, sha, evidence_dir / sha)
            evidence[sha] = blob
    db.conn.close()
    service = AccountService.open(
        db_path, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )
    admin = service.create_first_admin("root", PASSWORDS["root"])
    service.create_user(admin, "sue", Role.SUPERVISOR, PASSWORDS["sue"])
    service.create_user(admin, "ian", Role.INSPECTOR, PASSWORDS["ian"])
    service.logout(admin)
    service.close()
    key = load_or_create(data / "station_key.pem")
    save_upload_config(UploadConfig("http://hub.invalid:8741", station_id), data / "upload.json")
    return Station(data, db_path, key, station_id, keys, evidence)

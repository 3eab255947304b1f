"""The retention policy on a real log and real files: only decided, old-enough, (for flagged
parcels) uploaded images go; each removal is on the chained record before the file goes, so
`verify` stays clean — and a file deleted any other way still shows."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from inspector_app.accounts import AccountService, Role
from inspector_app.domain import Category, Decision, ModelInfo, Verdict
from inspector_app.station.retention import (
    RetentionPolicy,
    RetentionService,
    purge_expired_images,
)
from inspector_app.storage.chain_verify import verify_log
from inspector_app.storage.db import open_database
from inspector_app.storage.decision_log import DecisionLog
from inspector_app.storage.evidence import EvidenceStore, StoredImage
from inspector_app.storage.purges import PURGE_ACTION

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
POLICY = RetentionPolicy(clear_images_days=30, flagged_images_days=90)
MODEL = ModelInfo("det", "1.0", "ab" * 32)


class Station:
    def __init__(self, folder: Path) -> None:
        self.db_path = folder / "decisions.sqlite"
        self.evidence = folder / "evidence"
        self.log = DecisionLog(self.db_path)
        self.store = EvidenceStore(self.evidence)
        self.images: dict[str, StoredImage] = {}

    def screen(self, scan_id: str, days_ago: float, content: str | None = None, **extra) -> None:
        image = self.store.put((content or scan_id).encode() * 100, ".png")
        self.images[scan_id] = image
        self.log.record_screened(
            scan_id=scan_id,
            source="files",
            received_at=NOW - timedelta(days=days_ago),
            image=image,
            size=(64, 32),
            model=MODEL,
            detections=[],
            inference_ms=5.0,
            **extra,
        )

    def decide(self, scan_id: str, verdict: Verdict, days_ago: float) -> int:
        category = Category.DRUGS if verdict is Verdict.SUSPECT else None
        at = NOW - timedelta(days=days_ago)
        return self.log.record_decision(Decision(scan_id, verdict, "anna", at, 2.0, category))

    def mark_uploaded(self, scan_id: str) -> None:
        image = self.images[scan_id]
        with sqlite3.connect(self.db_path) as conn:
            done = conn.execute(
                "UPDATE outbox_evidence SET sent_at = ? WHERE sha256 = ?",
                [NOW.isoformat(), image.sha256],
            ).rowcount
            if not done:
                conn.execute(
                    "INSERT INTO outbox_evidence (sha256, path, queued_at, sent_at)"
                    " VALUES (?, ?, ?, ?)",
                    [image.sha256, str(image.path), NOW.isoformat(), NOW.isoformat()],
                )

    def purge(self, policy: RetentionPolicy = POLICY, now: datetime = NOW):
        db = open_database(self.db_path)
        try:
            return purge_expired_images(db, policy, self.evidence, now=now)
        finally:
            db.close()

    def breaks(self) -> list:
        conn = sqlite3.connect(self.db_path)
        try:
            return verify_log(conn, self.db_path).breaks
        finally:
            conn.close()

    def purge_rows(self) -> int:
        with sqlite3.connect(self.db_path) as conn:
            query = "SELECT count(*) FROM audit_log WHERE action = ?"
            return conn.execute(query, [PURGE_ACTION]).fetchone()[0]


@pytest.fixture
def station(tmp_path: Path) -> Station:
    return Station(tmp_path)


def test_only_decided_old_enough_and_uploaded_images_go(station: Station) -> None:
    station.screen("old-clear", 45)
    station.decide("old-clear", Verdict.CLEAR, 40)
    station.screen("young-clear", 12)
    station.decide("young-clear", Verdict.CLEAR, 10)
    station.screen("old-suspect", 120)
    station.decide("old-suspect", Verdict.SUSPECT, 100)
    station.screen("old-refer-uploaded", 120)
    station.decide("old-refer-uploaded", Verdict.REFER, 100)
    station.mark_uploaded("old-refer-uploaded")
    station.screen("undecided", 100)
    station.screen("undone", 45)
    undone = station.decide("undone", Verdict.CLEAR, 40)
    station.log.revoke_decision(undone, NOW - timedelta(days=40))
    station.screen("twin-a", 45, content="same parcel twice")
    station.decide("twin-a", Verdict.CLEAR, 40)
    station.screen("twin-b", 45, content="same parcel twice")  # same image, still undecided
    station.screen("top", 45)
    station.screen("side", 45, parent_scan_id="top")  # second view follows its parcel
    station.decide("top", Verdict.CLEAR, 40)

    result = station.purge()

    gone = {name for name, image in station.images.items() if not image.path.exists()}
    assert gone == {"old-clear", "old-refer-uploaded", "top", "side"}
    assert len(result.removed) == 4 and not result.problems
    assert result.freed_bytes > 0
    assert "4 images removed (3 cleared, 1 flagged)" in result.summary()
    assert station.breaks() == []  # removals by policy are not tampering


def test_a_file_deleted_behind_the_policys_back_still_shows(station: Station) -> None:
    station.screen("a", 45)
    station.decide("a", Verdict.CLEAR, 40)
    station.screen("b", 45)
    station.decide("b", Verdict.CLEAR, 40)
    station.images["b"].path.unlink()  # not by the policy
    station.purge(RetentionPolicy(clear_images_days=60))  # "a" and "b" are too young for this
    breaks = station.breaks()
    assert [b.table for b in breaks] == ["evidence"]
    assert "'b'" in breaks[0].row and "missing" in breaks[0].what


def test_a_forged_purge_record_excuses_nothing(station: Station) -> None:
    station.screen("a", 45)
    station.decide("a", Verdict.CLEAR, 40)
    sha = station.images["a"].sha256
    with sqlite3.connect(station.db_path) as conn:  # written behind the app's back: unchained
        conn.execute(
            "INSERT INTO audit_log (at, user, action, details, row_hash) VALUES (?, ?, ?, ?, ?)",
            [NOW.isoformat(), None, PURGE_ACTION, f'{{"images": ["{sha}"]}}', "0" * 64],
        )
    station.images["a"].path.unlink()
    tables = {b.table for b in station.breaks()}
    assert "evidence" in tables and "audit_log" in tables


def test_runs_are_idempotent_and_finish_an_interrupted_one(station: Station) -> None:
    station.screen("a", 45)
    station.decide("a", Verdict.CLEAR, 40)
    assert len(station.purge().removed) == 1
    assert station.purge().removed == []
    assert station.purge_rows() == 1

    # A crash after the record was committed but before the file went: the file is back.
    path = station.images["a"].path
    path.write_bytes(b"a" * 100)
    again = station.purge()
    assert [image.path for image in again.removed] == [path] and not path.exists()
    assert station.purge_rows() == 1  # not recorded twice


def test_never_deletes_outside_the_evidence_folder(station: Station, tmp_path: Path) -> None:
    station.screen("a", 45)
    station.decide("a", Verdict.CLEAR, 40)
    outside = tmp_path / "scanner-share" / "original.png"
    outside.parent.mkdir()
    outside.write_bytes(b"original")
    with sqlite3.connect(station.db_path) as conn:
        conn.execute("DROP TRIGGER IF EXISTS scans_no_update")
        conn.execute("UPDATE scans SET image_path = ? WHERE scan_id = 'a'", [str(outside)])
    assert station.purge().removed == []
    assert outside.exists()


def test_no_policy_no_removal(station: Station) -> None:
    station.screen("a", 400)
    station.decide("a", Verdict.CLEAR, 399)
    assert station.purge(RetentionPolicy()).removed == []
    assert station.images["a"].path.exists()
    assert station.purge_rows() == 0


def test_service_runs_on_its_own_thread_and_stops(station: Station) -> None:
    station.screen("a", 45)
    station.decide("a", Verdict.CLEAR, 40)
    seen = []
    service = RetentionService(
        station.db_path,
        station.evidence,
        RetentionPolicy(clear_images_days=1),
        first_run_after_s=0.01,
        on_result=seen.append,
    )
    service.start()
    deadline = time.monotonic() + 20
    while not seen and time.monotonic() < deadline:
        time.sleep(0.05)
    started = time.monotonic()
    service.stop()
    assert time.monotonic() - started < 5
    assert len(seen) == 1 and len(seen[0].removed) == 1
    assert not station.images["a"].path.exists()


def _cli(
    station: Station, tmp_path: Path, *args: str, password: str
) -> subprocess.CompletedProcess:
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    (config / "settings.json").write_text(
        json.dumps({"retention": {"clear_images_days": 30}}), encoding="utf-8"
    )
    env = {**os.environ, "INSPECTOR_APP_CONFIG_DIR": str(config)}
    return subprocess.run(
        [
            *(sys.executable, "-m", "inspector_app", "retention"),
            *("--db", str(station.db_path), "--evidence", str(station.evidence)),
            *(*args, "--password-stdin"),
        ],
        input=password + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_command_is_for_administrators_and_dry_run_changes_nothing(
    station: Station, tmp_path: Path
) -> None:
    station.screen("a", 45)
    station.decide("a", Verdict.CLEAR, 400)  # old enough whatever today's date is
    station.log.close()
    accounts = AccountService.open(station.db_path)
    root = accounts.create_first_admin("root", "admin-pass-1")
    accounts.create_user(root, "sue", Role.SUPERVISOR, "sue-pass-123")
    accounts.close()

    refused = _cli(station, tmp_path, "--as", "sue", password="sue-pass-123")
    assert refused.returncode == 1 and "not allowed" in refused.stderr
    dry = _cli(station, tmp_path, "--dry-run", "--as", "root", password="admin-pass-1")
    assert dry.returncode == 0, dry.stderr
    assert "1 images would be removed" in dry.stdout
    assert station.images["a"].path.exists()
    done = _cli(station, tmp_path, "--as", "root", password="admin-pass-1")
    assert done.returncode == 0, done.stderr
    assert "1 images removed (1 cleared, 0 flagged)" in done.stdout
    assert not station.images["a"].path.exists()
    assert station.breaks() == []


def test_archive_says_the_policy_removed_the_image(station: Station) -> None:
    from inspector_app.reports.records import load_decision
    from inspector_app.reports.scan_images import EvidenceProblem, load_evidence

    station.screen("a", 45)
    decision = station.decide("a", Verdict.CLEAR, 40)
    station.screen("b", 45)
    kept = station.decide("b", Verdict.CLEAR, 40)
    station.images["b"].path.unlink()  # lost some other way: never excused by the policy
    result = station.purge(RetentionPolicy(clear_images_days=30))
    assert len(result.removed) == 1 and "left for verify" in result.problems[0]
    assert ["'b'" in b.row for b in station.breaks()] == [True]
    db = open_database(station.db_path)
    try:
        removed, lost = load_decision(db, decision), load_decision(db, kept)
    finally:
        db.close()
    assert removed is not None and removed.image_removed_at is not None
    with pytest.raises(EvidenceProblem, match=r"removed on .* retention policy"):
        load_evidence(removed)
    assert lost is not None and lost.image_removed_at is None
    with pytest.raises(EvidenceProblem, match="is missing"):
        load_evidence(lost)


def test_a_changed_image_is_kept_for_verify(station: Station) -> None:
    station.screen("a", 45)
    station.decide("a", Verdict.CLEAR, 40)
    station.images["a"].path.write_bytes(b"swapped")
    result = station.purge()
    assert result.removed == [] and "differs from the log" in result.problems[0]
    assert station.images["a"].path.read_bytes() == b"swapped"
    assert "replaced or edited" in station.breaks()[0].what


def test_the_station_runs_the_policy_only_when_one_is_set(tmp_path: Path) -> None:
    from inspector_app.config import FilesFeedSection, RetentionSection, Settings
    from inspector_app.station import build_station

    def station_with(retention: RetentionSection, *, demo: bool = False):
        settings = Settings(retention=retention)
        feeds = None if demo else [FilesFeedSection(lane="1", paths=[])]
        return build_station(
            settings,
            feeds=feeds,
            demo=demo,
            db_path=tmp_path / "log.sqlite",
            evidence_dir=tmp_path / "ev",
        )

    kept = station_with(RetentionSection())
    assert kept.retention is None and all(s.name != "retention" for s in kept.services)
    policed = station_with(RetentionSection(clear_images_days=30))
    assert policed.retention is not None and policed.retention in policed.services
    assert policed.retention.policy == RetentionPolicy(clear_images_days=30)
    assert station_with(RetentionSection(clear_images_days=30), demo=True).retention is None

"""The decision log on a real SQLite file: schema, atomic writes, durability."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from inspector_app.domain import (
    Box,
    BoxReview,
    Category,
    Decision,
    Detection,
    Mark,
    ModelInfo,
    Verdict,
)
from inspector_app.storage.db import MIGRATIONS, DatabaseError, open_database, schema_version
from inspector_app.storage.decision_log import DecisionLog
from inspector_app.storage.evidence import EvidenceError, EvidenceStore, encode_scan

MODEL = ModelInfo("parcel-threat-det", "0.1.0", "ab" * 32)
T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def _screen(log: DecisionLog, store: EvidenceStore, scan_id: str) -> None:
    rgb = np.full((40, 60, 3), 128, np.uint8)
    stored = store.put(*encode_scan(rgb, None, None))
    log.record_screened(
        scan_id=scan_id,
        source="demo",
        received_at=T0,
        image=stored,
        size=(60, 40),
        model=MODEL,
        detections=[Detection("knife", 0.91, Box(1, 2, 30, 20), 1)],
        inference_ms=12.5,
    )


def test_decision_row_has_everything_needed_to_trace_it(tmp_path: Path) -> None:
    log = DecisionLog(tmp_path / "log.sqlite")
    store = EvidenceStore(tmp_path / "evidence")
    _screen(log, store, "S1")
    log.record_decision(
        Decision("S1", Verdict.SUSPECT, "anna", T0, 3.25, category=Category.WEAPONS)
    )
    log.close()

    reopened = DecisionLog(tmp_path / "log.sqlite")  # a new connection: it is on disk
    (row,) = reopened.decisions()
    assert row["scan_id"] == "S1"
    assert row["verdict"] == "suspect" and row["category"] == "weapons"
    assert row["inspector"] == "anna" and row["duration_s"] == 3.25
    assert row["model_name"] == MODEL.name and row["model_sha256"] == MODEL.sha256
    assert row["detections"] == [{"label": "knife", "score": 0.91, "box": [1, 2, 30, 20]}]
    assert row["received_at"].startswith("2026-11-23T10:00:00")
    image_path = Path(row["image_path"])
    assert image_path.is_file()
    import hashlib

    assert hashlib.sha256(image_path.read_bytes()).hexdigest() == row["image_sha256"]


def test_decision_for_unknown_scan_is_rejected_and_nothing_is_written(tmp_path: Path) -> None:
    log = DecisionLog(tmp_path / "log.sqlite")
    with pytest.raises(sqlite3.IntegrityError):
        log.record_decision(Decision("missing", Verdict.CLEAR, "anna", T0, 1.0))
    assert log.decisions() == []


def test_undecided_scans_survive_for_the_next_session(tmp_path: Path) -> None:
    log = DecisionLog(tmp_path / "log.sqlite")
    store = EvidenceStore(tmp_path / "evidence")
    _screen(log, store, "S1")
    _screen(log, store, "S2")
    log.record_decision(Decision("S1", Verdict.CLEAR, "anna", T0, 1.0))
    log.close()
    assert DecisionLog(tmp_path / "log.sqlite").undecided_scan_ids() == ["S2"]


def test_quarantined_scan_is_logged_with_reason(tmp_path: Path) -> None:
    log = DecisionLog(tmp_path / "log.sqlite")
    log.record_quarantined(scan_id="Q1", source="files", received_at=T0, reason="truncated")
    row = log.scan("Q1")
    assert row is not None and row["status"] == "quarantined" and row["error"] == "truncated"


def test_suspect_needs_a_category() -> None:
    with pytest.raises(ValueError, match="category"):
        Decision("S1", Verdict.SUSPECT, "anna", T0, 1.0)
    with pytest.raises(ValueError, match="category"):
        Decision("S1", Verdict.CLEAR, "anna", T0, 1.0, category=Category.DRUGS)


def test_schema_is_versioned_and_wal(tmp_path: Path) -> None:
    db = open_database(tmp_path / "log.sqlite")
    assert schema_version(db) == len(MIGRATIONS)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.execute("PRAGMA user_version = 99")
    db.conn.close()
    with pytest.raises(DatabaseError, match="newer version"):
        open_database(tmp_path / "log.sqlite")


def test_a_file_that_is_not_a_database_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    path.write_bytes(b"not a database" * 100)
    with pytest.raises(DatabaseError, match="cannot be opened"):
        open_database(path)


def test_evidence_is_content_addressed_and_deduplicated(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path / "evidence")
    first = store.put(b"abc", ".png")
    second = store.put(b"abc", ".png")
    assert first == second and first.path.read_bytes() == b"abc"
    assert not list(first.path.parent.glob(".*.part"))


def test_evidence_write_failure_is_reported_and_leaves_no_partial_file(tmp_path: Path) -> None:
    blocked = tmp_path / "evidence"
    blocked.write_text("a file where the folder should be")
    with pytest.raises(EvidenceError, match="cannot store"):
        EvidenceStore(blocked).put(b"abc", ".png")


def test_dual_energy_evidence_keeps_both_raw_channels(tmp_path: Path) -> None:
    import io

    import tifffile

    low = np.arange(64 * 32, dtype=np.uint16).reshape(32, 64)
    high = low[::-1].copy()
    data, suffix = encode_scan(np.zeros((32, 64, 3), np.uint8), low, high)
    assert suffix == ".tif"
    pages = tifffile.imread(io.BytesIO(data))
    assert np.array_equal(pages[0], low) and np.array_equal(pages[1], high)


def test_box_verdicts_drawn_regions_and_route_are_kept_with_the_decision(tmp_path: Path):
    log = DecisionLog(tmp_path / "log.sqlite")
    _screen(log, EvidenceStore(tmp_path / "evidence"), "S1")
    decision_id = log.record_decision(
        Decision(
            "S1",
            Verdict.SUSPECT,
            "anna",
            T0,
            5.0,
            category=Category.DRUGS,
            parcel_id="CX123456789NL",
            origin_country="NL",
            destination_country="AU",
            box_reviews=(BoxReview(0, "knife", confirmed=False),),
            marks=(Mark("powder_pack", Box(10, 12, 40, 30)),),
            cues_shown_after_s=2.5,
        )
    )
    (row,) = log.decisions()
    assert (row["parcel_id"], row["origin_country"], row["destination_country"]) == (
        "CX123456789NL",
        "NL",
        "AU",
    )
    assert row["cues_shown_after_s"] == 2.5
    assert log.box_reviews(decision_id) == [
        {"detection_index": 0, "label": "knife", "verdict": "rejected"}
    ]
    assert log.marks(decision_id) == [
        {"label": "powder_pack", "x1": 10, "y1": 12, "x2": 40, "y2": 30}
    ]


def test_a_failing_part_rolls_back_the_whole_decision(tmp_path: Path):
    log = DecisionLog(tmp_path / "log.sqlite")
    _screen(log, EvidenceStore(tmp_path / "evidence"), "S1")
    broken_mark = Mark(None, Box(0, 0, 1, 1))  # type: ignore[arg-type]  # NOT NULL violation
    with pytest.raises(sqlite3.IntegrityError):
        log.record_decision(Decision("S1", Verdict.CLEAR, "anna", T0, 1.0, marks=(broken_mark,)))
    assert log.decisions() == [] and log.undecided_scan_ids() == ["S1"]
    assert log.db.execute("SELECT count(*) FROM decisions").fetchone()[0] == 0


def test_undo_keeps_the_record_but_makes_the_scan_undecided_again(tmp_path: Path):
    log = DecisionLog(tmp_path / "log.sqlite")
    _screen(log, EvidenceStore(tmp_path / "evidence"), "S1")
    first = log.record_decision(Decision("S1", Verdict.CLEAR, "anna", T0, 1.0))
    log.revoke_decision(first, T0)
    assert log.decisions() == [] and log.undecided_scan_ids() == ["S1"]
    revoked = log.db.execute("SELECT revoked_at FROM decisions WHERE id = ?", [first]).fetchone()
    assert revoked[0].startswith("2026-11-23")
    with pytest.raises(ValueError, match="already undone"):
        log.revoke_decision(first, T0)
    log.record_decision(Decision("S1", Verdict.REFER, "anna", T0, 3.0))
    assert [r["verdict"] for r in log.decisions()] == ["refer"]


def test_the_log_and_the_evidence_are_private_to_the_station_account(tmp_path: Path) -> None:
    import stat

    data = tmp_path / "data"
    log = DecisionLog(data / "decisions.sqlite")
    stored = EvidenceStore(data / "evidence").put(b"\x89PNG fake but private", ".png")
    log.close()

    def mode(path: Path) -> int:
        return stat.S_IMODE(path.stat().st_mode)

    assert mode(data) == 0o700 and mode(data / "decisions.sqlite") == 0o600
    assert mode(data / "evidence") == 0o700 and mode(stored.path.parent) == 0o700
    assert mode(stored.path) == 0o600

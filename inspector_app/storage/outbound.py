"""What the hub receives of each log row: one outbox record per row, built from the row as
written (read back inside the writer's transaction), so the upload says exactly what the log
says. Every `queue_*` call joins the caller's open transaction and never commits.

Keys come from the row (`record_key`): a revocation names its decision's key without a lookup,
and queuing the same row twice fails loudly instead of sending it twice. Local file paths stay
at the station; image identity travels as `image_sha256` and flagged parcels' images as evidence.
Countries go in the hub's indexed fields only when they are ISO alpha-2 codes; anything else an
inspector typed is kept under `*_entered`, so one odd entry cannot get a record refused.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from inspector_app.storage.outbox import enqueue, enqueue_evidence, log_id

FLAGGED = ("suspect", "refer")
_ALPHA2 = re.compile(r"[A-Z]{2}")


def _time(text: str) -> datetime:
    """A stored time; times are written timezone-aware, and a naive one is read as UTC."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _row(db: sqlite_utils.Database, sql: str, params: list[Any]) -> dict[str, Any]:
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    found = cursor.fetchone()
    if found is None:
        raise LookupError(f"no row for {params!r}: {sql}")
    return dict(zip(names, found, strict=True))


def _compact(payload: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in payload.items() if v is not None and v != ""}


def _countries(row: dict[str, Any]) -> dict[str, str]:
    out = {}
    for name in ("origin_country", "destination_country"):
        entered = (row.get(name) or "").strip()
        if not entered:
            continue
        code = entered.upper()
        out[name if _ALPHA2.fullmatch(code) else f"{name}_entered"] = (
            code if _ALPHA2.fullmatch(code) else entered
        )
    return out


# ----- scans -----------------------------------------------------------------------------------
def _scan(db: sqlite_utils.Database, prefix: str, scan_id: str) -> str:
    row = _row(db, "SELECT rowid AS row_id, * FROM scans WHERE scan_id = ?", [scan_id])
    payload = _compact(
        {
            "scan_id": row["scan_id"],
            "lane": row["lane"],
            "status": row["status"],
            "source": row["source"],
            "source_name": row["source_name"],
            "scanner_id": row["scanner_id"],
            "parent_scan_id": row["parent_scan_id"],
            "error": row["error"],
            "image_sha256": row["image_sha256"],
            "width": row["width"],
            "height": row["height"],
            "model_name": row["model_name"],
            "model_version": row["model_version"],
            "model_sha256": row["model_sha256"],
            "inference_ms": row["inference_ms"],
            "detections": json.loads(row["detections"]) if row["detections"] else None,
            "vendor_cues": json.loads(row["vendor_cues"]) if row["vendor_cues"] else None,
        }
    )
    key = f"{prefix}:scan:{row['row_id']}"
    return enqueue(db, "scan", payload, _time(row["received_at"]), key)


def queue_scan(db: sqlite_utils.Database, scan_id: str) -> str:
    """The scan record (screened or quarantined); returns its key."""
    return _scan(db, log_id(db), scan_id)


# ----- decisions, their cue verdicts, drawn regions and evidence --------------------------------
_DECISION = (
    "SELECT d.*, s.lane, s.model_sha256 FROM decisions d JOIN scans s ON s.scan_id = d.scan_id"
    " WHERE d.id = ?"
)


def _decision(db: sqlite_utils.Database, prefix: str, decision_id: int) -> str:
    row = _row(db, _DECISION, [decision_id])
    key = f"{prefix}:decision:{decision_id}"
    at = _time(row["decided_at"])
    common = _compact({"scan_id": row["scan_id"], "lane": row["lane"], "decision": key})
    payload = _compact(
        {
            "scan_id": row["scan_id"],
            "lane": row["lane"],
            "decision_id": decision_id,
            "verdict": row["verdict"],
            "category": row["category"],
            "inspector": row["inspector"],
            "parcel_id": row["parcel_id"],
            "duration_s": row["duration_s"],
            "cues_shown_after_s": row["cues_shown_after_s"],
            "note": row["note"],
            "model_sha256": row["model_sha256"],
            **_countries(row),
        }
    )
    enqueue(db, "decision", payload, at, key)
    for review in db.execute(
        "SELECT id, detection_index, label, verdict FROM box_reviews WHERE decision_id = ?"
        " ORDER BY id",
        [decision_id],
    ).fetchall():
        review_id, index, label, verdict = review
        enqueue(
            db,
            "box_review",
            {**common, "detection_index": index, "label": label, "review": verdict},
            at,
            f"{prefix}:box_review:{review_id}",
        )
    for mark in db.execute(
        "SELECT id, label, x1, y1, x2, y2 FROM inspector_marks WHERE decision_id = ? ORDER BY id",
        [decision_id],
    ).fetchall():
        mark_id, label, *box = mark
        enqueue(db, "mark", {**common, "label": label, "box": box}, at, f"{prefix}:mark:{mark_id}")
    if row["verdict"] in FLAGGED:
        for sha256, path in db.execute(
            "SELECT image_sha256, image_path FROM scans WHERE (scan_id = ? OR parent_scan_id = ?)"
            " AND image_sha256 IS NOT NULL AND image_path IS NOT NULL",
            [row["scan_id"], row["scan_id"]],
        ).fetchall():
            enqueue_evidence(db, sha256, Path(path))
    return key


def queue_decision(db: sqlite_utils.Database, decision_id: int) -> str:
    """The decision with its box reviews and marks, and (flagged parcels) its evidence images;
    returns the decision's key."""
    return _decision(db, log_id(db), decision_id)


def _revocation(db: sqlite_utils.Database, prefix: str, decision_id: int) -> str:
    row = _row(db, _DECISION, [decision_id])
    if row["revoked_at"] is None:
        raise ValueError(f"decision {decision_id} is not revoked")
    payload = _compact(
        {
            "scan_id": row["scan_id"],
            "lane": row["lane"],
            "decision_id": decision_id,
            "revokes": f"{prefix}:decision:{decision_id}",
        }
    )
    key = f"{prefix}:revocation:{decision_id}"
    return enqueue(db, "revocation", payload, _time(row["revoked_at"]), key)


def queue_revocation(db: sqlite_utils.Database, decision_id: int) -> str:
    """Undo: a revocation naming the decision's key (the hub leaves it out of reports)."""
    return _revocation(db, log_id(db), decision_id)


# ----- TIP answers and audit events -------------------------------------------------------------
def _tip(db: sqlite_utils.Database, prefix: str, tip_id: int) -> str:
    row = _row(
        db,
        "SELECT t.*, s.lane FROM tip_events t LEFT JOIN scans s ON s.scan_id = t.scan_id"
        " WHERE t.id = ?",
        [tip_id],
    )
    payload = _compact(
        {
            "scan_id": row["scan_id"],
            "lane": row["lane"],
            "inspector": row["inspector"],
            "label": row["label"],
            "box": [row["x1"], row["y1"], row["x2"], row["y2"]],
            "response": row["response"],  # not `verdict`: a TIP answer is no real decision
            "hit": bool(row["hit"]),
            "duration_s": row["duration_s"],
        }
    )
    return enqueue(
        db, "tip_event", payload, _time(row["decided_at"]), f"{prefix}:tip_event:{tip_id}"
    )


def queue_tip_event(db: sqlite_utils.Database, tip_id: int) -> str:
    return _tip(db, log_id(db), tip_id)


def _audit(db: sqlite_utils.Database, prefix: str, audit_id: int) -> str:
    row = _row(db, "SELECT * FROM audit_log WHERE id = ?", [audit_id])
    payload = _compact(
        {
            "audit_id": audit_id,
            "action": row["action"],
            "user": row["user"],
            "details": json.loads(row["details"]),
        }
    )
    key = f"{prefix}:audit_event:{audit_id}"
    return enqueue(db, "audit_event", payload, _time(row["at"]), key)


def queue_audit_event(db: sqlite_utils.Database, audit_id: int) -> str:
    """Sign-in, setting change, permission refusal...: the audit row as an audit_event."""
    return _audit(db, log_id(db), audit_id)


def queue_history(db: sqlite_utils.Database) -> int:
    """Queue every record already in the log (migration v10); returns how many were queued."""
    prefix = log_id(db)
    before = db.execute("SELECT count(*) FROM outbox").fetchone()[0]
    for (scan_id,) in db.execute(
        "SELECT scan_id FROM scans ORDER BY received_at, rowid"
    ).fetchall():
        _scan(db, prefix, scan_id)
    for decision_id, revoked in db.execute(
        "SELECT id, revoked_at FROM decisions ORDER BY id"
    ).fetchall():
        _decision(db, prefix, decision_id)
        if revoked is not None:
            _revocation(db, prefix, decision_id)
    for (tip_id,) in db.execute("SELECT id FROM tip_events ORDER BY id").fetchall():
        _tip(db, prefix, tip_id)
    for (audit_id,) in db.execute("SELECT id FROM audit_log ORDER BY id").fetchall():
        _audit(db, prefix, audit_id)
    return int(db.execute("SELECT count(*) FROM outbox").fetchone()[0] - before)

"""The machine-readable record of a case dossier, attached to the PDF as `dossier.json`.

Why a separate module: the exporter writes it and `inspector-app verify --dossier` rebuilds it
from the log the same way and compares field by field, so the two can never disagree about
what a field means. Only facts from the log go into the compared part (`record`); who made
the dossier and when sit beside it (`made`).
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from inspector_app.reports.records import DecisionRecord

FORMAT = "inspector-app/case-dossier"
VERSION = 1
ATTACHMENT = "dossier.json"
METADATA_KEY = "/InspectorAppDossierSHA256"


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds") if moment else None


def second_views(db: sqlite_utils.Database, scan_id: str) -> list[dict[str, Any]]:
    return [
        {"scan_id": r["scan_id"], "image_sha256": r["image_sha256"]}
        for r in db.query(
            "SELECT scan_id, image_sha256 FROM scans WHERE parent_scan_id = ? ORDER BY scan_id",
            [scan_id],
        )
    ]


def log_facts(db: sqlite_utils.Database, record: DecisionRecord) -> dict[str, Any]:
    """The facts about one decision as the log states them (compared by verify)."""
    return {
        "decision_id": record.decision_id,
        "scan_id": record.scan_id,
        "verdict": record.verdict,
        "category": record.category,
        "inspector": record.inspector,
        "received_at": _iso(record.received_at),
        "decided_at": _iso(record.decided_at),
        "duration_s": record.duration_s,
        "parcel_id": record.parcel_id,
        "origin_country": record.origin,
        "destination_country": record.destination,
        "lane": record.lane,
        "model": {
            "name": record.model_name,
            "version": record.model_version,
            "sha256": record.model_sha256,
        },
        "evidence": {
            "sha256": record.image_sha256,
            "file": Path(record.image_path).name if record.image_path else None,
        },
        "second_views": second_views(db, record.scan_id),
        "detections": record.detections,
        "box_reviews": {str(k): v for k, v in sorted(record.reviews.items())},
        "marks": record.marks,
        "note": record.note,
    }


def build(
    db: sqlite_utils.Database,
    record: DecisionRecord,
    *,
    station: str,
    made_by: str,
    made_at: datetime,
    app_version: str,
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "record": log_facts(db, record),
        "made": {
            "by": made_by,
            "at": _iso(made_at),
            "station": station,
            "app_version": app_version,
        },
    }


def encode(document: dict[str, Any]) -> bytes:
    """Canonical bytes (sorted keys) so the same record always hashes the same."""
    return json.dumps(document, sort_keys=True, ensure_ascii=False, indent=1).encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()

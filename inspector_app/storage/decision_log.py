"""The decision log: what was screened, by which model, and what the inspector decided.

Scans are logged when screened (before any decision), so a crash between screening and the
decision loses nothing: the scan stays in the log, undecided, and its image in the evidence
store. Each write is one short transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from inspector_app.domain import Decision, Detection, ModelInfo
from inspector_app.storage.db import open_database, transaction
from inspector_app.storage.evidence import StoredImage


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


class DecisionLog:
    """Owns one SQLite connection: create one per thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = open_database(path)

    def close(self) -> None:
        self.db.conn.close()

    def record_screened(
        self,
        *,
        scan_id: str,
        source: str,
        received_at: datetime,
        image: StoredImage,
        size: tuple[int, int],
        model: ModelInfo,
        detections: Sequence[Detection],
        inference_ms: float,
        warning: str = "",
    ) -> None:
        with transaction(self.db):
            self.db.execute(
                "INSERT INTO scans (scan_id, source, received_at, status, image_sha256, image_path,"
                " width, height, model_name, model_version, model_sha256, detections, inference_ms,"
                " error) VALUES (?, ?, ?, 'screened', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    scan_id,
                    source,
                    _iso(received_at),
                    image.sha256,
                    str(image.path),
                    size[0],
                    size[1],
                    model.name,
                    model.version,
                    model.sha256,
                    json.dumps([d.to_dict() for d in detections]),
                    round(inference_ms, 2),
                    warning or None,
                ],
            )

    def record_quarantined(
        self,
        *,
        scan_id: str,
        source: str,
        received_at: datetime,
        reason: str,
        image: StoredImage | None = None,
    ) -> None:
        """A scan that could not be screened is logged with its reason, never dropped."""
        with transaction(self.db):
            self.db.execute(
                "INSERT INTO scans (scan_id, source, received_at, status, error, image_sha256,"
                " image_path) VALUES (?, ?, ?, 'quarantined', ?, ?, ?)",
                [
                    scan_id,
                    source,
                    _iso(received_at),
                    reason,
                    image.sha256 if image else None,
                    str(image.path) if image else None,
                ],
            )

    def record_decision(self, decision: Decision) -> int:
        with transaction(self.db):
            cursor = self.db.execute(
                "INSERT INTO decisions (scan_id, verdict, category, inspector, decided_at,"
                " duration_s, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    decision.scan_id,
                    decision.verdict.value,
                    decision.category.value if decision.category else None,
                    decision.inspector,
                    _iso(decision.decided_at),
                    round(decision.duration_s, 3),
                    decision.note,
                ],
            )
            return int(cursor.lastrowid)

    def decisions(self) -> list[dict[str, Any]]:
        rows = list(self.db.query("SELECT * FROM decision_log ORDER BY decision_id"))
        for row in rows:
            row["detections"] = json.loads(row["detections"] or "[]")
        return rows

    def scan(self, scan_id: str) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM scans WHERE scan_id = ?", [scan_id]))
        return rows[0] if rows else None

    def undecided_scans(self) -> list[dict[str, Any]]:
        """Screened scans with no decision yet, oldest first (left over after a crash)."""
        rows = list(
            self.db.query(
                "SELECT * FROM scans WHERE status = 'screened' AND scan_id NOT IN"
                " (SELECT scan_id FROM decisions) ORDER BY received_at"
            )
        )
        for row in rows:
            row["detections"] = json.loads(row["detections"] or "[]")
        return rows

    def undecided_scan_ids(self) -> list[str]:
        return [row["scan_id"] for row in self.undecided_scans()]

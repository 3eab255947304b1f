"""The decision log: what was screened, by which model, and what the inspector decided.

Scans are logged when screened (before any decision), so a crash between screening and the
decision loses nothing: the scan stays in the log, undecided, and its image in the evidence
store. Each write is one short transaction, and each queues its records for the hub in that
same transaction (storage/outbound.py).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from inspector_app.domain import Box, Decision, Detection, ModelInfo, VendorCue
from inspector_app.storage.chain import seal
from inspector_app.storage.db import open_database, transaction
from inspector_app.storage.evidence import StoredImage
from inspector_app.storage.ingest_ledger import IngestRecord
from inspector_app.storage.ingest_ledger import insert as insert_ingest
from inspector_app.storage.outbound import queue_decision, queue_revocation, queue_scan


def _vendor_dict(cue: VendorCue) -> dict[str, Any]:
    return {
        "label": cue.label,
        "box": [round(v, 1) for v in cue.box.as_list()],
        "alarm": cue.alarm,
        "object_id": cue.object_id,
    }


def vendor_cue_from_dict(data: dict[str, Any]) -> VendorCue:
    return VendorCue(data["label"], Box(*data["box"]), bool(data["alarm"]), data["object_id"])


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


@dataclass(frozen=True, slots=True)
class ScanOrigin:
    """Where a scan came from, so a reviewed image can be found again at the scanner; with
    `ingest`, the file's ledger row is written in the same transaction as its scans row."""

    path: str = ""
    scanner_id: str = ""
    ingest: IngestRecord | None = None
    companions: tuple[IngestRecord, ...] = ()  # other files of the scan (pair half, TDR)

    @classmethod
    def of(cls, meta: dict[str, Any]) -> ScanOrigin:
        """From a scan's (or failure's) meta: `path`, `scanner_id`, `ingest`."""
        ingest = meta.get("ingest")
        return cls(
            str(meta.get("path") or ""),
            str(meta.get("scanner_id") or ""),
            ingest if isinstance(ingest, IngestRecord) else None,
            tuple(r for r in meta.get("companions", ()) if isinstance(r, IngestRecord)),
        )

    def columns(self) -> tuple[str | None, str | None, str | None]:
        """(source_path, source_name, scanner_id) as stored."""
        name = Path(self.path).name if self.path else ""
        return self.path or None, name or None, self.scanner_id or None


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
        vendor_cues: Sequence[VendorCue] = (),
        parent_scan_id: str | None = None,
        lane: str = "",
        origin: ScanOrigin | None = None,
    ) -> None:
        origin = origin or ScanOrigin()
        with transaction(self.db):
            self.db.execute(
                "INSERT INTO scans (scan_id, source, received_at, status, image_sha256, image_path,"
                " width, height, model_name, model_version, model_sha256, detections, inference_ms,"
                " error, vendor_cues, parent_scan_id, lane, source_path, source_name, scanner_id)"
                " VALUES (?, ?, ?, 'screened', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                    json.dumps([_vendor_dict(c) for c in vendor_cues]) if vendor_cues else None,
                    parent_scan_id,
                    lane or None,
                    *origin.columns(),
                ],
            )
            seal(self.db, "scans", scan_id)
            queue_scan(self.db, scan_id)
            if origin.ingest is not None and parent_scan_id is None:
                insert_ingest(self.db, origin.ingest, "screened", scan_id)
                for companion in origin.companions:
                    insert_ingest(self.db, companion, "screened", scan_id)

    def record_quarantined(
        self,
        *,
        scan_id: str,
        source: str,
        received_at: datetime,
        reason: str,
        image: StoredImage | None = None,
        lane: str = "",
        origin: ScanOrigin | None = None,
    ) -> None:
        """A scan that could not be screened is logged with its reason, never dropped."""
        origin = origin or ScanOrigin()
        with transaction(self.db):
            self.db.execute(
                "INSERT INTO scans (scan_id, source, received_at, status, error, image_sha256,"
                " image_path, lane, source_path, source_name, scanner_id)"
                " VALUES (?, ?, ?, 'quarantined', ?, ?, ?, ?, ?, ?, ?)",
                [
                    scan_id,
                    source,
                    _iso(received_at),
                    reason,
                    image.sha256 if image else None,
                    str(image.path) if image else None,
                    lane or None,
                    *origin.columns(),
                ],
            )
            seal(self.db, "scans", scan_id)
            queue_scan(self.db, scan_id)
            if origin.ingest is not None:
                insert_ingest(self.db, origin.ingest, "quarantined", scan_id, reason)
                for companion in origin.companions:
                    insert_ingest(self.db, companion, "quarantined", scan_id, reason)

    def record_decision(self, decision: Decision) -> int:
        """The decision, its box verdicts and drawn regions land together or not at all, with
        their outbox records (and a flagged parcel's evidence images)."""
        with transaction(self.db):
            cursor = self.db.execute(
                "INSERT INTO decisions (scan_id, verdict, category, inspector, decided_at,"
                " duration_s, note, parcel_id, origin_country, destination_country,"
                " cues_shown_after_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    decision.scan_id,
                    decision.verdict.value,
                    decision.category.value if decision.category else None,
                    decision.inspector,
                    _iso(decision.decided_at),
                    round(decision.duration_s, 3),
                    decision.note,
                    decision.parcel_id or None,
                    decision.origin_country or None,
                    decision.destination_country or None,
                    decision.cues_shown_after_s,
                ],
            )
            assert cursor.lastrowid is not None  # an INSERT always sets it
            decision_id = cursor.lastrowid
            seal(self.db, "decisions", decision_id)
            for review in decision.box_reviews:
                row = self.db.execute(
                    "INSERT INTO box_reviews (decision_id, detection_index, label, verdict)"
                    " VALUES (?, ?, ?, ?)",
                    [
                        decision_id,
                        review.detection_index,
                        review.label,
                        "confirmed" if review.confirmed else "rejected",
                    ],
                )
                seal(self.db, "box_reviews", row.lastrowid)
            for mark in decision.marks:
                row = self.db.execute(
                    "INSERT INTO inspector_marks (decision_id, label, x1, y1, x2, y2)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    [decision_id, mark.label, *(round(v, 1) for v in mark.box.as_list())],
                )
                seal(self.db, "inspector_marks", row.lastrowid)
            queue_decision(self.db, decision_id)
            return decision_id

    def revoke_decision(self, decision_id: int, at: datetime) -> None:
        """Undo: the decision stays on record, marked revoked, and the scan is undecided again."""
        with transaction(self.db):
            cursor = self.db.execute(
                "UPDATE decisions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                [_iso(at), decision_id],
            )
            if cursor.rowcount != 1:
                raise ValueError(f"decision {decision_id} does not exist or was already undone")
            seal(self.db, "decisions", decision_id, op="update")  # the revocation is chained
            queue_revocation(self.db, decision_id)

    def box_reviews(self, decision_id: int) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "SELECT detection_index, label, verdict FROM box_reviews WHERE decision_id = ?"
                " ORDER BY detection_index",
                [decision_id],
            )
        )

    def marks(self, decision_id: int) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "SELECT label, x1, y1, x2, y2 FROM inspector_marks WHERE decision_id = ?",
                [decision_id],
            )
        )

    def decisions(self) -> list[dict[str, Any]]:
        rows = list(self.db.query("SELECT * FROM decision_log ORDER BY decision_id"))
        for row in rows:
            row["detections"] = json.loads(row["detections"] or "[]")
        return rows

    def scan(self, scan_id: str) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM scans WHERE scan_id = ?", [scan_id]))
        return rows[0] if rows else None

    def undecided_scans(self) -> list[dict[str, Any]]:
        """Screened parcels with no decision yet, oldest first (left over after a crash).

        A parcel's second view comes with it under "second_view" (or None)."""
        rows = list(
            self.db.query(
                "SELECT * FROM scans WHERE status = 'screened' AND parent_scan_id IS NULL"
                " AND scan_id NOT IN (SELECT scan_id FROM decisions WHERE revoked_at IS NULL)"
                " ORDER BY received_at"
            )
        )
        for row in rows:
            second = list(
                self.db.query("SELECT * FROM scans WHERE parent_scan_id = ?", [row["scan_id"]])
            )
            row["second_view"] = second[0] if second else None
            for view in (row, *second):
                view["detections"] = json.loads(view["detections"] or "[]")
                view["vendor_cues"] = json.loads(view["vendor_cues"] or "[]")
        return rows

    def undecided_scan_ids(self) -> list[str]:
        return [row["scan_id"] for row in self.undecided_scans()]

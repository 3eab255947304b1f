"""Archive search and recall: find past decisions and bring a scan back with its overlays.

Why in the core: the supervisor's archive window, a future CLI and the tests run the same
query; the GUI runs it in a worker. Only decisions in force are found (the `decision_log`
view hides undone ones), newest first, capped so a vague query on a year's log stays quick.
A recalled scan is decoded from the evidence store and its SHA-256 checked against the log,
so what a supervisor looks at is provably what the inspector saw.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlite_utils

from inspector_app.domain import Box, Detection
from inspector_app.reports.records import DecisionRecord, Period, load_decision, parse_time
from inspector_app.reports.scan_images import load_evidence

DEFAULT_LIMIT = 500


@dataclass(frozen=True)
class ArchiveQuery:
    """What to look for; None leaves a field unrestricted."""

    parcel_id: str | None = None  # a part of the parcel ID, any case
    period: Period | None = None  # decided within
    lane: str | None = None
    category: str | None = None  # customs category value (domain.Category)
    verdict: str | None = None  # clear, suspect or refer
    inspector: str | None = None
    model: str | None = None  # "name" or "name version"
    limit: int = DEFAULT_LIMIT


@dataclass(frozen=True)
class ArchiveHit:
    decision_id: int
    scan_id: str
    decided_at: datetime
    parcel_id: str | None
    lane: str | None
    verdict: str
    category: str | None
    inspector: str
    model: str
    cues: int


@dataclass(frozen=True)
class RecalledScan:
    """A past scan as the inspector saw it: picture, the model's cues and their verdicts."""

    record: DecisionRecord
    rgb: Any  # HxWx3 uint8
    detections: list[Detection]
    marks: list[tuple[str, Box]]


def _model(name: str | None, version: str | None) -> str:
    return " ".join(part for part in (name, version) if part) or "—"


def search_archive(db: sqlite_utils.Database, query: ArchiveQuery) -> list[ArchiveHit]:
    """Decisions in force that match every given field, newest first, at most `limit`."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(decision_log)").fetchall()}
    where: list[str] = []
    params: list[Any] = []
    if query.parcel_id:
        where.append("parcel_id LIKE ? ESCAPE '\\' COLLATE NOCASE")
        escaped = query.parcel_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params.append(f"%{escaped}%")
    if query.period is not None:
        low, high = query.period.sql_bounds()
        where.append("decided_at >= ? AND decided_at < ?")
        params += [low, high]
    for column, value in (
        ("lane", query.lane),
        ("category", query.category),
        ("verdict", query.verdict),
        ("inspector", query.inspector),
    ):
        if value is not None and column in columns:
            where.append(f"{column} = ? COLLATE NOCASE")
            params.append(value)
    if query.model is not None:
        where.append("(model_name = ? OR model_name || ' ' || model_version = ?)")
        params += [query.model, query.model]
    sql = "SELECT * FROM decision_log"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY decided_at DESC, decision_id DESC"
    hits: list[ArchiveHit] = []
    for row in db.query(sql, params):
        decided = parse_time(row["decided_at"])
        if decided is None or (query.period is not None and not query.period.contains(decided)):
            continue
        hits.append(
            ArchiveHit(
                decision_id=int(row["decision_id"]),
                scan_id=row["scan_id"],
                decided_at=decided,
                parcel_id=row.get("parcel_id"),
                lane=row.get("lane"),
                verdict=row["verdict"],
                category=row["category"],
                inspector=row["inspector"],
                model=_model(row["model_name"], row["model_version"]),
                cues=_count_cues(row["detections"]),
            )
        )
        if len(hits) >= query.limit:
            break
    return hits


def _count_cues(text: str | None) -> int:
    import json

    try:
        value = json.loads(text or "[]")
    except json.JSONDecodeError:
        return 0
    return len(value) if isinstance(value, list) else 0


def known_models(db: sqlite_utils.Database) -> list[str]:
    """Every model version that screened a decided scan, for the search's model filter."""
    rows = db.execute("SELECT DISTINCT model_name, model_version FROM decision_log").fetchall()
    return sorted({_model(name, version) for name, version in rows if name}, key=str.casefold)


def recall(db: sqlite_utils.Database, decision_id: int) -> RecalledScan:
    """The decision's scan with its cues and drawn boxes; ExportError/EvidenceProblem say why
    it cannot be shown (undone decision, missing or altered evidence file)."""
    from inspector_app.reports.progress import ExportError

    record = load_decision(db, decision_id)
    if record is None:
        raise ExportError(f"decision {decision_id} is not in force in this log")
    evidence = load_evidence(record, check_hash=True)
    detections = []
    for index, det in enumerate(record.detections):
        box = det.get("box") or [0, 0, 0, 0]
        detections.append(
            Detection(
                str(det.get("label", "?")),
                float(det.get("score", 0.0)),
                Box(*(float(v) for v in box[:4])),
                int(det.get("class_id", index)),
            )
        )
    marks = [(str(m["label"]), Box(*(float(v) for v in m["box"]))) for m in record.marks]
    return RecalledScan(record, evidence.image.rgb, detections, marks)

"""The detail rows of a shift log: one row per decision, the same columns in CSV and XLSX.

Why shared: a supervisor who opens the CSV and the XLSX of one shift must see the same
columns in the same order; only the formatting differs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from inspector_app.reports.categories import customs_label
from inspector_app.reports.records import DecisionRecord


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int  # XLSX column width in characters
    kind: str = "text"  # text | int | float | datetime


COLUMNS: tuple[Column, ...] = (
    Column("decision_id", "Decision", 10, "int"),
    Column("decided_at", "Decided at", 20, "datetime"),
    Column("received_at", "Received at", 20, "datetime"),
    Column("inspector", "Inspector", 14),
    Column("verdict", "Verdict", 9),
    Column("category", "Category code", 15),
    Column("customs_category", "Customs category", 26),
    Column("duration_s", "Decision time (s)", 10, "float"),
    Column("parcel_id", "Parcel ID", 18),
    Column("origin", "Origin", 8),
    Column("destination", "Destination", 11),
    Column("cues", "Model cues", 8, "int"),
    Column("cue_labels", "Cue labels", 28),
    Column("cues_confirmed", "Cues confirmed", 9, "int"),
    Column("cues_rejected", "Cues rejected", 9, "int"),
    Column("marks", "Boxes drawn", 8, "int"),
    Column("model", "Model", 24),
    Column("model_sha256", "Model SHA-256", 20),
    Column("image_sha256", "Evidence SHA-256", 20),
    Column("scan_id", "Scan", 24),
    Column("note", "Note", 30),
)
OPTIONAL = (Column("station", "Station", 12), Column("lane", "Lane", 8))


def columns_for(records: list[DecisionRecord]) -> tuple[Column, ...]:
    """The standard columns, plus station/lane when the log records them."""
    extra = tuple(c for c in OPTIONAL if any(getattr(r, c.key) is not None for r in records))
    return COLUMNS[:4] + extra + COLUMNS[4:]


def row_values(record: DecisionRecord, clock: tzinfo) -> dict[str, Any]:
    """Typed values of one row; times in the report's clock (the period's time zone)."""

    def local(moment: datetime | None) -> datetime | None:
        return moment.astimezone(clock) if moment else None

    model = " ".join(x for x in (record.model_name, record.model_version) if x)
    return {
        "decision_id": record.decision_id,
        "decided_at": local(record.decided_at),
        "received_at": local(record.received_at),
        "inspector": record.inspector,
        "station": record.station,
        "lane": record.lane,
        "verdict": record.verdict,
        "category": record.category or "",
        "customs_category": customs_label(record.verdict, record.category),
        "duration_s": round(record.duration_s, 3),
        "parcel_id": record.parcel_id or "",
        "origin": record.origin or "",
        "destination": record.destination or "",
        "cues": len(record.detections),
        "cue_labels": ", ".join(str(d.get("label", "")) for d in record.detections),
        "cues_confirmed": record.confirmed_cues,
        "cues_rejected": record.rejected_cues,
        "marks": len(record.marks),
        "model": model,
        "model_sha256": record.model_sha256 or "",
        "image_sha256": record.image_sha256 or "",
        "scan_id": record.scan_id,
        "note": record.note or "",
    }


def rows(
    records: list[DecisionRecord], columns: tuple[Column, ...], clock: tzinfo
) -> Iterator[list[Any]]:
    for record in records:
        values = row_values(record, clock)
        yield [values[c.key] for c in columns]

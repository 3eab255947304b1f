"""Read a period of the decision log into plain records, once, for every report.

Why one reader: the shift log, the dossier, the dataset and the route table must agree on
what "a decision in the period" is. A decision belongs to the period when it was *decided*
inside [start, end); undone decisions are not in force and are left out (the `decision_log`
view already hides them). Times in the log are ISO strings that may carry different UTC
offsets, so rows are narrowed in SQL with a day's margin and filtered exactly in Python.
Optional columns (station, lane) are used only when the log has them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from inspector_app.reports.progress import ExportError
from inspector_app.storage.purges import purged_images

OPTIONAL_COLUMNS = ("station", "lane")


def parse_time(text: str | None) -> datetime | None:
    """A logged ISO time as an aware datetime (naive values were written in UTC)."""
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_user_time(text: str, what: str) -> datetime:
    """An ISO time typed by a user; without an offset it means the station's local time."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ExportError(
            f"{what} {text!r} is not an ISO date or time (e.g. 2026-11-23T06:00 or "
            "2026-11-23T06:00+01:00)"
        ) from None
    return moment if moment.tzinfo else moment.astimezone()


@dataclass(frozen=True)
class Period:
    """[start, end) in aware datetimes; the report's clock is the start's time zone."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("period bounds must be timezone-aware")
        if self.end <= self.start:
            raise ExportError("the period is empty: --to must be later than --from")

    def contains(self, moment: datetime | None) -> bool:
        return moment is not None and self.start <= moment < self.end

    def sql_bounds(self) -> tuple[str, str]:
        """Generous string bounds for an index-friendly pre-filter on ISO text columns."""
        low = (self.start - timedelta(days=1)).astimezone(UTC).isoformat()
        high = (self.end + timedelta(days=1)).astimezone(UTC).isoformat()
        return low[:19], high[:19]


@dataclass(frozen=True)
class Filters:
    """Which decisions a report covers, besides the period. None = no restriction."""

    station: str | None = None
    lane: str | None = None
    inspector: str | None = None


@dataclass
class DecisionRecord:
    """One decision in force with everything the reports need, read once."""

    decision_id: int
    scan_id: str
    verdict: str
    category: str | None
    inspector: str
    received_at: datetime | None
    decided_at: datetime
    duration_s: float
    parcel_id: str | None
    origin: str | None
    destination: str | None
    note: str | None
    model_name: str | None
    model_version: str | None
    model_sha256: str | None
    image_sha256: str | None
    image_path: str | None
    detections: list[dict[str, Any]]
    station: str | None = None
    lane: str | None = None
    reviews: dict[int, str] = field(default_factory=dict)  # detection index -> verdict
    marks: list[dict[str, Any]] = field(default_factory=list)
    image_removed_at: str | None = None  # when the retention policy removed the image file

    @property
    def flagged(self) -> bool:
        """Suspect or refer: the inspector did not clear the parcel."""
        return self.verdict in ("suspect", "refer")

    @property
    def model_alarmed(self) -> bool:
        return bool(self.detections)

    @property
    def confirmed_cues(self) -> int:
        return sum(1 for v in self.reviews.values() if v == "confirmed")

    @property
    def rejected_cues(self) -> int:
        return sum(1 for v in self.reviews.values() if v == "rejected")


@dataclass(frozen=True)
class TipRecord:
    inspector: str
    label: str
    hit: bool
    decided_at: datetime


def view_columns(db: sqlite_utils.Database, name: str) -> set[str]:
    return {row[1] for row in db.execute(f"PRAGMA table_info({name})").fetchall()}


def _check_filters(columns: set[str], filters: Filters, station_name: str) -> None:
    """A filter on a column the log lacks cannot be applied: say so instead of ignoring it."""
    if filters.lane is not None and "lane" not in columns:
        raise ExportError(
            "this decision log records no lane yet, so --lane cannot be applied; "
            "leave it out to report the whole station"
        )
    if (
        filters.station is not None
        and "station" not in columns
        and filters.station.casefold() != station_name.casefold()
    ):
        raise ExportError(
            f"this log belongs to station {station_name!r} and records no other station; "
            f"--station {filters.station!r} matches nothing"
        )


def _chunks(items: Sequence[int], size: int = 500) -> Iterator[Sequence[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def load_decisions(
    db: sqlite_utils.Database,
    period: Period,
    filters: Filters = Filters(),
    station_name: str = "",
) -> list[DecisionRecord]:
    """Decisions in force decided within the period, oldest first, with reviews and marks."""
    columns = view_columns(db, "decision_log")
    _check_filters(columns, filters, station_name)
    low, high = period.sql_bounds()
    where, params = ["decided_at >= ? AND decided_at < ?"], [low, high]
    if filters.inspector is not None:
        where.append("inspector = ? COLLATE NOCASE")
        params.append(filters.inspector)
    for name in OPTIONAL_COLUMNS:
        value = getattr(filters, name)
        if value is not None and name in columns:
            where.append(f"{name} = ? COLLATE NOCASE")
            params.append(value)
    sql = f"SELECT * FROM decision_log WHERE {' AND '.join(where)} ORDER BY decided_at, decision_id"
    records = []
    for row in db.query(sql, params):
        decided = parse_time(row["decided_at"])
        if not period.contains(decided):
            continue
        assert decided is not None
        records.append(_record(row, decided))
    _attach_reviews(db, records)
    _attach_removals(db, records)
    records.sort(key=lambda r: (r.decided_at, r.decision_id))
    return records


def load_decision(db: sqlite_utils.Database, decision_id: int) -> DecisionRecord | None:
    """One decision in force by id (None when unknown or undone)."""
    rows = list(db.query("SELECT * FROM decision_log WHERE decision_id = ?", [decision_id]))
    if not rows:
        return None
    record = _record(rows[0], parse_time(rows[0]["decided_at"]) or datetime.now(UTC))
    _attach_reviews(db, [record])
    _attach_removals(db, [record])
    return record


def _record(row: dict[str, Any], decided: datetime) -> DecisionRecord:
    try:
        detections = json.loads(row["detections"] or "[]")
    except json.JSONDecodeError:
        detections = []
    return DecisionRecord(
        decision_id=int(row["decision_id"]),
        scan_id=row["scan_id"],
        verdict=row["verdict"],
        category=row["category"],
        inspector=row["inspector"],
        received_at=parse_time(row["received_at"]),
        decided_at=decided,
        duration_s=float(row["duration_s"] or 0.0),
        parcel_id=row.get("parcel_id"),
        origin=row.get("origin_country"),
        destination=row.get("destination_country"),
        note=row.get("note"),
        model_name=row["model_name"],
        model_version=row["model_version"],
        model_sha256=row["model_sha256"],
        image_sha256=row["image_sha256"],
        image_path=row["image_path"],
        detections=detections,
        station=row.get("station"),
        lane=row.get("lane"),
    )


def _attach_removals(db: sqlite_utils.Database, records: Iterable[DecisionRecord]) -> None:
    """Which images the retention policy removed (logs older than the chains have none)."""
    if not db["chain_links"].exists():
        return
    removed = purged_images(db.conn)
    for record in records:
        if record.image_sha256 in removed:
            record.image_removed_at = removed[record.image_sha256]


def _attach_reviews(db: sqlite_utils.Database, records: Iterable[DecisionRecord]) -> None:
    by_id = {r.decision_id: r for r in records}
    ids = sorted(by_id)
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for d_id, index, verdict in db.execute(
            f"SELECT decision_id, detection_index, verdict FROM box_reviews"
            f" WHERE decision_id IN ({marks})",
            list(chunk),
        ):
            by_id[d_id].reviews[int(index)] = verdict
        for d_id, label, x1, y1, x2, y2 in db.execute(
            f"SELECT decision_id, label, x1, y1, x2, y2 FROM inspector_marks"
            f" WHERE decision_id IN ({marks}) ORDER BY id",
            list(chunk),
        ):
            by_id[d_id].marks.append({"label": label, "box": [x1, y1, x2, y2]})


def load_tip_events(
    db: sqlite_utils.Database, period: Period, inspector: str | None = None
) -> list[TipRecord]:
    """TIP answers given within the period (kept apart from decisions: never finds)."""
    low, high = period.sql_bounds()
    sql = "SELECT inspector, label, hit, decided_at FROM tip_events WHERE decided_at >= ?"
    sql += " AND decided_at < ?"
    params: list[Any] = [low, high]
    if inspector is not None:
        sql += " AND inspector = ? COLLATE NOCASE"
        params.append(inspector)
    out = []
    for name, label, hit, decided_at in db.execute(sql, params):
        moment = parse_time(decided_at)
        if period.contains(moment):
            assert moment is not None
            out.append(TipRecord(name, label, bool(hit), moment))
    return out


@dataclass(frozen=True)
class ScanCounts:
    screened: int
    quarantined: int
    undone: int


def count_scans(db: sqlite_utils.Database, period: Period) -> ScanCounts:
    """Parcels received in the period (second views of a parcel not counted twice)."""
    low, high = period.sql_bounds()
    screened = quarantined = 0
    for received, status in db.execute(
        "SELECT received_at, status FROM scans WHERE received_at >= ? AND received_at < ?"
        " AND parent_scan_id IS NULL",
        [low, high],
    ):
        if period.contains(parse_time(received)):
            if status == "quarantined":
                quarantined += 1
            else:
                screened += 1
    undone = sum(
        1
        for (revoked,) in db.execute(
            "SELECT revoked_at FROM decisions WHERE revoked_at >= ? AND revoked_at < ?",
            [low, high],
        )
        if period.contains(parse_time(revoked))
    )
    return ScanCounts(screened, quarantined, undone)


def open_log(path: Path) -> sqlite_utils.Database:
    """Open an existing decision log; a missing or foreign file is a clear error."""
    from inspector_app.storage.db import DatabaseError, open_database

    if not Path(path).is_file():
        raise ExportError(f"no decision log at {path}")
    try:
        return open_database(Path(path))
    except DatabaseError as exc:
        raise ExportError(str(exc)) from None

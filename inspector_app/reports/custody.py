"""Chain of custody of one decision: every logged event touching its scan, in time order.

Why from several tables: the log keeps facts where they belong (scans, decisions incl. undone
ones, TIP answers, the hash-chained audit log). A court or a partner agency wants one ordered
story: received, screened by which model, stored under which hash, who was signed in,
who decided what and when, every change and every export since.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from inspector_app.reports.records import DecisionRecord, parse_time


@dataclass(frozen=True)
class CustodyEvent:
    at: datetime
    event: str
    by: str
    details: str
    source: str  # which table the fact comes from


def _scan_events(db: sqlite_utils.Database, scan_id: str) -> list[CustodyEvent]:
    out = []
    rows = list(
        db.query("SELECT * FROM scans WHERE scan_id = ? OR parent_scan_id = ?", [scan_id, scan_id])
    )
    for row in rows:
        at = parse_time(row["received_at"])
        if at is None:
            continue
        view = "second view " if row.get("parent_scan_id") else ""
        lane = f", lane {row['lane']}" if row.get("lane") else ""
        out.append(
            CustodyEvent(
                at,
                f"{view}scan received",
                row.get("source") or "",
                f"scan {row['scan_id']}{lane}",
                "scans",
            )
        )
        if row.get("status") == "screened":
            n = len(json.loads(row.get("detections") or "[]"))
            out.append(
                CustodyEvent(
                    at,
                    f"{view}screened by model",
                    "",
                    f"{row.get('model_name')} {row.get('model_version')} "
                    f"(SHA-256 {row.get('model_sha256')}); {n} cue(s); "
                    f"evidence SHA-256 {row.get('image_sha256')}",
                    "scans",
                )
            )
        else:
            out.append(CustodyEvent(at, f"{view}quarantined", "", row.get("error") or "", "scans"))
    return out


def _decision_events(db: sqlite_utils.Database, scan_id: str) -> list[CustodyEvent]:
    out = []
    for row in db.query("SELECT * FROM decisions WHERE scan_id = ? ORDER BY id", [scan_id]):
        at = parse_time(row["decided_at"])
        if at is None:
            continue
        what = row["verdict"] + (f" ({row['category']})" if row.get("category") else "")
        out.append(
            CustodyEvent(
                at,
                f"decision #{row['id']} recorded",
                row["inspector"],
                f"{what}, {row['duration_s']:.1f} s",
                "decisions",
            )
        )
        revoked = parse_time(row.get("revoked_at"))
        if revoked is not None:
            out.append(
                CustodyEvent(
                    revoked,
                    f"decision #{row['id']} undone",
                    row["inspector"],
                    "kept on record as undone",
                    "decisions",
                )
            )
    for row in db.query("SELECT * FROM tip_events WHERE scan_id = ?", [scan_id]):
        at = parse_time(row["decided_at"])
        if at is not None:
            out.append(
                CustodyEvent(
                    at,
                    "TIP answer on this scan",
                    row["inspector"],
                    f"{row['label']}: {'hit' if row['hit'] else 'miss'}",
                    "tip_events",
                )
            )
    return out


def _audit_events(db: sqlite_utils.Database, record: DecisionRecord) -> list[CustodyEvent]:
    out = []
    rows = db.execute(
        "SELECT at, user, action, details FROM audit_log"
        " WHERE json_extract(details, '$.scan_id') = ?"
        " OR json_extract(details, '$.decision_id') = ? ORDER BY id",
        [record.scan_id, record.decision_id],
    ).fetchall()
    login = db.execute(
        "SELECT at, user, action, details FROM audit_log WHERE action = 'login'"
        " AND user = ? COLLATE NOCASE AND at <= ? ORDER BY id DESC LIMIT 1",
        [record.inspector, record.decided_at.astimezone(UTC).isoformat(timespec="milliseconds")],
    ).fetchone()
    if login is not None:
        rows = [login, *rows]
    for at_text, user, action, details in rows:
        at = parse_time(at_text)
        if at is None:
            continue
        data: dict[str, Any] = json.loads(details or "{}")
        text = ", ".join(f"{k} {v}" for k, v in sorted(data.items()) if k != "out")
        event = "inspector signed in" if action == "login" else action.replace("_", " ")
        out.append(CustodyEvent(at, event, user or "", text, "audit_log"))
    return out


def custody_events(db: sqlite_utils.Database, record: DecisionRecord) -> list[CustodyEvent]:
    """Every event about this decision's scan, oldest first."""
    events = (
        _scan_events(db, record.scan_id)
        + _decision_events(db, record.scan_id)
        + _audit_events(db, record)
    )
    return sorted(events, key=lambda e: e.at)

"""The ingest ledger: which files a feed has already settled, kept in the decision log.

A file is settled when its scans row (screened or quarantined) is written; the ledger row goes
in the same transaction, so after a crash at any instant a file is either fully on record or
not at all, and a restart screens exactly the files that are not. Exact duplicates (same
SHA-256 on the same lane) are settled with a row of their own that points at the first copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from inspector_app.storage.db import open_database, transaction


@dataclass(frozen=True, slots=True)
class IngestRecord:
    """One file as a feed took it: enough to find it again and to know it was seen."""

    lane: str
    path: str
    name: str
    sha256: str
    size: int


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def insert(
    db: sqlite_utils.Database,
    record: IngestRecord,
    status: str,
    scan_id: str | None,
    reason: str = "",
) -> None:
    """Write the ledger row; call inside the transaction that writes the file's scans row.

    A second row for the same file (lane, path, content) raises: a file is settled once."""
    db.execute(
        "INSERT INTO ingest_ledger (lane, path, name, sha256, size, status, scan_id, reason, at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            record.lane,
            record.path,
            record.name,
            record.sha256,
            record.size,
            status,
            scan_id,
            reason or None,
            _now(),
        ],
    )


class IngestLedger:
    """The feed side of the ledger: its own connection, for the feed's thread only."""

    def __init__(self, db_path: Path) -> None:
        self.db = open_database(db_path)

    def close(self) -> None:
        self.db.conn.close()

    def settled(self, lane: str, path: str, sha256: str) -> dict[str, Any] | None:
        """The ledger row of this very file (same place, same content), if it was settled."""
        rows = list(
            self.db.query(
                "SELECT * FROM ingest_ledger WHERE lane = ? AND path = ? AND sha256 = ?",
                [lane, path, sha256],
            )
        )
        return rows[0] if rows else None

    def first_copy(self, lane: str, sha256: str) -> dict[str, Any] | None:
        """The earlier file with the same content on this lane (screened or quarantined)."""
        rows = list(
            self.db.query(
                "SELECT * FROM ingest_ledger WHERE lane = ? AND sha256 = ?"
                " AND status != 'duplicate' ORDER BY id LIMIT 1",
                [lane, sha256],
            )
        )
        return rows[0] if rows else None

    def record_duplicate(self, record: IngestRecord, first_scan_id: str | None) -> None:
        with transaction(self.db):
            insert(self.db, record, "duplicate", first_scan_id, "an exact copy of an earlier file")

    def rows(self, lane: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT * FROM ingest_ledger" + (" WHERE lane = ?" if lane is not None else "")
        return list(self.db.query(sql + " ORDER BY id", [lane] if lane is not None else []))

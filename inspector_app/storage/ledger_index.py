"""Files a hot folder has settled, known again from their directory entry alone.

Why: with `after: leave` the scanner's files stay in its folder. Reading and hashing every one
at each start, only to find it in the ingest ledger, costs minutes on a large share. So once a
file is settled its stamp (lane, path, size, mtime) is kept here; at the next start a file whose
size and mtime still match is known settled without being opened. A stamp counts only while the
ingest ledger holds that very file (same lane, path and SHA-256): the table is a cache over the
ledger, and losing it costs one re-hash per file, never a lost or a doubled scan. It is created
on first use rather than by a numbered migration because nothing but the hot folder reads it
and nothing in it is evidence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlite_utils

from inspector_app.storage.db import transaction

_SCHEMA = """
CREATE TABLE IF NOT EXISTS ingest_stamps (
    lane TEXT NOT NULL,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (lane, path)
)
"""


@dataclass(frozen=True, slots=True)
class Stamp:
    """A settled file as its directory entry showed it when it was read."""

    path: str
    size: int
    mtime_ns: int
    sha256: str


class IngestStamps:
    """Stamps of one lane, on the feed thread's own connection to the station's log."""

    def __init__(self, db: sqlite_utils.Database, lane: str) -> None:
        self.db = db
        self.lane = lane
        db.execute(_SCHEMA)

    def known(self) -> dict[str, tuple[int, int]]:
        """{path: (size, mtime_ns)} of every stamped file the ledger still holds."""
        rows = self.db.execute(
            "SELECT s.path, s.size, s.mtime_ns FROM ingest_stamps s"
            " WHERE s.lane = ? AND EXISTS (SELECT 1 FROM ingest_ledger l"
            " WHERE l.lane = s.lane AND l.path = s.path AND l.sha256 = s.sha256)",
            [self.lane],
        ).fetchall()
        return {path: (size, mtime_ns) for path, size, mtime_ns in rows}

    def put(self, stamps: Iterable[Stamp]) -> None:
        rows = [(self.lane, s.path, s.size, s.mtime_ns, s.sha256) for s in stamps]
        if not rows:
            return
        with transaction(self.db):
            self.db.conn.executemany(
                "INSERT INTO ingest_stamps (lane, path, size, mtime_ns, sha256)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (lane, path) DO UPDATE SET"
                " size = excluded.size, mtime_ns = excluded.mtime_ns, sha256 = excluded.sha256",
                rows,
            )

    def forget(self, paths: Iterable[str]) -> None:
        """Stamps of files no longer in the folder (moved, deleted): the table stays its size."""
        rows = [(self.lane, path) for path in paths]
        if not rows:
            return
        with transaction(self.db):
            self.db.conn.executemany("DELETE FROM ingest_stamps WHERE lane = ? AND path = ?", rows)

    def on_record(self, path: str) -> bool:
        """Whether the ledger holds any file once found at `path` on this lane."""
        row = self.db.execute(
            "SELECT 1 FROM ingest_ledger WHERE lane = ? AND path = ? LIMIT 1", [self.lane, path]
        ).fetchone()
        return row is not None

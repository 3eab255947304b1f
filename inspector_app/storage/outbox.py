"""The station's outbox: every record that must reach the hub waits here until acknowledged.

The outbox is part of the station database (migration v10), so a record's outbox row is written
in the *same SQLite transaction* as the record itself: `enqueue(conn, ...)` joins the caller's
open transaction and never commits. A crash can then neither lose a record nor send one that
was rolled back. The transport (signed client, uploader, worker) lives in `inspector_app.sync`
and sees the outbox only through `SqliteOutbox`; a removable-media export reads it the same way.

Tables: `outbox` (one row per record; `sent_at` once the hub acknowledged it, `refused` with the
hub's reason when it refused the record for good), `outbox_evidence` (flagged parcels' image
files), `upload_state` (last success / last error) and `log_identity` (a random id of this log,
the prefix of every record key, so keys of two logs never collide at the hub).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from inspector_app.storage.db import open_database, transaction

#: every kind of record a station sends (one outbox row each); the hub accepts these kinds
RECORD_KINDS = (
    "scan",
    "decision",
    "revocation",
    "box_review",
    "mark",
    "tip_event",
    "audit_event",
)


@dataclass(frozen=True)
class OutboxRecord:
    """One record to send. `key` is its idempotency key (unique per station, never reused);
    `occurred_at` is when it happened (timezone-aware); `payload` is its JSON content, in which
    the hub indexes lane, scan_id, verdict, category, origin_country, destination_country and
    (revocations) revokes."""

    key: str
    kind: str
    occurred_at: datetime
    payload: dict[str, Any] = field(default_factory=dict)

    def to_wire(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "kind": self.kind,
            "occurred_at": self.occurred_at.astimezone(UTC).isoformat(),
            "payload": self.payload,
        }


@dataclass(frozen=True)
class EvidenceItem:
    sha256: str
    path: Path


@dataclass(frozen=True)
class RefusedRecord:
    """A record the hub refused for good (set aside so it blocks nothing behind it)."""

    key: str
    kind: str
    reason: str


def _conn(db: sqlite_utils.Database | sqlite3.Connection) -> sqlite3.Connection:
    return db.conn if isinstance(db, sqlite_utils.Database) else db


def create_schema(db: sqlite_utils.Database) -> None:
    """The outbox tables (migration v10). Idempotent and tolerant of the tables an earlier
    `upload push` created before the outbox was part of the migrations."""
    db.table("outbox").create(
        {
            "seq": int,
            "key": str,
            "kind": str,
            "occurred_at": str,
            "payload": str,
            "created_at": str,
            "sent_at": str,
            "refused": str,  # the hub's reason when it refused this record for good
        },
        pk="seq",
        not_null={"key", "kind", "occurred_at", "payload", "created_at"},
        if_not_exists=True,
    )
    if "refused" not in db.table("outbox").columns_dict:
        db.table("outbox").add_column("refused", str)
    db.table("outbox").create_index(["key"], unique=True, if_not_exists=True)
    db.execute("DROP INDEX IF EXISTS idx_outbox_pending")
    db.execute(
        "CREATE INDEX idx_outbox_pending ON outbox(seq) WHERE sent_at IS NULL AND refused IS NULL"
    )
    db.table("outbox_evidence").create(
        {"sha256": str, "path": str, "queued_at": str, "sent_at": str, "failed": str},
        pk="sha256",
        not_null={"path", "queued_at"},
        if_not_exists=True,
    )
    db.table("upload_state").create({"name": str, "value": str}, pk="name", if_not_exists=True)
    db.table("log_identity").create({"log_id": str}, not_null={"log_id"}, if_not_exists=True)
    if db.execute("SELECT count(*) FROM log_identity").fetchone()[0] == 0:
        db.execute("INSERT INTO log_identity (log_id) VALUES (?)", [uuid.uuid4().hex])


def log_id(db: sqlite_utils.Database | sqlite3.Connection) -> str:
    """This log's random id (made once, by the migration)."""
    return str(_conn(db).execute("SELECT log_id FROM log_identity").fetchone()[0])


def record_key(db: sqlite_utils.Database | sqlite3.Connection, kind: str, local_id: int) -> str:
    """The key of the record for row `local_id` of `kind`: the same row always gets the same
    key (so a revocation can name its decision's key), and no other log's rows share it."""
    return f"{log_id(db)}:{kind}:{local_id}"


def enqueue(
    db: sqlite_utils.Database | sqlite3.Connection,
    kind: str,
    payload: dict[str, Any],
    occurred_at: datetime,
    key: str | None = None,
) -> str:
    """Add one record to the outbox inside the caller's open transaction (no commit here).

    Returns the idempotency key (a random one unless given). Raises ValueError for an unknown
    kind or a naive time, before anything is written, so a programming error cannot half-write
    the caller's transaction.
    """
    if kind not in RECORD_KINDS:
        raise ValueError(f"unknown outbox record kind {kind!r}; expected one of {RECORD_KINDS}")
    if occurred_at.tzinfo is None:
        raise ValueError("occurred_at must be timezone-aware")
    key = key or uuid.uuid4().hex
    _conn(db).execute(
        "INSERT INTO outbox (key, kind, occurred_at, payload, created_at) VALUES (?, ?, ?, ?, ?)",
        (
            key,
            kind,
            occurred_at.astimezone(UTC).isoformat(),
            json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False),
            datetime.now(UTC).isoformat(),
        ),
    )
    return key


def enqueue_evidence(
    db: sqlite_utils.Database | sqlite3.Connection, sha256: str, path: Path
) -> None:
    """Queue an evidence file (flagged parcel) for upload, inside the caller's transaction."""
    _conn(db).execute(
        "INSERT OR IGNORE INTO outbox_evidence (sha256, path, queued_at) VALUES (?, ?, ?)",
        (sha256, str(path), datetime.now(UTC).isoformat()),
    )


class SqliteOutbox:
    """The outbox in the station's SQLite file, on a connection of its own (WAL).

    Opening migrates the file like any station connection, so the outbox tables are there. One
    lock serialises the connection, so one instance may be used from the thread that drains it
    and another that reads its counts.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.db = open_database(self.path, shared=True)
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            self.db.conn.close()

    def _write(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self._lock, transaction(self.db):
            self.db.conn.executemany(sql, rows)

    def _one(self, sql: str) -> int:
        with self._lock:
            return int(self.db.conn.execute(sql).fetchone()[0])

    def pending(self, limit: int) -> list[OutboxRecord]:
        """Up to `limit` records neither sent nor refused, oldest first."""
        with self._lock:
            rows = self.db.conn.execute(
                "SELECT key, kind, occurred_at, payload FROM outbox"
                " WHERE sent_at IS NULL AND refused IS NULL ORDER BY seq LIMIT ?",
                (limit,),
            ).fetchall()
        return [
            OutboxRecord(key, kind, datetime.fromisoformat(at), json.loads(payload))
            for key, kind, at, payload in rows
        ]

    def mark_sent(self, keys: Sequence[str]) -> None:
        """The hub acknowledged these keys; never offer them again."""
        now = datetime.now(UTC).isoformat()
        self._write(
            "UPDATE outbox SET sent_at = ? WHERE key = ? AND sent_at IS NULL",
            [(now, key) for key in keys],
        )

    def mark_refused(self, key: str, reason: str) -> None:
        """The hub refused this record for good: set it aside with the reason."""
        self._write(
            "UPDATE outbox SET refused = ? WHERE key = ? AND sent_at IS NULL", [(reason, key)]
        )

    def refused(self, limit: int = 20) -> list[RefusedRecord]:
        """Records set aside, newest first."""
        with self._lock:
            rows = self.db.conn.execute(
                "SELECT key, kind, refused FROM outbox WHERE refused IS NOT NULL"
                " AND sent_at IS NULL ORDER BY seq DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [RefusedRecord(*row) for row in rows]

    def refused_count(self) -> int:
        return self._one(
            "SELECT count(*) FROM outbox WHERE refused IS NOT NULL AND sent_at IS NULL"
        )

    def requeue_refused(self) -> int:
        """Offer the set-aside records again (after the hub was fixed); returns how many."""
        count = self.refused_count()
        self._write("UPDATE outbox SET refused = NULL WHERE refused IS NOT NULL", [()])
        return count

    def backlog(self) -> int:
        return self._one("SELECT count(*) FROM outbox WHERE sent_at IS NULL AND refused IS NULL")

    def add(self, record: OutboxRecord) -> None:
        """Enqueue one record in its own transaction (tests, bench, tools)."""
        with self._lock, transaction(self.db):
            enqueue(self.db, record.kind, record.payload, record.occurred_at, record.key)

    def add_evidence(self, sha256: str, path: Path) -> None:
        with self._lock, transaction(self.db):
            enqueue_evidence(self.db, sha256, path)

    def pending_evidence(self, limit: int) -> list[EvidenceItem]:
        with self._lock:
            rows = self.db.conn.execute(
                "SELECT sha256, path FROM outbox_evidence"
                " WHERE sent_at IS NULL AND failed IS NULL ORDER BY queued_at LIMIT ?",
                (limit,),
            ).fetchall()
        return [EvidenceItem(sha, Path(path)) for sha, path in rows]

    def evidence_backlog(self) -> int:
        return self._one(
            "SELECT count(*) FROM outbox_evidence WHERE sent_at IS NULL AND failed IS NULL"
        )

    def mark_evidence(self, sha256: str, failed: str | None = None) -> None:
        """Sent (failed=None) or set aside with the reason, so one bad file blocks nothing."""
        if failed is None:
            now = datetime.now(UTC).isoformat()
            self._write("UPDATE outbox_evidence SET sent_at = ? WHERE sha256 = ?", [(now, sha256)])
        else:
            self._write(
                "UPDATE outbox_evidence SET failed = ? WHERE sha256 = ?", [(failed, sha256)]
            )

    def set_state(self, name: str, value: str) -> None:
        self._write(
            "INSERT INTO upload_state (name, value) VALUES (?, ?)"
            " ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            [(name, value)],
        )

    def state(self) -> dict[str, str]:
        with self._lock:
            return dict(self.db.conn.execute("SELECT name, value FROM upload_state").fetchall())

"""The station's outbox: every record that must reach the hub waits here until acknowledged.

A record's outbox row is written in the *same SQLite transaction* as the record itself (use
`enqueue(conn, ...)` inside the caller's transaction; it never commits), so a crash can neither
lose a record nor send one that was rolled back. The uploader only sees the small `Outbox`
protocol, so tests and the bench can hand it any store.

Tables (created idempotently by `ensure_outbox_tables`): `outbox` (one row per record; `sent_at`
set once the hub acknowledged it), `outbox_evidence` (flagged parcels' image files), and
`upload_state` (last success / last error, shown by `inspector-app upload status`).
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
from typing import Any, Protocol

import sqlite_utils

from inspector_app.sync.wire import RECORD_KINDS


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


class Outbox(Protocol):
    """What the uploader needs from any outbox."""

    def pending(self, limit: int) -> list[OutboxRecord]:
        """Up to `limit` unsent records, oldest first."""
        ...

    def mark_sent(self, keys: Sequence[str]) -> None:
        """The hub acknowledged these keys; never offer them again."""
        ...


def ensure_outbox_tables(db: sqlite_utils.Database | sqlite3.Connection) -> None:
    """Create the outbox tables if missing (safe to call at every start / from migrations)."""
    if isinstance(db, sqlite3.Connection):
        db = sqlite_utils.Database(db)
    db.table("outbox").create(
        {
            "seq": int,
            "key": str,
            "kind": str,
            "occurred_at": str,
            "payload": str,
            "created_at": str,
            "sent_at": str,
        },
        pk="seq",
        not_null={"key", "kind", "occurred_at", "payload", "created_at"},
        if_not_exists=True,
    )
    db.table("outbox").create_index(["key"], unique=True, if_not_exists=True)
    db.execute("CREATE INDEX IF NOT EXISTS idx_outbox_pending ON outbox(seq) WHERE sent_at IS NULL")
    db.table("outbox_evidence").create(
        {"sha256": str, "path": str, "queued_at": str, "sent_at": str, "failed": str},
        pk="sha256",
        not_null={"path", "queued_at"},
        if_not_exists=True,
    )
    db.table("upload_state").create({"name": str, "value": str}, pk="name", if_not_exists=True)


def new_key() -> str:
    """A fresh idempotency key (random UUID, hex): unique without coordination."""
    return uuid.uuid4().hex


def enqueue(
    conn: sqlite3.Connection,
    kind: str,
    payload: dict[str, Any],
    occurred_at: datetime,
    key: str | None = None,
) -> str:
    """Add one record to the outbox inside the caller's open transaction (no commit here).

    Returns the idempotency key. Raises ValueError for an unknown kind or a naive time, before
    anything is written, so a programming error cannot half-write the caller's transaction.
    """
    if kind not in RECORD_KINDS:
        raise ValueError(f"unknown outbox record kind {kind!r}; expected one of {RECORD_KINDS}")
    if occurred_at.tzinfo is None:
        raise ValueError("occurred_at must be timezone-aware")
    key = key or new_key()
    conn.execute(
        "INSERT INTO outbox (key, kind, occurred_at, payload, created_at) VALUES (?, ?, ?, ?, ?)",
        (
            key,
            kind,
            occurred_at.astimezone(UTC).isoformat(),
            json.dumps(payload, sort_keys=True, separators=(",", ":")),
            datetime.now(UTC).isoformat(),
        ),
    )
    return key


def enqueue_evidence(conn: sqlite3.Connection, sha256: str, path: Path) -> None:
    """Queue an evidence file (flagged parcel) for upload, inside the caller's transaction."""
    conn.execute(
        "INSERT OR IGNORE INTO outbox_evidence (sha256, path, queued_at) VALUES (?, ?, ?)",
        (sha256, str(path), datetime.now(UTC).isoformat()),
    )


class SqliteOutbox:
    """The outbox in the station's SQLite file, as the uploader sees it (own connection, WAL)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._conn = sqlite3.connect(self.path, timeout=30.0, check_same_thread=False)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=FULL")
        self._lock = threading.Lock()
        with self._lock, self._conn:
            ensure_outbox_tables(self._conn)

    def close(self) -> None:
        self._conn.close()

    def pending(self, limit: int) -> list[OutboxRecord]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT key, kind, occurred_at, payload FROM outbox"
                " WHERE sent_at IS NULL ORDER BY seq LIMIT ?",
                (limit,),
            ).fetchall()
        return [
            OutboxRecord(key, kind, datetime.fromisoformat(at), json.loads(payload))
            for key, kind, at, payload in rows
        ]

    def mark_sent(self, keys: Sequence[str]) -> None:
        now = datetime.now(UTC).isoformat()
        with self._lock, self._conn:
            self._conn.executemany(
                "UPDATE outbox SET sent_at = ? WHERE key = ? AND sent_at IS NULL",
                [(now, key) for key in keys],
            )

    def backlog(self) -> int:
        with self._lock:
            return self._conn.execute(
                "SELECT count(*) FROM outbox WHERE sent_at IS NULL"
            ).fetchone()[0]

    def add(self, record: OutboxRecord) -> None:
        """Enqueue one record in its own transaction (tests, bench, tools)."""
        with self._lock, self._conn:
            enqueue(self._conn, record.kind, record.payload, record.occurred_at, record.key)

    def add_evidence(self, sha256: str, path: Path) -> None:
        with self._lock, self._conn:
            enqueue_evidence(self._conn, sha256, path)

    def pending_evidence(self, limit: int) -> list[EvidenceItem]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT sha256, path FROM outbox_evidence"
                " WHERE sent_at IS NULL AND failed IS NULL ORDER BY queued_at LIMIT ?",
                (limit,),
            ).fetchall()
        return [EvidenceItem(sha, Path(path)) for sha, path in rows]

    def evidence_backlog(self) -> int:
        with self._lock:
            return self._conn.execute(
                "SELECT count(*) FROM outbox_evidence WHERE sent_at IS NULL AND failed IS NULL"
            ).fetchone()[0]

    def mark_evidence(self, sha256: str, failed: str | None = None) -> None:
        """Sent (failed=None) or set aside with the reason, so one bad file blocks nothing."""
        now = datetime.now(UTC).isoformat()
        with self._lock, self._conn:
            if failed is None:
                self._conn.execute(
                    "UPDATE outbox_evidence SET sent_at = ? WHERE sha256 = ?", (now, sha256)
                )
            else:
                self._conn.execute(
                    "UPDATE outbox_evidence SET failed = ? WHERE sha256 = ?", (failed, sha256)
                )

    def set_state(self, name: str, value: str) -> None:
        with self._lock, self._conn:
            self._conn.execute(
                "INSERT INTO upload_state (name, value) VALUES (?, ?)"
                " ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                (name, value),
            )

    def state(self) -> dict[str, str]:
        with self._lock:
            return dict(self._conn.execute("SELECT name, value FROM upload_state").fetchall())

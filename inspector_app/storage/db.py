"""Open the SQLite log safely and bring its schema up to date.

One connection per thread (sqlite3 objects must not cross threads), WAL so the GUI can read
while a worker writes, and `synchronous=FULL` because a decision, once acknowledged, must
survive a power cut. Migrations are numbered and recorded in PRAGMA user_version.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils


class DatabaseError(Exception):
    """The decision log cannot be opened or written; the message says what to do."""


def _v1_initial(db: sqlite_utils.Database) -> None:
    db.table("scans").create(
        {
            "scan_id": str,
            "source": str,
            "received_at": str,
            "status": str,  # screened | quarantined
            "error": str,
            "image_sha256": str,
            "image_path": str,
            "width": int,
            "height": int,
            "model_name": str,
            "model_version": str,
            "model_sha256": str,
            "detections": str,  # JSON list of {label, score, box}
            "inference_ms": float,
        },
        pk="scan_id",
        not_null={"scan_id", "source", "received_at", "status"},
    )
    db.table("decisions").create(
        {
            "id": int,
            "scan_id": str,
            "verdict": str,
            "category": str,
            "inspector": str,
            "decided_at": str,
            "duration_s": float,
            "note": str,
        },
        pk="id",
        foreign_keys=[("scan_id", "scans", "scan_id")],
        not_null={"scan_id", "verdict", "inspector", "decided_at", "duration_s"},
    )
    db.table("decisions").create_index(["scan_id"])
    db.table("scans").create_index(["received_at"])
    db.create_view(
        "decision_log",
        """
        SELECT d.id AS decision_id, d.scan_id, s.image_sha256, s.image_path, s.detections,
               s.model_name, s.model_version, s.model_sha256, d.verdict, d.category,
               d.inspector, s.received_at, d.decided_at, d.duration_s, d.note
        FROM decisions d JOIN scans s ON s.scan_id = d.scan_id
        """,
    )


def _v2_accounts_and_audit(db: sqlite_utils.Database) -> None:
    """Local user accounts and the append-only audit log (see inspector_app.accounts)."""
    db.table("users").create(
        {
            "name": str,
            "role": str,  # inspector | supervisor | admin
            "password_hash": str,  # argon2id, never the password
            "disabled": int,
            "failed_count": int,  # consecutive wrong passwords since the last success/lock
            "locked_until": str,  # UTC ISO time, NULL when not locked
            "created_at": str,
            "created_by": str,
            "changed_at": str,
            "last_login_at": str,
        },
        pk="name",
        not_null={"name", "role", "password_hash", "disabled", "failed_count", "created_at"},
        defaults={"disabled": 0, "failed_count": 0},
    )
    db.execute("CREATE UNIQUE INDEX users_name_nocase ON users (name COLLATE NOCASE)")
    db.table("audit_log").create(
        {
            "id": int,
            "at": str,  # UTC ISO time
            "user": str,
            "action": str,
            "details": str,  # JSON object
            "row_hash": str,  # SHA-256 chained over the previous row: edits show
        },
        pk="id",
        not_null={"at", "action", "details", "row_hash"},
    )
    db.table("audit_log").create_index(["at"])
    for verb in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
        )


def _v3_review_details(db: sqlite_utils.Database) -> None:
    """Per-parcel details (parcel ID, route), per-box verdicts, inspector-drawn regions, undo.

    An undone decision is kept with `revoked_at` set (it happened, and the log says so); the
    decision_log view shows only decisions in force.
    """
    for column, kind in [
        ("parcel_id", str),
        ("origin_country", str),
        ("destination_country", str),
        ("cues_shown_after_s", float),
        ("revoked_at", str),
    ]:
        db.table("decisions").add_column(column, kind)
    db.table("box_reviews").create(
        {
            "id": int,
            "decision_id": int,
            "detection_index": int,
            "label": str,
            "verdict": str,  # confirmed | rejected
        },
        pk="id",
        foreign_keys=[("decision_id", "decisions", "id")],
        not_null={"decision_id", "detection_index", "label", "verdict"},
    )
    db.table("inspector_marks").create(
        {
            "id": int,
            "decision_id": int,
            "label": str,
            "x1": float,
            "y1": float,
            "x2": float,
            "y2": float,
        },
        pk="id",
        foreign_keys=[("decision_id", "decisions", "id")],
        not_null={"decision_id", "label", "x1", "y1", "x2", "y2"},
    )
    db.table("box_reviews").create_index(["decision_id"])
    db.table("inspector_marks").create_index(["decision_id"])
    db.execute("DROP VIEW decision_log")
    db.create_view(
        "decision_log",
        """
        SELECT d.id AS decision_id, d.scan_id, s.image_sha256, s.image_path, s.detections,
               s.model_name, s.model_version, s.model_sha256, d.verdict, d.category,
               d.inspector, s.received_at, d.decided_at, d.duration_s, d.note, d.parcel_id,
               d.origin_country, d.destination_country, d.cues_shown_after_s
        FROM decisions d JOIN scans s ON s.scan_id = d.scan_id
        WHERE d.revoked_at IS NULL
        """,
    )


def _v4_tip_events(db: sqlite_utils.Database) -> None:
    """TIP responses, kept apart from decisions so a TIP is never reported as a real find."""
    db.table("tip_events").create(
        {
            "id": int,
            "scan_id": str,
            "inspector": str,
            "label": str,
            "x1": float,
            "y1": float,
            "x2": float,
            "y2": float,
            "response": str,  # the verdict the inspector gave on the TIP image
            "hit": int,  # 1 when the inspector flagged it (suspect or refer)
            "decided_at": str,
            "duration_s": float,
        },
        pk="id",
        foreign_keys=[("scan_id", "scans", "scan_id")],
        not_null={"scan_id", "inspector", "label", "response", "hit", "decided_at"},
    )
    db.table("tip_events").create_index(["inspector"])


def _v5_vendor_cues(db: sqlite_utils.Database) -> None:
    """The scanner vendor's own alarms (DICOS TDR) kept with the scan, beside our detections."""
    db.table("scans").add_column("vendor_cues", str)  # JSON list of {label, box, alarm, object_id}


def _v6_second_views(db: sqlite_utils.Database) -> None:
    """A dual-view scanner's second view is its own scans row pointing at the parcel's row."""
    db.table("scans").add_column("parent_scan_id", str)
    db.table("scans").create_index(["parent_scan_id"])


def _v7_lanes(db: sqlite_utils.Database) -> None:
    """Several feeds on one station: each scan keeps the lane it came from."""
    db.table("scans").add_column("lane", str)
    db.table("scans").create_index(["lane"])
    db.execute("DROP VIEW decision_log")
    db.create_view(
        "decision_log",
        """
        SELECT d.id AS decision_id, d.scan_id, s.lane, s.source, s.image_sha256, s.image_path,
               s.detections, s.model_name, s.model_version, s.model_sha256, d.verdict,
               d.category, d.inspector, s.received_at, d.decided_at, d.duration_s, d.note,
               d.parcel_id, d.origin_country, d.destination_country, d.cues_shown_after_s
        FROM decisions d JOIN scans s ON s.scan_id = d.scan_id
        WHERE d.revoked_at IS NULL
        """,
    )


def _v8_sources_and_ingest_ledger(db: sqlite_utils.Database) -> None:
    """Where each scan came from (file path and name, scanner ID) so a reviewed image can be
    found again at the scanner, and the ingest ledger: one row per file a feed took, written in
    the same transaction as the file's scans row, so a restart knows exactly which files are
    done (screened, quarantined or a duplicate) and screens every other one exactly once."""
    for column in ("source_path", "source_name", "scanner_id"):
        db.table("scans").add_column(column, str)
    db.table("ingest_ledger").create(
        {
            "id": int,
            "lane": str,
            "path": str,  # where the file was found (absolute)
            "name": str,
            "sha256": str,
            "size": int,
            "status": str,  # screened | quarantined | duplicate
            "scan_id": str,  # the scan it became (for a duplicate: the first copy's)
            "reason": str,  # why it was quarantined or skipped
            "at": str,  # UTC ISO time it was settled
        },
        pk="id",
        not_null={"lane", "path", "name", "sha256", "status", "at"},
    )
    db.execute("CREATE UNIQUE INDEX ingest_ledger_file ON ingest_ledger (lane, path, sha256)")
    db.table("ingest_ledger").create_index(["lane", "sha256"])
    db.execute("DROP VIEW decision_log")
    db.create_view(
        "decision_log",
        """
        SELECT d.id AS decision_id, d.scan_id, s.lane, s.source, s.source_name, s.source_path,
               s.scanner_id, s.image_sha256, s.image_path,
               s.detections, s.model_name, s.model_version, s.model_sha256, d.verdict,
               d.category, d.inspector, s.received_at, d.decided_at, d.duration_s, d.note,
               d.parcel_id, d.origin_country, d.destination_country, d.cues_shown_after_s
        FROM decisions d JOIN scans s ON s.scan_id = d.scan_id
        WHERE d.revoked_at IS NULL
        """,
    )


def _v9_tamper_evidence_chains(db: sqlite_utils.Database) -> None:
    """Keyed hash chains over every record that matters (see storage/chain.py); rows already
    in the log are chained as they are now, so from here on any edit shows."""
    from inspector_app.storage.chain import create_schema, seal_existing

    create_schema(db.conn)
    seal_existing(db.conn)


def _v10_outbox(db: sqlite_utils.Database) -> None:
    """The outbox (see storage/outbox.py): from here on every record the hub should receive
    gets its outbox row in the record's own transaction. Records already in the log are queued
    now, oldest first, so an upgraded station's outbox is as full as a new one's."""
    from inspector_app.storage.outbound import queue_history
    from inspector_app.storage.outbox import create_schema

    create_schema(db)
    queue_history(db)


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _v1_initial,
    _v2_accounts_and_audit,
    _v3_review_details,
    _v4_tip_events,
    _v5_vendor_cues,
    _v6_second_views,
    _v7_lanes,
    _v8_sources_and_ingest_ledger,
    _v9_tamper_evidence_chains,
    _v10_outbox,
]


def open_database(path: Path, *, shared: bool = False) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the log at `path`.

    `shared`: the connection may be used from several threads, which the caller then
    serialises with a lock of its own (the outbox: drained on one thread, counted on another).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not path.exists():  # private from the start: SQLite's -wal/-shm files copy the mode
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        conn = sqlite3.connect(
            str(path), timeout=10.0, isolation_level=None, check_same_thread=not shared
        )
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        db = sqlite_utils.Database(conn)
        migrate(db)
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(
            f"the decision log {path} cannot be opened ({exc}); "
            "check the disk and that the file is a decision log"
        ) from exc
    except OSError as exc:
        raise DatabaseError(f"cannot create the decision log at {path}: {exc}") from exc
    return db


def schema_version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite_utils.Database) -> None:
    """Apply every migration newer than the file's version, each in its own transaction."""
    current = schema_version(db)
    if current > len(MIGRATIONS):
        raise DatabaseError(
            f"the decision log was written by a newer version of the app (schema {current})"
        )
    for version, step in enumerate(MIGRATIONS[current:], start=current + 1):
        with transaction(db):
            if schema_version(db) >= version:  # another connection got there first
                continue
            step(db)
            db.execute(f"PRAGMA user_version = {version}")


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error: all of it lands or none of it."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")

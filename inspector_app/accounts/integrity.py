"""Signed checkpoints of the log's chains, and an administrator's acknowledgement of a break.

At every start and shift close the station signs the head of each chain with its Ed25519 key
and writes the statement into the audit log (itself chained): a log cut back to an earlier
state, or a chain rewritten wholesale, no longer contains what was signed, and `verify` says so.
A broken log stops screening until an administrator acknowledges the breaks: the
acknowledgement is an audited, chained row naming each break, so it covers exactly those.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

import sqlite_utils
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from inspector_app.accounts.audit import write_audit
from inspector_app.storage.chain import heads
from inspector_app.storage.chain_key import database_file, signing_key
from inspector_app.storage.chain_verify import (
    ACK_ACTION,
    CHECKPOINT_ACTION,
    checkpoint_message,
    keep_last_checkpoint,
)
from inspector_app.storage.db import transaction


def write_checkpoint(db: sqlite_utils.Database, user: Any, reason: str) -> int:
    """Sign the current chain heads and record the signature in the audit log."""
    key = signing_key(database_file(db.conn))
    now = datetime.now(UTC)

    def write() -> int:
        statement: dict[str, Any] = {
            "at": now.isoformat(timespec="milliseconds"),
            "reason": reason,
            "heads": {table: list(head) for table, head in heads(db.conn).items()},
        }
        signature = key.sign(checkpoint_message(statement))
        statement["signature"] = base64.urlsafe_b64encode(signature).rstrip(b"=").decode()
        raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        statement["public_key"] = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
        row = write_audit(db, at=now, user=user, action=CHECKPOINT_ACTION, details=statement)
        keep_last_checkpoint(database_file(db.conn), statement)
        return row

    if db.conn.in_transaction:
        return write()
    with transaction(db):  # the heads signed are the heads the audit row follows
        return write()


def acknowledge_breaks(db: sqlite_utils.Database, admin: str, breaks: list[str]) -> int:
    """Record that `admin` has seen these breaks; the station screens again (audited)."""
    with transaction(db):
        row = write_audit(
            db,
            at=datetime.now(UTC),
            user=admin,
            action=ACK_ACTION,
            details={"breaks": sorted(breaks), "count": len(breaks)},
        )
        write_checkpoint(db, admin, "acknowledged")
    return row

"""The audit log: who signed in, who changed what, when. Append-only.

Triggers in the schema reject UPDATE and DELETE; each row also carries a SHA-256 chained
over the previous row, so an edit made behind the app's back (triggers dropped, file
patched) is found by `verify_audit_chain`.

`audit(db, user, action, **details)` is the one call other code needs. Inside an open
transaction it joins it (so a setting change and its audit row commit together);
otherwise it commits on its own.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import sqlite_utils

from inspector_app.storage.chain import seal
from inspector_app.storage.db import transaction
from inspector_app.storage.outbound import queue_audit_event

GENESIS_HASH = "0" * 64
_FORBIDDEN_DETAIL_WORDS = ("password", "secret")


class AuditAction(StrEnum):
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    ACCOUNT_LOCKED = "account_locked"
    LOGOUT = "logout"
    SESSION_LOCKED = "session_locked"
    USER_CREATED = "user_created"
    USER_CHANGED = "user_changed"
    PASSWORD_CHANGED = "password_changed"
    SETTING_CHANGED = "setting_changed"
    MODEL_CHANGED = "model_changed"
    PERMISSION_DENIED = "permission_denied"


class AuditTampered(Exception):
    """The audit log was changed after it was written."""


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: datetime
    user: str | None
    action: str
    details: dict[str, Any]


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("audit times must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def _row_hash(previous: str, at: str, user: str | None, action: str, details: str) -> str:
    payload = "\x1f".join([previous, at, user or "", action, details])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _user_name(user: Any) -> str | None:
    """Accept a name, None (the system) or anything with a `.name` (a Session)."""
    if user is None or isinstance(user, str):
        return user
    return str(user.name)


def write_audit(
    db: sqlite_utils.Database,
    *,
    at: datetime,
    user: Any,
    action: str,
    details: dict[str, Any],
) -> int:
    """Append one row at an explicit time (the accounts service passes its own clock)."""
    if not action:
        raise ValueError("an audit entry needs an action")
    for key in details:
        if any(word in key.lower() for word in _FORBIDDEN_DETAIL_WORDS):
            raise ValueError(f"audit details must not contain secrets (key {key!r})")
    at_text = _iso(at)
    name = _user_name(user)
    details_text = json.dumps(details, sort_keys=True, default=str, ensure_ascii=False)

    def append() -> int:
        last = db.execute("SELECT row_hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        row_hash = _row_hash(last[0] if last else GENESIS_HASH, at_text, name, action, details_text)
        cursor = db.execute(
            "INSERT INTO audit_log (at, user, action, details, row_hash) VALUES (?, ?, ?, ?, ?)",
            [at_text, name, str(action), details_text, row_hash],
        )
        assert cursor.lastrowid is not None  # an INSERT always sets it
        seal(db, "audit_log", cursor.lastrowid)  # keyed: a recomputed SHA-256 chain shows
        queue_audit_event(db, cursor.lastrowid)  # for the hub, in the same transaction
        return cursor.lastrowid

    if db.conn.in_transaction:
        return append()
    with transaction(db):
        return append()


def audit(db: sqlite_utils.Database, user: Any, action: str, /, **details: Any) -> int:
    """Record `action` by `user` (a name, a Session or None) now; details become JSON.

    Example: audit(db, session, AuditAction.SETTING_CHANGED, key="confidence", old=0.3, new=0.4)
    Never pass passwords: keys naming secrets are refused.
    """
    return write_audit(db, at=datetime.now(UTC), user=user, action=action, details=details)


def read_audit(
    db: sqlite_utils.Database,
    *,
    user: str | None = None,
    action: str | None = None,
    last: int | None = None,
) -> list[AuditEntry]:
    """Entries oldest first, optionally filtered, or only the `last` N."""
    where, params = [], []
    if user is not None:
        where.append("user = ? COLLATE NOCASE")
        params.append(user)
    if action is not None:
        where.append("action = ?")
        params.append(str(action))
    sql = "SELECT id, at, user, action, details FROM audit_log"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY id DESC"
    if last is not None:
        sql += f" LIMIT {int(last)}"
    rows = db.execute(sql, params).fetchall()
    return [
        AuditEntry(row[0], datetime.fromisoformat(row[1]), row[2], row[3], json.loads(row[4]))
        for row in reversed(rows)
    ]


def verify_audit_chain(db: sqlite_utils.Database) -> int:
    """Check every row's hash; returns the number of rows, raises AuditTampered if edited."""
    previous = GENESIS_HASH
    count = 0
    for row in db.execute(
        "SELECT id, at, user, action, details, row_hash FROM audit_log ORDER BY id"
    ):
        expected = _row_hash(previous, row[1], row[2], row[3], row[4])
        if row[5] != expected:
            raise AuditTampered(f"audit log entry {row[0]} was changed or removed after writing")
        previous = row[5]
        count += 1
    return count

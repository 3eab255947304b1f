"""Which evidence images the retention policy removed, read from the chained audit log.

A removal is recorded (an `images_purged` audit row listing the SHA-256s) *before* the files
are deleted, so the log never holds a missing image that nothing explains. Only rows whose
chain link still matches count: a forged row cannot excuse a deleted image.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Any

from inspector_app.storage.chain import encode_row

PURGE_ACTION = "images_purged"


AuditDetails = list[tuple[str, dict[str, Any]]]


def chained_audit_details(conn: sqlite3.Connection, action: str) -> AuditDetails:
    """(at, details) of the audit rows of `action` that are chained unchanged, oldest first."""
    cursor = conn.execute(
        "SELECT a.*, (SELECT digest FROM chain_links WHERE tbl = 'audit_log' AND row_key = +a.id"
        " ORDER BY seq DESC LIMIT 1) FROM audit_log a WHERE a.action = ? ORDER BY a.id",
        [action],
    )
    names = [column[0] for column in cursor.description][:-1]
    found = []
    for record in cursor:
        row, digest = record[:-1], record[-1]
        if digest is not None and hashlib.sha256(encode_row(names, row)).digest() == digest:
            found.append((row[names.index("at")], json.loads(row[names.index("details")])))
    return found


def purged_images(conn: sqlite3.Connection) -> dict[str, str]:
    """SHA-256 → when the retention policy removed that image."""
    removed: dict[str, str] = {}
    for at, details in chained_audit_details(conn, PURGE_ACTION):
        for sha in details.get("images", []):
            removed.setdefault(str(sha), at)
    return removed

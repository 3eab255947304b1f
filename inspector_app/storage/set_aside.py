"""Scans set aside (not screened: unreadable, refused, a report whose image never came) that no
inspector has acknowledged yet — so the list survives a restart instead of emptying silently.

An acknowledgement is an audit row (`set_aside_acknowledged`, who and when, chained and sent to
the hub like every audit row); the scans row keeps the reason for good.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from inspector_app.storage.purges import chained_audit_details

ACK_ACTION = "set_aside_acknowledged"
SHOWN_AT_MOST = 500  # newest first; a station with more has a scanner problem, not a list


@dataclass(frozen=True)
class SetAsideRecord:
    scan_id: str
    lane: str
    name: str  # the file's name, or the source when there is no file
    reason: str
    received_at: datetime


def acknowledged_scans(conn: sqlite3.Connection) -> set[str]:
    return {str(d.get("scan_id")) for _at, d in chained_audit_details(conn, ACK_ACTION)}


def pending_set_aside(conn: sqlite3.Connection) -> list[SetAsideRecord]:
    """Set-aside scans not yet acknowledged, oldest first (at most the newest SHOWN_AT_MOST)."""
    done = acknowledged_scans(conn)
    rows = conn.execute(
        "SELECT scan_id, coalesce(lane, ''), coalesce(source_name, source), coalesce(error, ''),"
        " received_at FROM scans WHERE status = 'quarantined' ORDER BY received_at DESC"
    )
    pending = []
    for scan_id, lane, name, reason, received in rows:
        if scan_id in done:
            continue
        pending.append(
            SetAsideRecord(scan_id, lane, name, reason, datetime.fromisoformat(received))
        )
        if len(pending) == SHOWN_AT_MOST:
            break
    return pending[::-1]

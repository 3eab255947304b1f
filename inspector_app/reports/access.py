"""Who may export: a signed-in user whose role has EXPORT_REPORTS, checked and audited.

Why rights are read from the database and not from the session: a supervisor demoted or
disabled after signing in must be refused at once (the accounts service does the same for
user administration). Every export and every refusal lands in the hash-chained audit log, so
what left the station, and who tried, can be shown later.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from inspector_app.accounts import AccountService, Permission, audit

EXPORTED = "report_exported"


def authorize_export(db: sqlite_utils.Database, session: Any, what: str) -> None:
    """Raise PermissionDenied (after auditing the refusal) unless `session` may export."""
    AccountService(db).authorize(session, Permission.EXPORT_REPORTS, what)


def record_export(db: sqlite_utils.Database, session: Any, what: str, **details: Any) -> None:
    """Audit a finished export: what, where to, and what it covered."""
    audit(db, session, EXPORTED, what=what, **details)

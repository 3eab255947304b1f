"""`inspector-app verify` on the whole log, and an administrator's `--acknowledge`.

Kept apart from verify.py so that the command's table of checks stays small. Messages are
plain sentences; exit codes as in verify.py (0 intact, 1 breaks found, 2 cannot check).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from inspector_app.storage.chain_verify import Report, acknowledged, verify_log


def _report(db_path: Path, evidence: bool) -> tuple[Report, set[str]]:
    from inspector_app.reports.records import open_log

    db = open_log(db_path)
    try:
        return verify_log(db.conn, db_path, evidence=evidence), acknowledged(db.conn)
    finally:
        db.conn.close()


def check_log(db_path: Path, *, evidence: bool = True) -> int:
    started = time.perf_counter()
    report, known = _report(db_path, evidence)
    checked = ", ".join(f"{count} {what}" for what, count in report.checked.items())
    seconds = time.perf_counter() - started
    if report.ok:
        print(f"the log {db_path} verifies: {checked} ({seconds:.1f} s)")
        return 0
    first = report.breaks[0]
    print(f"THE LOG WAS CHANGED: {len(report.breaks)} break(s). First: {first}", file=sys.stderr)
    for item in report.breaks:
        note = " (acknowledged)" if str(item) in known else ""
        print(f"  - {item}{note}", file=sys.stderr)
    print(f"checked: {checked} ({seconds:.1f} s)", file=sys.stderr)
    return 1


def acknowledge(db_path: Path, args: argparse.Namespace) -> int:
    """An administrator signs in and acknowledges the current breaks (audited, chained)."""
    from inspector_app.accounts import AccountError, AccountService, Permission
    from inspector_app.accounts.integrity import acknowledge_breaks
    from inspector_app.commands._signin import Secrets, UsageError, sign_in

    report, known = _report(db_path, evidence=True)
    service = AccountService.open(db_path)
    try:
        session = sign_in(
            service,
            args,
            Secrets(args.password_stdin),
            Permission.MANAGE_USERS,
            "acknowledge breaks in the log",
        )
        if report.ok:
            print("the log verifies: nothing to acknowledge")
            return 0
        new = [str(item) for item in report.breaks if str(item) not in known]
        acknowledge_breaks(service.db, session.name, new)
    except (AccountError, UsageError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        service.close()
    print(f"{session.name} acknowledged {len(new)} break(s); the station screens again:")
    for line in new:
        print(f"  - {line}")
    return 0

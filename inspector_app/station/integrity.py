"""The station's start check: a log whose chains do not verify is not screened into.

Runs on the screening thread before the first scan (Qt-free): removes `.part` files left by an
interrupted evidence write, checks every chain, signature and trigger, and refuses with a
plain message while a break is not acknowledged by an administrator
(`inspector-app verify --acknowledge --as ADMIN`). A log that verifies gets a signed start
checkpoint. Evidence files are hashed by `inspector-app verify`, not at every start: a year of
images would hold the station up for hours.
"""

from __future__ import annotations

from pathlib import Path

from inspector_app.accounts.integrity import write_checkpoint
from inspector_app.storage.chain_verify import Report, acknowledged, verify_log
from inspector_app.storage.db import open_database
from inspector_app.storage.evidence import EvidenceStore


class IntegrityRefused(Exception):
    """The log was changed behind the station's back; screening waits for an administrator."""


def check_at_start(db_path: Path, evidence_dir: Path) -> Report:
    EvidenceStore(evidence_dir).sweep_partial()
    db = open_database(db_path)
    try:
        report = verify_log(db.conn, db_path, evidence=False)
        known = acknowledged(db.conn)
        new = [item for item in report.breaks if str(item) not in known]
        if new:
            more = f" (and {len(new) - 1} more)" if len(new) > 1 else ""
            raise IntegrityRefused(
                f"The decision log was changed outside the station: {new[0]}{more}. "
                "Screening is stopped until an administrator checks it and runs "
                "`inspector-app verify --acknowledge --as ADMIN`."
            )
        write_checkpoint(db, None, "start")
    finally:
        db.conn.close()
    return report

"""The audit log on a real SQLite file: append-only, tamper-evident, transactional."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from inspector_app.accounts import (
    AuditAction,
    AuditTampered,
    audit,
    read_audit,
    verify_audit_chain,
)
from inspector_app.accounts.audit import write_audit
from inspector_app.storage.db import open_database, schema_version, transaction


@pytest.fixture
def db(tmp_path: Path):
    database = open_database(tmp_path / "station.sqlite")
    yield database
    database.conn.close()


def test_entries_keep_time_user_action_and_json_details(db) -> None:
    audit(db, "root", AuditAction.SETTING_CHANGED, key="confidence", old=0.3, new=0.45)
    audit(db, None, AuditAction.MODEL_CHANGED, path=Path("/models/x.onnx"), sha256="ab" * 32)
    first, second = read_audit(db)
    assert (first.user, first.action) == ("root", "setting_changed")
    assert first.details == {"key": "confidence", "old": 0.3, "new": 0.45}
    assert first.at.tzinfo is not None and first.id < second.id
    assert second.user is None and second.details["path"] == "/models/x.onnx"
    assert [e.action for e in read_audit(db, last=1)] == ["model_changed"]
    assert read_audit(db, user="ROOT") == [first]


def test_update_and_delete_are_rejected(db, tmp_path: Path) -> None:
    audit(db, "anna", AuditAction.LOGIN)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE audit_log SET user = 'mallory'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM audit_log")
    # Also through a second, plain connection (not only through the app's code).
    raw = sqlite3.connect(tmp_path / "station.sqlite")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        raw.execute("UPDATE audit_log SET action = 'nothing'")
    raw.close()
    assert [(e.user, e.action) for e in read_audit(db)] == [("anna", "login")]


def test_chain_reveals_edits_made_behind_the_triggers(db) -> None:
    for index in range(3):
        audit(db, "anna", AuditAction.LOGIN, n=index)
    assert verify_audit_chain(db) == 3
    db.execute("DROP TRIGGER audit_log_no_update")
    db.execute("UPDATE audit_log SET user = 'mallory' WHERE id = 2")
    with pytest.raises(AuditTampered, match="entry 2"):
        verify_audit_chain(db)


def test_deleting_a_middle_row_breaks_the_chain(db) -> None:
    for index in range(3):
        audit(db, "anna", AuditAction.LOGIN, n=index)
    db.execute("DROP TRIGGER audit_log_no_delete")
    db.execute("DELETE FROM audit_log WHERE id = 2")
    with pytest.raises(AuditTampered, match="entry 3"):
        verify_audit_chain(db)


def test_audit_joins_the_callers_transaction(db) -> None:
    """A setting change and its audit row land together or not at all."""
    with pytest.raises(RuntimeError), transaction(db):
        audit(db, "root", AuditAction.SETTING_CHANGED, key="tip_rate", new=0.05)
        raise RuntimeError("saving the setting failed")
    assert read_audit(db) == []
    with transaction(db):
        audit(db, "root", AuditAction.SETTING_CHANGED, key="tip_rate", new=0.05)
    assert len(read_audit(db)) == 1


def test_secrets_and_bad_input_are_refused(db) -> None:
    with pytest.raises(ValueError, match="secrets"):
        audit(db, "root", AuditAction.USER_CHANGED, new_password="hunter22")
    with pytest.raises(ValueError, match="timezone"):
        write_audit(db, at=datetime(2026, 1, 1), user="x", action="login", details={})
    with pytest.raises(ValueError, match="action"):
        audit(db, "root", "")
    assert read_audit(db) == []


def test_migration_adds_accounts_tables_to_the_existing_log(db) -> None:
    assert schema_version(db) >= 2
    assert {"scans", "decisions", "users", "audit_log"} <= set(db.table_names())

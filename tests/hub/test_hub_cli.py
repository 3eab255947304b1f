"""The commands as an administrator and a station use them: `hub enrol-token`, then
`upload enrol`, `upload push`, `upload status`, against a real hub; bad input is a clear error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from inspector_app.storage.outbox import OutboxRecord, SqliteOutbox

REPO = Path(__file__).resolve().parents[2]


def _cli(*args: str, dirs: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "INSPECTOR_APP_DATA_DIR": str(dirs / "data"),
        "INSPECTOR_APP_CONFIG_DIR": str(dirs / "config"),
    }
    return subprocess.run(
        [sys.executable, "-m", "inspector_app", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )


def test_enrol_push_status_round_trip(hub, isolated_dirs: Path) -> None:
    made = _cli(
        "hub",
        "enrol-token",
        "--database-url",
        hub.db_url,
        "--station",
        "CLI-1",
        "--lane",
        "3",
        dirs=isolated_dirs,
    )
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip()

    enrolled = _cli("upload", "enrol", "--hub", hub.url, "--token", token, dirs=isolated_dirs)
    assert enrolled.returncode == 0, enrolled.stderr
    assert "CLI-1" in enrolled.stdout

    outbox = SqliteOutbox(isolated_dirs / "data" / "decisions.sqlite")
    for i in range(7):
        outbox.add(OutboxRecord(f"c{i}", "decision", datetime.now(UTC), {"verdict": "clear"}))
    pushed = _cli("upload", "push", dirs=isolated_dirs)
    assert pushed.returncode == 0, pushed.stderr
    assert "sent 7 record(s)" in pushed.stdout

    status = json.loads(_cli("upload", "status", "--json", dirs=isolated_dirs).stdout)
    assert status["upload"] == "on" and status["station_id"] == "CLI-1"
    assert status["backlog"] == 0 and status["last_success"] and not status["last_error"]
    assert hub.count() == 7

    again = _cli("upload", "enrol", "--hub", hub.url, "--token", token, dirs=isolated_dirs)
    assert again.returncode == 1 and "already used" in again.stderr


def test_refusal_is_recorded_as_last_error(hub, isolated_dirs: Path) -> None:
    token = _cli(
        "hub", "enrol-token", "--database-url", hub.db_url, "--station", "CLI-2", dirs=isolated_dirs
    ).stdout.strip()
    assert (
        _cli("upload", "enrol", "--hub", hub.url, "--token", token, dirs=isolated_dirs).returncode
        == 0
    )
    (isolated_dirs / "data" / "station_key.pem").unlink()  # a new key the hub does not know
    outbox = SqliteOutbox(isolated_dirs / "data" / "decisions.sqlite")
    outbox.add(OutboxRecord("x1", "decision", datetime.now(UTC), {}))
    pushed = _cli("upload", "push", dirs=isolated_dirs)
    assert pushed.returncode == 1 and "refused" in pushed.stderr and "401" in pushed.stderr
    status = json.loads(_cli("upload", "status", "--json", dirs=isolated_dirs).stdout)
    assert status["backlog"] == 1 and "does not verify" in status["last_error"]


def test_serve_with_embedded_database_starts_and_stops_it(isolated_dirs: Path) -> None:
    """One command gives a working hub; SIGTERM stops it and its PostgreSQL with it."""
    import shutil
    import signal
    import tempfile
    import time

    import httpx
    from hub_helpers import free_port

    data = Path(tempfile.mkdtemp(prefix="inspector-hub-test-serve-"))  # see conftest's pg
    port = free_port()
    env = {**os.environ, "INSPECTOR_APP_DATA_DIR": str(isolated_dirs / "data")}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "inspector_app",
            "hub",
            "serve",
            "--data-dir",
            str(data),
            "--port",
            str(port),
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None and time.monotonic() < deadline, proc.stdout.read()
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).json()
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        assert health == {"status": "ok", "database": True}
        pid = int((data / "pgdata" / "postmaster.pid").read_text().split()[0])
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
        deadline = time.monotonic() + 15
        while _alive(pid):
            assert time.monotonic() < deadline, "embedded PostgreSQL left running"
            time.sleep(0.2)
    finally:
        if proc.poll() is None:
            proc.kill()
        shutil.rmtree(data, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return (
        Path(f"/proc/{pid}/stat").exists() and ") Z " not in Path(f"/proc/{pid}/stat").read_text()
    )


def test_bad_arguments_are_clear_errors(isolated_dirs: Path) -> None:
    for args, message in (
        (("upload", "enrol", "--hub", "ftp://x", "--token", "t"), "http://"),
        (
            (
                "upload",
                "enrol",
                "--hub",
                "http://127.0.0.1:9",
                "--token",
                "t" * 20,
                "--ca-bundle",
                "/nonexistent.pem",
            ),
            "not a file",
        ),
        (
            ("hub", "enrol-token", "--database-url", "mysql://x", "--station", "A"),
            "not a PostgreSQL URL",
        ),
        (("hub", "enrol-token", "--station", "bad station!"), "--station"),
        (("hub", "serve", "--port", "70000"), "not a port"),
    ):
        out = _cli(*args, dirs=isolated_dirs)
        assert out.returncode != 0 and message in out.stderr, (args, out.stderr)
        assert "Traceback" not in out.stderr


def test_enrol_against_no_hub_fails_cleanly(isolated_dirs: Path) -> None:
    out = _cli(
        "upload", "enrol", "--hub", "http://127.0.0.1:9", "--token", "t" * 20, dirs=isolated_dirs
    )
    assert out.returncode == 1 and "unreachable" in out.stderr and "Traceback" not in out.stderr
    assert not (isolated_dirs / "data" / "upload.json").exists()


def test_enrol_tokens_survive_the_command_line() -> None:
    """A token is pasted after `--token`; one starting with '-' would be read as an option (CI
    once failed on such a draw), so every token must start with its prefix."""
    import argparse

    from inspector_app.hub.store import ENROL_TOKEN_PREFIX, new_enrol_token

    parser = argparse.ArgumentParser(exit_on_error=False)
    parser.add_argument("--token", required=True)
    tokens = {new_enrol_token() for _ in range(5000)}
    assert len(tokens) == 5000
    for token in tokens:
        assert token.startswith(ENROL_TOKEN_PREFIX)
        assert parser.parse_args(["--token", token]).token == token

"""`inspector-app export` through real subprocesses: sign-in, permission, audit, bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook
from report_log import PASSWORDS, Facts

from inspector_app.accounts import read_audit
from inspector_app.storage.db import open_database

SHIFT = ["--from", "2026-11-23T06:00+00:00", "--to", "2026-11-23T14:00+00:00"]


def export(*args: str, user: str | None = "sue", password: str | None = None):
    extra = ["--as", user, "--password-stdin"] if user else []
    return subprocess.run(
        [sys.executable, "-m", "inspector_app", "export", *args, *extra, "--quiet"],
        input=(password if password is not None else PASSWORDS.get(user or "", "")) + "\n",
        capture_output=True,
        text=True,
        timeout=120,
    )


def _audit(facts: Facts):
    db = open_database(facts.path)
    try:
        return read_audit(db)
    finally:
        db.conn.close()


def test_supervisor_exports_and_it_is_audited(shift_log: Facts, tmp_path: Path) -> None:
    out = tmp_path / "shift.xlsx"
    done = export("shift", *SHIFT, "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "11 decisions" in done.stdout
    assert load_workbook(out).sheetnames == ["Summary", "Detail"]
    last = [e for e in _audit(shift_log) if e.action == "report_exported"]
    assert last and last[-1].user == "sue" and last[-1].details["decisions"] == 11
    assert last[-1].details["format"] == "xlsx"


def test_inspector_is_refused_and_the_refusal_is_audited(shift_log: Facts, tmp_path: Path) -> None:
    out = tmp_path / "shift.csv"
    refused = export("shift", *SHIFT, "--out", str(out), user="ian")
    assert refused.returncode == 1
    assert "not allowed to export the shift log" in refused.stderr
    assert "Traceback" not in refused.stderr and not out.exists()
    entries = [e for e in _audit(shift_log) if e.action == "permission_denied"]
    assert entries and entries[-1].user == "ian"


def test_sign_in_and_input_errors_are_clear(shift_log: Facts, tmp_path: Path) -> None:
    out = str(tmp_path / "x.csv")
    wrong = export("shift", *SHIFT, "--out", out, password="nope-nope")
    assert wrong.returncode == 1 and "wrong user name or password" in wrong.stderr
    nobody = export("shift", *SHIFT, "--out", out, user=None)
    assert nobody.returncode == 2 and "--as USER" in nobody.stderr
    bad_time = export("shift", "--from", "yesterday", "--to", "2026-11-24", "--out", out)
    assert bad_time.returncode == 2 and "not an ISO date" in bad_time.stderr
    backwards = export("shift", "--from", "2026-11-24", "--to", "2026-11-23", "--out", out)
    assert backwards.returncode == 2 and "period is empty" in backwards.stderr
    no_format = export("shift", *SHIFT, "--out", str(tmp_path / "x.txt"))
    assert no_format.returncode == 2 and "--format" in no_format.stderr
    missing = export("shift", *SHIFT, "--out", out, "--db", str(tmp_path / "none.sqlite"))
    assert missing.returncode == 2 and "no decision log" in missing.stderr
    for result in (wrong, nobody, bad_time, backwards, no_format, missing):
        assert "Traceback" not in result.stderr

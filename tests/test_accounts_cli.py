"""`inspector-app users` round trip through real subprocesses and the station's own database."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from inspector_app.accounts import AccountDisabled, AccountService, WrongPassword, read_audit


def _users(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "inspector_app", "users", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


AS_ROOT = ("--as", "root", "--password-stdin")


def _listed() -> dict[str, dict]:
    out = _users("list", "--json", *AS_ROOT, stdin="admin-pass-1\n")
    assert out.returncode == 0, out.stderr
    return {row["name"]: row for row in map(json.loads, out.stdout.splitlines())}


def test_users_round_trip(isolated_dirs: Path) -> None:
    db_path = isolated_dirs / "data" / "decisions.sqlite"  # the app's default log location
    assert "no users yet" in _users("list").stdout

    refused = _users("add", "anna", "--password-stdin", stdin="anna-pass-1\n")
    assert refused.returncode == 2 and "no administrator yet" in refused.stderr

    first = _users("add", "root", "--role", "admin", "--password-stdin", stdin="admin-pass-1\n")
    assert first.returncode == 0, first.stderr
    assert "first administrator" in first.stdout

    secrets = "admin-pass-1\nanna-pass-1\n"
    added = _users("add", "anna", "--as", "root", "--password-stdin", stdin=secrets)
    assert added.returncode == 0, added.stderr

    wrong = _users("add", "bob", "--as", "root", "--password-stdin", stdin="guess-1234\nx\n")
    assert wrong.returncode == 1
    assert "wrong user name or password" in wrong.stderr and "Traceback" not in wrong.stderr

    no_admin = _users("disable", "anna", "--password-stdin", stdin="admin-pass-1\n")
    assert no_admin.returncode == 2 and "--as ADMIN" in no_admin.stderr

    users = _listed()
    assert {name: u["role"] for name, u in users.items()} == {"anna": "inspector", "root": "admin"}
    assert users["anna"]["status"] == "active"

    assert (
        _users(
            "disable", "anna", "--as", "root", "--password-stdin", stdin="admin-pass-1\n"
        ).returncode
        == 0
    )
    assert _listed()["anna"]["status"] == "disabled"
    service = AccountService.open(
        db_path, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )
    with pytest.raises(AccountDisabled):
        service.login("anna", "anna-pass-1")

    for action in ("enable", "unlock"):
        done = _users(action, "anna", "--as", "root", "--password-stdin", stdin="admin-pass-1\n")
        assert done.returncode == 0, done.stderr
    reset = _users(
        "reset-password",
        "anna",
        "--as",
        "root",
        "--password-stdin",
        stdin="admin-pass-1\nnew-anna-pass\n",
    )
    assert reset.returncode == 0, reset.stderr
    assert service.login("anna", "new-anna-pass").name == "anna"  # CLI hash verifies here

    changes = [e.details.get("change") for e in read_audit(service.db, action="user_changed")]
    assert changes == ["disabled", "enabled", "unlocked", "password_reset"]
    service.close()

    log = _users("audit", "--last", "100", *AS_ROOT, stdin="admin-pass-1\n")
    assert "user_created" in log.stdout and "login_failed" in log.stdout
    verified = _users("audit", "--verify", *AS_ROOT, stdin="admin-pass-1\n")
    assert verified.returncode == 0 and "audit log intact" in verified.stdout


def test_reading_users_and_the_audit_log_needs_the_right_role(isolated_dirs: Path) -> None:
    _users("add", "root", "--role", "admin", "--password-stdin", stdin="admin-pass-1\n")
    secrets = "admin-pass-1\nanna-pass-1\n"
    _users("add", "anna", *AS_ROOT, stdin=secrets)
    assert _users("list").returncode == 2  # who is asking?
    as_anna = ("--as", "anna", "--password-stdin")
    refused = _users("list", *as_anna, stdin="anna-pass-1\n")
    assert refused.returncode == 1 and "not allowed to list users" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert _users("audit", *as_anna, stdin="anna-pass-1\n").returncode == 1
    log = _users("audit", "--last", "5", *AS_ROOT, stdin="admin-pass-1\n").stdout
    assert log.count("permission_denied") == 2  # both refusals are on record


def test_unknown_user_and_bad_role_are_clear_errors(tmp_path: Path) -> None:
    db = str(tmp_path / "s.sqlite")
    bad_role = _users("add", "root", "--role", "boss", "--db", db, "--password-stdin", stdin="x\n")
    assert bad_role.returncode == 2 and "choose one of inspector" in bad_role.stderr
    _users("add", "root", "--role", "admin", "--db", db, "--password-stdin", stdin="admin-pass-1\n")
    missing = _users(
        "unlock", "zoe", "--as", "root", "--db", db, "--password-stdin", stdin="admin-pass-1\n"
    )
    assert missing.returncode == 1 and "no user named “zoe”" in missing.stderr


def test_users_change_their_own_password(tmp_path: Path) -> None:
    db = str(tmp_path / "s.sqlite")
    _users("add", "root", "--role", "admin", "--db", db, "--password-stdin", stdin="admin-pass-1\n")
    _users("add", "anna", *AS_ROOT, "--db", db, stdin="admin-pass-1\nanna-pass-1\n")
    as_anna = ("passwd", "--as", "anna", "--db", db, "--password-stdin")

    wrong = _users(*as_anna, stdin="not-my-pass\nanna-new-pass\nanna-new-pass\n")
    assert wrong.returncode == 1 and "wrong user name or password" in wrong.stderr
    assert "Traceback" not in wrong.stderr
    mismatch = _users(*as_anna, stdin="anna-pass-1\nanna-new-pass\nanna-new-pazz\n")
    assert mismatch.returncode == 2 and "do not match" in mismatch.stderr
    short = _users(*as_anna, stdin="anna-pass-1\nshort\nshort\n")
    assert short.returncode == 1 and "at least 8 characters" in short.stderr

    done = _users(*as_anna, stdin="anna-pass-1\nanna-new-pass\nanna-new-pass\n")
    assert done.returncode == 0, done.stderr
    assert "password of “anna” changed" in done.stdout

    service = AccountService.open(
        Path(db), hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )
    [failed] = read_audit(service.db, action="login_failed")  # the wrong current password
    assert failed.user == "anna" and failed.details["reason"] == "wrong password"
    [changed] = read_audit(service.db, action="password_changed")
    assert changed.user == "anna" and changed.details["target"] == "anna"
    with pytest.raises(WrongPassword):
        service.login("anna", "anna-pass-1")
    assert service.login("anna", "anna-new-pass").name == "anna"
    service.close()
    no_name = _users("passwd", "--db", db, "--password-stdin", stdin="x\n")
    assert no_name.returncode == 2 and "--as NAME" in no_name.stderr


def test_a_locked_out_sole_admin_is_recovered_from_the_keys_owner_account(tmp_path: Path) -> None:
    import os

    from inspector_app.accounts import AccountLocked
    from inspector_app.storage.chain_key import key_dir

    db = tmp_path / "s.sqlite"
    _users(
        "add",
        "root",
        "--role",
        "admin",
        "--db",
        str(db),
        "--password-stdin",
        stdin="admin-pass-1\n",
    )
    _users("add", "anna", *AS_ROOT, "--db", str(db), stdin="admin-pass-1\nanna-pass-1\n")
    service = AccountService.open(db)
    for _ in range(10):
        try:
            service.login("root", "forgotten-1")
        except AccountLocked:
            break
        except WrongPassword:
            continue
    with pytest.raises(AccountLocked):
        service.login("root", "admin-pass-1")
    service.close()

    def recover(name: str, password: str) -> subprocess.CompletedProcess[str]:
        return _users("recover-admin", name, "--db", str(db), "--password-stdin", stdin=password)

    not_admin = recover("anna", "anna-new-pass\n")
    assert not_admin.returncode == 1 and "not an administrator" in not_admin.stderr
    keys = key_dir(db.resolve())
    if os.getuid() == 0:  # another computer account owns the keys: refused
        os.chown(keys, 12345, 12345)
        refused = recover("root", "admin-new-pass\n")
        os.chown(keys, 0, 0)
        assert refused.returncode == 2 and "owns the station's keys" in refused.stderr
    done = recover("root", "admin-new-pass\n")
    assert done.returncode == 0, done.stderr

    service = AccountService.open(db)
    assert service.login("root", "admin-new-pass").name == "root"
    [entry] = [
        e
        for e in read_audit(service.db, action="user_changed")
        if e.details.get("change") == "recovered_locally"
    ]
    assert (
        entry.user is None
        and entry.details["target"] == "root"
        and "@" in entry.details["operator"]
    )
    service.close()

"""Accounts on a real SQLite file: hashing, lockout timing, roles, demo account, idle lock."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from inspector_app.accounts import (
    ROLE_PERMISSIONS,
    AccountDisabled,
    AccountError,
    AccountLocked,
    AccountPolicy,
    AccountService,
    AuditAction,
    DemoOnly,
    IdleLock,
    InvalidUserName,
    LastAdminError,
    PasswordPolicyError,
    Permission,
    PermissionDenied,
    Role,
    UnknownUser,
    UserExists,
    WrongPassword,
    can,
    parse_role,
    read_audit,
)

FAST = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}
T0 = datetime(2026, 11, 23, 13, 0, tzinfo=UTC)
ADMIN_PW = "admin-pass-1"
ANNA_PW = "anna-pass-1"


class Clock:
    """An injected clock: tests move time instead of sleeping."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _service(path: Path, clock: Clock, **kwargs) -> AccountService:
    kwargs.setdefault("hasher", PasswordHasher(**FAST))
    return AccountService.open(path, clock=clock, **kwargs)


@pytest.fixture
def service(tmp_path: Path, clock: Clock):
    svc = _service(tmp_path / "station.sqlite", clock)
    yield svc
    svc.close()


@pytest.fixture
def admin(service: AccountService):
    session = service.create_first_admin("root", ADMIN_PW)
    service.create_user(session, "anna", Role.INSPECTOR, ANNA_PW)
    return session


# ----- first run and hashing ---------------------------------------------------------------
def test_first_run_creates_the_admin_once(service: AccountService) -> None:
    assert service.needs_first_admin()
    session = service.create_first_admin("  Root ", ADMIN_PW)
    assert (session.name, session.role) == ("Root", Role.ADMIN)
    assert not service.needs_first_admin()
    with pytest.raises(AccountError, match="already exists"):
        service.create_first_admin("second", ADMIN_PW)
    assert [u.name for u in service.list_users()] == ["Root"]


def test_stored_hash_is_argon2id_and_never_the_password(
    service: AccountService, admin, tmp_path: Path
) -> None:
    raw = sqlite3.connect(tmp_path / "station.sqlite")
    rows = raw.execute("SELECT name, password_hash FROM users").fetchall()
    assert {name for name, _ in rows} == {"root", "anna"}
    for _, stored in rows:
        assert stored.startswith("$argon2id$")
        assert ADMIN_PW not in stored and ANNA_PW not in stored
    # The password appears nowhere in the file, in any table (audit log included).
    raw.close()
    blob = b"".join(p.read_bytes() for p in tmp_path.glob("station.sqlite*"))
    assert ADMIN_PW.encode() not in blob and ANNA_PW.encode() not in blob


def test_hash_is_upgraded_when_parameters_change(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "station.sqlite"
    old = _service(path, clock)
    old.create_first_admin("root", ADMIN_PW)
    old.close()
    stronger = _service(
        path, clock, hasher=PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    )
    stronger.login("root", ADMIN_PW)
    stored = stronger.db.execute("SELECT password_hash FROM users").fetchone()[0]
    assert "m=16,t=2,p=1" in stored
    assert read_audit(stronger.db, action="login")[-1].details["hash_upgraded"] is True
    stronger.login("root", ADMIN_PW)  # still signs in with the upgraded hash
    stronger.close()


def test_password_policy(service: AccountService, admin) -> None:
    with pytest.raises(PasswordPolicyError, match="at least 8 characters"):
        service.create_user(admin, "bob", Role.INSPECTOR, "short")
    with pytest.raises(PasswordPolicyError, match="user name"):
        service.create_user(admin, "bob-the-inspector", Role.INSPECTOR, "BOB-the-inspector")
    strict = AccountService(
        service.db, hasher=service.hasher, policy=AccountPolicy(min_password_length=12)
    )
    with pytest.raises(PasswordPolicyError, match="at least 12"):
        strict.create_user(admin, "bob", Role.INSPECTOR, "eleven-char")


def test_user_names_are_validated_and_unique(service: AccountService, admin) -> None:
    with pytest.raises(UserExists):
        service.create_user(admin, "ANNA", Role.INSPECTOR, "another-pass")
    with pytest.raises(InvalidUserName, match="empty"):
        service.create_user(admin, "   ", Role.INSPECTOR, "another-pass")
    with pytest.raises(InvalidUserName, match="reserved"):
        service.create_user(admin, "Demo", Role.INSPECTOR, "another-pass")
    # Names match case-insensitively at sign-in; the session carries the stored spelling.
    assert service.login(" Anna ", ANNA_PW).name == "anna"


# ----- sign-in and lockout -----------------------------------------------------------------
def test_wrong_password_counts_down_then_locks_for_the_period(
    service: AccountService, admin, clock: Clock
) -> None:
    for left in (4, 3, 2, 1):
        with pytest.raises(WrongPassword, match=r"^wrong user name or password$") as err:
            service.login("anna", "nope-nope")
        assert err.value.tries_left == left
    with pytest.raises(AccountLocked) as locked:
        service.login("anna", "nope-nope")
    assert locked.value.just_locked
    assert locked.value.until == T0 + timedelta(minutes=5)
    local = locked.value.until.astimezone().strftime("%H:%M")
    assert f"account locked until {local}" in str(locked.value)

    # While locked even the right password is refused, and the lock does not move.
    clock.advance(minutes=4, seconds=59)
    with pytest.raises(AccountLocked) as still:
        service.login("anna", ANNA_PW)
    assert still.value.until == T0 + timedelta(minutes=5) and not still.value.just_locked
    assert service.get_user("anna").status.startswith("locked until")

    clock.advance(seconds=1)
    assert service.get_user("anna").status == "active"
    assert service.login("anna", ANNA_PW).name == "anna"
    actions = [e.action for e in read_audit(service.db, user="anna")]
    assert actions.count("login_failed") == 6  # 5 wrong + 1 while locked
    assert actions.count("account_locked") == 1
    assert actions[-1] == "login"


def test_success_resets_the_failure_count(service: AccountService, admin) -> None:
    for _ in range(4):
        with pytest.raises(WrongPassword):
            service.login("anna", "nope-nope")
    service.login("anna", ANNA_PW)
    with pytest.raises(WrongPassword) as err:
        service.login("anna", "nope-nope")
    assert err.value.tries_left == 4


def test_lockout_is_configurable(tmp_path: Path, clock: Clock) -> None:
    policy = AccountPolicy(max_failures=2, lockout=timedelta(seconds=30))
    svc = _service(tmp_path / "s.sqlite", clock, policy=policy)
    svc.create_first_admin("root", ADMIN_PW)
    with pytest.raises(WrongPassword) as one_left:
        svc.login("root", "bad-password")
    assert one_left.value.tries_left == 1
    with pytest.raises(AccountLocked) as locked:
        svc.login("root", "bad-password")
    assert locked.value.until == T0 + timedelta(seconds=30)
    clock.advance(seconds=31)
    svc.login("root", ADMIN_PW)
    svc.close()
    with pytest.raises(ValueError, match="at least 1"):
        AccountPolicy(max_failures=0)


def test_admin_unlocks_a_locked_account(service: AccountService, admin) -> None:
    for _ in range(5):
        with pytest.raises((WrongPassword, AccountLocked)):
            service.login("anna", "nope-nope")
    with pytest.raises(AccountLocked):
        service.login("anna", ANNA_PW)
    service.unlock_user(admin, "anna")
    assert service.login("anna", ANNA_PW).name == "anna"
    last = read_audit(service.db, action="user_changed")[-1]
    assert (last.user, last.details["target"], last.details["change"]) == (
        "root",
        "anna",
        "unlocked",
    )


def test_unknown_and_disabled_users_are_refused_with_clear_messages(
    service: AccountService, admin
) -> None:
    with pytest.raises(UnknownUser) as unknown:
        service.login("zoe", "whatever-1")
    with pytest.raises(WrongPassword) as wrong:
        service.login("anna", "whatever-1")
    assert str(unknown.value) == str(wrong.value) == "wrong user name or password"
    with pytest.raises(UnknownUser):
        service.login("anna-pass-1", "")  # password typed into the name field...
    failed = read_audit(service.db, action="login_failed")[-1]
    assert failed.user is None and "anna-pass-1" not in str(failed.details)  # ...not logged
    service.disable_user(admin, "anna")
    with pytest.raises(AccountDisabled, match="disabled"):
        service.login("anna", ANNA_PW)
    assert service.get_user("anna").status == "disabled"
    service.enable_user(admin, "anna")
    assert service.login("anna", ANNA_PW).role is Role.INSPECTOR


def test_reset_password_and_change_own_password(service: AccountService, admin) -> None:
    service.reset_password(admin, "anna", "fresh-pass-2")
    with pytest.raises(WrongPassword):
        service.login("anna", ANNA_PW)
    anna = service.login("anna", "fresh-pass-2")
    with pytest.raises(WrongPassword):
        service.change_password(anna, "not-my-password", "newer-pass-3")
    service.change_password(anna, "fresh-pass-2", "newer-pass-3")
    assert service.login("anna", "newer-pass-3").name == "anna"
    assert read_audit(service.db, action="password_changed")[-1].user == "anna"


# ----- roles and permissions ---------------------------------------------------------------
def test_roles_nest_and_rights_are_in_one_table() -> None:
    inspector, supervisor, admin = (ROLE_PERMISSIONS[r] for r in Role)
    assert inspector < supervisor < admin
    assert can(Role.INSPECTOR, Permission.REVIEW_SCANS)
    assert not can(Role.INSPECTOR, Permission.CONFIGURE_TIP)
    assert can(Role.SUPERVISOR, Permission.CONFIGURE_TIP)
    assert not can(Role.SUPERVISOR, Permission.MANAGE_USERS)
    assert can(Role.SUPERVISOR, Permission.CHANGE_MODEL)  # supervisors manage models
    assert not can(Role.INSPECTOR, Permission.CHANGE_MODEL)
    assert can(Role.ADMIN, Permission.MANAGE_USERS) and can(Role.ADMIN, Permission.CHANGE_MODEL)
    assert parse_role(" Supervisor ") is Role.SUPERVISOR
    with pytest.raises(ValueError, match="inspector, supervisor, admin"):
        parse_role("boss")


def test_only_admins_manage_users(service: AccountService, admin) -> None:
    service.create_user(admin, "sam", Role.SUPERVISOR, "sam-pass-12")
    sam = service.login("sam", "sam-pass-12")
    anna = service.login("anna", ANNA_PW)
    assert sam.can(Permission.CONFIGURE_TIP) and not anna.can(Permission.CONFIGURE_TIP)
    for actor in (sam, anna):
        with pytest.raises(PermissionDenied, match="not allowed to create users"):
            service.create_user(actor, "eve", Role.ADMIN, "eve-pass-123")
        with pytest.raises(PermissionDenied):
            service.unlock_user(actor, "anna")
    # Rights are read from the database: a demoted admin's old session no longer works.
    service.create_user(admin, "otto", Role.ADMIN, "otto-pass-1")
    otto = service.login("otto", "otto-pass-1")
    service.set_role(admin, "otto", Role.INSPECTOR)
    with pytest.raises(PermissionDenied):
        service.disable_user(otto, "anna")


def test_the_last_active_admin_cannot_be_removed(service: AccountService, admin) -> None:
    with pytest.raises(AccountError, match="your own account"):
        service.disable_user(admin, "root")
    with pytest.raises(LastAdminError):
        service.set_role(admin, "root", Role.SUPERVISOR)
    service.create_user(admin, "otto", Role.ADMIN, "otto-pass-1")
    service.set_role(admin, "root", Role.SUPERVISOR)  # fine: otto remains
    assert service.get_user("root").role is Role.SUPERVISOR


# ----- sessions, switch, demo --------------------------------------------------------------
def test_quick_switch_logs_out_the_previous_user(
    service: AccountService, admin, clock: Clock
) -> None:
    anna = service.login("anna", ANNA_PW)
    clock.advance(hours=8)
    service.lock(anna, reason="shift change")
    with pytest.raises(WrongPassword):
        service.switch(anna, "root", "wrong-password")  # failure: anna's session untouched
    same = service.switch(anna, "anna", ANNA_PW)
    assert same is anna
    root = service.switch(anna, "root", ADMIN_PW)
    assert root.name == "root" and root.role is Role.ADMIN
    logout = read_audit(service.db, action="logout")[-1]
    assert logout.user == "anna"
    assert logout.details == {"reason": "switched to root", "session_minutes": 480.0, "demo": False}
    assert read_audit(service.db, action="session_locked")[-1].details["reason"] == ("shift change")


def test_demo_account_only_in_demo_mode(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "station.sqlite"
    normal = _service(path, clock)
    for password in ("", "demo", "anything-at-all"):
        with pytest.raises(DemoOnly, match="only works when the app runs in demo mode"):
            normal.login("demo", password)
    with pytest.raises(DemoOnly):
        normal.switch(None, " DEMO ", "")
    normal.close()

    demo = _service(path, clock, demo=True)
    session = demo.login("demo", "")
    assert session.demo and session.name == "demo" and session.role is Role.INSPECTOR
    assert "DEMO" in session.label
    with pytest.raises(PermissionDenied):  # the demo account manages nothing
        demo.create_user(session, "eve", Role.INSPECTOR, "eve-pass-123")
    entries = read_audit(demo.db, user="demo")
    assert [e.action for e in entries] == ["login_failed"] * 4 + ["login", "permission_denied"]
    assert entries[-2].details["demo"] is True
    demo.close()


def test_login_logout_and_user_changes_are_audited(service: AccountService, admin) -> None:
    anna = service.login("anna", ANNA_PW)
    service.logout(anna)
    service.set_role(admin, "anna", Role.SUPERVISOR)
    entries = read_audit(service.db)
    assert [(e.user, e.action) for e in entries] == [
        ("root", AuditAction.USER_CREATED),
        ("root", AuditAction.LOGIN),
        ("root", AuditAction.USER_CREATED),
        ("anna", AuditAction.LOGIN),
        ("anna", AuditAction.LOGOUT),
        ("anna", "chain_checkpoint"),  # shift close: the chain heads are signed
        ("root", AuditAction.USER_CHANGED),
    ]
    assert entries[2].details == {"target": "anna", "role": "inspector"}
    assert entries[-1].details == {
        "target": "anna",
        "change": "role",
        "old": "inspector",
        "new": "supervisor",
    }
    assert entries[0].at == T0


# ----- idle lock ---------------------------------------------------------------------------
def test_idle_lock_fires_once_after_the_timeout() -> None:
    idle = IdleLock(300, now=1000.0)
    assert not idle.poll(1299.0)
    idle.activity(1200.0)
    assert idle.remaining(1300.0) == pytest.approx(200.0)
    assert not idle.poll(1499.9)
    assert idle.poll(1500.0)
    assert not idle.poll(1600.0)  # once per idle period
    idle.activity(1700.0)  # input while the lock dialog is up does not unlock
    assert idle.locked and idle.remaining(1700.0) == 0.0
    idle.unlock(2000.0)
    assert not idle.poll(2299.0) and idle.poll(2300.0)


def test_idle_lock_can_be_disabled_or_locked_by_hand() -> None:
    off = IdleLock(0, now=0.0)
    assert not off.poll(1e9) and off.remaining(5.0) == float("inf")
    idle = IdleLock(60, now=0.0)
    idle.lock()
    assert idle.locked and not idle.poll(100.0)

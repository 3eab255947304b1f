"""Local accounts: sign-in with lockout, sessions and user management, every step audited.

The service owns no connection of its own making: give it one from `open_database` (or use
`AccountService.open`) and keep it on one thread. Time comes from an injected clock so
lockout rules are tested by moving the clock, not by sleeping. Slow argon2 work happens
outside the short write transactions.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils
from argon2 import PasswordHasher

from inspector_app.accounts.audit import AuditAction, write_audit
from inspector_app.accounts.errors import (
    AccountDisabled,
    AccountError,
    AccountLocked,
    DemoOnly,
    InvalidUserName,
    LastAdminError,
    LoginError,
    PermissionDenied,
    UnknownUser,
    UserExists,
    UserNotFound,
    WrongPassword,
)
from inspector_app.accounts.integrity import write_checkpoint
from inspector_app.accounts.passwords import PasswordPolicy, production_hasher, verify_password
from inspector_app.accounts.roles import Permission, Role, can
from inspector_app.storage.chain import seal
from inspector_app.storage.db import open_database, transaction

DEMO_USER = "demo"
MAX_NAME_LENGTH = 64

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def is_demo_user(name: str) -> bool:
    """The built-in demo account's name is reserved: decisions under it are demo decisions."""
    return name.strip().casefold() == DEMO_USER


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def _parse(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


@dataclass(frozen=True, slots=True)
class AccountPolicy:
    """Station rules; defaults: 8-character passwords, 5 failures lock for 5 minutes."""

    min_password_length: int = 8
    max_failures: int = 5
    lockout: timedelta = timedelta(minutes=5)
    idle_lock_s: float = 300.0  # 0 disables auto-lock

    def __post_init__(self) -> None:
        if self.min_password_length < 1:
            raise ValueError("the minimum password length must be at least 1")
        if self.max_failures < 1:
            raise ValueError("the number of failures before lockout must be at least 1")
        if self.lockout <= timedelta(0):
            raise ValueError("the lockout period must be positive")


@dataclass(frozen=True, slots=True)
class Session:
    """Who is signed in. `demo` sessions come only from the demo account in demo mode."""

    name: str
    role: Role
    started_at: datetime
    demo: bool = False

    def can(self, permission: Permission) -> bool:
        return can(self.role, permission)

    @property
    def label(self) -> str:
        """For the status bar: the demo account is always visibly marked."""
        if self.demo:
            return "DEMO account (not a real inspector)"
        return f"{self.name} ({self.role.value})"


@dataclass(frozen=True, slots=True)
class UserInfo:
    name: str
    role: Role
    disabled: bool
    locked_until: datetime | None  # None when not locked (expired locks read as None)
    failed_count: int
    created_at: datetime
    last_login_at: datetime | None

    @property
    def status(self) -> str:
        if self.disabled:
            return "disabled"
        if self.locked_until is not None:
            return f"locked until {self.locked_until.astimezone().strftime('%H:%M')}"
        return "active"


class AccountService:
    """Sign-in, sessions and user administration over the `users` and `audit_log` tables."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        *,
        hasher: PasswordHasher | None = None,
        policy: AccountPolicy | None = None,
        clock: Clock = utc_now,
        demo: bool = False,
    ) -> None:
        self.db = db
        self.hasher = hasher or production_hasher()
        self.policy = policy or AccountPolicy()
        self.password_policy = PasswordPolicy(self.policy.min_password_length)
        self.clock = clock
        self.demo = demo
        self._decoy: str | None = None

    @classmethod
    def open(cls, path: Path, **kwargs: Any) -> AccountService:
        """Open (and migrate) the station database at `path`; one service per thread."""
        return cls(open_database(path), **kwargs)

    def close(self) -> None:
        self.db.conn.close()

    # ----- first run -----------------------------------------------------------------------
    def needs_first_admin(self) -> bool:
        """True on a fresh station: no administrator account exists yet."""
        row = self.db.execute("SELECT 1 FROM users WHERE role = ? LIMIT 1", [Role.ADMIN.value])
        return row.fetchone() is None

    def create_first_admin(self, name: str, password: str) -> Session:
        """Create the first administrator and sign them in. Refused once an admin exists."""
        name = self._valid_name(name)
        self.password_policy.check(name, password)
        password_hash = self.hasher.hash(password)
        now = self.clock()
        with transaction(self.db):
            if not self.needs_first_admin():
                raise AccountError("an administrator already exists: sign in instead")
            self._insert_user(name, Role.ADMIN, password_hash, now, created_by=name)
            self.db.execute("UPDATE users SET last_login_at = ? WHERE name = ?", [_iso(now), name])
            seal(self.db, "users", name, op="update")
            self._audit(
                now, name, AuditAction.USER_CREATED, target=name, role="admin", first_run=True
            )
            self._audit(now, name, AuditAction.LOGIN, role="admin", first_run=True)
        return Session(name, Role.ADMIN, now)

    # ----- sign-in and sessions ------------------------------------------------------------
    def login(self, name: str, password: str) -> Session:
        """A session for `name`, or a LoginError whose message the login screen shows."""
        now = self.clock()
        name = name.strip()
        if is_demo_user(name):
            return self._demo_login(now)
        row = self._authenticate(name, password, now)
        role = Role(row["role"])
        rehash = self.hasher.check_needs_rehash(row["password_hash"])
        new_hash = self.hasher.hash(password) if rehash else None
        with transaction(self.db):
            self.db.execute(
                "UPDATE users SET failed_count = 0, locked_until = NULL, last_login_at = ?,"
                " password_hash = COALESCE(?, password_hash) WHERE name = ?",
                [_iso(now), new_hash, row["name"]],
            )
            seal(self.db, "users", row["name"], op="update")
            extra = {"hash_upgraded": True} if rehash else {}
            self._audit(now, row["name"], AuditAction.LOGIN, role=role.value, **extra)
        return Session(row["name"], role, now)

    def logout(self, session: Session, reason: str = "logout") -> None:
        now = self.clock()
        minutes = round((now - session.started_at).total_seconds() / 60.0, 1)
        with transaction(self.db):
            self._audit(
                now,
                session.name,
                AuditAction.LOGOUT,
                reason=reason,
                session_minutes=minutes,
                demo=session.demo,
            )
            # Shift close: the chain heads are signed, so a later cut shows.
            write_checkpoint(self.db, session.name, "shift close")

    def lock(self, session: Session, reason: str = "idle") -> None:
        """The screen locked (idle or by hand); the session stays until someone signs in."""
        now = self.clock()
        self._audit(now, session.name, AuditAction.SESSION_LOCKED, reason=reason)

    def switch(self, current: Session | None, name: str, password: str) -> Session:
        """Sign in at a locked screen: the same user resumes, another user takes over.

        On failure the current session is untouched (the screen stays locked).
        """
        new = self.login(name, password)
        if current is None:
            return new
        if new.name.casefold() == current.name.casefold():
            return current
        self.logout(current, reason=f"switched to {new.name}")
        return new

    def change_password(self, session: Session, old_password: str, new_password: str) -> None:
        """A user changes their own password; the old one is checked like a sign-in."""
        if session.demo:
            raise PermissionDenied(session.name, "change a password")
        now = self.clock()
        row = self._authenticate(session.name, old_password, now)
        self.password_policy.check(row["name"], new_password)
        new_hash = self.hasher.hash(new_password)
        with transaction(self.db):
            self.db.execute(
                "UPDATE users SET password_hash = ?, changed_at = ? WHERE name = ?",
                [new_hash, _iso(now), row["name"]],
            )
            seal(self.db, "users", row["name"], op="update")
            self._audit(now, row["name"], AuditAction.PASSWORD_CHANGED, target=row["name"])

    # ----- administration ------------------------------------------------------------------
    def create_user(self, actor: Session, name: str, role: Role, password: str) -> None:
        self._authorize(actor, "create users")
        name = self._valid_name(name)
        role = Role(role)
        self.password_policy.check(name, password)
        password_hash = self.hasher.hash(password)
        now = self.clock()
        with transaction(self.db):
            self._insert_user(name, role, password_hash, now, created_by=actor.name)
            self._audit(now, actor.name, AuditAction.USER_CREATED, target=name, role=role.value)

    def set_role(self, actor: Session, name: str, role: Role) -> None:
        self._authorize(actor, "change roles")
        role = Role(role)
        now = self.clock()
        with transaction(self.db):
            row = self._require_row(name)
            old = Role(row["role"])
            if old is role:
                return
            if old is Role.ADMIN and not row["disabled"]:
                self._keep_an_admin(row["name"])
            self._update(row["name"], now, role=role.value)
            self._audit(
                now,
                actor.name,
                AuditAction.USER_CHANGED,
                target=row["name"],
                change="role",
                old=old.value,
                new=role.value,
            )

    def disable_user(self, actor: Session, name: str) -> None:
        self._authorize(actor, "disable users")
        now = self.clock()
        with transaction(self.db):
            row = self._require_row(name)
            if row["name"].casefold() == actor.name.casefold():
                raise AccountError("you cannot disable your own account")
            if row["disabled"]:
                return
            if row["role"] == Role.ADMIN.value:
                self._keep_an_admin(row["name"])
            self._update(row["name"], now, disabled=1)
            self._audit(
                now, actor.name, AuditAction.USER_CHANGED, target=row["name"], change="disabled"
            )

    def enable_user(self, actor: Session, name: str) -> None:
        self._authorize(actor, "enable users")
        now = self.clock()
        with transaction(self.db):
            row = self._require_row(name)
            if not row["disabled"]:
                return
            self._update(row["name"], now, disabled=0, failed_count=0, locked_until=None)
            self._audit(
                now, actor.name, AuditAction.USER_CHANGED, target=row["name"], change="enabled"
            )

    def reset_password(self, actor: Session, name: str, new_password: str) -> None:
        """An administrator sets a new password (forgotten password); also lifts a lock."""
        self._authorize(actor, "reset passwords")
        row = self._require_row(name)
        self.password_policy.check(row["name"], new_password)
        new_hash = self.hasher.hash(new_password)
        now = self.clock()
        with transaction(self.db):
            self._update(
                row["name"], now, password_hash=new_hash, failed_count=0, locked_until=None
            )
            self._audit(
                now,
                actor.name,
                AuditAction.USER_CHANGED,
                target=row["name"],
                change="password_reset",
            )

    def recover_admin(self, name: str, new_password: str, *, operator: str) -> None:
        """Local recovery when no administrator can sign in (the only one forgot the password
        or is locked out): a new password for an existing administrator, lock lifted. Only
        `users recover-admin` calls it, after checking that the caller controls the station's
        key folder — whoever does could replace the whole log anyway. Recorded in the audit
        log (and so sent to the hub) with the operating-system user who did it."""
        row = self._require_row(name)
        if row["role"] != Role.ADMIN:
            raise AccountError(f"“{row['name']}” is not an administrator: recover an admin account")
        self.password_policy.check(row["name"], new_password)
        new_hash = self.hasher.hash(new_password)
        now = self.clock()
        with transaction(self.db):
            self._update(
                row["name"],
                now,
                password_hash=new_hash,
                failed_count=0,
                locked_until=None,
                disabled=0,
            )
            self._audit(
                now,
                None,
                AuditAction.USER_CHANGED,
                target=row["name"],
                change="recovered_locally",
                operator=operator,
                was_locked_until=row["locked_until"],
            )

    def unlock_user(self, actor: Session, name: str) -> None:
        self._authorize(actor, "unlock accounts")
        now = self.clock()
        with transaction(self.db):
            row = self._require_row(name)
            self._update(row["name"], now, failed_count=0, locked_until=None)
            self._audit(
                now,
                actor.name,
                AuditAction.USER_CHANGED,
                target=row["name"],
                change="unlocked",
                was_locked_until=row["locked_until"],
            )

    # ----- queries -------------------------------------------------------------------------
    def list_users(self) -> list[UserInfo]:
        rows = self.db.execute("SELECT * FROM users ORDER BY name COLLATE NOCASE")
        columns = [c[0] for c in rows.description]
        return [self._info(dict(zip(columns, r, strict=True))) for r in rows.fetchall()]

    def get_user(self, name: str) -> UserInfo:
        return self._info(self._require_row(name))

    # ----- internals -----------------------------------------------------------------------
    def _demo_login(self, now: datetime) -> Session:
        if not self.demo:
            self._audit(
                now, DEMO_USER, AuditAction.LOGIN_FAILED, reason="demo account outside demo mode"
            )
            raise DemoOnly()
        self._audit(now, DEMO_USER, AuditAction.LOGIN, role=Role.INSPECTOR.value, demo=True)
        return Session(DEMO_USER, Role.INSPECTOR, now, demo=True)

    def _authenticate(self, name: str, password: str, now: datetime) -> dict[str, Any]:
        """The user's row if `password` is right; counts failures and locks otherwise."""
        row = self._row(name)
        if row is None:
            # Same work as a real check, so the answer's timing does not tell the name is unknown.
            verify_password(self.hasher, self._decoy_hash(), password)
            # Not the typed name: people sometimes type their password into the name field.
            self._audit(now, None, AuditAction.LOGIN_FAILED, reason="unknown user name")
            raise UnknownUser(name)
        locked_until = _parse(row["locked_until"])
        if locked_until is not None and locked_until > now:
            self._audit(
                now,
                row["name"],
                AuditAction.LOGIN_FAILED,
                reason="locked",
                locked_until=row["locked_until"],
            )
            raise AccountLocked(locked_until)
        if not verify_password(self.hasher, row["password_hash"], password):
            raise self._count_failure(row["name"], now)
        if row["disabled"]:  # said only to someone who knows the password
            self._audit(now, row["name"], AuditAction.LOGIN_FAILED, reason="disabled")
            raise AccountDisabled(row["name"])
        return row

    def _decoy_hash(self) -> str:
        """A hash of nothing anyone knows, made once per service with the station's settings."""
        if self._decoy is None:
            self._decoy = self.hasher.hash(secrets.token_urlsafe(16))
        return self._decoy

    def _count_failure(self, name: str, now: datetime) -> LoginError:
        """Record a wrong password; returns the error to raise (locked or tries left)."""
        limit = self.policy.max_failures
        until: datetime | None = None
        with transaction(self.db):
            self.db.execute(
                "UPDATE users SET failed_count = failed_count + 1 WHERE name = ?", [name]
            )
            seal(self.db, "users", name, op="update")
            failures = int(
                self.db.execute("SELECT failed_count FROM users WHERE name = ?", [name]).fetchone()[
                    0
                ]
            )
            self._audit(
                now, name, AuditAction.LOGIN_FAILED, reason="wrong password", failures=failures
            )
            if failures >= limit:
                until = now + self.policy.lockout
                self.db.execute(
                    "UPDATE users SET failed_count = 0, locked_until = ? WHERE name = ?",
                    [_iso(until), name],
                )
                seal(self.db, "users", name, op="update")
                self._audit(
                    now,
                    name,
                    AuditAction.ACCOUNT_LOCKED,
                    failures=failures,
                    locked_until=_iso(until),
                )
        if until is not None:
            return AccountLocked(until, just_locked=True)
        return WrongPassword(limit - failures)

    def authorize(self, actor: Session, permission: Permission, what: str) -> None:
        """PermissionDenied unless `actor` may do `what`; every refusal is audited.

        Rights come from the database, not the session: a supervisor demoted or disabled after
        signing in is refused at once.
        """
        row = None if actor.demo else self._row(actor.name)
        if row is None or row["disabled"] or not can(Role(row["role"]), permission):
            self._audit(
                self.clock(),
                actor.name,
                AuditAction.PERMISSION_DENIED,
                what=what,
                permission=permission.value,
            )
            raise PermissionDenied(actor.name, what)

    def _authorize(self, actor: Session, what: str) -> None:
        self.authorize(actor, Permission.MANAGE_USERS, what)

    def _keep_an_admin(self, leaving: str) -> None:
        others = self.db.execute(
            "SELECT COUNT(*) FROM users WHERE role = ? AND disabled = 0 AND name != ?",
            [Role.ADMIN.value, leaving],
        ).fetchone()[0]
        if others == 0:
            raise LastAdminError()

    def _valid_name(self, name: str) -> str:
        name = name.strip()
        if not name:
            raise InvalidUserName("the user name must not be empty")
        if len(name) > MAX_NAME_LENGTH:
            raise InvalidUserName(f"the user name may have at most {MAX_NAME_LENGTH} characters")
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
            raise InvalidUserName("the user name must not contain control characters")
        if is_demo_user(name):
            raise InvalidUserName(f"“{DEMO_USER}” is reserved for the built-in demo account")
        return name

    def _insert_user(
        self, name: str, role: Role, password_hash: str, now: datetime, *, created_by: str
    ) -> None:
        try:
            self.db.execute(
                "INSERT INTO users (name, role, password_hash, disabled, failed_count,"
                " created_at, created_by) VALUES (?, ?, ?, 0, 0, ?, ?)",
                [name, role.value, password_hash, _iso(now), created_by],
            )
        except sqlite3.IntegrityError:
            raise UserExists(name) from None
        seal(self.db, "users", name)  # users are chained: a role raised behind the app shows

    def _update(self, name: str, now: datetime, **columns: Any) -> None:
        assignments = ", ".join(f"{column} = ?" for column in columns)
        self.db.execute(
            f"UPDATE users SET {assignments}, changed_at = ? WHERE name = ?",
            [*columns.values(), _iso(now), name],
        )
        seal(self.db, "users", name, op="update")

    def _row(self, name: str) -> dict[str, Any] | None:
        cursor = self.db.execute("SELECT * FROM users WHERE name = ? COLLATE NOCASE", [name])
        row = cursor.fetchone()
        if row is None:
            return None
        return dict(zip([c[0] for c in cursor.description], row, strict=True))

    def _require_row(self, name: str) -> dict[str, Any]:
        row = self._row(name.strip())
        if row is None:
            raise UserNotFound(name)
        return row

    def _info(self, row: dict[str, Any]) -> UserInfo:
        locked_until = _parse(row["locked_until"])
        if locked_until is not None and locked_until <= self.clock():
            locked_until = None
        return UserInfo(
            name=row["name"],
            role=Role(row["role"]),
            disabled=bool(row["disabled"]),
            locked_until=locked_until,
            failed_count=int(row["failed_count"]),
            created_at=datetime.fromisoformat(row["created_at"]),
            last_login_at=_parse(row["last_login_at"]),
        )

    def _audit(self, now: datetime, user: str | None, action: AuditAction, **details: Any) -> None:
        """Joins the caller's open transaction, or commits on its own when none is open."""
        write_audit(self.db, at=now, user=user, action=action, details=details)

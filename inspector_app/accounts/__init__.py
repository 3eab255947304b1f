"""Users, roles, sign-in and the audit log. Qt-free: the GUI and the CLI both use it.

service = AccountService.open(settings.database_path(), demo=False)
if service.needs_first_admin(): service.create_first_admin("anna", "...")
session = service.login("anna", "...")
if session.can(Permission.CONFIGURE_TIP): ...
audit(service.db, session, AuditAction.SETTING_CHANGED, key="tip_rate", old=0, new=0.02)
"""

from inspector_app.accounts.audit import (
    AuditAction,
    AuditEntry,
    AuditTampered,
    audit,
    read_audit,
    verify_audit_chain,
)
from inspector_app.accounts.errors import (
    AccountDisabled,
    AccountError,
    AccountLocked,
    BadCredentials,
    DemoOnly,
    InvalidUserName,
    LastAdminError,
    LoginError,
    PasswordPolicyError,
    PermissionDenied,
    UnknownUser,
    UserExists,
    UserNotFound,
    WrongPassword,
)
from inspector_app.accounts.idle import IdleLock
from inspector_app.accounts.passwords import PasswordPolicy, production_hasher
from inspector_app.accounts.roles import ROLE_PERMISSIONS, Permission, Role, can, parse_role
from inspector_app.accounts.service import (
    DEMO_USER,
    AccountPolicy,
    AccountService,
    Session,
    UserInfo,
    is_demo_user,
)

__all__ = [
    "DEMO_USER",
    "ROLE_PERMISSIONS",
    "AccountDisabled",
    "AccountError",
    "AccountLocked",
    "AccountPolicy",
    "AccountService",
    "AuditAction",
    "AuditEntry",
    "AuditTampered",
    "BadCredentials",
    "DemoOnly",
    "IdleLock",
    "InvalidUserName",
    "LastAdminError",
    "LoginError",
    "PasswordPolicy",
    "PasswordPolicyError",
    "Permission",
    "PermissionDenied",
    "Role",
    "Session",
    "UnknownUser",
    "UserExists",
    "UserInfo",
    "UserNotFound",
    "WrongPassword",
    "audit",
    "can",
    "is_demo_user",
    "parse_role",
    "production_hasher",
    "read_audit",
    "verify_audit_chain",
]

"""Roles and what each may do: one table, so no screen re-invents its own role checks.

Roles nest (admin ⊇ supervisor ⊇ inspector). Code asks `can(role, Permission.X)`, never
`role == "admin"`, so moving a right from one role to another is a one-line change here.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    INSPECTOR = "inspector"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Permission(StrEnum):
    REVIEW_SCANS = "review_scans"  # decide on parcels, draw boxes, add notes
    VIEW_OWN_STATS = "view_own_stats"  # own TIP hit rate, decision times
    CHANGE_OWN_PASSWORD = "change_own_password"
    VIEW_TEAM_STATS = "view_team_stats"  # every inspector's statistics
    CONFIGURE_TIP = "configure_tip"  # threat image projection rate and categories
    EXPORT_REPORTS = "export_reports"  # shift logs, dataset exports
    VIEW_AUDIT_LOG = "view_audit_log"
    MANAGE_USERS = "manage_users"  # create, disable, reset password, unlock, change role
    CHANGE_SETTINGS = "change_settings"  # station settings (feeds, thresholds, upload)
    CHANGE_MODEL = "change_model"  # load another detection model


_INSPECTOR = frozenset(
    {Permission.REVIEW_SCANS, Permission.VIEW_OWN_STATS, Permission.CHANGE_OWN_PASSWORD}
)
_SUPERVISOR = _INSPECTOR | {
    Permission.VIEW_TEAM_STATS,
    Permission.CONFIGURE_TIP,
    Permission.EXPORT_REPORTS,
    Permission.VIEW_AUDIT_LOG,
    Permission.CHANGE_MODEL,  # supervisors manage models; loading is validated and audited
}
_ADMIN = _SUPERVISOR | {
    Permission.MANAGE_USERS,  # admin only: creating accounts could otherwise raise one's role
    Permission.CHANGE_SETTINGS,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.INSPECTOR: _INSPECTOR,
    Role.SUPERVISOR: frozenset(_SUPERVISOR),
    Role.ADMIN: frozenset(_ADMIN),
}


def can(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


def parse_role(text: str) -> Role:
    """A role from user input, with an error listing the valid ones."""
    try:
        return Role(text.strip().lower())
    except ValueError:
        valid = ", ".join(r.value for r in Role)
        raise ValueError(f"unknown role {text!r}: choose one of {valid}") from None

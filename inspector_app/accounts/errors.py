"""Account errors. Each message is written for the person at the login screen."""

from __future__ import annotations

from datetime import datetime


def local_clock_time(moment: datetime) -> str:
    """'14:05' in the station's local time, as people read a wall clock."""
    return moment.astimezone().strftime("%H:%M")


class AccountError(Exception):
    """Base class: anything about accounts the operator must be told."""


class LoginError(AccountError):
    """A sign-in attempt was refused."""


class BadCredentials(LoginError):
    """The name or the password is wrong. The message never says which: that would tell
    whoever is guessing which names exist."""

    MESSAGE = "wrong user name or password"

    def __init__(self) -> None:
        super().__init__(self.MESSAGE)


class UnknownUser(BadCredentials):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name


class WrongPassword(BadCredentials):
    def __init__(self, tries_left: int) -> None:
        super().__init__()
        self.tries_left = tries_left  # for the audit log and tests, never shown


class AccountLocked(LoginError):
    def __init__(self, until: datetime, *, just_locked: bool = False) -> None:
        prefix = "wrong password too many times: " if just_locked else ""
        super().__init__(f"{prefix}account locked until {local_clock_time(until)}")
        self.until = until
        self.just_locked = just_locked


class AccountDisabled(LoginError):
    def __init__(self, name: str) -> None:
        super().__init__(f"account “{name}” is disabled; ask an administrator")
        self.name = name


class DemoOnly(LoginError):
    def __init__(self) -> None:
        super().__init__("the demo account only works when the app runs in demo mode")


class PasswordPolicyError(AccountError, ValueError):
    """The new password does not meet the station's policy."""


class InvalidUserName(AccountError, ValueError):
    pass


class UserExists(AccountError):
    def __init__(self, name: str) -> None:
        super().__init__(f"a user named “{name}” already exists")


class UserNotFound(AccountError):
    def __init__(self, name: str) -> None:
        super().__init__(f"no user named “{name}”")


class PermissionDenied(AccountError):
    def __init__(self, user: str, what: str) -> None:
        super().__init__(f"“{user}” is not allowed to {what}")


class LastAdminError(AccountError):
    """Refused because the station would be left without an active administrator."""

    def __init__(self) -> None:
        super().__init__("at least one active administrator must remain")

"""Password hashing (argon2id) and the station's password policy.

Only argon2 hashes are stored. `PasswordHasher` parameters are the library's production
defaults; tests pass a cheap hasher through the service's constructor. When the parameters
change, a user's hash is upgraded at their next successful sign-in (`needs_rehash`).
"""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from inspector_app.accounts.errors import PasswordPolicyError

MAX_PASSWORD_LENGTH = 256


def production_hasher() -> PasswordHasher:
    """argon2id with argon2-cffi's RFC 9106 'low memory' defaults (~0.1 s on 2 cores)."""
    return PasswordHasher()


def verify_password(hasher: PasswordHasher, stored_hash: str, password: str) -> bool:
    """True when `password` matches; a damaged hash counts as a mismatch, never a crash."""
    try:
        return hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True, slots=True)
class PasswordPolicy:
    min_length: int = 8

    def check(self, name: str, password: str) -> None:
        if len(password) < self.min_length:
            raise PasswordPolicyError(f"the password needs at least {self.min_length} characters")
        if len(password) > MAX_PASSWORD_LENGTH:
            raise PasswordPolicyError(
                f"the password may have at most {MAX_PASSWORD_LENGTH} characters"
            )
        if password.strip().casefold() == name.strip().casefold():
            raise PasswordPolicyError("the password must not be the user name")
        if not password.strip():
            raise PasswordPolicyError("the password must not be only spaces")

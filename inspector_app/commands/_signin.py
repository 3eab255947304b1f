"""Signing in on the command line: `--as NAME`, the password prompted for (or read from
standard input for scripts), the right checked against the database and refusals audited.

Every command that reads or changes station data goes through `sign_in`, so the command line
is no way around the roles the window enforces.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Iterator

from inspector_app.accounts import AccountService, Permission, Session


class UsageError(Exception):
    """The command line is incomplete or inconsistent; the message says what to add."""


def add_signin_arguments(parser: argparse.ArgumentParser, who: str = "USER") -> None:
    parser.add_argument("--as", dest="actor", metavar=who, help="who does this (signs in)")
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read passwords from standard input, one per line (the signing-in user's first)",
    )


class Secrets:
    """Passwords from prompts, or from stdin lines for scripts and tests — never arguments."""

    def __init__(self, from_stdin: bool) -> None:
        self._lines: Iterator[str] | None = (
            iter(sys.stdin.read().splitlines()) if from_stdin else None
        )

    def ask(self, prompt: str, *, confirm: bool = False) -> str:
        if self._lines is not None:
            try:
                return next(self._lines)
            except StopIteration:
                raise UsageError(f"standard input ended before: {prompt.strip()}") from None
        password = getpass.getpass(prompt)
        if confirm and getpass.getpass("Repeat the password: ") != password:
            raise UsageError("the two passwords do not match")
        return password


def sign_in(
    service: AccountService,
    args: argparse.Namespace,
    secrets: Secrets,
    permission: Permission,
    what: str,
) -> Session:
    """The signed-in session of `--as`, allowed to do `what`; refusals are audited."""
    if not getattr(args, "actor", None):
        raise UsageError(f"say who does this: --as USER (to {what})")
    session = service.login(args.actor, secrets.ask(f"Password for {args.actor}: "))
    service.authorize(session, permission, what)
    return session

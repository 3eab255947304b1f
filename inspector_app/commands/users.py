"""`inspector-app users`: manage station accounts from a terminal (setup, recovery, scripts).

Every action signs in (`--as NAME`), checked and audited like a GUI sign-in: changes and the
list need an administrator, the audit log a supervisor or administrator; `passwd` changes the
signed-in user's own password (any role). Only the very first `users add NAME --role admin` on
a fresh station needs no sign-in.
Passwords are prompted for, or read one per line from standard input with
`--password-stdin` (administrator's first, then the new one; for `passwd`: the current one,
the new one, the new one again), never taken as arguments.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from inspector_app.commands._signin import Secrets, UsageError, add_signin_arguments, sign_in

NAME = "users"
HELP = "manage user accounts: add, list, disable, enable, reset-password, unlock, passwd, audit"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, help="station database (default: the app's log)")
    secured = argparse.ArgumentParser(add_help=False, parents=[common])
    add_signin_arguments(secured, "ADMIN")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = sub.add_parser("add", parents=[secured], help="create a user (first: the admin)")
    add.add_argument("name")
    add.add_argument("--role", default="inspector", help="inspector, supervisor or admin")
    sub.add_parser("list", parents=[secured], help="list users and their status").add_argument(
        "--json", action="store_true", help="one JSON object per user"
    )
    for action, text in (
        ("disable", "stop a user from signing in"),
        ("enable", "allow a disabled user again"),
        ("reset-password", "set a new password for a user"),
        ("unlock", "lift a lockout after too many wrong passwords"),
    ):
        sub.add_parser(action, parents=[secured], help=text).add_argument("name")
    own = argparse.ArgumentParser(add_help=False, parents=[common])
    add_signin_arguments(own, "NAME")
    sub.add_parser(
        "passwd",
        parents=[own],
        help="change your own password (--as NAME; stdin: current, new, new again)",
    )
    recover = sub.add_parser(
        "recover-admin",
        parents=[common],
        help="no administrator can sign in: set a new password for one, from this computer's "
        "account that owns the station's keys (audited)",
    )
    recover.add_argument("name", help="an administrator account")
    recover.add_argument(
        "--password-stdin", action="store_true", help="read the new password from standard input"
    )
    log = sub.add_parser("audit", parents=[secured], help="show the audit log")
    log.add_argument("--last", type=int, default=20, help="how many entries (default 20)")
    log.add_argument("--user", help="only this user's entries")
    log.add_argument("--verify", action="store_true", help="check the log was not edited")


def run(args: argparse.Namespace) -> int:
    from inspector_app.accounts import AccountError, AccountService
    from inspector_app.config import SettingsError
    from inspector_app.storage.db import DatabaseError

    try:
        service = AccountService.open(args.db or _default_db())
    except (DatabaseError, SettingsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        return _dispatch(service, args)
    except AccountError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (UsageError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        service.close()


def _default_db() -> Path:
    from inspector_app.config import load_settings

    return load_settings().database_path()


def _dispatch(service: Any, args: argparse.Namespace) -> int:
    from inspector_app.accounts import Permission

    secrets = Secrets(args.password_stdin)
    if args.action == "list" and service.needs_first_admin():
        return _list(service, args.json)  # nothing to hide yet: says how to begin
    if args.action in {"list", "audit"}:
        permission, what = {
            "list": (Permission.MANAGE_USERS, "list users"),
            "audit": (Permission.VIEW_AUDIT_LOG, "read the audit log"),
        }[args.action]
        reader = sign_in(service, args, secrets, permission, what)
        try:
            return _list(service, args.json) if args.action == "list" else _audit(service, args)
        finally:
            service.logout(reader, reason="command line")
    if args.action == "add":
        return _add(service, args, secrets)
    if args.action == "passwd":
        return _passwd(service, args, secrets)
    if args.action == "recover-admin":
        return _recover_admin(service, args, secrets)
    admin = _sign_in_admin(service, args, secrets)
    try:
        if args.action == "disable":
            service.disable_user(admin, args.name)
            print(f"disabled “{args.name}”")
        elif args.action == "enable":
            service.enable_user(admin, args.name)
            print(f"enabled “{args.name}”")
        elif args.action == "unlock":
            service.unlock_user(admin, args.name)
            print(f"unlocked “{args.name}”")
        elif args.action == "reset-password":
            service.get_user(args.name)  # fail before prompting for a password
            password = secrets.ask(f"New password for {args.name}: ", confirm=True)
            service.reset_password(admin, args.name, password)
            print(f"password of “{args.name}” reset")
    finally:
        service.logout(admin, reason="command line")
    return 0


def _add(service: Any, args: argparse.Namespace, secrets: Secrets) -> int:
    from inspector_app.accounts import Role, parse_role

    role = parse_role(args.role)
    if service.needs_first_admin():
        if role is not Role.ADMIN:
            raise UsageError(
                "this station has no administrator yet: create one first with "
                "`inspector-app users add NAME --role admin`"
            )
        password = secrets.ask(f"Password for the new administrator {args.name}: ", confirm=True)
        session = service.create_first_admin(args.name, password)
        service.logout(session, reason="command line")
        print(f"created the first administrator “{session.name}”")
        return 0
    admin = _sign_in_admin(service, args, secrets)
    try:
        password = secrets.ask(f"Password for the new user {args.name}: ", confirm=True)
        service.create_user(admin, args.name, role, password)
    finally:
        service.logout(admin, reason="command line")
    print(f"created {role.value} “{args.name.strip()}”")
    return 0


def _passwd(service: Any, args: argparse.Namespace, secrets: Secrets) -> int:
    """The signed-in user's own password. A wrong current one counts toward the lockout and,
    like every refused sign-in or right, is in the audit log; the change itself is too."""
    from inspector_app.accounts import Permission

    if not args.actor:
        raise UsageError("say whose password this is: --as NAME")
    current = secrets.ask(f"Current password for {args.actor}: ")
    session = service.login(args.actor, current)  # as `sign_in`, with its own prompt
    service.authorize(session, Permission.CHANGE_OWN_PASSWORD, "change their own password")
    try:
        new = secrets.ask(f"New password for {session.name}: ")
        if secrets.ask("Repeat the new password: ") != new:
            raise UsageError("the two new passwords do not match; the password was not changed")
        service.change_password(session, current, new)
    finally:
        service.logout(session, reason="command line")
    print(f"password of “{session.name}” changed")
    return 0


def _recover_admin(service: Any, args: argparse.Namespace, secrets: Secrets) -> int:
    """Only the operating-system account that controls the station's key folder may do this:
    it could read the keys and replace the log anyway, so it gains nothing, and nobody else can."""
    import getpass
    import socket

    from inspector_app.storage.chain_key import key_dir

    keys = key_dir((args.db or _default_db()).resolve())
    mine = keys.exists() and os.access(keys, os.W_OK)
    if mine and hasattr(os, "getuid"):  # POSIX: the owner, not merely someone allowed to write
        mine = keys.stat().st_uid == os.getuid()
    if not mine:
        raise UsageError(
            f"recovery must run as the computer account that owns the station's keys ({keys}); "
            "ask the station's system administrator"
        )
    service.get_user(args.name)  # fail before prompting for a password
    password = secrets.ask(f"New password for {args.name}: ", confirm=True)
    service.recover_admin(
        args.name, password, operator=f"{getpass.getuser()}@{socket.gethostname()}"
    )
    print(
        f"password of “{args.name}” set and lock lifted; recorded in the audit log "
        "(and sent to the hub when this station uploads)"
    )
    return 0


def _sign_in_admin(service: Any, args: argparse.Namespace, secrets: Secrets) -> Any:
    from inspector_app.accounts import Permission

    if not args.actor:
        raise UsageError("say which administrator does this: --as ADMIN")
    return sign_in(service, args, secrets, Permission.MANAGE_USERS, "manage users")


def _list(service: Any, as_json: bool) -> int:
    users = service.list_users()
    if as_json:
        for user in users:
            record = {
                "name": user.name,
                "role": user.role.value,
                "status": user.status,
                "disabled": user.disabled,
                "locked_until": user.locked_until.isoformat() if user.locked_until else None,
                "last_login_at": user.last_login_at.isoformat() if user.last_login_at else None,
            }
            print(json.dumps(record, ensure_ascii=False))
        return 0
    if not users:
        print(
            "no users yet: create the administrator with `inspector-app users add NAME "
            "--role admin`"
        )
        return 0
    print(f"{'NAME':<24} {'ROLE':<11} {'STATUS':<20} LAST SIGN-IN")
    for user in users:
        last = (
            user.last_login_at.astimezone().strftime("%Y-%m-%d %H:%M")
            if (user.last_login_at)
            else "never"
        )
        print(f"{user.name:<24} {user.role.value:<11} {user.status:<20} {last}")
    return 0


def _audit(service: Any, args: argparse.Namespace) -> int:
    from inspector_app.accounts import AuditTampered, read_audit, verify_audit_chain

    if args.verify:
        try:
            count = verify_audit_chain(service.db)
        except AuditTampered as exc:
            print(f"AUDIT LOG DAMAGED: {exc}", file=sys.stderr)
            return 1
        print(f"audit log intact: {count} entries")
        return 0
    for entry in read_audit(service.db, user=args.user, last=max(args.last, 0)):
        when = entry.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        details = json.dumps(entry.details, ensure_ascii=False) if entry.details else ""
        print(f"{when}  {entry.user or '-':<16} {entry.action:<16} {details}")
    return 0

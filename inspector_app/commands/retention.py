"""`inspector-app retention`: apply the station's retention policy now, or show what it would
remove (`--dry-run`). The station also runs it by itself every few hours; this is for an
administrator who needs the disk space today or wants to see the policy's effect first.
Removing evidence is an administrator's right; each removal is on the chained audit record."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from inspector_app.commands._signin import Secrets, UsageError, add_signin_arguments, sign_in

NAME = "retention"
HELP = "remove evidence images the retention policy no longer keeps (or --dry-run)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, help="decision log (default: this station's)")
    parser.add_argument("--evidence", type=Path, help="evidence folder (default: this station's)")
    parser.add_argument("--dry-run", action="store_true", help="only list what would be removed")
    add_signin_arguments(parser, "ADMIN")


def run(args: argparse.Namespace) -> int:
    from inspector_app.accounts import AccountError, AccountService, Permission
    from inspector_app.config import load_settings
    from inspector_app.station.retention import (
        RetentionPolicy,
        expired_images,
        purge_expired_images,
    )
    from inspector_app.storage.db import DatabaseError, open_database

    settings = load_settings()
    policy = RetentionPolicy.of(settings.retention)
    path = args.db or settings.database_path()
    evidence = args.evidence or settings.evidence_dir()
    if not policy.active:
        print(
            "no retention policy is set: every image is kept "
            "(settings: retention.clear_images_days, retention.flagged_images_days)"
        )
        return 0
    if not path.exists():
        print(f"error: no decision log at {path}", file=sys.stderr)
        return 2
    try:
        db = open_database(path)
    except DatabaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        accounts = AccountService(db)
        admin = sign_in(
            accounts,
            args,
            Secrets(args.password_stdin),
            Permission.CHANGE_SETTINGS,
            "remove evidence images under the retention policy",
        )
        if args.dry_run:
            images = expired_images(db, policy, datetime.now(UTC), evidence)
            for image in images:
                print(f"{image.rule:8} decided {image.decided_at[:10]}  {image.path}")
            print(f"{len(images)} images would be removed")
        else:
            print(purge_expired_images(db, policy, evidence).summary())
        accounts.logout(admin, reason="command line")
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except AccountError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        db.close()
    return 0

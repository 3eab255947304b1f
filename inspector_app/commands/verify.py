"""`inspector-app verify`: check that what left the station still matches the station's log.

One check per option; more checks (the log's hash chain) are added as entries of CHECKS, each
a function (args) -> exit code, so the command grows without an elif chain:
    --dossier FILE   a case dossier against the decision log and the evidence file
    (nothing)        the whole log: every keyed chain, signed checkpoint, trigger and evidence
                     file; the first break is named first (table, row, what differs)
    --acknowledge    an administrator acknowledges the breaks found, so the station screens
                     again (audited; new breaks stop it again)
    --bundle DIR     a bundle made by `inspector-app export bundle` (offline, e.g. on the stick):
                     signature, every file's SHA-256, counts, nothing missing or extra, not
                     partial; with --public-key also that the station's own key signed it
Exit codes: 0 everything matches, 1 differences found (each one named), 2 cannot check.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

NAME = "verify"
HELP = "verify the station log (chains, signatures, evidence files), a case dossier or a bundle"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, help="decision log (default: this station's)")
    what = parser.add_mutually_exclusive_group()
    what.add_argument(
        "--dossier",
        type=Path,
        metavar="FILE",
        help="a case dossier PDF made by `inspector-app export dossier`",
    )
    what.add_argument(
        "--acknowledge",
        action="store_true",
        help="record that an administrator has seen the breaks found (needs --as ADMIN)",
    )
    what.add_argument(
        "--bundle",
        type=Path,
        metavar="DIR",
        help="a records bundle made by `inspector-app export bundle` (no sign-in needed)",
    )
    parser.add_argument(
        "--public-key",
        metavar="KEY",
        help="with --bundle: the station's public key (base64url as the hub shows it, or a file)",
    )
    parser.add_argument(
        "--no-evidence", action="store_true", help="skip hashing the evidence files"
    )
    from inspector_app.commands._signin import add_signin_arguments

    add_signin_arguments(parser, "ADMIN")


def _db_path(args: argparse.Namespace) -> Path:
    if args.db:
        return Path(args.db)
    from inspector_app.config import load_settings

    return Path(load_settings().database_path())


def _dossier(args: argparse.Namespace) -> int:
    from inspector_app.reports.dossier_check import check_dossier
    from inspector_app.reports.records import open_log

    db = open_log(_db_path(args))
    try:
        result = check_dossier(db, args.dossier)
    finally:
        db.conn.close()
    if result.ok:
        print(
            f"dossier {args.dossier} matches the log: decision {result.decision_id}; "
            + "; ".join(result.checked)
        )
        return 0
    print(f"DOSSIER DIFFERS from the log (decision {result.decision_id}):", file=sys.stderr)
    for problem in result.problems:
        print(f"  - {problem}", file=sys.stderr)
    return 1


def _log(args: argparse.Namespace) -> int:
    from inspector_app.commands.verify_log import check_log

    return check_log(_db_path(args), evidence=not args.no_evidence)


def _acknowledge(args: argparse.Namespace) -> int:
    from inspector_app.commands.verify_log import acknowledge

    return acknowledge(_db_path(args), args)


def _bundle(args: argparse.Namespace) -> int:
    from inspector_app.sync.bundle_check import parse_public_key, verify_bundle

    key = None
    if args.public_key:
        try:
            key = parse_public_key(args.public_key)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    if not args.bundle.exists():
        print(f"error: no bundle at {args.bundle}: is the stick mounted?", file=sys.stderr)
        return 2
    check = verify_bundle(args.bundle, public_key=key)
    if not check.ok:
        print(f"BUNDLE NOT SOUND: {args.bundle}", file=sys.stderr)
        for problem in check.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(
        f"bundle {args.bundle} is complete and intact: station {check.station_id}, "
        f"{check.records} records, {check.evidence} evidence files; signed, checked with "
        f"{check.key_source}"
    )
    if key is None:
        print(
            "note: checked with the key inside the bundle only; give --public-key to check that "
            "the station's enrolled key made it (the hub always does at import)",
            file=sys.stderr,
        )
    return 0


CHECKS: dict[str, Callable[[argparse.Namespace], int]] = {
    "dossier": _dossier,
    "acknowledge": _acknowledge,
    "bundle": _bundle,
}


def run(args: argparse.Namespace) -> int:
    from inspector_app.config import SettingsError
    from inspector_app.reports.progress import ExportError

    if getattr(args, "public_key", None) and not getattr(args, "bundle", None):
        print("error: --public-key goes with --bundle", file=sys.stderr)
        return 2
    for name, check in CHECKS.items():
        if getattr(args, name, None) not in (None, False):
            try:
                return check(args)
            except (ExportError, SettingsError) as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 2
    try:
        return _log(args)  # no option: the whole log
    except (ExportError, SettingsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

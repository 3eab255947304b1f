"""`inspector-app stats`: per-inspector screening figures for supervisors (TIP hit rate, flag
rate on real parcels, mean decision time), read from the station's decision log. Signed in:
a supervisor or administrator (`--as NAME`), like the statistics in the window."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from inspector_app.commands._signin import Secrets, UsageError, add_signin_arguments, sign_in

NAME = "stats"
HELP = "per-inspector TIP hit rate, flag rate and decision time from the decision log"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, help="decision log (default: this station's)")
    parser.add_argument("--json", action="store_true", help="one JSON object per inspector")
    add_signin_arguments(parser, "SUPERVISOR")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def run(args: argparse.Namespace) -> int:
    from inspector_app.accounts import AccountError, AccountService, Permission
    from inspector_app.config import load_settings
    from inspector_app.storage.db import DatabaseError
    from inspector_app.storage.decision_log import DecisionLog
    from inspector_app.storage.tip_log import TipLog

    path = args.db or load_settings().database_path()
    if not path.exists():
        print(f"error: no decision log at {path}", file=sys.stderr)
        return 2
    try:
        log = DecisionLog(path)
    except DatabaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        accounts = AccountService(log.db)
        reader = sign_in(
            accounts,
            args,
            Secrets(args.password_stdin),
            Permission.VIEW_TEAM_STATS,
            "read every inspector's statistics",
        )
        rows = TipLog(log.db).inspector_stats()
        accounts.logout(reader, reason="command line")
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except AccountError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        log.close()
    if args.json:
        for row in rows:
            record = {
                "inspector": row.inspector,
                "decisions": row.decisions,
                "flagged": row.flagged,
                "flag_rate": row.false_alarm_rate,
                "tip_presented": row.tip_presented,
                "tip_hits": row.tip_hits,
                "tip_hit_rate": row.hit_rate,
                "mean_decision_s": row.mean_decision_s,
            }
            print(json.dumps(record))
        return 0
    print(
        f"{'inspector':<20} {'parcels':>8} {'flagged':>8} {'TIP':>5} {'hit rate':>9} {'mean s':>7}"
    )
    for row in rows:
        mean = "—" if row.mean_decision_s is None else f"{row.mean_decision_s:.1f}"
        print(
            f"{row.inspector:<20} {row.decisions:>8} {_pct(row.false_alarm_rate):>8}"
            f" {row.tip_presented:>5} {_pct(row.hit_rate):>9} {mean:>7}"
        )
    print("flagged = suspect or refer on real (non-TIP) parcels: an upper bound on false alarms")
    return 0

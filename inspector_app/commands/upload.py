"""`inspector-app upload ...`: enrol this station with a hub, see the upload backlog and state,
push now, or switch upload off. Upload stays off (no host contacted) until `enrol` succeeds."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

NAME = "upload"
HELP = "send this station's records to the hub: enrol, status, push, disable"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="upload_command", metavar="ACTION", required=True)
    enrol = sub.add_parser("enrol", help="register this station with a hub (one-time token)")
    enrol.add_argument("--hub", required=True, help="hub URL, e.g. https://hub.example:8741")
    enrol.add_argument("--token", required=True, help="one-time token from `hub enrol-token`")
    enrol.add_argument("--ca-bundle", type=Path, help="PEM file of CAs to trust for the hub")
    status = sub.add_parser("status", help="backlog, last success, last error")
    status.add_argument("--db", type=Path, help="decision log (default: this station's)")
    status.add_argument("--json", action="store_true", help="one JSON object")
    push = sub.add_parser("push", help="send everything pending now (upload must be enrolled)")
    push.add_argument("--db", type=Path, help="decision log (default: this station's)")
    push.add_argument(
        "--retry-refused",
        action="store_true",
        help="offer the records the hub refused again first (after the hub was fixed)",
    )
    sub.add_parser("disable", help="switch upload off (forget the hub; the outbox keeps filling)")


def run(args: argparse.Namespace) -> int:
    from inspector_app.sync.config import UploadConfigError
    from inspector_app.sync.station_key import StationKeyError

    handlers = {"enrol": _enrol, "status": _status, "push": _push, "disable": _disable}
    try:
        return handlers[args.upload_command](args)
    except (UploadConfigError, StationKeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _db_path(args: argparse.Namespace) -> Path:
    from inspector_app import config

    return args.db or config.database_path()


def _enrol(args: argparse.Namespace) -> int:
    from inspector_app.sync.client import HubError, enrol
    from inspector_app.sync.config import UploadConfig, save_upload_config
    from inspector_app.sync.station_key import load_or_create

    hub = args.hub.rstrip("/")
    if not hub.startswith(("http://", "https://")):
        print("error: --hub must start with http:// or https://", file=sys.stderr)
        return 2
    if args.ca_bundle and not args.ca_bundle.is_file():
        print(f"error: --ca-bundle {args.ca_bundle} is not a file", file=sys.stderr)
        return 2
    ca = str(args.ca_bundle.resolve()) if args.ca_bundle else None
    key = load_or_create()
    try:
        answer = enrol(hub, args.token, key, ca)
    except HubError as exc:
        print(f"error: enrolment failed: {exc}", file=sys.stderr)
        return 1
    path = save_upload_config(
        UploadConfig(hub, answer["station_id"], ca, datetime.now(UTC).isoformat())
    )
    print(f"enrolled as station {answer['station_id']} with {hub}; settings in {path}")
    return 0


def _status(args: argparse.Namespace) -> int:
    from inspector_app.storage.outbox import SqliteOutbox
    from inspector_app.sync.config import load_upload_config

    config = load_upload_config()
    path = _db_path(args)
    info: dict = {
        "upload": "on" if config else "off",
        "hub": config.hub_url if config else None,
        "station_id": config.station_id if config else None,
        "backlog": 0,
        "evidence_backlog": 0,
        "refused": 0,
        "refused_recent": [],
        "last_success": None,
        "last_error": None,
    }
    if path.exists():
        outbox = SqliteOutbox(path)
        info["backlog"] = outbox.backlog()
        info["evidence_backlog"] = outbox.evidence_backlog()
        info["refused"] = outbox.refused_count()
        info["refused_recent"] = [
            {"key": r.key, "kind": r.kind, "reason": r.reason} for r in outbox.refused(5)
        ]
        state = outbox.state()
        outbox.close()
        info["last_success"] = state.get("last_success") or None
        info["last_error"] = state.get("last_error") or None
    if args.json:
        print(json.dumps(info))
        return 0
    print(
        f"upload:     {info['upload']}"
        + (
            f" → {info['hub']} as {info['station_id']}"
            if config
            else " (run `upload enrol` to switch on)"
        )
    )
    print(f"backlog:    {info['backlog']} record(s), {info['evidence_backlog']} evidence file(s)")
    print(f"refused:    {info['refused']} record(s) set aside (`upload push --retry-refused`)")
    for refused in info["refused_recent"]:
        print(f"  {refused['kind']} {refused['key']}: {refused['reason']}")
    print(f"last success: {info['last_success'] or '—'}")
    print(f"last error:   {info['last_error'] or '—'}")
    return 0


def _push(args: argparse.Namespace) -> int:
    from inspector_app.storage.outbox import SqliteOutbox
    from inspector_app.sync.client import HubClient
    from inspector_app.sync.config import load_upload_config
    from inspector_app.sync.station_key import load_or_create
    from inspector_app.sync.uploader import Uploader, UploadError

    config = load_upload_config()
    if config is None:
        print(
            "error: upload is off; enrol first: inspector-app upload enrol --hub URL --token T",
            file=sys.stderr,
        )
        return 2
    path = _db_path(args)
    if not path.exists():
        print(f"error: no decision log at {path}", file=sys.stderr)
        return 2
    outbox = SqliteOutbox(path)
    if args.retry_refused:
        print(f"offering {outbox.requeue_refused()} refused record(s) again")
    client = HubClient(config.hub_url, config.station_id, load_or_create(), config.ca_bundle)
    try:
        result = Uploader(client, outbox).drain()
    except UploadError as exc:
        print(f"error: upload stopped: {exc}", file=sys.stderr)
        return 1
    finally:
        client.close()
        outbox.close()
    print(
        f"sent {result.records} record(s) in {result.batches} batch(es), "
        f"{result.evidence} evidence file(s); {result.retries} retry(ies)"
        + (f"; {result.refused} refused by the hub, set aside" if result.refused else "")
    )
    return 0


def _disable(args: argparse.Namespace) -> int:
    from inspector_app.sync.config import default_config_path

    path = default_config_path()
    path.unlink(missing_ok=True)
    print("upload is off; the outbox keeps every record until upload is enrolled again")
    return 0

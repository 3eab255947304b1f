"""`inspector-app hub ...`: run the central hub and administer it (hub side only; needs the
`hub` extra). A station uses `inspector-app upload` instead."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from pathlib import Path

NAME = "hub"
EXTRA = "hub"  # offered only where the hub server's packages are installed
HELP = "run the central hub (PostgreSQL) that collects stations' uploads; admin commands"

_MISSING = "the hub needs its extra packages: pip install 'inspector-app[hub]' ({})"


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir", type=Path, help="hub data folder (embedded database, evidence files)"
    )
    parser.add_argument(
        "--database-url",
        help="use this PostgreSQL (postgresql://...) instead of the embedded one",
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="hub_command", metavar="ACTION", required=True)
    serve = sub.add_parser("serve", help="start the hub's HTTP API and page")
    _common(serve)
    serve.add_argument("--host", default="127.0.0.1", help="listen address (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8741, help="listen port (default 8741)")
    token = sub.add_parser("enrol-token", help="make a one-time enrolment token for a station")
    _common(token)
    token.add_argument("--station", required=True, help="the station's id, e.g. BRU-X2")
    token.add_argument("--lane", help="its default lane")
    token.add_argument("--hours", type=float, default=24.0, help="valid for (default 24 h)")
    bundle = sub.add_parser(
        "import-bundle",
        help="import a records bundle carried from an offline station (export bundle)",
        description="Verify the bundle against the key enrolled for its station, then store its "
        "records and evidence as uploads are stored: each once, however often imported.",
    )
    bundle.add_argument("path", type=Path, metavar="PATH", help="the bundle folder")
    _common(bundle)
    bundle.add_argument(
        "--verify-only", action="store_true", help="check the bundle at the hub; store nothing"
    )
    openapi = sub.add_parser("openapi", help="print the hub's OpenAPI contract (JSON)")
    openapi.add_argument("--out", type=Path, help="write to this file instead")


def _import_error(exc: ImportError) -> int:
    print("error: " + _MISSING.format(exc.name or exc), file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    try:
        if args.hub_command == "serve":
            return _serve(args)
        if args.hub_command == "enrol-token":
            return _enrol_token(args)
        if args.hub_command == "import-bundle":
            return _import_bundle(args)
        return _openapi(args)
    except ImportError as exc:
        return _import_error(exc)


def _data_dir(args: argparse.Namespace) -> Path:
    from inspector_app.hub.server import default_data_dir

    return (args.data_dir or default_data_dir()).resolve()


def _serve(args: argparse.Namespace) -> int:
    from inspector_app.hub.server import serve

    if not 0 < args.port < 65536:
        print(f"error: --port {args.port} is not a port number", file=sys.stderr)
        return 2
    try:
        serve(_data_dir(args), args.database_url, args.host, args.port)
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # psycopg/alembic: a database we cannot reach or migrate
        print(f"error: cannot start the hub: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0


def _enrol_token(args: argparse.Namespace) -> int:
    import psycopg

    from inspector_app.hub.auth import STATION_RE
    from inspector_app.hub.db import psycopg_url
    from inspector_app.hub.server import database
    from inspector_app.hub.store import create_enrol_token

    if not STATION_RE.match(args.station):
        print("error: --station: letters, digits, '.', '_' or '-', up to 64", file=sys.stderr)
        return 2
    if not 0 < args.hours <= 24 * 30:
        print("error: --hours must be between 0 and 720", file=sys.stderr)
        return 2
    try:
        data_dir = _data_dir(args)
        with (
            database(data_dir, args.database_url) as url,
            psycopg.connect(psycopg_url(url)) as conn,
        ):
            token = create_enrol_token(conn, args.station, args.lane, timedelta(hours=args.hours))
    except (ValueError, psycopg.Error) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(token)
    print(
        f"one-time token for station {args.station}, valid {args.hours:g} h; on the station run:\n"
        f"  inspector-app upload enrol --hub URL --token {token}",
        file=sys.stderr,
    )
    return 0


def _import_bundle(args: argparse.Namespace) -> int:
    from inspector_app.hub.bundle_import import BundleRefused, import_bundle
    from inspector_app.hub.db import open_pool
    from inspector_app.hub.evidence import EvidenceStore
    from inspector_app.hub.server import database

    if not args.path.is_dir():
        print(f"error: no bundle folder at {args.path}", file=sys.stderr)
        return 2
    try:
        data_dir = _data_dir(args)
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        with database(data_dir, args.database_url) as url:
            pool = open_pool(url, max_size=2)
            try:
                result = import_bundle(
                    pool,
                    EvidenceStore(data_dir / "evidence"),
                    args.path,
                    verify_only=args.verify_only,
                )
            finally:
                pool.close()
    except BundleRefused as exc:
        print(f"error: bundle {args.path} refused:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # psycopg/alembic: a database we cannot reach or migrate
        print(f"error: cannot import: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print(
        f"bundle {args.path.name}: station {result.station_id}, {result.records} records, "
        f"{result.evidence} evidence files; verified with {result.key_source}"
    )
    if args.verify_only:
        print("nothing stored (--verify-only)")
        return 0
    print(f"records:        {result.records_new} new, {result.records_present} already present")
    print(f"evidence files: {result.evidence_new} new, {result.evidence_present} already present")
    return 0


def _openapi(args: argparse.Namespace) -> int:
    from inspector_app.hub.contract import openapi_text

    text = openapi_text()
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0

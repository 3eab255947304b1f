"""`inspector-app export`: supervisor exports from the decision log, signed in.

    export shift   --from ISO --to ISO [--station S] [--lane L] [--inspector U]
                   --format csv|xlsx|pdf --out FILE
    export dossier --decision ID --out FILE.pdf
    export dataset --from ISO --to ISO --out DIR
    export routes  --from ISO --to ISO [--format csv|xlsx] --out FILE
    export bundle  --to DIR [--all] [--since ISO] [--until ISO] [--station ID]

Every export needs `--as USER` whose role has EXPORT_REPORTS (supervisor, admin); the
password is prompted for, or read from standard input with `--password-stdin`. Refusals and
exports are written to the audit log. Times without an offset are the station's local time.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from inspector_app.commands._signin import Secrets, UsageError, add_signin_arguments, sign_in

NAME = "export"
HELP = (
    "supervisor exports: shift log, case dossier, retraining dataset, route table, "
    "records bundle for the hub"
)


class _UsageError(Exception):
    pass


def add_arguments(parser: argparse.ArgumentParser) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, help="decision log (default: this station's)")
    add_signin_arguments(common, "USER")
    common.add_argument("--quiet", action="store_true", help="no progress on stderr")
    period = argparse.ArgumentParser(add_help=False)
    period.add_argument(
        "--from",
        dest="start",
        required=True,
        metavar="ISO",
        help="start of the period, e.g. 2026-11-23T06:00",
    )
    period.add_argument(
        "--to", dest="end", required=True, metavar="ISO", help="end of the period (not included)"
    )
    sub = parser.add_subparsers(dest="what", metavar="WHAT", required=True)

    shift = sub.add_parser("shift", parents=[common, period], help="shift log as CSV/XLSX/PDF")
    shift.add_argument("--station", help="only this station (when the log records stations)")
    shift.add_argument("--lane", help="only this lane (when the log records lanes)")
    shift.add_argument("--inspector", help="only this inspector's decisions")
    shift.add_argument(
        "--format",
        choices=["csv", "xlsx", "pdf"],
        default=None,
        help="file format (default: from the --out suffix)",
    )
    shift.add_argument("--out", type=Path, required=True, help="file to write")

    dossier = sub.add_parser("dossier", parents=[common], help="case dossier PDF of one find")
    dossier.add_argument(
        "--decision",
        type=int,
        required=True,
        metavar="ID",
        help="decision id (see the shift log's Decision column)",
    )
    dossier.add_argument(
        "--enhance", default="clahe", help="image function for the enhanced view (default: clahe)"
    )
    dossier.add_argument("--out", type=Path, required=True, help="PDF file to write")

    dataset = sub.add_parser(
        "dataset",
        parents=[common, period],
        help="YOLO + COCO retraining dataset of confirmed/rejected cues",
    )
    dataset.add_argument("--out", type=Path, required=True, help="empty or new folder")
    dataset.add_argument(
        "--val-fraction",
        type=float,
        default=0.2,
        help="share of parcels in the validation split (default 0.2)",
    )

    routes = sub.add_parser(
        "routes",
        parents=[common, period],
        help="origin × destination × category counts (no personal data)",
    )
    routes.add_argument(
        "--format",
        choices=["csv", "xlsx"],
        default=None,
        help="file format (default: from the --out suffix, else csv)",
    )
    routes.add_argument("--out", type=Path, required=True, help="file to write")

    bundle = sub.add_parser(
        "bundle",
        parents=[common],
        help="signed bundle of the records not yet at the hub, to carry on removable media",
    )
    bundle.add_argument(
        "--to",
        type=Path,
        required=True,
        metavar="DIR",
        help="folder on the stick; the bundle is made inside it (inspector-bundle-STATION-TIME)",
    )
    bundle.add_argument(
        "--all",
        dest="include_sent",
        action="store_true",
        help="also the records already sent (a full copy; the hub stores each record once)",
    )
    bundle.add_argument("--since", metavar="ISO", help="only records from this time on")
    bundle.add_argument("--until", metavar="ISO", help="only records before this time")
    bundle.add_argument(
        "--station", help="this station's id at the hub (default: from the upload settings)"
    )


def _progress(quiet: bool) -> Callable[[float, str], None] | None:
    if quiet:
        return None
    last = [-1]

    def show(fraction: float, message: str) -> None:
        pct = int(fraction * 100)
        if pct // 10 != last[0] // 10 or pct == 100:
            last[0] = pct
            print(f"\r{pct:3d}%  {message[:60]:<60}", end="", file=sys.stderr, flush=True)
            if pct == 100:
                print(file=sys.stderr)

    return show


def _format_from(args: argparse.Namespace, allowed: tuple[str, ...], default: str | None) -> str:
    if args.format:
        return str(args.format)
    suffix = args.out.suffix.lower().lstrip(".")
    if suffix in allowed:
        return suffix
    if default:
        return default
    raise _UsageError(
        f"say the format with --format ({'|'.join(allowed)}) or give --out a "
        f"{'/'.join('.' + a for a in allowed)} name"
    )


def run(args: argparse.Namespace) -> int:
    from inspector_app.accounts import AccountError, AccountService, Permission
    from inspector_app.config import SettingsError, load_settings
    from inspector_app.reports.progress import ExportCancelled, ExportError
    from inspector_app.reports.records import open_log

    try:
        settings = load_settings()
        path = args.db or settings.database_path()
        db = open_log(path)
    except (ExportError, SettingsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    service = AccountService(db)
    session = None
    try:
        session = sign_in(
            service, args, Secrets(args.password_stdin), Permission.EXPORT_REPORTS, _what(args)
        )
        return _dispatch(db, session, settings, args)
    except AccountError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except ExportCancelled:
        print("\nexport cancelled; nothing was written", file=sys.stderr)
        return 130
    except (_UsageError, UsageError, ExportError, ValueError) as exc:
        print(f"\nerror: {exc}", file=sys.stderr)
        return 2
    finally:
        if session is not None:
            service.logout(session, reason="command line export")
        db.conn.close()


def _what(args: argparse.Namespace) -> str:
    return (
        "export the "
        + {
            "shift": "shift log",
            "dossier": "case dossier",
            "dataset": "retraining dataset",
            "routes": "route table",
            "bundle": "records bundle for the hub",
        }[args.what]
    )


def _dispatch(db: Any, session: Any, settings: Any, args: argparse.Namespace) -> int:
    from inspector_app.reports.access import record_export
    from inspector_app.reports.station import station_name

    what = _what(args)
    progress = _progress(args.quiet)
    station = station_name(settings)
    result = _HANDLERS[args.what](db, session, station, args, progress)
    out = result.pop("out", None) or str(args.out.resolve())
    record_export(db, session, what, out=out, **result)
    return 0


def _period(args: argparse.Namespace) -> Any:
    from inspector_app.reports.records import Period, parse_user_time

    return Period(parse_user_time(args.start, "--from"), parse_user_time(args.end, "--to"))


def _shift(
    db: Any, session: Any, station: str, args: argparse.Namespace, progress: Any
) -> dict[str, Any]:
    from inspector_app.reports.records import Filters
    from inspector_app.reports.shift import export_shift

    fmt = _format_from(args, ("csv", "xlsx", "pdf"), None)
    period = _period(args)
    filters = Filters(station=args.station, lane=args.lane, inspector=args.inspector)
    done = export_shift(
        db,
        args.out,
        fmt,
        period,
        filters,
        station=station,
        generated_by=session.name,
        progress=progress,
    )
    s = done.summary
    print(
        f"wrote {done.path} ({fmt}): {s.decided} decisions, {s.flagged} flagged, "
        f"{s.tip_presented} TIP images"
    )
    return {
        "format": fmt,
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "decisions": s.decided,
        "filters": {k: v for k, v in vars(filters).items() if v},
    }


def _dossier(
    db: Any, session: Any, station: str, args: argparse.Namespace, progress: Any
) -> dict[str, Any]:
    from inspector_app.reports.dossier import export_dossier

    done = export_dossier(
        db,
        args.decision,
        args.out,
        station=station,
        made_by=session.name,
        enhance_name=args.enhance,
        progress=progress,
    )
    print(
        f"wrote {done.path}: dossier of decision {args.decision} "
        f"(record SHA-256 {done.json_sha256})"
    )
    return {
        "decision_id": done.record.decision_id,
        "scan_id": done.record.scan_id,
        "record_sha256": done.json_sha256,
    }


def _dataset(
    db: Any, session: Any, station: str, args: argparse.Namespace, progress: Any
) -> dict[str, Any]:
    from inspector_app.reports.dataset_export import export_dataset

    period = _period(args)
    done = export_dataset(
        db,
        period,
        args.out,
        val_fraction=args.val_fraction,
        made_by=session.name,
        progress=progress,
    )
    images = ", ".join(f"{n} {s}" for s, n in sorted(done.images.items()))
    boxes = ", ".join(f"{n} {s.replace('_', ' ')}s" for s, n in sorted(done.boxes.items()))
    print(f"wrote {done.path}: {images} images; {boxes}")
    for problem in done.skipped:
        print(f"skipped: {problem}", file=sys.stderr)
    return {
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "images": done.images,
        "boxes": done.boxes,
        "skipped": len(done.skipped),
    }


def _routes(
    db: Any, session: Any, station: str, args: argparse.Namespace, progress: Any
) -> dict[str, Any]:
    from inspector_app.reports.routes import export_routes

    fmt = _format_from(args, ("csv", "xlsx"), "csv")
    period = _period(args)
    table = export_routes(db, period, args.out, fmt, station=station, progress=progress)
    print(
        f"wrote {args.out} ({fmt}): {len(table.routes())} routes, "
        f"{sum(table.counts.values())} parcels"
    )
    return {
        "format": fmt,
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "routes": len(table.routes()),
    }


def _bundle(
    db: Any, session: Any, station: str, args: argparse.Namespace, progress: Any
) -> dict[str, Any]:
    """The outbox as a signed bundle (inspector_app/sync/bundle.py). Marks nothing as sent:
    only the hub's acknowledgement of an upload does, and the hub stores a record once however
    often it arrives."""
    from inspector_app.reports.progress import ExportError
    from inspector_app.reports.records import parse_user_time
    from inspector_app.sync.bundle import BundleError, Selection, write_bundle
    from inspector_app.sync.config import UploadConfigError, load_upload_config
    from inspector_app.sync.station_key import StationKeyError, default_key_path, load_or_create

    since = parse_user_time(args.since, "--since") if args.since else None
    until = parse_user_time(args.until, "--until") if args.until else None
    selection = Selection(args.include_sent, since, until)
    try:
        config = load_upload_config()
        station_id = args.station or (config.station_id if config else None)
        if not station_id:
            raise _UsageError(
                "this station is not enrolled with a hub (no upload settings): enrol it once "
                "while a link is up (inspector-app upload enrol), or give the station id the hub "
                "knows with --station"
            )
        key_path = default_key_path()
        if not key_path.exists():  # load_or_create would make a key the hub has never seen
            raise _UsageError(
                f"no station key at {key_path}: the hub accepts a bundle only when it is signed "
                "with the key enrolled for the station (inspector-app upload enrol)"
            )
        db_path = Path(db.conn.execute("PRAGMA database_list").fetchone()[2])
        done = write_bundle(
            db_path, args.to, load_or_create(key_path), station_id, selection, progress=progress
        )
    except (BundleError, StationKeyError, UploadConfigError) as exc:
        raise ExportError(str(exc)) from None
    for sha256, why in done.skipped:
        print(f"left out evidence {sha256[:12]}…: {why}", file=sys.stderr)
    if done.path is None:
        print(
            "nothing to export: no records or evidence waiting for the hub"
            + ("" if args.include_sent else " (--all includes those already sent)")
        )
    else:
        print(
            f"wrote {done.path}: {done.records} records, {done.evidence} evidence files, "
            f"{done.size / 1e6:.1f} MB; station {station_id}. Nothing is marked as sent: "
            "import it at the hub with `inspector-app hub import-bundle`"
        )
    return {
        "out": str(done.path or args.to.resolve()),
        "station_id": station_id,
        "records": done.records,
        "evidence": done.evidence,
        "bytes": done.size,
        "selection": selection.as_manifest(),
        "evidence_left_out": len(done.skipped),
    }


_HANDLERS: dict[str, Callable[..., dict[str, Any]]] = {
    "routes": _routes,
    "shift": _shift,
    "dossier": _dossier,
    "dataset": _dataset,
    "bundle": _bundle,
}

"""`inspector-app model info|verify|hash|quantize|calibrate`: look after detection model files.

- info: what a model is (manifest, hash, layout, input/output, classes, the thresholds in force
  and where they came from). Loaded in a separate process first, with a time limit.
- verify: load it in a separate process with a time limit, as the workstation does before it
  switches models; exit 0 only if the station would accept it (its manifest records the file's
  SHA-256; `--allow-unhashed` for development).
- hash: a model file's SHA-256 and whether its manifest records it; `--write` records it, after
  checking the model loads: how an administrator approves a file (detection.model_hash).
- quantize: make a static INT8 copy calibrated on scan images; check its accuracy with
  `inspector-app evaluate --model M-int8.onnx --baseline M.onnx --data DIR`.
- calibrate: per-class alarm thresholds from this station's own log (cleared parcels, rejected
  cues) to an alarm budget; a supervisor signs in, the change is audited and can be undone
  (`--undo`, `--reset`). Kept beside the model in `<model>.calibration.json`
  (inspector_app.detection.station_calibration says why).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from inspector_app.commands._signin import Secrets, UsageError, add_signin_arguments, sign_in

NAME = "model"
HELP = "inspect, verify, hash, quantize (INT8) or calibrate a detection model"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    info = sub.add_parser("info", help="show a model's manifest, hash, layout and classes")
    info.add_argument("model", type=Path)
    info.add_argument("--manifest", type=Path, help="manifest YAML (default: beside the model)")
    info.add_argument("--json", action="store_true", help="print JSON")
    info.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        help="seconds the model may take to load (default 60)",
    )

    verify = sub.add_parser(
        "verify",
        help="check a station would accept a model and that it loads safely (separate process)",
    )
    verify.add_argument("model", type=Path)
    verify.add_argument("--manifest", type=Path)
    verify.add_argument("--timeout", type=float, default=60.0, help="seconds (default 60)")
    verify.add_argument(
        "--allow-unhashed",
        action="store_true",
        help="development: accept a model whose SHA-256 no manifest records",
    )

    hsh = sub.add_parser(
        "hash",
        help="a model file's SHA-256 and whether its manifest records "
        "it; --write records it (administrators)",
    )
    hsh.add_argument("model", type=Path)
    hsh.add_argument("--manifest", type=Path, help="manifest YAML (default: beside the model)")
    hsh.add_argument(
        "--write",
        action="store_true",
        help="record the SHA-256 in the manifest (a new one for a bare .onnx) after "
        "checking the model loads with it; only for a file you have checked "
        "is the approved one",
    )
    hsh.add_argument(
        "--replace",
        action="store_true",
        help="with --write: replace another SHA-256 the manifest records (a new approved file)",
    )
    hsh.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        help="seconds the model may take to load (default 60)",
    )

    quant = sub.add_parser("quantize", help="static INT8 quantization calibrated on scans")
    quant.add_argument("model", type=Path)
    quant.add_argument(
        "--calib",
        type=Path,
        required=True,
        help="folder of scan images for calibration (searched recursively)",
    )
    quant.add_argument("--out", type=Path, help="output .onnx (default: <model>-int8.onnx)")
    quant.add_argument("--manifest", type=Path)
    quant.add_argument("--images", type=int, default=100, help="calibration images (default 100)")
    quant.add_argument(
        "--per-tensor",
        action="store_true",
        help="one scale per weight tensor instead of per output channel",
    )
    quant.add_argument(
        "--method",
        choices=("minmax", "entropy", "percentile"),
        default="minmax",
        help="activation calibration (default minmax)",
    )
    quant.add_argument(
        "--float-outputs",
        action="store_true",
        help="keep each head's last conv (scores, boxes) in float: costs little "
        "speed, keeps most of the accuracy",
    )
    quant.add_argument(
        "--check",
        type=Path,
        metavar="DATA",
        help="labelled evaluation set (YOLO or Pascal-VOC folder): evaluate the "
        "INT8 copy against the model and refuse it (delete it, exit 1) when "
        "mAP50 drops by more than --max-drop",
    )
    quant.add_argument(
        "--max-drop",
        type=float,
        default=0.01,
        help="largest mAP50 drop accepted, 0..1 (default 0.01 = one point)",
    )
    quant.add_argument("--check-limit", type=int, help="evaluate on at most N images")

    cal = sub.add_parser(
        "calibrate",
        help="per-class alarm thresholds from this station's log, to an alarm budget "
        "(supervisor, audited, reversible)",
    )
    cal.add_argument("model", type=Path)
    cal.add_argument("--manifest", type=Path)
    add_signin_arguments(cal, "SUPERVISOR")
    cal.add_argument("--db", type=Path, help="station database (default: the app's log)")
    cal.add_argument(
        "--max-alarm-rate",
        type=float,
        default=0.05,
        help="most cleared parcels that may alarm, 0..1 (default 0.05)",
    )
    cal.add_argument(
        "--min-cleared",
        type=int,
        default=50,
        help="fewest cleared parcels to calibrate on (default 50)",
    )
    cal.add_argument("--dry-run", action="store_true", help="show the result, change nothing")
    what = cal.add_mutually_exclusive_group()
    what.add_argument(
        "--undo", action="store_true", help="go back to the thresholds before the last change"
    )
    what.add_argument("--reset", action="store_true", help="go back to the manifest thresholds")


def _dims(shape: list[Any]) -> list[Any]:
    """Shape for people: long symbolic expressions (from shape inference) become '?'."""
    return [d if isinstance(d, int) or len(str(d)) <= 16 else "?" for d in shape]


def _info(args: argparse.Namespace) -> int:
    from inspector_app.detection import load_validated
    from inspector_app.detection.calibration import CalibrationError
    from inspector_app.detection.policy import record_hash_hint
    from inspector_app.detection.station_calibration import apply_to

    det = load_validated(args.model, args.manifest, timeout_s=args.timeout, require_hash=False)
    m = det.manifest
    try:
        force = apply_to(det)
        source, warning = force.describe(), ""
    except CalibrationError as exc:
        source, warning = "model manifest", f"station calibration ignored: {exc}"
    override = _confidence_setting()
    inp, out = det.session.get_inputs()[0], det.session.get_outputs()[0]
    data: dict[str, Any] = {
        "file": str(args.model),
        "size_bytes": args.model.stat().st_size,
        "name": det.info.name,
        "version": det.info.version,
        "sha256": det.info.sha256,
        "sha256_recorded": det.hash_checked,
        "format": det.adapter.name,
        "input": {
            "name": inp.name,
            "shape": _dims(inp.shape),
            "type": inp.type,
            "nominal": [m.input.width, m.input.height],
            "dynamic": m.input.dynamic,
        },
        "output": {"name": out.name, "shape": _dims(out.shape)},
        "providers": det.session.get_providers(),
        "classes": {
            c: {
                "threshold": float(t),
                "manifest_threshold": m.threshold_for(c),
                "category": m.category_for(c),
            }
            for c, t in zip(m.classes, det.thresholds, strict=True)
        },
        "thresholds_from": source,
        "confidence_setting": override,
        "preprocess": m.preprocess.model_dump(),
        "tiling": m.tiling.model_dump(),
        "nms_iou": m.nms_iou,
        "provenance": m.provenance,
        "metrics": m.metrics,
    }
    if args.json:
        print(json.dumps(data, indent=2, default=str))
        return 0
    print(
        f"{data['name']} {data['version']}  ({data['format']}, {len(m.classes)} classes, "
        f"{data['size_bytes'] / 1e6:.2f} MB)"
    )
    print(f"sha256    {data['sha256']}")
    if not det.hash_checked:
        print(
            "warning: no manifest records this SHA-256, so a station refuses this model. "
            + record_hash_hint(args.model)
        )
    print(
        f"input     {inp.name} {data['input']['shape']} {inp.type}; nominal "
        f"{m.input.width}x{m.input.height}{' dynamic' if m.input.dynamic else ''}"
    )
    print(f"output    {out.name} {data['output']['shape']}")
    print(f"providers {', '.join(data['providers'])}")
    print(f"thresholds in force: {source}")
    if warning:
        print(f"warning: {warning}")
    if override is not None:
        print(f"note: the station setting `confidence` = {override} overrides every class")
    print(f"{'class':<20} {'threshold':>9} {'manifest':>9}  category")
    for c, row in data["classes"].items():
        print(
            f"{c:<20} {row['threshold']:>9.2f} {row['manifest_threshold']:>9.2f}  {row['category']}"
        )
    for key in ("provenance", "metrics"):
        if data[key]:
            print(f"{key}: {json.dumps(data[key], default=str)}")
    return 0


def _confidence_setting() -> float | None:
    """The station's global `confidence` override, if one is set (it beats every threshold)."""
    try:
        from inspector_app.config import load_settings

        screening = getattr(load_settings(), "screening", None)
        value = getattr(screening, "confidence", None)
    except Exception:  # a broken settings file is reported by the station, not by `model info`
        return None
    return None if value is None else float(value)


def _verify(args: argparse.Namespace) -> int:
    from inspector_app.detection import validate_model_out_of_process

    info = validate_model_out_of_process(
        args.model, args.manifest, args.timeout, require_hash=not args.allow_unhashed
    )
    print(f"OK {info.name} {info.version} sha256 {info.sha256}")
    return 0


def _hash(args: argparse.Namespace) -> int:
    """Show the file's SHA-256 against the manifest's record (exit 0 only when they agree), or
    record it with --write."""
    from inspector_app.detection.model_hash import hash_state, record_sha256
    from inspector_app.detection.policy import record_hash_hint

    if args.replace and not args.write:
        print("error: --replace goes with --write", file=sys.stderr)
        return 2
    if args.write:
        done = record_sha256(
            args.model, args.manifest, replace=args.replace, timeout_s=args.timeout
        )
        if done.unchanged:
            print(f"{done.manifest_path} already records SHA-256 {done.sha256}")
        elif done.created:
            print(
                f"wrote {done.manifest_path} with SHA-256 {done.sha256}; its classes and "
                "thresholds come from the model's metadata and defaults: review them before "
                "the station uses it"
            )
        else:
            was = f"{done.previous[:16]}…" if done.previous else "none"
            print(
                f"recorded SHA-256 {done.sha256} in {done.manifest_path} (was {was}); the "
                "model loaded with it"
            )
        return 0
    state = hash_state(args.model, args.manifest)
    print(f"sha256    {state.sha256}  {args.model}")
    if state.manifest_path is None:
        print("manifest  none: a station refuses this model. " + record_hash_hint(args.model))
        return 1
    if state.recorded is None:
        print(
            f"manifest  {state.manifest_path} records no SHA-256: a station refuses this "
            "model. " + record_hash_hint(args.model)
        )
        return 1
    if not state.matches:
        print(
            f"manifest  {state.manifest_path} records {state.recorded[:16]}…, not this "
            "file's: the file was changed or swapped since it was approved; a station "
            "refuses it"
        )
        return 1
    print(f"manifest  {state.manifest_path} records the same SHA-256: a station accepts it")
    return 0


def _quantize(args: argparse.Namespace) -> int:
    from inspector_app.detection.quantize import quantize_model

    res = quantize_model(
        args.model,
        args.calib,
        args.out,
        manifest_path=args.manifest,
        max_images=args.images,
        per_channel=not args.per_tensor,
        method=args.method,
        float_outputs=args.float_outputs,
    )
    print(
        f"wrote {res.onnx_path} ({res.size_after / 1e6:.2f} MB, was "
        f"{res.size_before / 1e6:.2f} MB) and {res.manifest_path}"
    )
    print(
        f"calibrated on {res.calibration_images} images; {len(res.excluded_nodes)} head nodes "
        "kept in float"
    )
    if args.check is None:
        print(
            f"check its accuracy: inspector-app evaluate --model {res.onnx_path} "
            f"--baseline {args.model} --data <labelled dataset> (or quantize --check DATA)"
        )
        return 0
    return _check_int8(args, res)


def _check_int8(args: argparse.Namespace, res: Any) -> int:
    from inspector_app.detection.dataset import DatasetError
    from inspector_app.detection.quantize import check_int8_accuracy, refuse_int8

    try:
        check = check_int8_accuracy(
            args.model,
            res.onnx_path,
            args.check,
            max_drop=args.max_drop,
            limit=args.check_limit,
            float_manifest=args.manifest,
        )
    except DatasetError as exc:
        refuse_int8(res)
        print(f"error: {exc}; INT8 copy removed (not checked)", file=sys.stderr)
        return 2

    def fmt(v: float | None) -> str:
        return "n/a" if v is None else f"{v:.4f}"

    speed = (
        f", {check.ms_float:.1f} -> {check.ms_int8:.1f} ms/scan"
        if check.ms_float and check.ms_int8
        else ""
    )
    print(
        f"accuracy on {check.images} images of {check.data}: mAP50 float "
        f"{fmt(check.map50_float)}, INT8 {fmt(check.map50_int8)} (drop {fmt(check.drop)}, "
        f"limit {check.max_drop:.4f}){speed}"
    )
    if not check.accepted:
        refuse_int8(res)
        print(
            "INT8 refused: it loses too much accuracy on this set; the copy was removed",
            file=sys.stderr,
        )
        return 1
    print(f"INT8 accepted: {res.onnx_path}")
    return 0


def _calibrate(args: argparse.Namespace) -> int:
    """Sign in a supervisor, work out the new thresholds, then audit and store them together."""
    from inspector_app.accounts import AccountError, AccountService, AuditAction, Permission, audit
    from inspector_app.detection import Detector
    from inspector_app.detection import station_calibration as sc
    from inspector_app.detection.calibration import CalibrationError
    from inspector_app.storage.db import DatabaseError, transaction

    if not args.actor:
        print("error: say which supervisor does this: --as USER", file=sys.stderr)
        return 2
    det = Detector.load(args.model, args.manifest)
    names = list(det.class_names)
    manifest = {n: det.manifest.threshold_for(n) for n in names}
    db_path = args.db or _default_db()
    try:
        force = sc.in_force(args.model, det.info.sha256, manifest)
        service = AccountService.open(db_path)
    except (CalibrationError, DatabaseError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        session = sign_in(
            service,
            args,
            Secrets(args.password_stdin),
            Permission.CHANGE_MODEL,
            "change alarm thresholds",
        )
    except (AccountError, UsageError) as exc:
        service.close()
        print(f"error: {exc}", file=sys.stderr)
        return 1 if isinstance(exc, AccountError) else 2
    try:
        try:
            entry = _calibration_entry(args, det, force, names, db_path)
        except CalibrationError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        entry.update(at=sc.now_text(), by=session.name, log=str(db_path))
        old = force.thresholds
        new = entry["thresholds"] or manifest
        print(f"{'class':<20} {'now':>6} {'new':>6}")
        for n in names:
            print(f"{n:<20} {old[n]:>6.2f} {new[n]:>6.2f}")
        for key in ("cleared_alarm_rate", "suspect_still_alarming"):
            if key in entry:
                print(f"{key.replace('_', ' ')}: {entry[key]['before']} -> {entry[key]['after']}")
        if entry.get("within_budget") is False:
            print(
                "warning: even the highest thresholds leave more cleared parcels alarming "
                "than the budget allows"
            )
        if args.dry_run:
            print("dry run: nothing changed")
            return 0
        with transaction(service.db):  # the audit row and the file land together or not at all
            audit(
                service.db,
                session,
                AuditAction.MODEL_CHANGED,
                change="alarm thresholds",
                how=entry["action"],
                model=det.info.name,
                sha256=det.info.sha256,
                old=old,
                new=new,
                sidecar=str(sc.sidecar_path(args.model)),
            )
            path = sc.write_entry(args.model, det.info.sha256, entry)
        now_in_force = sc.in_force(args.model, det.info.sha256, manifest).describe()
        print(f"thresholds in force now: {now_in_force}; stored in {path}, audited")
        return 0
    except OSError as exc:
        print(f"error: cannot store the calibration: {exc}", file=sys.stderr)
        return 2
    finally:
        service.logout(session, reason="command line")
        service.close()


def _calibration_entry(
    args: argparse.Namespace, det: Any, force: Any, names: list[str], db_path: Path
) -> dict[str, Any]:
    """The sidecar entry for --undo, --reset or a new calibration (thresholds None = manifest)."""
    from inspector_app.detection import station_calibration as sc
    from inspector_app.detection.calibration import CalibrationError

    history = (sc.read_sidecar(args.model) or {}).get("history", []) if force.entry else []
    if args.reset:
        return {"action": "reset", "thresholds": None}
    if args.undo:
        if not history:
            raise CalibrationError("nothing to undo: no station calibration for this model")
        before = dict(history[-2]) if len(history) > 1 else {"thresholds": None}
        before.pop("action", None)
        before.pop("at", None)
        before.pop("by", None)
        return {**before, "action": "undo"}
    parcels = sc.parcels_from_log(db_path, det.info.sha256, names)
    current = [force.thresholds[n] for n in names]
    proposal = sc.propose(parcels, names, current, args.max_alarm_rate, args.min_cleared)
    return {"action": "calibrate", **proposal}


def _default_db() -> Path:
    from inspector_app.config import load_settings

    return load_settings().database_path()


def run(args: argparse.Namespace) -> int:
    from inspector_app.detection import ModelLoadError

    actions = {
        "info": _info,
        "verify": _verify,
        "hash": _hash,
        "quantize": _quantize,
        "calibrate": _calibrate,
    }
    try:
        return actions[args.action](args)
    except ModelLoadError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1

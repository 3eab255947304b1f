"""`inspector-app detect`: run the detector on image files, headless (scripts, audits, CI)."""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from inspector_app.domain import Detection

NAME = "detect"
HELP = "detect threats in image files and print the boxes (table or JSON lines)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    parser.add_argument("--model", type=Path, help="ONNX model (default: the shipped model)")
    parser.add_argument(
        "--conf", type=float, help="score threshold 0..1 (default: per-class thresholds)"
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per line and image")
    parser.add_argument(
        "--full-decode",
        action="store_true",
        help="decode JPEGs at full size (default: at the 1/2, 1/4 or 1/8 scale the model needs; "
        "boxes are always in full-image pixels)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        help="seconds the model may take to load (checked in a child process; default 60)",
    )


def json_line(record: dict[str, Any]) -> str:
    """Strict JSON (RFC 8259): a NaN or infinity anywhere is a ValueError naming the field,
    never a bare `NaN` that strict parsers reject."""
    _check_finite(record, "")
    return json.dumps(record, allow_nan=False)


def _check_finite(value: object, where: str) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{where or 'value'} is {value}")
    if isinstance(value, dict):
        for key, item in value.items():
            _check_finite(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _check_finite(item, f"{where}[{index}]")


def run(args: argparse.Namespace) -> int:
    from inspector_app.config import default_model_path
    from inspector_app.detection import InvalidOutputError, ModelLoadError, load_validated
    from inspector_app.imaging.decode import ImageDecodeError
    from inspector_app.imaging.reduced_decode import decode_file_reduced

    if args.conf is not None and not 0.0 <= args.conf <= 1.0:
        print("error: --conf must be between 0 and 1", file=sys.stderr)
        return 2
    if args.timeout <= 0:
        print("error: --timeout must be a positive number of seconds", file=sys.stderr)
        return 2
    model_path = args.model or default_model_path()
    try:  # ad-hoc evaluation: a model without a recorded hash loads, with a warning
        detector = load_validated(model_path, timeout_s=args.timeout, require_hash=False)
    except ModelLoadError as exc:
        print(f"error: cannot load model {model_path}: {exc}", file=sys.stderr)
        return 2

    def need(width: int, height: int) -> tuple[int, int]:
        return (width, height) if args.full_decode else detector.needed_size(width, height)

    failures = 0
    for path in args.images:
        try:
            image = decode_file_reduced(path, need)
        except ImageDecodeError as exc:
            print(f"error: {exc}", file=sys.stderr)
            failures += 1
            continue
        try:
            result = detector.detect_reduced(image, conf=args.conf)
        except (InvalidOutputError, ValueError) as exc:  # NaN/Inf output, unusable image
            print(f"error: {path}: {exc}", file=sys.stderr)
            failures += 1
            continue
        if args.json:
            record = {
                "path": str(path),
                "detections": [d.to_dict() for d in result.detections],
                "timing_ms": round(result.timing_ms, 2),
            }
            try:
                line = json_line(record)
            except ValueError as exc:
                print(f"error: {path}: the result holds an invalid number ({exc})", file=sys.stderr)
                failures += 1
                continue
            print(line, flush=True)
        else:
            _print_table(path, result.detections, result.timing_ms)
    if failures:
        print(
            f"{failures} of {len(args.images)} images could not be read or screened",
            file=sys.stderr,
        )
    return 1 if failures else 0


def _print_table(path: Path, detections: Sequence[Detection], timing_ms: float) -> None:
    rows = list(detections)
    print(f"{path}  ({len(rows)} detections, {timing_ms:.1f} ms)")
    for det in rows:
        x1, y1, x2, y2 = det.box.as_list()
        print(f"  {det.label:<18} {det.score:5.2f}  [{x1:7.1f} {y1:7.1f} {x2:7.1f} {y2:7.1f}]")

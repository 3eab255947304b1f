"""`inspector-app model quantize|info|verify`: look after detection model files.

- info: what a model is (manifest, hash, layout, input/output, classes and thresholds).
- verify: load it in a separate process with a time limit, as the workstation does before it
  switches models; exit 0 only if it is safe to use.
- quantize: make a static INT8 copy calibrated on scan images; check its accuracy with
  `inspector-app evaluate --model M-int8.onnx --baseline M.onnx --data DIR`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

NAME = "model"
HELP = "inspect, verify or quantize (INT8) a detection model"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    info = sub.add_parser("info", help="show a model's manifest, hash, layout and classes")
    info.add_argument("model", type=Path)
    info.add_argument("--manifest", type=Path, help="manifest YAML (default: beside the model)")
    info.add_argument("--json", action="store_true", help="print JSON")

    verify = sub.add_parser("verify", help="check a model loads safely (separate process)")
    verify.add_argument("model", type=Path)
    verify.add_argument("--manifest", type=Path)
    verify.add_argument("--timeout", type=float, default=60.0, help="seconds (default 60)")

    quant = sub.add_parser("quantize", help="static INT8 quantization calibrated on scans")
    quant.add_argument("model", type=Path)
    quant.add_argument("--calib", type=Path, required=True,
                       help="folder of scan images for calibration (searched recursively)")
    quant.add_argument("--out", type=Path, help="output .onnx (default: <model>-int8.onnx)")
    quant.add_argument("--manifest", type=Path)
    quant.add_argument("--images", type=int, default=100, help="calibration images (default 100)")
    quant.add_argument("--per-tensor", action="store_true",
                       help="one scale per weight tensor instead of per output channel")
    quant.add_argument("--method", choices=("minmax", "entropy", "percentile"), default="minmax",
                       help="activation calibration (default minmax)")
    quant.add_argument("--float-outputs", action="store_true",
                       help="keep each head's last conv (scores, boxes) in float: costs little "
                            "speed, keeps most of the accuracy")

    # Used by the out-of-process validator in frozen (PyInstaller) builds, where there is no
    # `python -m`: the workstation runs itself with these arguments.
    child = sub.add_parser("validate-child", help=argparse.SUPPRESS)
    child.add_argument("paths", nargs="+")


def _dims(shape: list[Any]) -> list[Any]:
    """Shape for people: long symbolic expressions (from shape inference) become '?'."""
    return [d if isinstance(d, int) or len(str(d)) <= 16 else "?" for d in shape]


def _info(args: argparse.Namespace) -> int:
    from inspector_app.detection import Detector

    det = Detector.load(args.model, args.manifest)
    m = det.manifest
    inp, out = det.session.get_inputs()[0], det.session.get_outputs()[0]
    data: dict[str, Any] = {
        "file": str(args.model),
        "size_bytes": args.model.stat().st_size,
        "name": det.info.name,
        "version": det.info.version,
        "sha256": det.info.sha256,
        "format": det.adapter.name,
        "input": {"name": inp.name, "shape": _dims(inp.shape), "type": inp.type,
                  "nominal": [m.input.width, m.input.height], "dynamic": m.input.dynamic},
        "output": {"name": out.name, "shape": _dims(out.shape)},
        "providers": det.session.get_providers(),
        "classes": {c: {"threshold": m.threshold_for(c), "category": m.category_for(c)}
                    for c in m.classes},
        "preprocess": m.preprocess.model_dump(),
        "tiling": m.tiling.model_dump(),
        "nms_iou": m.nms_iou,
        "provenance": m.provenance,
        "metrics": m.metrics,
    }
    if args.json:
        print(json.dumps(data, indent=2, default=str))
        return 0
    print(f"{data['name']} {data['version']}  ({data['format']}, {len(m.classes)} classes, "
          f"{data['size_bytes'] / 1e6:.2f} MB)")
    print(f"sha256    {data['sha256']}")
    print(f"input     {inp.name} {data['input']['shape']} {inp.type}; nominal "
          f"{m.input.width}x{m.input.height}{' dynamic' if m.input.dynamic else ''}")
    print(f"output    {out.name} {data['output']['shape']}")
    print(f"providers {', '.join(data['providers'])}")
    print(f"{'class':<20} {'threshold':>9}  category")
    for c, row in data["classes"].items():
        print(f"{c:<20} {row['threshold']:>9.2f}  {row['category']}")
    for key in ("provenance", "metrics"):
        if data[key]:
            print(f"{key}: {json.dumps(data[key], default=str)}")
    return 0


def _verify(args: argparse.Namespace) -> int:
    from inspector_app.detection import validate_model_out_of_process

    info = validate_model_out_of_process(args.model, args.manifest, args.timeout)
    print(f"OK {info.name} {info.version} sha256 {info.sha256}")
    return 0


def _quantize(args: argparse.Namespace) -> int:
    from inspector_app.detection.quantize import quantize_model

    res = quantize_model(args.model, args.calib, args.out, manifest_path=args.manifest,
                         max_images=args.images, per_channel=not args.per_tensor,
                         method=args.method, float_outputs=args.float_outputs)
    print(f"wrote {res.onnx_path} ({res.size_after / 1e6:.2f} MB, was "
          f"{res.size_before / 1e6:.2f} MB) and {res.manifest_path}")
    print(f"calibrated on {res.calibration_images} images; {len(res.excluded_nodes)} head nodes "
          "kept in float")
    print(f"check its accuracy: inspector-app evaluate --model {res.onnx_path} "
          f"--baseline {args.model} --data <labelled dataset>")
    return 0


def run(args: argparse.Namespace) -> int:
    from inspector_app.detection import ModelLoadError

    if args.action == "validate-child":
        from inspector_app.detection.validate import child_main

        return child_main(args.paths)
    actions = {"info": _info, "verify": _verify, "quantize": _quantize}
    try:
        return actions[args.action](args)
    except ModelLoadError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except ImportError as exc:
        print(f"error: {exc.name or exc} is needed for this action (pip install onnx)",
              file=sys.stderr)
        return 2

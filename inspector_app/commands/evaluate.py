"""`inspector-app evaluate`: how good is a model on a labelled dataset (YOLO or Pascal-VOC)?

Prints a table (mAP50, mAP50-95, per-class AP, parcel Pd/Pfa at the manifest thresholds, objects
located and false cues per scan) and writes a PR-curve PNG; `--json` writes every figure;
`--baseline` shows the change against another model on the same images (e.g. the INT8 variant
against the fp32 original). `--class-map Gun=handgun,Knife=knife` scores a set labelled in its own
words (a real scanner's); its other labelled objects are ordinary items, and cues on them are
false alarms.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

NAME = "evaluate"
HELP = ("evaluate a detection model on a YOLO or Pascal-VOC dataset (mAP, per-class AP, Pd/Pfa, "
        "objects located, false cues per scan)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", type=Path, required=True, help="ONNX model (manifest beside it)")
    parser.add_argument("--data", type=Path, required=True,
                        help="dataset folder: YOLO (images/, labels/, data.yaml) or Pascal-VOC "
                             "(images/ + annotations_voc/*.xml, or JPEGImages/ + Annotations/)")
    parser.add_argument("--class-map", metavar="MAP",
                        help="dataset class -> model class, e.g. Gun=handgun,Knife=knife; "
                             "unmapped dataset classes are ordinary items (default: same names)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write all figures as JSON")
    parser.add_argument("--conf", type=float,
                        help="alarm threshold 0..1 for Pd/Pfa (default: manifest per-class)")
    parser.add_argument("--plot", type=Path, metavar="PNG",
                        help="PR-curve image (default: beside --json, else pr_curve.png)")
    parser.add_argument("--baseline", type=Path, metavar="MODEL",
                        help="also evaluate this model and report the differences")
    parser.add_argument("--tiled", action=argparse.BooleanOptionalAction, default=None,
                        help="force tiled inference on/off (default: as the manifest says)")
    parser.add_argument("--limit", type=int, help="evaluate only the first N images")


def _fmt(x: float | None) -> str:
    return "   -  " if x is None else f"{x:6.3f}"


def print_table(summary: dict[str, Any], out=None) -> None:
    out = out or sys.stdout  # looked up at call time: stdout may be replaced (tests, pipes)
    m, d = summary["model"], summary["dataset"]
    print(f"model   {m['name']} {m['version']}  sha256 {m['sha256'][:16]}", file=out)
    print(f"dataset {d['path']} ({d['format']}): {d['images']} images, {d['threat_parcels']} with "
          f"threats, {d['gt_boxes']} boxes", file=out)
    if d["classes_not_in_model"]:
        print(f"        ordinary items (not threats for this model): "
              f"{', '.join(d['classes_not_in_model'])}", file=out)
    print(f"\n{'class':<20} {'gt':>5} {'AP50':>7} {'AP50-95':>8}", file=out)
    for name, row in summary["per_class"].items():
        print(f"{name:<20} {row['gt']:>5} {_fmt(row['ap50']):>7} {_fmt(row['ap50_95']):>8}",
              file=out)
    print(f"{'all':<20} {d['gt_boxes']:>5} {_fmt(summary['map50']):>7} "
          f"{_fmt(summary['map50_95']):>8}", file=out)
    a = summary["alarms"]
    print(f"\nparcel screening at the alarm thresholds: Pd {_fmt(summary['pd']).strip()} "
          f"({a['hits']}/{a['hits'] + a['misses']} threat parcels alarmed), "
          f"Pfa {_fmt(summary['pfa']).strip()} ({a['false_alarms']}/{d['clean_parcels']} clean "
          "parcels alarmed)", file=out)
    op = summary["pd_at_pfa"]
    if op["pd"] is not None:
        print(f"operating point of this set: Pd {op['pd']:.3f} at Pfa {op['pfa']:.3f} "
              f"(single parcel threshold {op['parcel_threshold']}, Pfa cap {op['max_pfa']})",
              file=out)
    rs = summary["real_scan"]
    if rs["located_all"]["gt"]:
        loc = ", ".join(f"{n} {v['located']}/{v['gt']}" for n, v in rs["located"].items())
        print(f"located at the alarm thresholds (right class, IoU >= {rs['iou']}): "
              f"{rs['located_all']['located']}/{rs['located_all']['gt']} ({loc})", file=out)
    worst = ", ".join(f"{n} {v}" for n, v in list(rs["false_cues_per_scan_by_class"].items())[:4])
    print(f"cues per scan {rs['cues_per_scan']}, on no labelled threat {rs['false_cues_per_scan']}"
          + (f" ({worst})" if worst else "")
          + f"; scans alarming {rs['scans_alarming']}", file=out)
    s = summary["speed"]
    print(f"speed: mean {s['mean_ms']} ms, p50 {s['p50_ms']} ms, p95 {s['p95_ms']} ms per scan",
          file=out)


def run(args: argparse.Namespace) -> int:
    from inspector_app.detection import Detector, InvalidOutputError, ModelLoadError
    from inspector_app.detection.dataset import DatasetError, load_dataset, parse_class_map
    from inspector_app.detection.evaluation import (
        class_mapping,
        compare,
        evaluate,
        plot_pr_curves,
    )
    from inspector_app.imaging.decode import ImageDecodeError

    if args.conf is not None and not 0.0 <= args.conf <= 1.0:
        print("error: --conf must be between 0 and 1", file=sys.stderr)
        return 2
    try:
        class_map = parse_class_map(args.class_map) if args.class_map else None
        dataset = load_dataset(args.data, limit=args.limit)
        detector = Detector.load(args.model)
        baseline = Detector.load(args.baseline) if args.baseline else None
        for det in (detector, baseline):
            if det is not None:  # the class map names classes of both models
                class_mapping(dataset.names, det.class_names, class_map)
    except (DatasetError, ModelLoadError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    def progress(n: int, total: int) -> None:
        if n % 25 == 0 or n == total:
            print(f"  {n}/{total} images", file=sys.stderr, flush=True)

    try:
        result = evaluate(detector, dataset, conf=args.conf, tiled=args.tiled,
                          class_map=class_map, progress=progress)
        summary = result.summary
        if baseline is not None:
            base = evaluate(baseline, dataset, conf=args.conf, tiled=args.tiled,
                            class_map=class_map, progress=progress)
            summary["baseline"] = base.summary
            summary["delta_vs_baseline"] = compare(summary, base.summary)
    except (ImageDecodeError, DatasetError, InvalidOutputError) as exc:
        print(f"error: {exc}", file=sys.stderr)  # NaN/Inf output: no figure would mean anything
        return 2

    plot = args.plot or (args.json.with_name(args.json.stem + "_pr.png") if args.json
                         else Path("pr_curve.png"))
    summary["pr_curve_png"] = str(plot_pr_curves(result, plot, f"{detector.info.name} "
                                                 f"{detector.info.version}: PR at IoU 0.5"))
    print_table(summary)
    if baseline is not None:
        dl = summary["delta_vs_baseline"]
        print(f"\nvs baseline {baseline.info.name} {baseline.info.version}: "
              + ", ".join(f"{k} {v:+.4f}" for k, v in dl.items()
                          if v is not None and k != "speed_ratio")
              + (f", speed x{dl['speed_ratio']}" if dl.get("speed_ratio") else ""))
    print(f"PR curve: {plot}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(summary, indent=2), "utf-8")
        print(f"JSON: {args.json}")
    return 0

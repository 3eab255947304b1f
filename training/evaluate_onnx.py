"""Score an exported ONNX model on a labelled set through the station's pipeline, and draw a few
results.

    python -m training.evaluate_onnx --model models/parcel-threat-det.onnx --data runs/data/test \
        --json runs/test_metrics.json --draw runs/draw --draw-count 6

The figures are `inspector-app evaluate`'s (one evaluation path: `Detector` with the manifest's
preprocessing, the product's COCO AP and Pd/Pfa); this adds the drawings and keeps the short JSON
that `training.export --own-json` reads (Pd at the set's own Pfa <= 5 % point).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import cv2
import numpy as np

from inspector_app.detection import Detector
from inspector_app.detection.dataset import load_dataset
from inspector_app.detection.evaluation import Evaluation, alarm_mask, evaluate


def draw_results(
    ev: Evaluation,
    paths: list[Path],
    names: tuple[str, ...],
    thr: np.ndarray,
    out: Path,
    count: int,
) -> None:
    """Ground truth in green, the cues the station would show (alarm thresholds) in red."""
    out.mkdir(parents=True, exist_ok=True)
    for path, r in list(zip(paths, ev.results, strict=True))[:count]:
        canvas = cv2.imread(str(path), cv2.IMREAD_COLOR)
        for g in r.gt_boxes.astype(int):
            cv2.rectangle(canvas, tuple(g[:2]), tuple(g[2:]), (0, 200, 0), 2)
        cue = alarm_mask(r, thr)
        for b, s, c in zip(r.boxes[cue].astype(int), r.scores[cue], r.cls[cue], strict=True):
            cv2.rectangle(canvas, tuple(b[:2]), tuple(b[2:]), (0, 0, 255), 2)
            cv2.putText(
                canvas,
                f"{names[c]} {s:.2f}",
                (int(b[0]), max(12, int(b[1]) - 4)),
                cv2.FONT_HERSHEY_SIMPLEX,
                0.45,
                (0, 0, 255),
                1,
            )
        cv2.imwrite(str(out / f"{path.stem}.png"), canvas)


def run(
    model: Path, data: Path, limit: int | None = None, draw: Path | None = None, draw_count: int = 0
) -> dict:
    detector = Detector.load(model, threads=2)
    dataset = load_dataset(data, limit)
    ev = evaluate(detector, dataset)
    if draw:
        paths = [item.path for item in dataset.items]
        draw_results(ev, paths, detector.class_names, detector.thresholds, draw, draw_count)
    s = ev.summary
    return {
        **s["pd_at_pfa"],
        "map50": s["map50"],
        "ap50_by_name": {n: row["ap50"] for n, row in s["per_class"].items()},
        "pd_at_manifest_thresholds": s["pd"],
        "pfa_at_manifest_thresholds": s["pfa"],
        "n_scans": s["dataset"]["images"],
        "preprocess": s["preprocess"],
        "p50_ms": s["speed"]["p50_ms"],
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--model", type=Path, required=True)
    p.add_argument("--data", type=Path, required=True)
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--json", type=Path)
    p.add_argument("--draw", type=Path)
    p.add_argument("--draw-count", type=int, default=6)
    args = p.parse_args(argv)
    res = run(args.model, args.data, args.limit or None, args.draw, args.draw_count)
    text = json.dumps(res, indent=1)
    print(text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

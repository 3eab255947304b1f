"""Choose the alarm thresholds (one per class) on the validation set, for a parcel false-alarm cap.

    python -m training.thresholds --model models/parcel-threat-det.onnx --data runs/data/val1000 \
        --max-pfa 0.05 --write

Scores come from the station's own pipeline (`inspector_app.detection.Detector`: the manifest's
letterbox and interpolation, rectangular dynamic input, adapter, NMS), so the thresholds hold for
the scans the station really sees. The search itself lives in
`inspector_app.detection.calibration`, shared with the station's `model calibrate`. Chosen on
validation scans only: the test set then tells what the operating point really gives. ``--write``
puts them in the manifest (``thresholds.per_class``; ``default`` stays for classes a later
fine-tune adds) and nothing else in it changes.
"""

from __future__ import annotations

import argparse
import json
import re
import textwrap
from pathlib import Path

import numpy as np

from inspector_app.detection import Detector, ModelLoadError
from inspector_app.detection.calibration import (
    CalibrationError,
    ThresholdChoice,
    choose_thresholds,
    class_max_scores,
)
from inspector_app.detection.dataset import DatasetError, load_dataset
from inspector_app.detection.evaluation import predict


def calibrate(model: Path, data: Path, max_pfa: float) -> ThresholdChoice:
    """Per-class thresholds for ``model`` on the labelled set ``data``."""
    detector = Detector.load(model, threads=2)
    results = predict(detector, load_dataset(data))
    scores = class_max_scores(
        [r.scores for r in results], [r.cls for r in results], len(detector.class_names)
    )
    threat = np.array([len(r.gt_cls) > 0 for r in results], bool)
    return choose_thresholds(scores, threat, detector.class_names, max_pfa)


def write_thresholds(manifest_path: Path, default: float, per_class: dict[str, float]) -> None:
    """Replace the manifest's `thresholds:` block only, so comments, field order and the rest of
    the file stay as they were (a yaml round trip would rewrite the whole file)."""
    text = manifest_path.read_text("utf-8")
    flow = textwrap.fill(
        "{" + ", ".join(f"{k}: {v}" for k, v in per_class.items()) + "}",
        width=100,
        initial_indent="  per_class: ",
        subsequent_indent="    ",
        break_long_words=False,
        break_on_hyphens=False,
    )
    block = f"thresholds:\n  default: {default}\n{flow}\n"
    pattern = re.compile(r"^thresholds:.*?(?=^\S)", re.S | re.M)
    if not pattern.search(text):
        raise SystemExit(f"{manifest_path} has no top-level `thresholds:` block to replace")
    manifest_path.write_text(pattern.sub(lambda _: block, text, count=1), "utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--model", type=Path, required=True)
    p.add_argument("--data", type=Path, required=True, help="validation set (never the test set)")
    p.add_argument("--max-pfa", type=float, default=0.05)
    p.add_argument("--write", action="store_true", help="store them in the model's manifest")
    p.add_argument("--json", type=Path, help="also write the report to this file")
    args = p.parse_args(argv)
    try:
        choice = calibrate(args.model, args.data, args.max_pfa)
    except (CalibrationError, DatasetError, ModelLoadError) as exc:
        raise SystemExit(f"{args.data}: {exc}") from None
    report = {"validation": str(args.data), **choice.to_dict()}
    text = json.dumps(report, indent=1)
    print(text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text, "utf-8")
    if args.write:
        manifest_path = args.model.with_suffix(".yaml")
        write_thresholds(manifest_path, choice.single_threshold, choice.thresholds)
        print(f"wrote thresholds to {manifest_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

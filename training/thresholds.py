"""Choose the alarm thresholds (one per class) on the validation set, for a parcel false-alarm cap.

    python -m training.thresholds --model models/parcel-threat-det.onnx --data runs/data/val1000 \
        --max-pfa 0.05 --write

A parcel alarms when any detection scores at or above its class threshold. One global threshold
lets the noisiest class (the one that fires on clean parcels) set the bar for all; per-class
thresholds spend the false-alarm budget where it buys the most detections. Chosen on validation
scans only: the test set then tells what the operating point really gives. ``--write`` puts them
in the manifest (``thresholds.per_class``; ``default`` stays for classes a later fine-tune adds).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

# No class below 0.10: a cue that shows "7 %" on screen is noise to an inspector, whatever the
# false-alarm arithmetic says.
GRID = np.round(np.arange(0.10, 0.951, 0.01), 2)


def class_max_scores(preds: list, num_classes: int) -> np.ndarray:
    """[images, classes]: each image's highest score per class (0 where none)."""
    out = np.zeros((len(preds), num_classes), np.float32)
    for i, (_, scores, classes) in enumerate(preds):
        for s, c in zip(scores, classes, strict=True):
            out[i, c] = max(out[i, c], s)
    return out


def parcel_rates(scores: np.ndarray, threat: np.ndarray, thr: np.ndarray) -> tuple[float, float]:
    """(Pd over threat parcels, Pfa over clean parcels) at per-class thresholds ``thr``."""
    alarm = (scores >= thr[None, :]).any(1)
    return float(alarm[threat].mean()), float(alarm[~threat].mean())


def lowest_single_threshold(scores: np.ndarray, threat: np.ndarray, max_pfa: float) -> float:
    """The lowest grid threshold, the same for every class, whose Pfa is within the cap."""
    for t in GRID:
        if parcel_rates(scores, threat, np.full(scores.shape[1], t))[1] <= max_pfa:
            return float(t)
    return float(GRID[-1])


def tune(
    scores: np.ndarray, threat: np.ndarray, max_pfa: float, rounds: int = 4
) -> tuple[np.ndarray, float, float]:
    """Coordinate ascent from the best single threshold: move one class at a time to the grid
    value that raises Pd most while Pfa stays within ``max_pfa`` (ties: the higher threshold)."""
    thr = np.full(scores.shape[1], lowest_single_threshold(scores, threat, max_pfa), np.float32)
    pd, pfa = parcel_rates(scores, threat, thr)
    for _ in range(rounds):
        changed = False
        for c in range(scores.shape[1]):
            for t in GRID[::-1]:
                trial = thr.copy()
                trial[c] = t
                tpd, tpfa = parcel_rates(scores, threat, trial)
                if tpfa <= max_pfa and (tpd > pd or (tpd == pd and tpfa < pfa)):
                    thr, pd, pfa, changed = trial, tpd, tpfa, True
        if not changed:
            break
    return thr, pd, pfa


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--model", type=Path, required=True)
    p.add_argument("--data", type=Path, required=True, help="validation set (never the test set)")
    p.add_argument("--max-pfa", type=float, default=0.05)
    p.add_argument("--size", type=int, default=0, help="letterbox size (default: manifest input)")
    p.add_argument("--write", action="store_true", help="store them in the model's manifest")
    args = p.parse_args(argv)

    import yaml

    from training.evaluate_onnx import predict

    manifest_path = args.model.with_suffix(".yaml")
    manifest = yaml.safe_load(manifest_path.read_text())
    size = args.size or int(manifest["input"]["width"])
    found = predict(args.model, args.data, size)
    names = found.classes or [str(i) for i in range(found.num_classes)]
    scores = class_max_scores(found.preds, found.num_classes)
    threat = np.array([len(labels) > 0 for _, labels in found.gts])
    if threat.all() or not threat.any():
        raise SystemExit(
            f"{args.data}: thresholds need both clean parcels (for the false-alarm rate) and "
            f"parcels with threats (for Pd); this set has {int(threat.sum())} with threats and "
            f"{int((~threat).sum())} clean"
        )
    thr, pd, pfa = tune(scores, threat, args.max_pfa)
    single = lowest_single_threshold(scores, threat, args.max_pfa)
    spd, spfa = parcel_rates(scores, threat, np.full(len(names), single))
    report = {
        "validation": str(args.data),
        "threat_parcels": int(threat.sum()),
        "clean_parcels": int((~threat).sum()),
        "max_pfa": args.max_pfa,
        "single_threshold": {"threshold": float(single), "pd": spd, "pfa": spfa},
        "per_class": {
            "thresholds": {n: round(float(t), 2) for n, t in zip(names, thr, strict=True)},
            "pd": pd,
            "pfa": pfa,
        },
    }
    print(json.dumps(report, indent=1))
    if args.write:
        manifest["thresholds"] = {
            "default": float(single),
            "per_class": report["per_class"]["thresholds"],
        }
        manifest_path.write_text(
            yaml.safe_dump(manifest, sort_keys=False, default_flow_style=None, width=100)
        )
        print(f"wrote thresholds to {manifest_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

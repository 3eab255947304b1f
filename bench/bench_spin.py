"""onnxruntime spin policies for the detector, each in its own process, processes alternated.

    .venv/bin/python bench/bench_spin.py [--model M.onnx] [--rounds 4] [--scans 12]

Policies (detection.runtime.session_options): off (threads sleep between parallel sections, the
station default), on (onnxruntime's default: spin, also for a while after each run), busy (spin
during a run, stop the moment it returns: a burst of queued scans runs spinning, an idle station
burns nothing). Spinning threads of one session would disturb the others, so every policy runs in
a separate process; the processes run one after another, policy order rotated each round, so
load from other work hits all alike. Times: `session.run` alone (bare) and `Detector.detect`
(pipeline) on 2000x1000 simulated parcel scans, back to back (a queued burst).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
POLICIES = ("off", "on", "busy")


def child(model: str, policy: str, scans: int) -> None:
    sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(REPO / "bench"))
    from bench_detector import scan_images

    from inspector_app.detection import Detector

    det = Detector.load(Path(model), spin_wait=policy)
    images = scan_images(scans, 2000, 1000, None)
    tensors = [det.prepare(im)[0].copy() for im in images]
    det.detect(images[0])
    bare, pipe = [], []
    for im, t in zip(images, tensors, strict=True):
        a = time.perf_counter()
        det.session.run([det.output_name], {det.input_name: t})
        bare.append((time.perf_counter() - a) * 1000)
        a = time.perf_counter()
        det.detect(im)
        pipe.append((time.perf_counter() - a) * 1000)
    print("SPIN " + json.dumps({"bare": bare, "pipeline": pipe}))


def main() -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--model", default=str(REPO / "models" / "parcel-threat-det.onnx"))
    p.add_argument("--rounds", type=int, default=4)
    p.add_argument("--scans", type=int, default=12)
    p.add_argument("--json", type=Path)
    p.add_argument("--child", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        child(args.model, args.child, args.scans)
        return 0
    times: dict[str, dict[str, list[float]]] = {k: {"bare": [], "pipeline": []} for k in POLICIES}
    for r in range(args.rounds):
        order = POLICIES[r % 3 :] + POLICIES[: r % 3]
        for policy in order:
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--model",
                    args.model,
                    "--child",
                    policy,
                    "--scans",
                    str(args.scans),
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            line = next(x for x in out.splitlines() if x.startswith("SPIN "))
            for k, v in json.loads(line[5:]).items():
                times[policy][k] += v
    report: dict[str, dict[str, float]] = {}
    off = statistics.median(times["off"]["bare"])
    print(f"{Path(args.model).name}, {args.rounds} rounds x {args.scans} scans per policy")
    for policy, t in times.items():
        row = {
            f"{k}_{q}": round(float(np.percentile(v, q)), 2) for k, v in t.items() for q in (50, 95)
        }
        row["bare_speedup_vs_off"] = round(off / statistics.median(t["bare"]), 3)
        report[policy] = row
        print(
            f"  {policy:<5} bare p50 {row['bare_50']:7.2f} p95 {row['bare_95']:7.2f}   "
            f"pipeline p50 {row['pipeline_50']:7.2f} p95 {row['pipeline_95']:7.2f}   "
            f"bare x{row['bare_speedup_vs_off']} vs off"
        )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Speed of the shipped model through the app's own engine (letterbox + ONNX + decode + NMS),
against a bare onnxruntime `session.run` on the same tensors, and optionally against a second
model (e.g. its INT8 copy), all measured in the same run, interleaved, so machine load hits
every variant alike.

    .venv/bin/python bench/bench_model_speed.py [--model models/parcel-threat-det.onnx]
        [--compare other.onnx] [--threads 2] [--count 60] [--json out.json]

Prints p50/p90 latency per scan, scans/s and the ratios. Inputs: simulated parcels of the demo
size (never the real reference scans).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def scans(count: int, seed: int) -> list[np.ndarray]:
    """Freshly simulated parcel images in the standard pseudo-colour the detector sees."""
    from inspector_app.imaging.dual_energy import pseudocolor
    from inspector_app.simulation import simulate_parcel

    out = []
    for i in range(count):
        scan = simulate_parcel(seed + i)
        out.append(pseudocolor(scan.low, scan.high))
    return out


def _summary(times_ms: list[float]) -> dict:
    t = sorted(times_ms)
    return {
        "p50_ms": round(statistics.median(t), 2),
        "p90_ms": round(t[int(0.9 * (len(t) - 1))], 2),
        "scans_per_s": round(1000.0 * len(t) / sum(t), 1),
    }


def bench(models: list[Path], threads: int, count: int, seed: int = 7_700_000) -> dict:
    from inspector_app.detection.detector import Detector

    detectors = [Detector.load(m, threads=threads) for m in models]
    images = scans(min(count, 10), seed)
    tensors = [detectors[0].prepare(img)[0].copy() for img in images]
    session = detectors[0].session
    name = session.get_inputs()[0].name
    for det in detectors:
        for img in images[:3]:
            det.detect(img)
    bare: list[float] = []
    piped: list[list[float]] = [[] for _ in detectors]
    for i in range(count):  # interleaved: a burst of load hits every variant alike
        k = i % len(images)
        t = time.perf_counter()
        session.run(None, {name: tensors[k]})
        bare.append((time.perf_counter() - t) * 1000.0)
        for det, out in zip(detectors, piped, strict=True):
            t = time.perf_counter()
            det.detect(images[k])
            out.append((time.perf_counter() - t) * 1000.0)
    first = detectors[0]
    res: dict = {
        "threads": threads,
        "count": count,
        "scan_size": list(images[0].shape[:2]),
        "input_size": list(first.input_size_for(images[0].shape[1], images[0].shape[0])),
        "bare_session_run": {"model": models[0].name, **_summary(bare)},
        "pipeline": [
            {"model": m.name, "sha256": d.info.sha256, **_summary(t)}
            for m, d, t in zip(models, detectors, piped, strict=True)
        ],
    }
    p50 = [r["p50_ms"] for r in res["pipeline"]]
    res["pipeline_overhead_vs_bare"] = round(p50[0] / res["bare_session_run"]["p50_ms"], 3)
    if len(p50) > 1:
        res["speedup_of_compare"] = round(p50[0] / p50[1], 2)
    return res


def main() -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--model", type=Path, default=ROOT / "models" / "parcel-threat-det.onnx")
    p.add_argument("--compare", type=Path, help="a second model to time in the same run")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--count", type=int, default=60)
    p.add_argument("--json", type=Path)
    args = p.parse_args()
    res = bench([args.model, *([args.compare] if args.compare else [])], args.threads, args.count)
    print(json.dumps(res, indent=1))
    if args.json:
        args.json.write_text(json.dumps(res, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

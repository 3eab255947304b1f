"""Speed of the shipped model through the app's own engine (letterbox + ONNX + decode + NMS).

    .venv/bin/python bench/bench_model_speed.py [--model models/parcel-threat-det.onnx]
        [--threads 2] [--count 40] [--json out.json]

Prints p50/p90 latency per scan and scans/s on simulated scans of the demo size. Run it on an
otherwise idle machine for figures worth quoting; the 2-core figure in the model card came from it.
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


def bench(model: Path, threads: int, count: int, seed: int = 7_700_000) -> dict:
    from inspector_app.detection.detector import Detector

    det = Detector.load(model, threads=threads)
    images = scans(min(count, 10), seed)
    for img in images[:3]:
        det.detect(img)
    times = []
    t_all = time.perf_counter()
    for i in range(count):
        t = time.perf_counter()
        det.detect(images[i % len(images)])
        times.append((time.perf_counter() - t) * 1000.0)
    wall = time.perf_counter() - t_all
    times.sort()
    return {
        "model": model.name,
        "sha256": det.info.sha256,
        "threads": threads,
        "scan_size": list(images[0].shape[:2]),
        "input_size": list(det.input_size_for(images[0].shape[1], images[0].shape[0])),
        "p50_ms": round(statistics.median(times), 1),
        "p90_ms": round(times[int(0.9 * (len(times) - 1))], 1),
        "scans_per_s": round(count / wall, 2),
        "count": count,
    }


def main() -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--model", type=Path, default=ROOT / "models" / "parcel-threat-det.onnx")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--count", type=int, default=40)
    p.add_argument("--json", type=Path)
    args = p.parse_args()
    res = bench(args.model, args.threads, args.count)
    print(json.dumps(res, indent=1))
    if args.json:
        args.json.write_text(json.dumps(res, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

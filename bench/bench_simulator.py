"""Simulator throughput: scans per second, rendering only and full dataset writing.

Run: .venv/bin/python bench/bench_simulator.py [--count N] [--baseline-src DIR]
Prints scans/s with 1 worker and with all cores, for simulate_parcel alone and for
`inspector-app simulate` (PNG + 16-bit TIFFs + labels + JSON).

With --baseline-src, the same measurements also run, interleaved in the same process tree, on
another copy of the package (for example the previous simulator generation, exported with
`git archive HEAD inspector_app | tar -x -C /tmp/base`), and the ratio new / baseline is printed:
on a shared machine only figures measured side by side compare.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


def _render(seeds: list[int]) -> int:
    from inspector_app.simulation import simulate_parcel

    return sum(simulate_parcel(s).low.size for s in seeds)


def render_rate(count: int, workers: int) -> float:
    _render([10_000])  # build tables (and import) outside the timing
    seeds = list(range(count))
    start = time.perf_counter()
    if workers == 1:
        _render(seeds)
    else:
        chunks = [seeds[i::workers] for i in range(workers)]
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(_render, chunks))
    return count / (time.perf_counter() - start)


def write_rate(count: int, workers: int) -> float:
    from inspector_app.simulation.dataset import write_dataset

    with tempfile.TemporaryDirectory() as tmp:
        stats = write_dataset(Path(tmp), count, seed=0, workers=workers, progress=False)
    return stats["scans_per_s"]


MEASURES = {"render": render_rate, "write": write_rate}
LABELS = {"render": "render only (simulate_parcel)", "write": "dataset write (simulate command)"}


def _measure_in(src: Path | None, what: str, count: int, workers: int) -> float:
    """One measurement in a fresh interpreter importing the package from src (None: this one)."""
    code = (
        "import sys, json\n"
        "src = sys.argv[1]\n"
        "if src:\n"
        "    sys.meta_path = [f for f in sys.meta_path if 'editable' not in repr(f).lower()]\n"
        "    sys.path.insert(0, src)\n"
        "    sys.path.insert(1, sys.argv[5])\n"
        "import bench_simulator as b\n"
        "print(json.dumps(b.MEASURES[sys.argv[2]](int(sys.argv[3]), int(sys.argv[4]))))\n"
    )
    here = str(Path(__file__).resolve().parent)
    env = dict(os.environ, PYTHONPATH=here)
    out = subprocess.run(
        [sys.executable, "-c", code, str(src or ""), what, str(count), str(workers), here],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"measurement failed ({src or 'this tree'}): {out.stderr.strip()[-800:]}")
    return float(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument(
        "--baseline-src",
        type=Path,
        help="folder holding another inspector_app package to measure beside this one",
    )
    args = parser.parse_args()
    if args.baseline_src and not (args.baseline_src / "inspector_app").is_dir():
        raise SystemExit(f"{args.baseline_src} holds no inspector_app package")
    cores = os.cpu_count() or 1
    print(f"cores: {cores}, scans per measurement: {args.count}")
    for what in MEASURES:
        for workers in (1, cores):
            new = _measure_in(None, what, args.count, workers)
            line = f"{LABELS[what]:34s} {workers} worker(s): {new:6.1f} scans/s"
            if args.baseline_src:
                base = _measure_in(args.baseline_src, what, args.count, workers)
                line += f"   baseline {base:6.1f} scans/s   new/baseline x{new / base:.2f}"
            print(line, flush=True)


if __name__ == "__main__":
    main()

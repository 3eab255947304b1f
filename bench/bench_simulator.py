"""Simulator throughput: scans per second, rendering only and full dataset writing.

Run: .venv/bin/python bench/bench_simulator.py [--count N]
Prints scans/s with 1 worker and with all cores, for simulate_parcel alone and for
`inspector-app simulate` (PNG + 16-bit TIFFs + labels + JSON).
"""

from __future__ import annotations

import argparse
import os
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=60)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    print(f"cores: {cores}, scans per measurement: {args.count}")
    for label, fn in (("render only (simulate_parcel)", render_rate),
                      ("dataset write (simulate command)", write_rate)):
        one = fn(args.count, 1)
        alln = fn(args.count, cores)
        print(f"{label:34s} 1 worker: {one:6.1f} scans/s   {cores} workers: {alln:6.1f} scans/s "
              f"(x{alln / one:.2f})")


if __name__ == "__main__":
    main()

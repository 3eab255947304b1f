"""Hot-folder feed benchmark: file landed → boxes available, and sustained scans/s.

    .venv/bin/python bench/bench_feed_latency.py          # 20 latency samples, 500-file burst
    .venv/bin/python bench/bench_feed_latency.py --samples 10 --burst 100

What it measures, through the real station (build_station → hot-folder feeds → screening
thread → SQLite log + evidence store) with the shipped model models/parcel-threat-det.onnx on a
2000×1000 16-bit dual-energy scan written as a two-plane TIFF (low, high):
  latency   one file at a time: from the rename that lands it in the folder (the scanner's
            temp-name-then-rename) to the station reporting its boxes; p50 / p95.
            Also with the default stable-size rule (stable_ms, 500 ms here), which adds the wait.
  burst     N files dropped at once over 2 lanes (N/2 each): files / (last boxes − first landed).
Each file differs (a few pixels of noise) so none is skipped as a duplicate.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np
import tifffile

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from inspector_app.config import Settings  # noqa: E402
from inspector_app.simulation import simulate_parcel  # noqa: E402
from inspector_app.station import EventQueue, ScreeningListener, build_station  # noqa: E402

SIZE = (2000, 1000)  # width, height


def base_pair() -> tuple[np.ndarray, np.ndarray]:
    parcel = simulate_parcel(5, threat_rate=1.0)
    low = cv2.resize(parcel.low, SIZE, interpolation=cv2.INTER_LINEAR)
    high = cv2.resize(parcel.high, SIZE, interpolation=cv2.INTER_LINEAR)
    return low, high


def tiff_bytes(low: np.ndarray, high: np.ndarray, index: int, folder: Path) -> Path:
    """A distinct two-plane 16-bit TIFF (a few pixels changed by `index`), written aside."""
    low = low.copy()
    low[0, :8] = np.frombuffer(index.to_bytes(16, "little"), np.uint16)
    path = folder / f".staging-{index:05d}.tif"
    tifffile.imwrite(path, np.stack([low, high]))
    return path


class Clock(ScreeningListener):
    def __init__(self) -> None:
        self.ready = False
        self.done: dict[str, float] = {}  # file name -> time its boxes were available
        self.refused: list[str] = []

    def model_ready(self, info, class_names) -> None:
        self.ready = True

    def screened(self, screened) -> None:
        self.done[Path(screened.scan.meta["path"]).name] = time.perf_counter()

    def quarantined(self, failure) -> None:
        self.refused.append(failure.reason)


def run_station(feeds: list[dict], model: Path):
    settings = Settings.model_validate({"screening": {"model_path": str(model)}, "feeds": feeds})
    station = build_station(settings)
    events, clock = EventQueue(), Clock()
    service = station.screening(clock, events.post)
    service.start()
    events.run_until(lambda: clock.ready, timeout_s=120)
    return service, events, clock


def latency(
    root: Path, model: Path, low, high, samples: int, rule: dict, phase: int
) -> list[float]:
    folder = root / f"lat-{rule['complete_when']}"
    folder.mkdir()
    staging = root / "staging"
    staging.mkdir(exist_ok=True)
    lane = f"L{phase}"
    feed = {"type": "hot_folder", "lane": lane, "folder": str(folder), "rescan_s": 5.0, **rule}
    service, events, clock = run_station([feed], model)
    out: list[float] = []
    try:
        for index in range(samples + 2):  # the first two warm the caches: not counted
            staged = tiff_bytes(low, high, 10_000 * phase + index, staging)  # never a duplicate
            name = f"scan-{index:04d}.tif"
            os.replace(staged, folder / name)
            landed = time.perf_counter()
            events.run_until(lambda name=name: name in clock.done, timeout_s=120)
            if index >= 2:
                out.append((clock.done[name] - landed) * 1000)
    finally:
        service.stop()
    return out


def burst(root: Path, model: Path, low, high, count: int) -> tuple[float, float]:
    staging = root / "burst-staging"
    staging.mkdir()
    lanes = [root / "lane1", root / "lane2"]
    for folder in lanes:
        folder.mkdir()
    staged = [tiff_bytes(low, high, 100_000 + i, staging) for i in range(count)]
    feeds = [
        {
            "type": "hot_folder",
            "lane": str(n + 1),
            "folder": str(f),
            "complete_when": "rename",
            "rescan_s": 1.0,
        }
        for n, f in enumerate(lanes)
    ]
    service, events, clock = run_station(feeds, model)
    try:
        start = time.perf_counter()
        for index, path in enumerate(staged):
            os.replace(path, lanes[index % 2] / f"b-{index:05d}.tif")
        landed = time.perf_counter() - start
        events.run_until(lambda: len(clock.done) + len(clock.refused) >= count, timeout_s=3600)
        elapsed = max(clock.done.values()) - start
    finally:
        service.stop()
    assert not clock.refused, clock.refused[:3]
    return count / elapsed, landed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, default=REPO / "models" / "parcel-threat-det.onnx")
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--burst", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-feed-") as tmp:
        root = Path(tmp)
        os.environ["INSPECTOR_APP_DATA_DIR"] = str(root / "data")
        low, high = base_pair()
        print(
            f"scan: {SIZE[0]}x{SIZE[1]} 16-bit low+high two-plane TIFF "
            f"({low.nbytes * 2 / 1e6:.1f} MB), model {args.model.name}, cpus {os.cpu_count()}"
        )
        rules: list[dict] = [
            {"complete_when": "rename"},
            {"complete_when": "stable", "stable_ms": 500},
        ]
        for phase, rule in enumerate(rules, start=1):
            ms = latency(root, args.model, low, high, args.samples, rule, phase)
            q = statistics.quantiles(ms, n=20)
            label = str(rule["complete_when"]) + (
                f" {rule['stable_ms']} ms" if "stable_ms" in rule else ""
            )
            print(
                f"landed→boxes [{label}]: p50 {statistics.median(ms):.0f} ms, "
                f"p95 {q[18]:.0f} ms (n={len(ms)})"
            )
        rate, landed = burst(root, args.model, low, high, args.burst)
        print(
            f"burst of {args.burst} files over 2 lanes (landed in {landed:.2f} s): "
            f"{rate:.2f} scans/s sustained"
        )


if __name__ == "__main__":
    main()

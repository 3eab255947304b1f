"""Speed of the operator image functions on a 2000x1000 dual-energy scan, and a look at them.

    .venv/bin/python bench/bench_enhance.py [--repeat 7] [--rgb-only] [--grid grid.png --seed 3]

For each registered function prints the median ms of a *cold* call (fresh ScanImage, so the
per-scan maps — attenuation, Zeff, materials — are paid for) and a *warm* call (maps already
cached, as on the second key press for one scan), and both as a ratio to a plain cv2.LUT pass over
the same RGB image measured in the same run (so the ratios survive a busy machine).
With --grid, also writes a labelled PNG of every function applied to a simulated parcel.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import cv2
import numpy as np

from inspector_app.imaging.dual_energy import pseudocolor
from inspector_app.imaging.enhance import FUNCTIONS, ScanImage

WIDTH, HEIGHT = 2000, 1000


def synthetic_pair(height: int, width: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Fallback scene: organic, inorganic, metal and impenetrable blocks on a noisy belt."""
    rng = np.random.default_rng(seed)
    a_low = np.full((height, width), 0.004, np.float32)
    a_high = np.full((height, width), 0.003, np.float32)
    blocks = [  # (a_low, a_high): polyethylene 30 mm, water 50 mm, aluminium 5 mm, steel 3 mm
        (0.615, 0.531), (1.217, 0.964), (0.605, 0.317), (2.988, 1.709), (11.0, 11.0),
    ]
    for index, (low, high) in enumerate(blocks):
        x0 = int((0.05 + 0.18 * index) * width)
        sl = np.s_[height // 4 : 3 * height // 4, x0 : x0 + width // 8]
        a_low[sl] += low
        a_high[sl] += high
    noise = rng.normal(0, 0.01, (2, height, width)).astype(np.float32)
    low = np.clip(np.round(65535 * np.exp(-(a_low + noise[0]))), 1, 65535).astype(np.uint16)
    high = np.clip(np.round(65535 * np.exp(-(a_high + noise[1]))), 1, 65535).astype(np.uint16)
    return low, high


def parcel_pair(seed: int, size: tuple[int, int] | None) -> tuple[np.ndarray, np.ndarray]:
    """A simulated parcel (resized to `size` = (w, h) when given); synthetic if unavailable."""
    try:
        from inspector_app.simulation import simulate_parcel
    except ImportError:
        w, h = size or (1024, 640)
        return synthetic_pair(h, w, seed)
    sim = simulate_parcel(seed)
    low, high = sim.low, sim.high
    if size is not None:
        low = cv2.resize(low, size, interpolation=cv2.INTER_LINEAR)
        high = cv2.resize(high, size, interpolation=cv2.INTER_LINEAR)
    return low, high


def _median_ms(func, repeat: int) -> float:
    func()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def bench(repeat: int, rgb_only: bool, seed: int) -> None:
    low, high = parcel_pair(seed, (WIDTH, HEIGHT))
    rgb = pseudocolor(low, high)
    channels = (None, None) if rgb_only else (low, high)
    identity = np.arange(256, dtype=np.uint8)
    baseline = _median_ms(lambda: cv2.LUT(rgb, identity), repeat)
    source = "RGB only (hue fallback)" if rgb_only else "dual-energy channels"
    print(f"{WIDTH}x{HEIGHT} scan, {source}, cv2 threads={cv2.getNumThreads()}, repeat={repeat}")
    print(f"baseline cv2.LUT pass: {baseline:.2f} ms")
    print(f"{'function':<11} {'cold ms':>8} {'x LUT':>7} {'warm ms':>8} {'x LUT':>7}")
    for name, function in FUNCTIONS.items():
        cold = _median_ms(lambda f=function: f(ScanImage(rgb, *channels)), repeat)
        warm_image = ScanImage(rgb, *channels)
        warm = _median_ms(lambda f=function, w=warm_image: f(w), repeat)
        print(f"{name:<11} {cold:8.1f} {cold / baseline:7.1f} {warm:8.1f} {warm / baseline:7.1f}")


def grid(path: Path, seed: int, rgb_only: bool, columns: int = 4) -> Path:
    """Every function on one simulated parcel, labelled, as one PNG for a visual check."""
    low, high = parcel_pair(seed, None)
    rgb = pseudocolor(low, high)
    image = ScanImage(rgb, *((None, None) if rgb_only else (low, high)))
    tiles = []
    for name, function in FUNCTIONS.items():
        tile = np.ascontiguousarray(function(image)).copy()
        label = f"{function.hotkey}  {function.label} ({name})"
        cv2.rectangle(tile, (0, 0), (16 + 11 * len(label), 34), (20, 20, 20), -1)
        cv2.putText(tile, label, (8, 24), cv2.FONT_HERSHEY_SIMPLEX, 0.7, (255, 255, 0), 2)
        tiles.append(tile)
    while len(tiles) % columns:
        tiles.append(np.zeros_like(tiles[0]))
    rows = [np.hstack(tiles[i : i + columns]) for i in range(0, len(tiles), columns)]
    sheet = np.vstack(rows)
    scale = min(1.0, 2400 / sheet.shape[1])
    sheet = cv2.resize(sheet, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    cv2.imwrite(str(path), cv2.cvtColor(sheet, cv2.COLOR_RGB2BGR))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--rgb-only", action="store_true", help="no channels: hue fallback")
    parser.add_argument("--grid", type=Path, help="write a PNG of every function and stop")
    args = parser.parse_args()
    if args.grid:
        print(f"wrote {grid(args.grid, args.seed, args.rgb_only)}")
        return
    bench(args.repeat, args.rgb_only, args.seed)


if __name__ == "__main__":
    main()

"""Wide parcel scans for the detector benchmarks: simulated parcels stretched to WxH, as JPEG.

    .venv/bin/python bench/make_wide_scans.py /tmp/wide80 --count 80 [--size 2000x1000]

Parcels come from the app's own simulator (inspector_app.simulation.simulate_parcel rendered
with imaging.dual_energy.pseudocolor), seeds 7,000,000+ (never used in training), stretched to
the size of a wide conveyor scan and written as JPEG quality 95. Existing files are kept.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import cv2

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def make_scans(
    folder: Path, count: int, width: int, height: int, seed: int = 7_000_000
) -> list[Path]:
    from inspector_app.imaging.dual_energy import pseudocolor
    from inspector_app.simulation import simulate_parcel

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"wide_{index:03d}.jpg"
        if not path.is_file():
            sim = simulate_parcel(seed + index, threat_rate=0.6)
            rgb = pseudocolor(sim.low, sim.high)
            wide = cv2.resize(rgb, (width, height), interpolation=cv2.INTER_LINEAR)
            cv2.imwrite(str(path), wide[:, :, ::-1], [cv2.IMWRITE_JPEG_QUALITY, 95])
        paths.append(path)
    return paths


def main() -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("folder", type=Path)
    p.add_argument("--count", type=int, default=80)
    p.add_argument("--size", default="2000x1000")
    args = p.parse_args()
    width, height = (int(v) for v in args.size.lower().split("x"))
    paths = make_scans(args.folder, args.count, width, height)
    print(f"{len(paths)} scans {width}x{height} in {args.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""`inspector-app simulate`: write a physics-simulated dual-energy YOLO dataset."""

from __future__ import annotations

import argparse
import sys

NAME = "simulate"
HELP = ("Simulate dual-energy parcel scans and write a YOLO dataset (images, labels, data.yaml) "
        "with 16-bit channels and JSON ground truth.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--count", type=int, required=True, help="number of scans to write")
    parser.add_argument("--out", required=True, help="output folder (created if missing)")
    parser.add_argument("--seed", type=int, default=0,
                        help="base seed; scan i uses seed+i (default 0)")
    parser.add_argument("--workers", type=int, default=None,
                        help="worker processes (default: all cores)")
    parser.add_argument("--threat-rate", type=float, default=0.6,
                        help="share of parcels that carry planted threats (default 0.6)")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from inspector_app.simulation.dataset import write_dataset

    if args.count < 1:
        print("error: --count must be at least 1", file=sys.stderr)
        return 2
    if not 0.0 <= args.threat_rate <= 1.0:
        print("error: --threat-rate must be between 0 and 1", file=sys.stderr)
        return 2
    if args.seed < 0:
        print("error: --seed must be 0 or more", file=sys.stderr)
        return 2
    if args.workers is not None and args.workers < 1:
        print("error: --workers must be at least 1", file=sys.stderr)
        return 2
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        print(f"error: {out} exists and is not a folder", file=sys.stderr)
        return 2
    stats = write_dataset(out, args.count, seed=args.seed, workers=args.workers,
                          threat_rate=args.threat_rate)
    print(f"wrote {stats['count']} scans with {stats['labels']} threat labels to {out} "
          f"in {stats['seconds']:.1f} s ({stats['scans_per_s']:.1f} scans/s)")
    return 0

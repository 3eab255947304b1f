"""Generate simulated YOLO datasets with the product's own simulator, reproducibly by seed.

    python -m training.simdata --out runs/data/train --count 2000 --seed 1000000

Scan i of a set uses seed ``seed + i`` (as `inspector-app simulate` does). Seed ranges used here:
training from 1,000,000, validation from 2,000,000, held-out test from 9,000,000 — never overlap
them. A set that is already complete is reused, so a resumed run does not simulate again.
"""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path

TRAIN_SEED = 1_000_000
VAL_SEED = 2_000_000
TEST_SEED = 9_000_000


def generator_version() -> str:
    """Commit of inspector_app/simulation that made the data (+ '-dirty' if edited since)."""
    try:
        rev = subprocess.run(
            ["git", "log", "-1", "--format=%h", "--", "inspector_app/simulation"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "inspector_app/simulation"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return f"inspector_app.simulation@{rev}{'-dirty' if dirty else ''}"
    except (OSError, subprocess.CalledProcessError):
        return "inspector_app.simulation@unknown"


def simulate_dataset(
    out: Path,
    count: int,
    seed: int,
    workers: int = 2,
    threat_rate: float = 0.6,
    keep_channels: bool = False,
) -> Path:
    """Write (or reuse) ``count`` scans with seeds seed..seed+count-1 under ``out``."""
    from inspector_app.simulation.dataset import write_dataset

    done = out / "provenance.json"
    if done.is_file():
        prov = json.loads(done.read_text())
        if prov.get("count") == count and prov.get("seed") == seed:
            return out
    # 16-bit TIFFs are not used for training: not written unless asked for
    stats = write_dataset(
        out, count, seed=seed, workers=workers, threat_rate=threat_rate, channels=keep_channels
    )
    done.write_text(
        json.dumps(
            {
                "count": count,
                "seed": seed,
                "threat_rate": threat_rate,
                "generator": generator_version(),
                **stats,
            },
            indent=1,
        )
    )
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threat-rate", type=float, default=0.6)
    p.add_argument("--keep-channels", action="store_true")
    args = p.parse_args(argv)
    simulate_dataset(
        args.out, args.count, args.seed, args.workers, args.threat_rate, args.keep_channels
    )
    print(f"dataset ready: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

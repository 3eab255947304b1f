"""Write simulated scans as a YOLO dataset plus the raw 16-bit channels and JSON ground truth.

Layout under the output folder::

    images/<id>.png          pseudo-colour RGB in the scan's display style (styles.py; "standard"
                             is the app's own dual_energy.pseudocolor)
    labels/<id>.txt          class cx cy w h (normalised), threats only
    channels/<id>_low.tif    16-bit transmission, 65535 = air
    channels/<id>_high.tif
    meta/<id>.json           seed, materials, every object with box and concealment
    data.yaml                path, train/val, names

Scan i gets seed = base seed + i, so the bytes never depend on how work is split over processes.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from inspector_app.simulation.parcel import THREAT_CLASSES, SimulatedScan, simulate_parcel


def scan_id(seed: int) -> str:
    return f"sim_{seed:08d}"


def yolo_lines(scan: SimulatedScan) -> list[str]:
    """YOLO label lines (class cx cy w h, normalised to the image) for the scan's threats."""
    h, w = scan.low.shape
    lines = []
    for obj in scan.threats():
        b = obj.box
        x1, y1 = max(0.0, b.x1), max(0.0, b.y1)
        x2, y2 = min(float(w), b.x2), min(float(h), b.y2)
        if x2 - x1 < 2 or y2 - y1 < 2:
            continue
        cls = THREAT_CLASSES.index(obj.label)
        lines.append(f"{cls} {(x1 + x2) / 2 / w:.6f} {(y1 + y2) / 2 / h:.6f} "
                     f"{(x2 - x1) / w:.6f} {(y2 - y1) / h:.6f}")
    return lines


def meta_dict(scan: SimulatedScan) -> dict:
    return {
        "id": scan_id(scan.seed),
        "seed": scan.seed,
        "width": int(scan.low.shape[1]),
        "height": int(scan.low.shape[0]),
        **scan.meta,
        "objects": [
            {
                "label": o.label,
                "class_id": THREAT_CLASSES.index(o.label) if o.is_threat else None,
                "box": [round(v, 1) for v in o.box.as_list()],
                "material": o.material,
                "is_threat": o.is_threat,
                "concealment": o.concealment,
            }
            for o in scan.objects
        ],
    }


def write_scan(out: Path, seed: int, threat_rate: float, channels: bool = True) -> int:
    """Simulate and write one scan; returns its number of labelled threats."""
    import cv2
    import tifffile

    from inspector_app.simulation.styles import render

    scan = simulate_parcel(seed, threat_rate)
    sid = scan_id(seed)
    rgb = render(scan.low, scan.high, scan.meta.get("display"))
    ok, png = cv2.imencode(".png", np.ascontiguousarray(rgb[..., ::-1]),
                           [cv2.IMWRITE_PNG_COMPRESSION, 1])
    if not ok:
        raise OSError(f"could not encode {sid}.png")
    (out / "images" / f"{sid}.png").write_bytes(png.tobytes())
    lines = yolo_lines(scan)
    (out / "labels" / f"{sid}.txt").write_text("".join(line + "\n" for line in lines))
    for name, ch in (("low", scan.low), ("high", scan.high)) if channels else ():
        tifffile.imwrite(out / "channels" / f"{sid}_{name}.tif", ch, compression="zlib",
                         compressionargs={"level": 1}, metadata=None)
    (out / "meta" / f"{sid}.json").write_text(json.dumps(meta_dict(scan), indent=1))
    return len(lines)


def _write_chunk(args: tuple[str, list[int], float, bool]) -> int:
    out, seeds, rate, channels = args
    return sum(write_scan(Path(out), s, rate, channels) for s in seeds)


def write_dataset(out: Path, count: int, seed: int = 0, workers: int | None = None,
                  threat_rate: float = 0.6, progress: bool = True,
                  channels: bool = True) -> dict:
    """Write `count` scans (seeds seed..seed+count-1) using `workers` processes.

    channels=False skips the two 16-bit TIFFs per scan (training reads only the PNGs; ~15 %
    faster); the images, labels and metadata are the same bytes either way.
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    if not 0.0 <= threat_rate <= 1.0:
        raise ValueError(f"threat rate must be between 0 and 1, got {threat_rate}")
    out = Path(out)
    for sub in ("images", "labels", "meta", *(("channels",) if channels else ())):
        (out / sub).mkdir(parents=True, exist_ok=True)
    _write_data_yaml(out)
    workers = max(1, workers or os.cpu_count() or 1)
    seeds = list(range(seed, seed + count))
    chunk = max(1, min(16, count // (workers * 4) or 1))
    jobs = [(str(out), seeds[i:i + chunk], threat_rate, channels)
            for i in range(0, count, chunk)]
    start = time.perf_counter()
    done = labels = 0
    if workers == 1:
        results: Iterator[Any] = map(_write_chunk, jobs)
        pool = None
    else:
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_warm)
        results = pool.map(_write_chunk, jobs)
    try:
        for job, n in zip(jobs, results, strict=True):
            done += len(job[1])
            labels += n
            if progress:
                rate = done / max(time.perf_counter() - start, 1e-9)
                print(f"\rsimulated {done}/{count} scans ({rate:.1f}/s)", end="", file=sys.stderr,
                      flush=True)
    finally:
        if pool is not None:
            pool.shutdown()
    elapsed = time.perf_counter() - start
    if progress:
        print(file=sys.stderr)
    return {"count": count, "labels": labels, "seconds": elapsed,
            "scans_per_s": count / max(elapsed, 1e-9)}


def _warm() -> None:
    """Build the physics tables once per worker process before the first scan."""
    from inspector_app.imaging.dual_energy import _default_tables
    from inspector_app.simulation.physics import attenuation_lut
    from inspector_app.simulation.styles import STYLES, style_lut

    attenuation_lut()
    _default_tables()
    for name in STYLES:
        style_lut(name)


def _write_data_yaml(out: Path) -> None:
    import yaml

    data = {
        "path": str(out.resolve()),
        "train": "images",
        "val": "images",
        "nc": len(THREAT_CLASSES),
        "names": list(THREAT_CLASSES),
    }
    (out / "data.yaml").write_text(yaml.safe_dump(data, sort_keys=False))

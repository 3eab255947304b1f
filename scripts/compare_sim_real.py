"""Measure how simulated scans look next to real ones: colour, edges, darkness, clutter, noise.

    .venv/bin/python scripts/compare_sim_real.py \\
        --real ../shared/samples/real-validation/images \\
        --set old=runs/compare/old/images --set new=runs/compare/new/images [--json out.json]

Every folder is a set of colour images (PNG/JPEG). Real images are only *read* to measure them.
Per set it prints: the hue / saturation / value histograms of the parcel's pixels (everything
that is not near-white background) and their Hellinger distance to the real set's (0 = same,
1 = disjoint), the share of orange (organic), green (mixed) and blue (metal) among coloured
pixels, the dark-pixel fraction, Canny edge density inside the parcel, the foreground fraction
and the background noise. A simulator that sits beside real scans has small distances and
figures close to the real column.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import cv2
import numpy as np

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff"}
H_BINS, S_BINS, V_BINS = 30, 16, 16
FOREGROUND_MAX_V = 235  # brighter and unsaturated = background
FOREGROUND_MIN_S = 25


def list_images(folder: Path, limit: int | None) -> list[Path]:
    if not folder.is_dir():
        raise SystemExit(f"not a folder of images: {folder}")
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    if not files:
        raise SystemExit(f"no images (PNG/JPEG/BMP/TIFF) in {folder}")
    return files[:limit] if limit else files


def image_stats(bgr: np.ndarray) -> dict:
    """Per-image histograms and figures (hue in OpenCV units 0..180)."""
    if max(bgr.shape[:2]) > 1024:  # compare at a common scale of detail
        f = 1024 / max(bgr.shape[:2])
        bgr = cv2.resize(bgr, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    hsv = cv2.cvtColor(bgr, cv2.COLOR_BGR2HSV)
    h, s, v = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    fg = (v < FOREGROUND_MAX_V) | (s > FOREGROUND_MIN_S)
    n_fg = max(int(fg.sum()), 1)
    coloured = fg & (s > 40) & (v > 50)
    hh = h[coloured]
    n_col = max(hh.size, 1)
    grey = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    edges = cv2.Canny(cv2.GaussianBlur(grey, (3, 3), 0), 40, 120) > 0
    bg = ~cv2.dilate(fg.astype(np.uint8), np.ones((9, 9), np.uint8)).astype(bool)
    lap = cv2.Laplacian(grey.astype(np.float32), cv2.CV_32F)
    return {
        "h": np.histogram(hh, H_BINS, (0, 180))[0].astype(np.float64),
        "s": np.histogram(s[fg], S_BINS, (0, 256))[0].astype(np.float64),
        "v": np.histogram(v[fg], V_BINS, (0, 256))[0].astype(np.float64),
        "orange": float(((hh >= 5) & (hh < 28)).sum() / n_col),
        "green": float(((hh >= 28) & (hh < 85)).sum() / n_col),
        "blue": float(((hh >= 85) & (hh < 135)).sum() / n_col),
        "dark": float((v[fg] < 70).sum() / n_fg),
        "edges": float(edges[fg].sum() / n_fg),
        "foreground": float(fg.mean()),
        "saturation": float(s[fg].mean()),
        "value": float(v[fg].mean()),
        "bg_noise": float(lap[bg].std()) if bg.sum() > 100 else float("nan"),
    }


def set_stats(files: list[Path]) -> dict:
    """Pooled histograms (normalised) and mean figures over a set of images."""
    acc: dict[str, list] = {}
    unreadable = 0
    for f in files:
        bgr = cv2.imread(str(f), cv2.IMREAD_COLOR)
        if bgr is None:
            unreadable += 1
            continue
        for k, val in image_stats(bgr).items():
            acc.setdefault(k, []).append(val)
    if not acc:
        raise SystemExit("none of the images could be read")
    out: dict = {"images": len(acc["h"]), "unreadable": unreadable}
    for k in ("h", "s", "v"):
        hist = np.sum(acc[k], axis=0)
        out[k] = hist / max(hist.sum(), 1e-9)
    for k, vals in acc.items():
        if k not in ("h", "s", "v"):
            out[k] = float(np.nanmean(vals))
    return out


def hellinger(p: np.ndarray, q: np.ndarray) -> float:
    return float(np.sqrt(max(0.0, 1.0 - np.sum(np.sqrt(p * q)))))


FIGURES = (
    ("orange", "organic (orange) share of coloured px"),
    ("green", "mixed (green) share"),
    ("blue", "metal (blue) share"),
    ("dark", "dark pixels (V<70) in parcel"),
    ("edges", "edge density in parcel"),
    ("foreground", "parcel (non-background) share"),
    ("saturation", "mean saturation in parcel"),
    ("value", "mean value in parcel"),
    ("bg_noise", "background noise (Laplacian std)"),
)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--real", type=Path, required=True, help="folder of real scans (read only)")
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=DIR",
        help="a simulated set to compare (repeat for several)",
    )
    p.add_argument("--limit", type=int, default=0, help="use at most N images per set")
    p.add_argument("--json", type=Path, help="also write the figures here")
    args = p.parse_args(argv)
    sets = {}
    for spec in args.set:
        if "=" not in spec:
            print(f"--set needs NAME=DIR, got {spec!r}", file=sys.stderr)
            return 2
        name, folder = spec.split("=", 1)
        sets[name] = Path(folder)
    real = set_stats(list_images(args.real, args.limit or None))
    stats = {name: set_stats(list_images(d, args.limit or None)) for name, d in sets.items()}
    names = ["real", *stats]
    table = {"real": real, **stats}
    width = 40
    col = max(10, *(len(n) + 2 for n in names))
    print(f"{'':{width}s}" + "".join(f"{n:>{col}s}" for n in names))
    print(f"{'images':{width}s}" + "".join(f"{table[n]['images']:>{col}d}" for n in names))
    for key, label in (
        ("h", "hue histogram distance to real"),
        ("s", "saturation histogram distance"),
        ("v", "value histogram distance"),
    ):
        print(
            f"{label:{width}s}"
            + "".join(f"{hellinger(table[n][key], real[key]):>{col}.3f}" for n in names)
        )
    for key, label in FIGURES:
        print(f"{label:{width}s}" + "".join(f"{table[n][key]:>{col}.3f}" for n in names))
    if args.json:
        out = {
            n: {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in t.items()}
            for n, t in table.items()
        }
        for n in names:
            out[n]["distance"] = {k: hellinger(table[n][k], real[k]) for k in ("h", "s", "v")}
        args.json.write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Make the simulator gallery for docs/simulator.md.

    .venv/bin/python scripts/make_sim_gallery.py [--out docs/images]

Writes
* sim_gallery.jpg  — clean parcels and one parcel per threat class, threat boxes drawn, each in
  its own scanner display style (styles.py; "standard" = the app's dual_energy.pseudocolor);
* sim_gallery_threats.jpg — the 3-D threats alone (pistols, revolvers, five kinds of knife,
  reptiles, birds, eggs, scales) posed flat, tilted and on their side;
* sim_materials.png — step wedges of reference materials through the same physics and colouring.
Everything is deterministic (fixed seeds).

`--beside-real DIR --compare-out FILE` also writes a side-by-side sheet of simulated parcels and
the real reference scans in DIR for looking at them together. That sheet holds real scans, so
it must be written outside the repository (e.g. under runs/, which git ignores).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import cv2
import numpy as np

from inspector_app.imaging.dual_energy import pseudocolor
from inspector_app.simulation import THREAT_CLASSES, SimulatedScan, physics, simulate_parcel
from inspector_app.simulation import threats3d as t3
from inspector_app.simulation.projection import FanBeam, Pose
from inspector_app.simulation.scene import Canvas, render_channels
from inspector_app.simulation.styles import render

TILE_W, TILE_H = 400, 300


def _tile(scan: SimulatedScan, title: str, boxes: bool = True) -> np.ndarray:
    rgb = render(scan.low, scan.high, scan.meta.get("display"))
    bgr = np.ascontiguousarray(rgb[..., ::-1])
    if boxes:
        for obj in scan.threats():
            b = [round(v) for v in obj.box.as_list()]
            cv2.rectangle(bgr, (b[0], b[1]), (b[2], b[3]), (40, 40, 220), 2)
            cv2.putText(bgr, obj.label, (b[0] + 2, max(14, b[1] - 4)), cv2.FONT_HERSHEY_SIMPLEX,
                        0.5, (40, 40, 220), 1, cv2.LINE_AA)
    return _fit(bgr, title)


def _fit(bgr: np.ndarray, title: str) -> np.ndarray:
    h, w = bgr.shape[:2]
    scale = min(TILE_W / w, (TILE_H - 22) / h)
    small = cv2.resize(bgr, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
    tile = np.full((TILE_H, TILE_W, 3), 255, np.uint8)
    y0, x0 = 22 + (TILE_H - 22 - small.shape[0]) // 2, (TILE_W - small.shape[1]) // 2
    tile[y0:y0 + small.shape[0], x0:x0 + small.shape[1]] = small
    cv2.putText(tile, title, (6, 16), cv2.FONT_HERSHEY_SIMPLEX, 0.5, (30, 30, 30), 1, cv2.LINE_AA)
    return tile


def _find(label: str | None, start: int = 0, limit: int = 400) -> SimulatedScan:
    """First seed whose threats are exactly {label}, not concealed (clean: none at all)."""
    for seed in range(start, start + limit):
        scan = simulate_parcel(seed, threat_rate=0.0 if label is None else 1.0)
        labels = {o.label for o in scan.threats()}
        hidden = any(o.concealment for o in scan.threats())
        if (label is None and not labels) or (labels == {label} and not hidden):
            return scan
    raise RuntimeError(f"no seed with only {label!r} in {limit} tries")


def gallery(out: Path) -> Path:
    tiles = []
    seed = 0
    for _ in range(6):
        scan = _find(None, seed)
        tiles.append(_tile(scan, f"clean (seed {scan.seed})"))
        seed = scan.seed + 1
    for i, label in enumerate(THREAT_CLASSES):
        scan = _find(label, 1000 + 97 * i)
        style = scan.meta.get("display", {}).get("style", "standard")
        tiles.append(_tile(scan, f"{label} (seed {scan.seed}, {style})"))
    cols = 4
    while len(tiles) % cols:
        tiles.append(np.full_like(tiles[0], 255))
    rows = [np.hstack(tiles[r:r + cols]) for r in range(0, len(tiles), cols)]
    grid = np.vstack(rows)
    path = out / "sim_gallery.jpg"
    cv2.imwrite(str(path), grid, [cv2.IMWRITE_JPEG_QUALITY, 88])
    return path


THREAT_SHEET = (("pistol", lambda r, s: t3.pistol(r, s)),
                ("revolver", lambda r, s: t3.revolver(r, s)),
                ("knife", lambda r, s: t3.knife(r, s)[0][0]),
                ("knife", lambda r, s: t3.knife(r, s)[0][0]),
                ("reptile / bird",
                 lambda r, s: (t3.reptile if r.random() < 0.5 else t3.bird)(r, s)),
                ("eggs / scales", lambda r, s: (t3.eggs if r.random() < 0.5 else t3.scales)(r, s)))
POSES = ((0.0, 0.0, "flat"), (40.0, 5.0, "tilted 40°"), (75.0, -10.0, "tilted 75°"),
         (90.0, 0.0, "on its side"))


def threat_sheet(out: Path) -> Path:
    """Each row one threat family, each column one 3-D pose (same object within a row)."""
    s = 1.4
    rows = []
    for i, (name, build) in enumerate(THREAT_SHEET):
        tiles = []
        for j, (tx, ty, pose_name) in enumerate(POSES):
            item = build(np.random.default_rng(7000 + 13 * i + (j if name == "knife" else 0)
                                               + (i == 3) * 50), s)
            canvas = Canvas(360, 480, geometry=FanBeam(s=s, sdd_mm=1800, src_row=180,
                                                       ref_z_mm=100))
            canvas.place(item, 240, 180, 0, pose=Pose(20.0, tx, ty, 100.0))
            low, high = render_channels(canvas, np.random.default_rng(1))
            bgr = np.ascontiguousarray(pseudocolor(low, high)[..., ::-1])
            tiles.append(_fit(bgr, f"{name}, {pose_name}"))
        rows.append(np.hstack(tiles))
    path = out / "sim_gallery_threats.jpg"
    cv2.imwrite(str(path), np.vstack(rows), [cv2.IMWRITE_JPEG_QUALITY, 88])
    return path


def beside_real(real_dir: Path, dest: Path, n: int = 8) -> Path:
    """Simulated parcels (top rows) above real reference scans (bottom rows), for looking."""
    real = sorted(p for p in real_dir.iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".png"))
    if not real:
        raise SystemExit(f"no real reference images in {real_dir}")
    sim_tiles = [_tile(simulate_parcel(20_000 + k, 0.7), f"simulated {20_000 + k}", boxes=False)
                 for k in range(n)]
    real_tiles = []
    for p in real[:n]:
        bgr = cv2.imread(str(p), cv2.IMREAD_COLOR)
        if bgr is not None:
            real_tiles.append(_fit(bgr, f"real {p.stem}"))
    tiles = sim_tiles + real_tiles
    while len(tiles) % 4:
        tiles.append(np.full_like(tiles[0], 255))
    grid = np.vstack([np.hstack(tiles[r:r + 4]) for r in range(0, len(tiles), 4)])
    dest.parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(dest), grid, [cv2.IMWRITE_JPEG_QUALITY, 88])
    return dest


WEDGES = (("polyethylene", 300), ("water", 250), ("paper", 250), ("cocaine_hcl", 200),
          ("glass", 100), ("aluminium", 80), ("li_ion_cell", 30), ("steel", 25),
          ("copper", 20), ("lead", 8))


def materials(out: Path) -> Path:
    """Each row: thickness 0 → max (quadratic ramp) of one material; labels on the left."""
    row_h, w, label_w = 34, 640, 150
    canvas = Canvas(row_h * len(WEDGES), w)
    for i, (name, t_max) in enumerate(WEDGES):
        t = (np.linspace(0, 1, w) ** 2 * t_max).astype(np.float32)
        bp, bc = physics.basis(name)
        canvas.p[i * row_h:(i + 1) * row_h - 6] += t * bp
        canvas.c[i * row_h:(i + 1) * row_h - 6] += t * bc
    low, high = render_channels(canvas, np.random.default_rng(0))
    img = np.ascontiguousarray(pseudocolor(low, high)[..., ::-1])
    panel = np.full((img.shape[0], label_w, 3), 255, np.uint8)
    for i, (name, t_max) in enumerate(WEDGES):
        cv2.putText(panel, f"{name} 0-{t_max} mm", (4, i * row_h + 19),
                    cv2.FONT_HERSHEY_SIMPLEX, 0.4, (30, 30, 30), 1, cv2.LINE_AA)
    path = out / "sim_materials.png"
    cv2.imwrite(str(path), np.hstack([panel, img]), [cv2.IMWRITE_PNG_COMPRESSION, 9])
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    repo = Path(__file__).resolve().parents[1]
    parser.add_argument("--out", default=str(repo / "docs" / "images"))
    parser.add_argument("--beside-real", type=Path, help="folder of real reference scans")
    parser.add_argument("--compare-out", type=Path, default=repo / "runs" / "sim_vs_real.jpg",
                        help="where the side-by-side sheet goes (outside the repo's tracked files)")
    parser.add_argument("--only-compare", action="store_true", help="write only that sheet")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    paths = [] if args.only_compare else [gallery(out), threat_sheet(out), materials(out)]
    if args.beside_real:
        paths.append(beside_real(args.beside_real, args.compare_out))
    for path in paths:
        print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()

"""More everyday clutter of real bags: electronic devices without cells, cable bundles, toiletry
bags. Benign, and exactly what makes real parcels dense, green and full of edges.
"""

from __future__ import annotations

import numpy as np

from inspector_app.simulation import shapes as sh
from inspector_app.simulation.scene import Item, new_item

Group = list[tuple[Item, float, float]]


def _board_layers(rng: np.random.Generator, s: float, h: int, w: int) -> dict[str, np.ndarray]:
    """Populated PCB: FR4, copper, chips, shield cans, electrolytic capacitors, heat sink."""
    fr4 = np.full((h, w), 1.6, np.float32)
    cu = np.full((h, w), 0.07, np.float32)
    si = np.zeros((h, w), np.float32)
    steel = np.zeros((h, w), np.float32)
    alu = np.zeros((h, w), np.float32)
    for _ in range(int(rng.integers(6, 18))):  # packages: epoxy + leadframe
        ch, cw = max(2, int(rng.uniform(3, 20) * s)), max(2, int(rng.uniform(3, 20) * s))
        y, x = int(rng.integers(0, max(1, h - ch))), int(rng.integers(0, max(1, w - cw)))
        si[y : y + ch, x : x + cw] += rng.uniform(0.5, 1.5)
        cu[y : y + ch, x : x + cw] += 0.2
    for _ in range(int(rng.integers(0, 4))):  # shield cans: walls edge-on
        ch, cw = max(4, int(rng.uniform(10, 30) * s)), max(4, int(rng.uniform(10, 30) * s))
        y, x = int(rng.integers(0, max(1, h - ch))), int(rng.integers(0, max(1, w - cw)))
        steel[y : y + ch, x : x + cw] += 0.2
        steel[y : y + ch, x : x + 2] += 2.5
        steel[y : y + ch, x + cw - 2 : x + cw] += 2.5
        steel[y : y + 2, x : x + cw] += 2.5
        steel[y + ch - 2 : y + ch, x : x + cw] += 2.5
    for _ in range(int(rng.integers(0, 6))):  # electrolytic capacitors standing up
        sh.circle(alu, rng.uniform(0, w), rng.uniform(0, h), rng.uniform(3, 6) * s, 0.6)
    if rng.random() < 0.5:  # finned heat sink
        hh = min(h, max(4, int(rng.uniform(20, 40) * s)))
        ww = min(w, max(4, int(rng.uniform(20, 40) * s)))
        y, x = int(rng.integers(0, max(1, h - hh))), int(rng.integers(0, max(1, w - ww)))
        _, xx = sh.grid(hh, ww)
        fins = 2.0 + 8.0 * (np.sin(xx / (1.5 * s)) > 0.3)
        alu[y : y + hh, x : x + ww] += fins
    for _ in range(int(rng.integers(10, 30))):  # traces
        if rng.random() < 0.5:
            cu[int(rng.integers(0, h)), :] += 0.05
        else:
            cu[:, int(rng.integers(0, w))] += 0.05
    return {"fr4": fr4, "copper": cu, "silicon": si, "steel": steel, "aluminium": alu}


def device(rng: np.random.Generator, s: float) -> Group:
    """Router, radio, games console, hard disk or hair dryer: case, board, metal inside."""
    w_mm, h_mm = rng.uniform(80, 260), rng.uniform(60, 180)
    h, w = sh.px(h_mm, s), sh.px(w_mm, s)
    it = new_item("device", h, w)
    case = sh.rounded_box(h, w, 1.0, 6 * s)
    it.add("abs", case * rng.uniform(2.0, 4.0) + sh.walls(case, s, 2.0, rng.uniform(20, 60)))
    bh, bw = int(h * rng.uniform(0.5, 0.85)), int(w * rng.uniform(0.5, 0.85))
    y0, x0 = (h - bh) // 2, (w - bw) // 2
    for mat, t in _board_layers(rng, s, bh, bw).items():
        lay = np.zeros((h, w), np.float32)
        lay[y0 : y0 + bh, x0 : x0 + bw] = t
        it.add(mat, lay)
    if rng.random() < 0.4:  # transformer or motor
        core = np.zeros((h, w), np.float32)
        sh.circle(core, w * rng.uniform(0.2, 0.8), h * rng.uniform(0.2, 0.8), 12 * s, 1.0)
        it.add("steel", core * 15.0)
        it.add("copper", core * 8.0)
    screws = np.zeros((h, w), np.float32)
    for fx, fy in ((0.05, 0.08), (0.95, 0.08), (0.05, 0.92), (0.95, 0.92)):
        sh.circle(screws, w * fx, h * fy, 1.5 * s, 6.0)
    it.add("steel", screws)
    if rng.random() < 0.3:  # hard disk: aluminium body, platters
        it.add("aluminium", sh.rounded_box(h, w, rng.uniform(3, 8), 4 * s))
    return [(it, 0.0, 0.0)]


def cable_bundle(rng: np.random.Generator, s: float) -> Group:
    """Several cables coiled together, with plugs and a cable tie."""
    size = sh.px(rng.uniform(90, 200), s)
    it = new_item("cable", size, size)
    pvc = np.zeros((size, size), np.float32)
    cu = np.zeros((size, size), np.float32)
    for _ in range(int(rng.integers(2, 6))):
        n = 160
        turns = rng.uniform(1.5, 5)
        ang = np.linspace(0, 2 * np.pi * turns, n) + rng.uniform(0, 6.3)
        r = size * rng.uniform(0.2, 0.42) * (0.8 + 0.2 * np.sin(ang * rng.uniform(0.1, 0.4)))
        ell = rng.uniform(0.4, 1.0)
        pts = np.stack([size / 2 + r * np.cos(ang), size / 2 + r * np.sin(ang) * ell], 1)
        pts += rng.normal(0, size * 0.01, pts.shape).cumsum(0) * 0.2
        d = rng.uniform(2.5, 6.0)
        pvc += sh.polyline(size, size, pts, sh.px(d, s), d * 0.7)
        cu += sh.polyline(size, size, pts, max(1, sh.px(d * 0.35, s)), d * 0.25)
        plug = np.zeros((size, size), np.float32)
        sh.circle(plug, float(pts[-1][0]), float(pts[-1][1]), 6 * s, 1.0)
        it.add("abs", plug * 12.0)
        it.add("brass", plug * 1.5)
    it.add("pvc", pvc)
    it.add("copper", cu)
    return [(it, 0.0, 0.0)]


def toiletry_bag(rng: np.random.Generator, s: float) -> Group:
    """Wash bag: a zipped pouch with tubes, razors, nail clippers, a glass bottle."""
    w_mm, h_mm = rng.uniform(160, 260), rng.uniform(90, 150)
    h, w = sh.px(h_mm, s), sh.px(w_mm, s)
    it = new_item("toiletries", h, w)
    pouch = sh.rounded_box(h, w, 1.0, 15 * s, soft_px=8 * s)
    it.add("pvc" if rng.random() < 0.5 else "polyester", pouch * rng.uniform(0.6, 1.5))
    zip_line = np.zeros((h, w), np.float32)
    zip_line[sh.px(8, s) : sh.px(12, s), sh.px(10, s) : w - sh.px(10, s)] = 1.0
    it.add("brass" if rng.random() < 0.5 else "polyethylene", zip_line * 1.2)
    for _ in range(int(rng.integers(3, 8))):
        kind = rng.random()
        lay = np.zeros((h, w), np.float32)
        cx, cy = rng.uniform(0.15, 0.85) * w, rng.uniform(0.25, 0.85) * h
        if kind < 0.4:  # tube of cream
            th, tw = sh.px(rng.uniform(25, 40), s), sh.px(rng.uniform(80, 150), s)
            tube = sh.ellipsoid(th, tw, rng.uniform(15, 30))
            y0, x0 = int(max(0, cy - th / 2)), int(max(0, cx - tw / 2))
            hh, ww = min(th, h - y0), min(tw, w - x0)
            lay[y0 : y0 + hh, x0 : x0 + ww] = tube[:hh, :ww]
            it.add("cosmetic", lay)
            it.add("aluminium", (lay > 0) * 0.2)
        elif kind < 0.65:  # razor / clippers: small steel parts
            it.add(
                "steel",
                sh.polyline(
                    h, w, np.array([[cx, cy], [cx + 60 * s, cy + 5 * s]]), sh.px(4, s), 2.0
                ),
            )
            sh.circle(lay, cx + 60 * s, cy + 5 * s, 8 * s, 1.0)
            it.add("steel", lay * 1.5)
        else:  # small glass bottle standing up: ring of glass, liquid disc
            r = rng.uniform(12, 22) * s
            sh.circle(lay, cx, cy, r, 1.0)
            inner = np.zeros((h, w), np.float32)
            sh.circle(inner, cx, cy, r - 2 * s, 1.0)
            it.add("glass", (lay - inner) * rng.uniform(20, 50) + lay * 3.0)
            it.add("cosmetic", inner * rng.uniform(20, 60))
    return [(it, 0.0, 0.0)]


def tablet(rng: np.random.Generator, s: float) -> Group:
    """Tablet or e-reader: glass front, aluminium back, thin board, two pouch cells (labelled)."""
    from inspector_app.simulation.objects import pouch_cell

    w_mm, h_mm = rng.uniform(160, 250), rng.uniform(110, 175)
    h, w = sh.px(h_mm, s), sh.px(w_mm, s)
    body = new_item("tablet", h, w)
    body.add("glass", sh.rounded_box(h, w, 0.7, 8 * s))
    back = sh.rounded_box(h, w, 1.0, 8 * s)
    body.add("aluminium" if rng.random() < 0.7 else "abs", back * 0.8 + sh.walls(back, s, 1.0, 7))
    bh, bw = int(h * 0.8), max(4, int(w * 0.18))
    y0, x0 = (h - bh) // 2, int(w * 0.05)
    for mat, t in _board_layers(rng, s, bh, bw).items():
        lay = np.zeros((h, w), np.float32)
        lay[y0 : y0 + bh, x0 : x0 + bw] = t
        body.add(mat, lay)
    screws = np.zeros((h, w), np.float32)
    for fx, fy in ((0.03, 0.05), (0.03, 0.95), (0.2, 0.05), (0.2, 0.95)):
        sh.circle(screws, w * fx, h * fy, 1.0 * s, 2.0)
    body.add("steel", screws)
    cell_w, cell_h = w_mm * 0.33, h_mm * 0.75
    group: Group = [(body, 0.0, 0.0)]
    left = -w / 2 + w * 0.27  # cells side by side right of the board
    for k in range(2):
        cell = pouch_cell(rng, s, cell_w, cell_h, rng.uniform(3.0, 4.0))
        cw = cell.shape[1]
        group.append((cell, left + cw / 2 + k * (cw + 2 * s), 0.0))
    return group

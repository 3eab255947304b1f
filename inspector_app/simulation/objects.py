"""Object library: everyday parcel contents (clutter) and the threat classes, as material maps.

Each builder takes (rng, s) with s = pixels per millimetre and returns a Group: items with their
offsets (pixels) from the group centre. Items in one group move and rotate together, e.g. a phone
body and the lithium cell inside it, which is labelled on its own.
Sizes and thicknesses are real-world millimetres; materials are names from materials.py.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from inspector_app.simulation import shapes as sh
from inspector_app.simulation.materials import DRUGS
from inspector_app.simulation.scene import Item, new_item

Group = list[tuple[Item, float, float]]
Builder = Callable[[np.random.Generator, float], Group]


def _one(item: Item) -> Group:
    return [(item, 0.0, 0.0)]


def _screws(item: Item, rng: np.random.Generator, s: float, n: int, mat: str = "steel",
            d_mm: float = 2.5, t_mm: float = 5.0) -> None:
    h, w = item.shape
    layer = np.zeros((h, w), np.float32)
    for _ in range(n):
        sh.circle(layer, rng.uniform(0.1, 0.9) * w, rng.uniform(0.1, 0.9) * h, d_mm * s / 2, t_mm)
    item.add(mat, layer)


# ---------------------------------------------------------------- lithium cells (labelled)


def cylindrical_cell(rng: np.random.Generator, s: float, length_mm: float = 65.0,
                     diameter_mm: float = 18.0) -> Item:
    """18650-style cell: steel can around a wound jelly roll, hollow mandrel, end caps."""
    h, w = sh.px(diameter_mm, s), sh.px(length_mm, s)
    it = new_item("lithium_battery", h, w, is_threat=True)
    it.add("steel", sh.cylinder(h, w, diameter_mm, wall_mm=0.25))
    core = sh.cylinder(h, w, diameter_mm - 0.6) - sh.cylinder(h, w, 3.0) * _band(h, 3.0 * s)
    it.add("li_ion_cell", np.clip(core, 0, None))
    cap = np.zeros((h, w), np.float32)
    cap[:, : sh.px(1.5, s)] = diameter_mm * 0.3
    cap[:, -sh.px(1.0, s):] = diameter_mm * 0.2
    it.add("steel", cap * (sh.cylinder(h, w, 1.0) > 0))
    return it


def _band(h: int, width_px: float) -> np.ndarray:
    y, _ = sh.grid(h, 1)
    return (np.abs(y) <= width_px / 2).astype(np.float32)


def pouch_cell(rng: np.random.Generator, s: float, w_mm: float, h_mm: float, t_mm: float) -> Item:
    """Flat lithium-polymer pouch (phones, tablets, laptops): layered foils, rounded edges."""
    h, w = sh.px(h_mm, s), sh.px(w_mm, s)
    it = new_item("lithium_battery", h, w, is_threat=True)
    it.add("li_ion_cell", sh.rounded_box(h, w, t_mm, 2 * s, soft_px=2 * s))
    it.add("aluminium", sh.rounded_box(h, w, 0.2, 2 * s))
    tab = np.zeros((h, w), np.float32)
    tab[: sh.px(4, s), w // 3: w // 3 + sh.px(4, s)] = 0.3
    tab[: sh.px(4, s), 2 * w // 3: 2 * w // 3 + sh.px(4, s)] = 0.3
    it.add("copper", tab)
    return it


def lithium_battery(rng: np.random.Generator, s: float) -> Group:
    """Loose cells, a cell pack, a power bank or a large pouch: dangerous goods in the post."""
    kind = rng.choice(["loose", "pack", "powerbank", "pouch"])
    if kind == "loose":
        n = int(rng.integers(1, 5))
        out: Group = []
        for i in range(n):
            c = cylindrical_cell(rng, s, *(65.0, 18.0) if rng.random() < 0.7 else (70.0, 21.0))
            out.append((c, rng.normal(0, 8), (i - n / 2) * 22 * s + rng.normal(0, 3)))
        return out
    if kind == "pouch":
        return _one(pouch_cell(rng, s, rng.uniform(50, 120), rng.uniform(40, 90),
                               rng.uniform(4, 9)))
    n_cells = int(rng.integers(2, 7))
    cell_h = sh.px(18.5, s)
    h, w = cell_h * n_cells + sh.px(6, s), sh.px(75, s)
    label = "lithium_battery"
    pack = new_item(label, h, w, is_threat=True)
    for i in range(n_cells):
        y0 = sh.px(3, s) + i * cell_h
        cell = cylindrical_cell(rng, s)
        ch, cw = cell.shape
        x0 = (w - cw) // 2
        for mat, t in cell.layers.items():
            if mat.startswith("_"):
                continue
            layer = np.zeros((h, w), np.float32)
            layer[y0:y0 + ch, x0:x0 + cw] = t[: h - y0, : w - x0]
            pack.add(mat, layer)
    strap = np.zeros((h, w), np.float32)
    strap[:, sh.px(5, s): sh.px(9, s)] = 0.3
    pack.add("steel" if kind == "pack" else "copper", strap)
    if kind == "powerbank":
        case = sh.rounded_box(h, w, 3.0, 4 * s)
        pack.add("abs", case + sh.walls(case, s, 1.5, 22))
        pack.add("fr4", _pcb(rng, s, h // 2, sh.px(14, s), pad_to=(h, w), at=(0, w - sh.px(16, s))))
    else:
        pack.add("pvc", sh.rounded_box(h, w, 0.5, 2 * s))
    return _one(pack)


def _pcb(rng: np.random.Generator, s: float, h: int, w: int, pad_to: tuple[int, int] | None = None,
         at: tuple[int, int] = (0, 0)) -> np.ndarray:
    board = np.full((h, w), 1.6, np.float32)
    if pad_to is None:
        return board
    out = np.zeros(pad_to, np.float32)
    y0, x0 = at
    out[y0:y0 + h, x0:x0 + w] = board[: pad_to[0] - y0, : pad_to[1] - x0]
    return out


# ---------------------------------------------------------------- electronics (clutter + cells)


def _board(rng: np.random.Generator, s: float, h: int, w: int) -> dict[str, np.ndarray]:
    """A populated PCB: FR4, copper planes/traces, chips (silicon + leads), shields."""
    fr4 = np.full((h, w), 1.6, np.float32)
    cu = np.full((h, w), 0.07, np.float32)
    si = np.zeros((h, w), np.float32)
    steel = np.zeros((h, w), np.float32)
    for _ in range(int(rng.integers(3, 9))):
        ch, cw = int(rng.integers(3, 14) * s), int(rng.integers(3, 14) * s)
        y, x = int(rng.integers(0, max(1, h - ch))), int(rng.integers(0, max(1, w - cw)))
        si[y:y + ch, x:x + cw] += 0.6
        cu[y:y + ch, x:x + cw] += 0.15
    for _ in range(int(rng.integers(0, 3))):
        ch, cw = int(rng.integers(8, 25) * s), int(rng.integers(8, 25) * s)
        y, x = int(rng.integers(0, max(1, h - ch))), int(rng.integers(0, max(1, w - cw)))
        steel[y:y + ch, x:x + cw] += 0.2  # RF shield can: thin top
        steel[y:y + ch, x:x + 2] += 2.0  # its walls seen edge-on
        steel[y:y + ch, x + cw - 2:x + cw] += 2.0
    for _ in range(int(rng.integers(6, 20))):  # traces
        y = int(rng.integers(0, h))
        cu[y, :] += 0.05
    return {"fr4": fr4, "copper": cu, "silicon": si, "steel": steel}


def phone(rng: np.random.Generator, s: float) -> Group:
    w_mm, h_mm = rng.uniform(65, 80), rng.uniform(140, 165)
    h, w = sh.px(h_mm, s), sh.px(w_mm, s)
    body = new_item("phone", h, w)
    body.add("glass", sh.rounded_box(h, w, 1.2, 8 * s))
    body.add("aluminium", sh.rounded_box(h, w, 0.6, 8 * s))
    frame = sh.rounded_box(h, w, 7.0, 8 * s) - sh.rounded_box(h, w, 7.0, 8 * s)
    rim = sh.rounded_box(h, w, 1.0, 8 * s)
    rim[sh.px(2, s):-sh.px(2, s), sh.px(2, s):-sh.px(2, s)] = 0
    body.add("aluminium" if rng.random() < 0.6 else "steel", rim * 6 + frame)
    bh = h // 3
    pcb = _board(rng, s, bh, w - sh.px(6, s))
    for mat, t in pcb.items():
        layer = np.zeros((h, w), np.float32)
        layer[sh.px(5, s):sh.px(5, s) + bh, sh.px(3, s):sh.px(3, s) + t.shape[1]] = t
        body.add(mat, layer)
    _screws(body, rng, s, 4, d_mm=1.6, t_mm=3)
    cam = np.zeros((h, w), np.float32)
    sh.circle(cam, w * 0.3, h * 0.08, 5 * s, 4.0)
    body.add("glass", cam)
    cell = pouch_cell(rng, s, w_mm - 14, h_mm * 0.5, rng.uniform(4.0, 5.5))
    return [(body, 0.0, 0.0), (cell, 0.0, h * 0.18)]


def laptop(rng: np.random.Generator, s: float) -> Group:
    w_mm, h_mm = rng.uniform(280, 350), rng.uniform(190, 240)
    h, w = sh.px(h_mm, s), sh.px(w_mm, s)
    body = new_item("laptop", h, w)
    shell = "aluminium" if rng.random() < 0.5 else "abs"
    base = sh.rounded_box(h, w, 2.4 if shell == "abs" else 1.6, 6 * s)
    body.add(shell, base + sh.walls(base, s, 1.5, rng.uniform(15, 20)))
    body.add("glass", sh.rounded_box(h, w, 0.7, 6 * s))
    kb = np.zeros((h, w), np.float32)
    kb[int(h * 0.08):int(h * 0.5), int(w * 0.08):int(w * 0.92)] = 0.8
    # keyboard deck: aluminium in most, a thin steel plate in some
    body.add("aluminium" if rng.random() < 0.7 else "steel", kb)
    keys = np.zeros((h, w), np.float32)
    for r in range(5):
        for c in range(14):
            y0 = int(h * (0.1 + 0.075 * r))
            x1 = int(w * (0.1 + 0.058 * c))
            keys[y0:y0 + sh.px(14, s), x1:x1 + sh.px(15, s)] = 2.0
    body.add("abs", keys)
    bh, bw = int(h * 0.45), int(w * 0.55)
    from inspector_app.simulation.clutter3d import _board_layers

    board = _board_layers(rng, s, bh, bw)
    x0 = int(w * 0.42)
    for mat, t in board.items():
        layer = np.zeros((h, w), np.float32)
        layer[int(h * 0.05):int(h * 0.05) + bh, x0:x0 + bw] = t[:, : w - x0]
        body.add(mat, layer)
    pipe = sh.polyline(h, w, np.array([[w * 0.5, h * 0.2], [w * 0.8, h * 0.25],
                                       [w * 0.93, h * 0.15]]), sh.px(7, s), 1.5)
    body.add("copper", pipe)
    fan = np.zeros((h, w), np.float32)
    sh.circle(fan, w * 0.88, h * 0.25, 30 * s, 1.0)
    body.add("abs", fan)
    hinge = np.zeros((h, w), np.float32)
    hinge[: sh.px(8, s), int(w * 0.15):int(w * 0.25)] = 6.0
    hinge[: sh.px(8, s), int(w * 0.75):int(w * 0.85)] = 6.0
    body.add("steel", hinge)
    _screws(body, rng, s, 10, d_mm=2.0, t_mm=4)
    group: Group = [(body, 0.0, 0.0)]
    if rng.random() < 0.5:
        cell = pouch_cell(rng, s, w_mm * 0.6, h_mm * 0.3, 6.0)
    else:
        cell = lithium_battery_pack_row(rng, s, 3)
    group.append((cell, -w * 0.05, h * 0.3))
    return group


def lithium_battery_pack_row(rng: np.random.Generator, s: float, n: int) -> Item:
    cell_w = sh.px(19, s)
    h, w = sh.px(66, s), cell_w * n
    pack = new_item("lithium_battery", h, w, is_threat=True)
    for i in range(n):
        cell = cylindrical_cell(rng, s)
        for mat, t in cell.layers.items():
            if mat.startswith("_"):
                continue
            tt = t.T  # stand the cell across the pack
            layer = np.zeros((h, w), np.float32)
            hh, ww = min(h, tt.shape[0]), min(cell_w, tt.shape[1])
            layer[:hh, i * cell_w:i * cell_w + ww] = tt[:hh, :ww]
            pack.add(mat, layer)
    pack.add("pvc", sh.box(h, w, 0.6))
    return pack


def charger(rng: np.random.Generator, s: float) -> Group:
    """Mains adapter: transformer (steel core + copper winding), PCB, plastic case, prongs."""
    h, w = sh.px(rng.uniform(40, 70), s), sh.px(rng.uniform(45, 90), s)
    it = new_item("charger", h, w)
    case = sh.rounded_box(h, w, 5.0, 4 * s)
    it.add("abs", case + sh.walls(case, s, 2.0, rng.uniform(25, 40)))
    core = np.zeros((h, w), np.float32)
    ch, cw = sh.px(rng.uniform(12, 22), s), sh.px(rng.uniform(12, 22), s)
    y0, x0 = (h - ch) // 2, int(w * 0.45)
    core[y0:y0 + ch, x0:x0 + cw] = rng.uniform(10, 18)
    it.add("ferrite", core)
    winding = np.zeros((h, w), np.float32)
    winding[y0 + ch // 4:y0 + ch - ch // 4, x0 - 2:x0 + cw + 2] = 4.0
    it.add("copper", winding)
    caps = np.zeros((h, w), np.float32)
    for _ in range(int(rng.integers(1, 4))):
        sh.circle(caps, rng.uniform(0.15, 0.4) * w, rng.uniform(0.25, 0.75) * h, 5 * s, 10)
    it.add("aluminium", caps * 0.1)
    it.add("cosmetic", caps * 0.5)  # electrolyte-soaked paper
    it.add("fr4", sh.box(h, w, 1.6))
    _screws(it, rng, s, 8, mat="copper", d_mm=3, t_mm=3)
    prong = np.zeros((h, w), np.float32)
    prong[sh.px(5, s):sh.px(10, s), :sh.px(18, s)] = 2.0
    prong[-sh.px(10, s):-sh.px(5, s), :sh.px(18, s)] = 2.0
    it.add("brass", prong)
    group: Group = [(it, 0.0, 0.0)]
    group.append((cable(rng, s, length_mm=rng.uniform(300, 900))[0][0], w * 0.8, 0.0))
    return group


def cable(rng: np.random.Generator, s: float, length_mm: float | None = None) -> Group:
    """Copper conductors in PVC insulation, coiled or loosely looped."""
    length_mm = length_mm or rng.uniform(400, 1500)
    size = sh.px(rng.uniform(70, 160), s)
    h = w = size
    n = 40
    turns = length_mm / (np.pi * size / s * 0.7)
    ang = np.linspace(0, 2 * np.pi * turns, n * max(1, int(turns)))
    r = size * 0.38 * (0.7 + 0.3 * np.sin(ang * 0.13 + rng.uniform(0, 6)))
    jitter = rng.normal(0, size * 0.03, (ang.size, 2)).cumsum(0) * 0.1
    pts = np.stack([w / 2 + r * np.cos(ang), h / 2 + r * np.sin(ang) * rng.uniform(0.5, 1.0)], 1)
    pts += jitter
    it = new_item("cable", h, w)
    it.add("pvc", sh.polyline(h, w, pts, sh.px(3.5, s), 2.5))
    it.add("copper", sh.polyline(h, w, pts, max(1, sh.px(1.2, s)), 1.0))
    return _one(it)


def headphones(rng: np.random.Generator, s: float) -> Group:
    h, w = sh.px(170, s), sh.px(150, s)
    it = new_item("headphones", h, w)
    band = np.array([[w * 0.15 + w * 0.35 * (1 - np.cos(a)), h * 0.55 - h * 0.45 * np.sin(a)]
                     for a in np.linspace(0, np.pi, 30)])
    it.add("abs", sh.polyline(h, w, band, sh.px(12, s), 6.0))
    it.add("steel", sh.polyline(h, w, band, sh.px(3, s), 1.0))
    for cx in (w * 0.15, w * 0.85):
        cup = np.zeros((h, w), np.float32)
        sh.circle(cup, cx, h * 0.7, 38 * s, 20.0)
        it.add("abs", cup * 0.2)
        mag = np.zeros((h, w), np.float32)
        sh.circle(mag, cx, h * 0.7, 12 * s, 5.0)
        it.add("steel", mag)
        coil = np.zeros((h, w), np.float32)
        sh.circle(coil, cx, h * 0.7, 16 * s, 1.0)
        it.add("copper", coil)
    return _one(it)


# ---------------------------------------------------------------- everyday clutter


def _fabric(rng: np.random.Generator, s: float, h: int, w: int, layers: int,
            layer_mm: float) -> np.ndarray:
    """Folded/crumpled textile: stacked irregular layers, soft edges, fold ridges."""
    import cv2

    out: np.ndarray = np.zeros((h, w), np.float32)
    for _ in range(layers):
        rx, ry = w * rng.uniform(0.3, 0.48), h * rng.uniform(0.3, 0.48)
        cx, cy = w / 2 + rng.normal(0, w * 0.04), h / 2 + rng.normal(0, h * 0.04)
        outline = sh.blob_outline(32, rx, ry, 0.12, rng) + np.array([cx, cy])
        out += sh.polygon(h, w, outline, layer_mm)
    for _ in range(int(rng.integers(4, 14))):  # fold ridges and wrinkles: fabric seen doubled
        p0 = rng.uniform(0.1, 0.9, 2) * [w, h]
        p1 = rng.uniform(0.1, 0.9, 2) * [w, h]
        mid = (p0 + p1) / 2 + rng.normal(0, 0.08, 2) * [w, h]
        out += sh.polyline(h, w, np.array([p0, mid, p1]), sh.px(rng.uniform(3, 10), s),
                           layer_mm * 1.5) * (out > 0)
    out = cv2.GaussianBlur(out, (0, 0), 1.5 * s)
    weave = 0.7 + 0.6 * sh.smooth_noise(h, w, 1.8, rng)  # knit / weave and fibre clumps
    return out * (0.55 + 0.9 * sh.smooth_noise(h, w, 18 * s, rng)) * weave


def folded_clothes(rng: np.random.Generator, s: float) -> Group:
    w_mm, h_mm = rng.uniform(180, 380), rng.uniform(140, 320)
    h, w = sh.px(h_mm, s), sh.px(w_mm, s)
    it = new_item("clothes", h, w)
    # one cotton jersey layer is ~0.1 mm of solid cellulose, denim ~0.25 mm
    layer_mm = rng.uniform(0.08, 0.3)
    it.add("cotton" if rng.random() < 0.6 else "polyester",
           _fabric(rng, s, h, w, int(rng.integers(4, 16)), layer_mm))
    if rng.random() < 0.4:  # jeans: rivets, button, zip
        lay = np.zeros((h, w), np.float32)
        for _ in range(int(rng.integers(3, 7))):
            sh.circle(lay, rng.uniform(0.1, 0.9) * w, rng.uniform(0.1, 0.9) * h, 4 * s, 1.5)
        it.add("copper", lay)
        zx = rng.uniform(0.3, 0.7) * w
        it.add("brass", sh.polyline(h, w, np.array([[zx, h * 0.2], [zx, h * 0.6]]), sh.px(5, s),
                                    0.8))
    elif rng.random() < 0.5:
        lay = np.zeros((h, w), np.float32)
        for k in range(int(rng.integers(3, 8))):
            sh.circle(lay, w * 0.5, h * (0.1 + 0.1 * k), 6 * s, 2.5)
        it.add("abs", lay)
    return _one(it)


def shoes(rng: np.random.Generator, s: float) -> Group:
    length, width = rng.uniform(240, 310), rng.uniform(85, 110)
    h, w = sh.px(width, s), sh.px(length, s)
    out: Group = []
    for k in range(2 if rng.random() < 0.8 else 1):
        it = new_item("shoe", h, w)
        y, x = sh.grid(h, w)
        # footprint: wider at the ball, narrow at the waist
        u = x / (w / 2.0)
        waist = 0.25 * np.exp(-(((u + 0.1) / 0.25) ** 2))
        ends = np.sqrt(np.clip(1 - np.abs(u) ** 4, 0, 1))  # rounded toe and heel
        half = (0.9 - waist - 0.25 * np.clip(u - 0.6, 0, 1)) * ends * h / 2
        sole = (np.abs(y) <= half).astype(np.float32)
        tread = 0.85 + 0.15 * (np.sin(x / (3 * s)) > 0)
        # trainers have EVA foam midsoles (~0.25 g/cm³ -> a quarter of solid rubber)
        solid = 1.0 if rng.random() < 0.4 else 0.25
        it.add("rubber", sole * rng.uniform(10, 25) * tread * solid)
        it.add("rubber", sole * rng.uniform(2, 4))  # outsole
        it.add("skin" if rng.random() < 0.5 else "polyester", sole * rng.uniform(1.5, 4))
        heel = sole * (u < -0.55) * rng.uniform(10, 25) * solid
        it.add("rubber", heel)
        if rng.random() < 0.3:  # steel shank
            it.add("steel", sh.polyline(h, w, np.array([[w * 0.25, h / 2], [w * 0.55, h / 2]]),
                                        sh.px(12, s), 1.2))
        eyelets = np.zeros((h, w), np.float32)
        for j in range(int(rng.integers(0, 7))):
            for side in (-1, 1):
                sh.circle(eyelets, w * (0.55 + 0.05 * j), h / 2 + side * h * 0.15, 2.5 * s, 1.0)
        it.add("brass", eyelets)
        out.append((it, 0.0, (k - 0.5) * h * 1.1))
    return out


def book(rng: np.random.Generator, s: float) -> Group:
    w_mm, h_mm = rng.uniform(120, 240), rng.uniform(170, 300)
    h, w = sh.px(h_mm, s), sh.px(w_mm, s)
    it = new_item("book", h, w)
    pages = sh.rounded_box(h, w, rng.uniform(8, 35), 1.5 * s, soft_px=3 * s)
    _, x = sh.grid(h, w)
    spine = np.clip(1.0 - np.abs(x) / (w / 2), 0, 1) ** 0.15  # pages thin out to the fore-edge
    it.add("paper", pages * spine)
    if rng.random() < 0.5:
        it.add("cardboard", sh.rounded_box(h, w, 4.0, 1.5 * s))
    return _one(it)


def book_stack(rng: np.random.Generator, s: float) -> Group:
    return [(book(rng, s)[0][0], rng.normal(0, 10 * s), rng.normal(0, 10 * s))
            for _ in range(int(rng.integers(2, 4)))]


def bottle(rng: np.random.Generator, s: float, volume_ml: float, liquid: str,
           wall: str) -> Item:
    """Bottle lying on its side: wall and liquid chords, shoulder, neck, cap and thick base."""
    # body about 2.5 diameters long: V = π/4 · d² · 2.5 d
    d = float(np.clip((volume_ml * 1000.0 / (np.pi / 4 * 2.5)) ** (1 / 3), 20, 120))  # mm
    body_len = volume_ml * 1000 / (np.pi * (d / 2) ** 2)
    h, w = sh.px(d, s), sh.px(body_len * 1.3, s)
    it = new_item("bottle", h, w)
    wall_mm = 2.5 if wall == "glass" else 0.4
    y, x = sh.grid(h, w)
    xn = (x + w / 2) / w  # 0 at the base, 1 at the cap
    neck0 = 0.78
    radius = np.clip(1 - (xn - neck0) / 0.08 * 0.7, 0.3, 1.0).astype(np.float32)
    u2 = (2 * y / (radius * h)) ** 2
    outer = np.sqrt(np.clip(1 - u2, 0, None)) * d * radius
    ri = np.clip(1 - 2 * wall_mm / (d * radius), 0, 1)
    inner = np.sqrt(np.clip(ri**2 - u2, 0, None)) * d * radius
    it.add(wall, outer - inner)
    base = np.zeros((h, w), np.float32)
    base[:, : max(1, sh.px(3 if wall == "glass" else 1, s))] = 1.0
    it.add(wall, base * outer)
    level = y >= (0.5 - rng.uniform(0.7, 0.95)) * h  # lying down: liquid at the bottom side
    it.add(liquid, inner * level * (xn < neck0 + 0.03))
    cap = np.zeros((h, w), np.float32)
    cap[:, -max(2, sh.px(15, s)):] = 1.0
    it.add("polypropylene" if wall != "glass" or rng.random() < 0.5 else "aluminium",
           cap * outer * 0.25)
    return it


def cosmetics(rng: np.random.Generator, s: float) -> Group:
    out: Group = []
    for _ in range(int(rng.integers(1, 4))):
        kind = rng.choice(["bottle", "jar", "lipstick", "aerosol"])
        if kind == "bottle":
            it = bottle(rng, s, rng.uniform(30, 150), "cosmetic",
                        "glass" if rng.random() < 0.3 else "polyethylene")
            it.label = "cosmetic"
        elif kind == "jar":
            d = sh.px(rng.uniform(40, 80), s)
            it = new_item("cosmetic", d, d)
            it.add("cosmetic", sh.disc(d, d, rng.uniform(20, 40)))
            it.add("glass" if rng.random() < 0.5 else "polypropylene",
                   sh.disc(d, d, 3.0, wall_mm=2.5, height_mm=40))
        elif kind == "lipstick":
            h, w = sh.px(20, s), sh.px(75, s)
            it = new_item("cosmetic", h, w)
            it.add("aluminium", sh.cylinder(h, w, 20, wall_mm=0.8))
            it.add("brass", sh.cylinder(h, w, 14, wall_mm=0.4)[:, :] * 0.7)
            it.add("cosmetic", sh.cylinder(h, w, 11))
        else:
            h, w = sh.px(50, s), sh.px(150, s)
            it = new_item("cosmetic", h, w)
            it.add("aluminium", sh.cylinder(h, w, 50, wall_mm=0.5))
            it.add("alcohol", sh.cylinder(h, w, 48) * 0.8)
        out.append((it, rng.normal(0, 30 * s), rng.normal(0, 30 * s)))
    return out


def food_tin(rng: np.random.Generator, s: float, contents: str = "food",
             label: str = "food_tin") -> Item:
    """Steel food can standing upright: thin lid/base, walls seen edge-on as a dark ring."""
    d = sh.px(rng.uniform(65, 100), s)
    height = rng.uniform(60, 115)
    it = new_item(label, d, d)
    it.add("steel", sh.disc(d, d, 0.5, wall_mm=0.8, height_mm=0.25 * height))
    if contents:
        it.add(contents, sh.disc(d, d, height - 4))
    return it


def food(rng: np.random.Generator, s: float) -> Group:
    kind = rng.choice(["tin", "jar", "snack", "chocolate"])
    if kind == "tin":
        return _one(food_tin(rng, s))
    if kind == "jar":
        d = sh.px(rng.uniform(60, 90), s)
        it = new_item("food_jar", d, d)
        it.add("glass", sh.disc(d, d, 6.0, wall_mm=3.0, height_mm=100))
        it.add("food", sh.disc(d, d, rng.uniform(50, 110)))
        it.add("steel", sh.disc(d, d, 0.3))
        return _one(it)
    if kind == "snack":
        h, w = sh.px(rng.uniform(120, 220), s), sh.px(rng.uniform(100, 180), s)
        it = new_item("snack", h, w)
        it.add("aluminium", sh.rounded_box(h, w, 0.02, 6 * s))
        it.add("food", sh.ellipsoid(h, w, rng.uniform(20, 50))
               * (0.3 + 0.4 * sh.smooth_noise(h, w, 8 * s, rng)) * 0.4)
        return _one(it)
    h, w = sh.px(rng.uniform(70, 90), s), sh.px(rng.uniform(150, 200), s)
    it = new_item("chocolate", h, w)
    it.add("food", sh.box(h, w, 8.0) * (0.8 + 0.2 * (sh.smooth_noise(h, w, 12 * s, rng) > 0.5)))
    it.add("aluminium", sh.box(h, w, 0.03))
    return _one(it)


def toy(rng: np.random.Generator, s: float) -> Group:
    if rng.random() < 0.4:  # plush toy
        h, w = sh.px(rng.uniform(120, 250), s), sh.px(rng.uniform(100, 200), s)
        it = new_item("toy", h, w)
        it.add("polyester", sh.ellipsoid(h, w, rng.uniform(40, 90)) * 0.08)
        eyes = np.zeros((h, w), np.float32)
        sh.circle(eyes, w * 0.4, h * 0.3, 5 * s, 4)
        sh.circle(eyes, w * 0.6, h * 0.3, 5 * s, 4)
        it.add("abs", eyes)
        return _one(it)
    h, w = sh.px(rng.uniform(60, 160), s), sh.px(rng.uniform(80, 200), s)
    it = new_item("toy", h, w)
    body = sh.polygon(h, w, sh.blob_outline(12, w * 0.45, h * 0.45, 0.15, rng) +
                      np.array([w / 2, h / 2]), 1.0)
    it.add("abs", body * rng.uniform(2, 5) + sh.walls(body, s, 2.0, rng.uniform(20, 50)))
    it.add("abs", sh.rounded_box(h, w, 2.0, 10 * s) * 0.7)
    motor = np.zeros((h, w), np.float32)
    sh.circle(motor, w * 0.5, h * 0.5, 10 * s, 6.0)
    it.add("steel", motor * 0.4)
    it.add("copper", motor * 0.5)
    _screws(it, rng, s, 4, d_mm=2.0, t_mm=6)
    wheels = np.zeros((h, w), np.float32)
    for cx in (w * 0.2, w * 0.8):
        sh.circle(wheels, cx, h * 0.85, 10 * s, 10)
    it.add("rubber", wheels * 0.5)
    return _one(it)


def tool(rng: np.random.Generator, s: float) -> Group:
    kind = rng.choice(["wrench", "screwdriver", "pliers", "hammer", "scissors"],
                      p=[0.3, 0.25, 0.2, 0.1, 0.15])
    if kind == "wrench":  # combination spanner: open jaw one end, ring the other
        ln, wd = rng.uniform(130, 240), rng.uniform(10, 18)
        k = s
        h, w = round(wd * 3.2 * k), round(ln * k)
        it = new_item("tool", h, w)
        yc = h / 2
        it.add("steel", sh.polyline(h, w, np.array([[h * 0.45, yc], [w - h * 0.45, yc]]),
                                    round(wd * k), 4.5))
        head = np.zeros((h, w), np.float32)
        sh.circle(head, h * 0.45, yc, h * 0.42, 6.0)
        sh.circle(head, h * 0.45, yc, h * 0.22, -6.0)
        sh.circle(head, w - h * 0.45, yc, h * 0.45, 6.0)
        jaw = _mm_poly(h, w, [(w / k - h / k * 0.55, yc / k - h / k * 0.16),
                              (w / k + 1, yc / k - h / k * 0.3), (w / k + 1, yc / k + h / k * 0.3),
                              (w / k - h / k * 0.55, yc / k + h / k * 0.16)], k, 6.0)
        it.add("steel", np.clip(head - jaw, 0, None))
        return _one(it)
    if kind == "screwdriver":
        ln = rng.uniform(150, 250)
        h, w = sh.px(30, s), sh.px(ln, s)
        it = new_item("tool", h, w)
        hw = int(w * 0.45)
        handle = np.zeros((h, w), np.float32)
        handle[:, :hw] = sh.cylinder(h, hw, 30)
        it.add("abs", handle)
        shaft = np.zeros((h, w), np.float32)
        sh_h = sh.px(6, s)
        shaft[h // 2 - sh_h // 2:h // 2 - sh_h // 2 + sh_h, hw // 2:] = sh.cylinder(
            sh_h, w - hw // 2, 6)
        it.add("steel", shaft)
        return _one(it)
    if kind in ("pliers", "scissors"):
        ln = rng.uniform(140, 210)
        h, w = sh.px(70, s), sh.px(ln, s)
        it = new_item("tool", h, w)
        piv = w * 0.6
        for sgn in (-1, 1):
            handle = np.array([[w * 0.02, h / 2 + sgn * h * 0.38], [w * 0.3, h / 2 + sgn * h * 0.2],
                               [piv, h / 2 + sgn * h * 0.03]])
            jaw = np.array([[piv, h / 2 - sgn * h * 0.03], [w * 0.98, h / 2 + sgn * h * 0.02]])
            if kind == "pliers":
                it.add("steel", sh.polyline(h, w, np.vstack([handle, jaw]), sh.px(9, s), 8.0))
                it.add("pvc", sh.polyline(h, w, handle[:2], sh.px(15, s), 4.0))
            else:
                it.add("steel", sh.polyline(h, w, jaw, sh.px(7, s), 1.8))
                it.add("steel", sh.polyline(h, w, handle[1:], sh.px(5, s), 1.8))
                loop = np.zeros((h, w), np.float32)
                sh.circle(loop, w * 0.15, h / 2 + sgn * h * 0.28, h * 0.2, 8.0)
                sh.circle(loop, w * 0.15, h / 2 + sgn * h * 0.28, h * 0.13, -8.0)
                it.add("abs", np.clip(loop, 0, None))
        pivot = np.zeros((h, w), np.float32)
        sh.circle(pivot, piv, h / 2, 4 * s, 6.0)
        it.add("steel", pivot)
        return _one(it)
    h, w = sh.px(100, s), sh.px(rng.uniform(250, 330), s)
    it = new_item("tool", h, w)
    it.add("wood" if rng.random() < 0.5 else "abs",
           sh.polyline(h, w, np.array([[0, h / 2], [w * 0.88, h / 2]]), sh.px(28, s), 25))
    head = _mm_poly(h, w, [(w / s * 0.86, 5), (w / s * 0.97, 8), (w / s * 0.97, 95),
                           (w / s * 0.86, 95)], s, 24.0)
    it.add("steel", head)
    return _one(it)


def cutlery(rng: np.random.Generator, s: float) -> Group:
    """Forks and spoons: thin steel, a classic look-alike for knives."""
    out: Group = []
    for i in range(int(rng.integers(1, 4))):
        ln = rng.uniform(150, 200)
        h, w = sh.px(30, s), sh.px(ln, s)
        it = new_item("cutlery", h, w)
        stem = sh.polyline(h, w, np.array([[0, h / 2], [w * 0.65, h / 2]]), sh.px(8, s), 2.0)
        bowl = np.zeros((h, w), np.float32)
        if rng.random() < 0.5:  # spoon
            sub = sh.ellipsoid(sh.px(28, s), sh.px(50, s), 1.0) > 0
            bowl[: sub.shape[0], w - sub.shape[1]:] = sub * 1.2
        else:  # fork
            for t in (-0.3, -0.1, 0.1, 0.3):
                bowl += sh.polyline(h, w, np.array([[w * 0.65, h / 2], [w * 0.75, h / 2 + t * h],
                                                    [w - 1, h / 2 + t * h]]), sh.px(3, s), 1.8)
        it.add("steel", stem + bowl)
        out.append((it, 0.0, i * h * 0.8))
    return out


def pens_misc(rng: np.random.Generator, s: float) -> Group:
    """Pens, a USB stick, a lighter, a toothbrush: the small stuff every parcel has."""
    out: Group = []
    for _ in range(int(rng.integers(2, 6))):
        kind = rng.choice(["pen", "usb", "lighter", "brush", "cards"])
        if kind == "pen":
            h, w = sh.px(11, s), sh.px(140, s)
            it = new_item("pen", h, w)
            it.add("abs", sh.cylinder(h, w, 11, wall_mm=1.2))
            refill = np.zeros((h, w), np.float32)
            refill[h // 2 - 1:h // 2 + 1, : int(w * 0.9)] = 3.0
            it.add("polypropylene", refill)
            tip = np.zeros((h, w), np.float32)
            tip[h // 2 - 1:h // 2 + 2, int(w * 0.88):] = 2.0
            spring = np.zeros((h, w), np.float32)
            spring[h // 2 - 2:h // 2 + 2, int(w * 0.7):int(w * 0.8)] = 1.0
            it.add("brass", tip + spring)
        elif kind == "usb":
            h, w = sh.px(18, s), sh.px(55, s)
            it = new_item("usb_stick", h, w)
            case = sh.rounded_box(h, w, 2, 3 * s)
            it.add("abs", case + sh.walls(case, s, 1.2, 8))
            chip = np.zeros((h, w), np.float32)
            chip[3:-3, sh.px(8, s):sh.px(30, s)] = 0.8
            it.add("silicon", chip)
            conn = np.zeros((h, w), np.float32)
            conn[2:-2, -sh.px(12, s):] = 2.0
            it.add("steel", conn * 0.3)
            it.add("fr4", sh.box(h, w, 1.0))
        elif kind == "lighter":
            h, w = sh.px(25, s), sh.px(80, s)
            it = new_item("lighter", h, w)
            case = sh.rounded_box(h, w, 3, 4 * s)
            it.add("abs", case + sh.walls(case, s, 1.5, 12))
            it.add("polyethylene", sh.rounded_box(h, w, 8, 4 * s) * 0.5)  # butane
            top = np.zeros((h, w), np.float32)
            top[:, -sh.px(14, s):] = 3.0
            it.add("steel", top * 0.4)
        elif kind == "brush":
            h, w = sh.px(14, s), sh.px(185, s)
            it = new_item("toothbrush", h, w)
            it.add("polypropylene", sh.rounded_box(h, w, 8, 6 * s))
        else:
            h, w = sh.px(60, s), sh.px(90, s)
            it = new_item("wallet", h, w)
            it.add("skin", sh.rounded_box(h, w, 4, 4 * s))
            it.add("pvc", sh.rounded_box(h, w, 3.0, 4 * s))  # a stack of cards
            chip = np.zeros((h, w), np.float32)
            chip[h // 3:h // 3 + sh.px(9, s), w // 5:w // 5 + sh.px(11, s)] = 0.1
            it.add("copper", chip)
        out.append((it, rng.normal(0, 40 * s), rng.normal(0, 40 * s)))
    return out


def keys_coins(rng: np.random.Generator, s: float) -> Group:
    h, w = sh.px(60, s), sh.px(90, s)
    it = new_item("keys", h, w)
    lay = np.zeros((h, w), np.float32)
    for _ in range(int(rng.integers(2, 8))):
        sh.circle(lay, rng.uniform(0.15, 0.85) * w, rng.uniform(0.15, 0.85) * h,
                  rng.uniform(8, 13) * s, rng.uniform(1.5, 2.2))
    it.add("brass", lay)
    ring = np.zeros((h, w), np.float32)
    sh.circle(ring, w * 0.2, h * 0.3, 12 * s, 1.5)
    sh.circle(ring, w * 0.2, h * 0.3, 10 * s, -1.5)
    it.add("steel", np.clip(ring, 0, None))
    return _one(it)


def umbrella(rng: np.random.Generator, s: float) -> Group:
    """Folded umbrella: steel shaft, bundle of thin ribs, runner, canopy fabric, handle."""
    ln = rng.uniform(230, 320)
    h, w = sh.px(55, s), sh.px(ln, s)
    it = new_item("umbrella", h, w)
    y = h / 2
    it.add("steel", sh.polyline(h, w, np.array([[w * 0.12, y], [w - 2, y]]), sh.px(8, s), 2.5))
    for k in range(8):
        dy = (k - 3.5) * 2.2 * s
        it.add("steel", sh.polyline(h, w, np.array([[w * 0.25, y + dy * 0.3],
                                                    [w * 0.97, y + dy]]), 1, 0.8))
    canopy = sh.ellipsoid(h, int(w * 0.8), 6.0)  # folded fabric around the ribs
    it.add("polyester", np.pad(canopy, ((0, 0), (w - canopy.shape[1], 0))))
    it.add("abs", np.pad(sh.cylinder(h, int(w * 0.14), 28.0), ((0, 0), (0, w - int(w * 0.14)))))
    return _one(it)


def belt(rng: np.random.Generator, s: float) -> Group:
    """Rolled or loose leather belt with a metal buckle."""
    size = sh.px(rng.uniform(90, 140), s)
    it = new_item("belt", size, size)
    c = size / 2
    if rng.random() < 0.5:  # rolled up: a spiral of leather seen from above
        ang = np.linspace(0, 6 * np.pi, 200)
        r = c * 0.25 + ang / (6 * np.pi) * c * 0.65
        pts = np.stack([c + r * np.cos(ang), c + r * np.sin(ang)], 1)
        it.add("skin", sh.polyline(size, size, pts, sh.px(4, s), 35.0 * 0.3))
    else:
        it.add("skin", sh.polyline(size, size, np.array([[0, c], [size, c * 1.2]]),
                                   sh.px(35, s), 4.0))
    buckle = np.zeros((size, size), np.float32)
    bw, bh = sh.px(45, s), sh.px(50, s)
    buckle[int(c - bh / 2):int(c + bh / 2), int(c - bw / 2):int(c + bw / 2)] = 1.0
    inner = np.zeros_like(buckle)
    inner[int(c - bh / 2) + sh.px(5, s):int(c + bh / 2) - sh.px(5, s),
          int(c - bw / 2) + sh.px(5, s):int(c + bw / 2) - sh.px(5, s)] = 1.0
    it.add("zinc" if rng.random() < 0.6 else "steel", (buckle - inner) * 4.0)
    return _one(it)


def glasses(rng: np.random.Generator, s: float) -> Group:
    """Spectacles in a case: lenses, thin metal frame, hinges, case shell."""
    h, w = sh.px(60, s), sh.px(160, s)
    it = new_item("glasses", h, w)
    case = sh.rounded_box(h, w, 2.0, 25 * s)
    it.add("abs" if rng.random() < 0.5 else "aluminium", case * 0.5 + sh.walls(case, s, 1.0, 35))
    lens = np.zeros((h, w), np.float32)
    frame = np.zeros((h, w), np.float32)
    for cx in (w * 0.3, w * 0.7):
        sh.circle(lens, cx, h / 2, 22 * s, 3.0)
        sh.circle(frame, cx, h / 2, 24 * s, 1.2)
        sh.circle(frame, cx, h / 2, 22.5 * s, -1.2)
    it.add("pvc" if rng.random() < 0.5 else "glass", lens)
    it.add("steel", np.clip(frame, 0, None))
    return _one(it)


def hangers(rng: np.random.Generator, s: float) -> Group:
    """Wire clothes hanger: a steel triangle with a hook."""
    h, w = sh.px(200, s), sh.px(420, s)
    it = new_item("hanger", h, w)
    pts = np.array([[w * 0.02, h * 0.9], [w * 0.5, h * 0.3], [w * 0.98, h * 0.9],
                    [w * 0.02, h * 0.9]])
    it.add("steel", sh.polyline(h, w, pts, max(1, sh.px(2.2, s)), 2.2))
    hook = np.array([[w * 0.5, h * 0.3], [w * 0.5, h * 0.12], [w * 0.56, h * 0.04],
                     [w * 0.6, h * 0.12]])
    it.add("steel", sh.polyline(h, w, hook, max(1, sh.px(2.2, s)), 2.2))
    return _one(it)


def _device(rng: np.random.Generator, s: float) -> Group:
    from inspector_app.simulation import clutter3d

    return clutter3d.device(rng, s)


def _cable_bundle(rng: np.random.Generator, s: float) -> Group:
    from inspector_app.simulation import clutter3d

    return clutter3d.cable_bundle(rng, s)


def _tablet(rng: np.random.Generator, s: float) -> Group:
    from inspector_app.simulation import clutter3d

    return clutter3d.tablet(rng, s)


def _toiletry_bag(rng: np.random.Generator, s: float) -> Group:
    from inspector_app.simulation import clutter3d

    return clutter3d.toiletry_bag(rng, s)


# Weights follow what real bags hold: clothes first, then electronics, cables, toiletries, tools
CLUTTER: dict[str, tuple[Builder, float]] = {
    "clothes": (folded_clothes, 2.5),
    "shoes": (shoes, 0.45),
    "book": (book, 0.8),
    "cosmetics": (cosmetics, 1.2),
    "toiletry bag": (_toiletry_bag, 0.6),
    "food": (food, 1.0),
    "toy": (toy, 0.7),
    "tool": (tool, 1.0),
    "cable": (cable, 1.4),
    "cable bundle": (_cable_bundle, 0.7),
    "charger": (charger, 1.1),
    "device": (_device, 0.9),
    "headphones": (headphones, 0.5),
    "keys": (keys_coins, 0.7),
    "cutlery": (cutlery, 0.4),
    "umbrella": (umbrella, 0.35),
    "belt": (belt, 0.4),
    "glasses": (glasses, 0.3),
    "hanger": (hangers, 0.25),
    "small items": (pens_misc, 1.6),
    # electronics with lithium cells (labelled lithium_battery)
    # (weights keep parcels with a cell at about one in five: denser parcels hold more items)
    "phone": (phone, 0.15),
    "laptop": (laptop, 0.1),
    "tablet": (_tablet, 0.07),
}


# ---------------------------------------------------------------- threats


def _mm_poly(h: int, w: int, pts_mm: list[tuple[float, float]], k: float, t_mm: float) -> \
        np.ndarray:
    """Polygon given in millimetres (scaled by k px/mm) as a flat slab."""
    return sh.polygon(h, w, np.asarray(pts_mm, np.float64) * k, t_mm)


def cartridge(rng: np.random.Generator, s: float, cal: tuple[float, float, float]) -> Item:
    """One round lying down: brass case (hollow, with powder) + lead/copper bullet."""
    d, case_len, bullet_len = cal
    h, w = sh.px(d, s), sh.px(case_len + bullet_len * 0.7, s)
    it = new_item("ammunition", h, w, is_threat=True)
    cw = sh.px(case_len, s)
    case = np.zeros((h, w), np.float32)
    case[:, :cw] = sh.cylinder(h, cw, d, wall_mm=0.45)
    case[:, : max(1, sh.px(1.5, s))] = sh.cylinder(h, max(1, sh.px(1.5, s)), d)  # head
    it.add("brass", case)
    powder = np.zeros((h, w), np.float32)
    powder[:, 1:cw] = sh.cylinder(h, cw - 1, d - 1) * 0.5
    it.add("cotton", powder * 0.6)  # nitrocellulose propellant
    y, x = sh.grid(h, w)
    xb = (x + w / 2 - cw * 0.8) / max(1, w - cw * 0.8)
    radius = np.where(xb < 0.4, 1.0, np.sqrt(np.clip(1 - ((xb - 0.4) / 0.6) ** 2, 0, 1)))
    chord = np.sqrt(np.clip(radius**2 - (2 * y / h) ** 2, 0, None)) * d * (xb >= 0)
    it.add("lead", chord * 0.9)
    it.add("copper", chord * 0.1)
    return it


CALIBRES = ((9.0, 19.0, 15.0), (11.4, 23.0, 17.0), (5.7, 45.0, 20.0), (7.8, 39.0, 26.0),
            (5.6, 15.0, 8.0), (18.5, 65.0, 0.1))


def ammunition(rng: np.random.Generator, s: float) -> Group:
    cal = CALIBRES[int(rng.integers(0, len(CALIBRES)))]
    if rng.random() < 0.5:
        out: Group = []
        for _ in range(int(rng.integers(1, 7))):
            c = cartridge(rng, s, cal)
            out.append((c, rng.normal(0, 18 * s), rng.normal(0, 18 * s)))
        # loose rounds: one label around the cluster is what an inspector marks
        return _merge(out, "ammunition")
    # a box of rounds standing upright: seen end-on, every round is a dark disc
    # (case wall edge-on as a brass ring, bullet + head along the beam in the middle)
    d, case_len, bullet_len = cal
    rows, cols = int(rng.integers(2, 6)), int(rng.integers(4, 11))
    pitch = d + 1.5
    h, w = sh.px(rows * pitch + 6, s), sh.px(cols * pitch + 6, s)
    box_it = new_item("ammunition", h, w, is_threat=True)
    brass = np.zeros((h, w), np.float32)
    lead = np.zeros((h, w), np.float32)
    r_px = d * s / 2
    for line in range(rows):
        for col in range(cols):
            cx, cy = (3 + (col + 0.5) * pitch) * s, (3 + (line + 0.5) * pitch) * s
            sh.circle(brass, cx, cy, r_px, case_len * 0.12 + 1.5)  # walls + head, edge-on
            sh.circle(lead, cx, cy, r_px * 0.8, bullet_len * 0.8)
    box_it.add("brass", brass)
    box_it.add("lead", lead)
    box_it.add("cardboard", sh.box(h, w, 1.5))
    box_it.add("polypropylene", sh.box(h, w, 2.0) + (brass > 0) * 3.0)  # moulded tray
    return _one(box_it)


def _merge(group: Group, label: str) -> Group:
    """Flatten a cluster of small items into one labelled item (e.g. loose rounds)."""
    ys = [dy for _, _, dy in group]
    xs = [dx for _, dx, _ in group]
    hmax = max(max(it.shape) for it, _, _ in group)
    h = int(max(ys) - min(ys) + hmax) + 4
    w = int(max(xs) - min(xs) + hmax) + 4
    out = new_item(label, h, w, is_threat=True)
    import cv2

    for it, dx, dy in group:
        ih, iw = it.shape
        ang = float(np.random.default_rng(int(abs(dx * 1000 + dy))).uniform(0, 360))
        m = cv2.getRotationMatrix2D(((iw - 1) / 2, (ih - 1) / 2), ang, 1.0)
        m[0, 2] += (dx - min(xs) + hmax / 2 + 2) - (iw - 1) / 2
        m[1, 2] += (dy - min(ys) + hmax / 2 + 2) - (ih - 1) / 2
        for mat, t in it.layers.items():
            if mat.startswith("_"):
                continue
            out.add(mat, cv2.warpAffine(t, m, (w, h), flags=cv2.INTER_LINEAR))
    return _one(out)


def powder_pack(rng: np.random.Generator, s: float) -> Group:
    drug = str(rng.choice(DRUGS))
    if rng.random() < 0.5:  # vacuum-sealed brick (~1 kg)
        w_mm, h_mm, t = rng.uniform(150, 250), rng.uniform(100, 160), rng.uniform(25, 45)
        h, w = sh.px(h_mm, s), sh.px(w_mm, s)
        it = new_item("powder_pack", h, w, is_threat=True)
        dens = 0.95 + 0.1 * sh.smooth_noise(h, w, 10 * s, rng)
        it.add(drug, sh.rounded_box(h, w, t, 6 * s, soft_px=5 * s) * dens)
        it.add("polyethylene", sh.rounded_box(h, w, 0.6, 6 * s))
        if rng.random() < 0.4:
            it.add("pvc", sh.rounded_box(h, w, 0.5, 6 * s))  # tape wrap
        return _one(it)
    # loose bag(s) of powder: pillow shape with folds, bulk density ~0.6
    out: Group = []
    for _ in range(int(rng.integers(1, 4))):
        w_mm, h_mm = rng.uniform(60, 160), rng.uniform(50, 120)
        h, w = sh.px(h_mm, s), sh.px(w_mm, s)
        it = new_item("powder_pack", h, w, is_threat=True)
        outline = sh.blob_outline(24, w * 0.48, h * 0.48, 0.12, rng) + np.array([w / 2, h / 2])
        mask = sh.polygon(h, w, outline, 1.0)
        pillow = sh.ellipsoid(h, w, rng.uniform(15, 35)) * mask
        it.add(drug, pillow * 0.55 * (0.85 + 0.3 * sh.smooth_noise(h, w, 6 * s, rng)))
        it.add("polyethylene", mask * 0.2)
        out.append((it, rng.normal(0, 20 * s), rng.normal(0, 20 * s)))
    return out


def _tablets(h: int, w: int, s: float, rng: np.random.Generator, n: int, d_mm: float,
             t_mm: float) -> np.ndarray:
    lay = np.zeros((h, w), np.float32)
    for _ in range(n):
        cx, cy = rng.uniform(0.1, 0.9) * w, rng.uniform(0.1, 0.9) * h
        r = d_mm * s / 2
        sub = sh.ellipsoid(int(2 * r) + 1, int(2 * r) + 1, t_mm)
        y0, x0 = int(cy - r), int(cx - r)
        ys, xs = slice(max(0, y0), min(h, y0 + sub.shape[0])), slice(max(0, x0),
                                                                      min(w, x0 + sub.shape[1]))
        lay[ys, xs] += sub[ys.start - y0:ys.stop - y0, xs.start - x0:xs.stop - x0]
    return lay


def pill_pack(rng: np.random.Generator, s: float) -> Group:
    material = "paracetamol" if rng.random() < 0.5 else str(rng.choice(["mdma_hcl",
                                                                         "ketamine_hcl"]))
    if rng.random() < 0.5:  # grip bag of tablets
        w_mm, h_mm = rng.uniform(60, 140), rng.uniform(50, 120)
        h, w = sh.px(h_mm, s), sh.px(w_mm, s)
        it = new_item("pill_pack", h, w, is_threat=True)
        n = int(w_mm * h_mm / rng.uniform(25, 70))
        it.add(material, _tablets(h, w, s, rng, n, rng.uniform(7, 11), rng.uniform(4, 6)))
        it.add("polyethylene", sh.rounded_box(h, w, 0.15, 3 * s))
        return _one(it)
    # blister packs: PVC cavities, aluminium foil backing, tablets in a grid
    out: Group = []
    for k in range(int(rng.integers(1, 5))):
        rows, cols = int(rng.integers(2, 4)), int(rng.integers(4, 8))
        pitch = rng.uniform(13, 16)
        h, w = sh.px(rows * pitch + 8, s), sh.px(cols * pitch + 8, s)
        it = new_item("pill_pack", h, w, is_threat=True)
        tab = np.zeros((h, w), np.float32)
        d = pitch * 0.7
        for r in range(rows):
            for c in range(cols):
                sub = sh.ellipsoid(sh.px(d, s), sh.px(d * (1.6 if rng.random() < 0.3 else 1), s),
                                   4.0)
                y0 = sh.px(4 + r * pitch + (pitch - d) / 2, s)
                x0 = sh.px(4 + c * pitch + (pitch - d) / 2, s)
                hh, ww = min(sub.shape[0], h - y0), min(sub.shape[1], w - x0)
                tab[y0:y0 + hh, x0:x0 + ww] += sub[:hh, :ww]
        it.add(material, tab)
        it.add("aluminium", sh.box(h, w, 0.025))
        it.add("pvc", sh.box(h, w, 0.25) + (tab > 0) * 0.3)
        out.append((it, rng.normal(0, 4 * s), k * h * 0.5))
    return out


def liquid_container(rng: np.random.Generator, s: float) -> Group:
    liquid = "alcohol" if rng.random() < 0.6 else "water"
    wall = "glass" if rng.random() < 0.5 else "polyethylene"
    it = bottle(rng, s, rng.uniform(500, 2000), liquid, wall)
    it.label, it.is_threat = "liquid_container", True
    return _one(it)


def banknote_stack(rng: np.random.Generator, s: float) -> Group:
    out: Group = []
    n = int(rng.integers(1, 6))
    w_mm, h_mm = rng.uniform(130, 160), rng.uniform(65, 80)
    for k in range(n):
        h, w = sh.px(h_mm, s), sh.px(w_mm, s)
        it = new_item("banknote_stack", h, w, is_threat=True)
        layers = int(rng.integers(1, 5))  # bundles stacked in the beam direction
        thick = 0.0
        for _ in range(layers):
            t = rng.uniform(9, 13)  # a 100-note bundle is ~11 mm
            m = sh.rounded_box(h, w, t, 1.0, soft_px=2 * s)
            m = np.roll(m, (int(rng.integers(-2, 3)), int(rng.integers(-3, 4))), axis=(0, 1))
            it.add("banknote", m)
            thick += t
        thread = np.zeros((h, w), np.float32)
        thread[:, int(w * rng.uniform(0.3, 0.7))] = thick * 0.02
        it.add("aluminium", thread)
        band = np.zeros((h, w), np.float32)
        band[:, int(w * 0.45):int(w * 0.55)] = 0.3
        it.add("paper", band)
        out.append((it, rng.normal(0, 3 * s), (k - n / 2) * h * 1.02))
    return out


def cigarette_carton(rng: np.random.Generator, s: float) -> Group:
    """Carton (or loose packs) of cigarettes seen from above.

    Packs of 20 (7-6-7) lie two deep, so every column of the image crosses six tobacco rods
    (~0.25 g/cm³) and, at one end, their filters; foil liners show edge-on at pack walls.
    """
    n_packs = 5 if rng.random() < 0.7 else int(rng.integers(1, 5))
    pack_w, length, d = 55.0, 84.0, 7.8
    h, w = sh.px(length + 6, s), sh.px(n_packs * pack_w + 4, s)
    it = new_item("cigarette_carton", h, w, is_threat=True)
    _, x = sh.grid(h, w)
    xm = (x + w / 2) / s - 2.0  # mm from the carton's left wall
    in_pack = np.mod(xm, pack_w)
    u = np.mod(in_pack - 1.0, d) / d * 2 - 1  # -1..1 across each rod
    chord = np.sqrt(np.clip(1 - u**2, 0, None)) * d * 6  # six rods deep
    chord = np.where((xm > 0) & (xm < n_packs * pack_w), chord, 0).astype(np.float32)
    rows = np.zeros((h, 1), np.float32)
    y0, y1 = sh.px(3, s), sh.px(3 + length, s)
    rows[y0:y1] = 1.0
    filt = np.zeros((h, 1), np.float32)
    flip = rng.random() < 0.5
    f0, f1 = (y0, y0 + sh.px(20, s)) if flip else (y1 - sh.px(20, s), y1)
    filt[f0:f1] = 1.0
    it.add("tobacco", chord * rows * (1 - filt))
    it.add("cotton", chord * filt * 0.08)  # cellulose acetate filters, mostly air
    walls = (np.abs(in_pack) < 0.8 * 1 / s + 0.5).astype(np.float32) * rows
    it.add("aluminium", walls * 0.3)
    it.add("cardboard", sh.box(h, w, 1.6) + walls * 8.0)
    return _one(it)


def wildlife(rng: np.random.Generator, s: float) -> Group:
    kind = rng.choice(["ivory", "bones", "turtle_shell", "skin"])
    if kind == "ivory":
        if rng.random() < 0.5:  # tusk: curved cone, hollow pulp cavity at the root
            ln, d = rng.uniform(180, 450), rng.uniform(35, 75)
            h, w = sh.px(d * 2.8, s), sh.px(ln, s)
            it = new_item("wildlife", h, w, is_threat=True)
            t = np.linspace(0, 1, 24)
            pts = np.stack([t * (w - 1), h * 0.72 - np.sin(t * np.pi * 0.6) * h * 0.45], 1)
            ivory = np.zeros((h, w), np.float32)
            for i in range(len(t) - 1):
                r = d * (1 - 0.8 * t[i])  # tapering towards the tip
                seg = sh.polyline(h, w, pts[i:i + 2], sh.px(r, s), r * 0.8)
                ivory = np.maximum(ivory, seg)
            cavity = sh.polyline(h, w, pts[:8], sh.px(d * 0.45, s), d * 0.35)
            it.add("ivory", np.clip(ivory - cavity, 0, None))
            return _one(it)
        d = sh.px(rng.uniform(40, 90), s)  # carving
        h = sh.px(rng.uniform(60, 140), s)
        it = new_item("wildlife", h, d, is_threat=True)
        it.add("ivory", sh.ellipsoid(h, d, rng.uniform(30, 60)))
        return _one(it)
    if kind == "bones":
        out: Group = []
        for _ in range(int(rng.integers(1, 4))):
            ln, d = rng.uniform(80, 250), rng.uniform(12, 30)
            h, w = sh.px(d * 1.8, s), sh.px(ln, s)
            it = new_item("wildlife", h, w, is_threat=True)
            shaft = np.zeros((h, w), np.float32)
            sh_h = sh.px(d, s)
            y0 = (h - sh_h) // 2
            shaft[y0:y0 + sh_h, :] = sh.cylinder(sh_h, w, d, wall_mm=d * 0.2)
            ends = np.zeros((h, w), np.float32)
            for cx in (h * 0.5, w - h * 0.5):
                for dy in (-0.22, 0.22):
                    sub = sh.ellipsoid(h // 2 + 1, h // 2 + 1, d * 0.9)
                    yy, xx = int(h * (0.5 + dy) - sub.shape[0] / 2), int(cx - sub.shape[1] / 2)
                    ys = slice(max(0, yy), min(h, yy + sub.shape[0]))
                    xs = slice(max(0, xx), min(w, xx + sub.shape[1]))
                    ends[ys, xs] = np.maximum(
                        ends[ys, xs], sub[ys.start - yy:ys.stop - yy, xs.start - xx:xs.stop - xx])
            it.add("bone", np.maximum(shaft, ends))
            out.append((it, rng.normal(0, 20 * s), rng.normal(0, 20 * s)))
        return out
    if kind == "turtle_shell":
        ln = rng.uniform(150, 350)
        h, w = sh.px(ln * 0.8, s), sh.px(ln, s)
        it = new_item("wildlife", h, w, is_threat=True)
        dome = sh.ellipsoid(h, w, 1.0)
        shell = np.where(dome > 0, 3.0 + 4.0 * (dome < 0.35), 0).astype(np.float32)
        # scute seams: a hex-ish pattern of thicker keratin ridges
        y, x = sh.grid(h, w)
        seams = ((np.abs(np.sin(x / (ln * s / 5) * np.pi)) < 0.12) |
                 (np.abs(np.sin(y / (ln * s / 6) * np.pi)) < 0.12)) * (dome > 0)
        it.add("keratin", shell + seams * 2.0)
        it.add("bone", np.where(dome > 0, 2.5, 0).astype(np.float32) + seams * 1.5)
        return _one(it)
    ln, wd = rng.uniform(250, 500), rng.uniform(150, 300)
    h, w = sh.px(wd, s), sh.px(ln, s)
    it = new_item("wildlife", h, w, is_threat=True)
    outline = sh.blob_outline(40, w * 0.45, h * 0.4, 0.25, rng) + np.array([w / 2, h / 2])
    hide = sh.polygon(h, w, outline, 1.0)
    folds = 1 + 3 * sh.smooth_noise(h, w, 20 * s, rng)
    it.add("skin", hide * rng.uniform(2, 5) * folds)
    it.add("keratin", hide * 1.5 * sh.smooth_noise(h, w, 2 * s, rng))  # fur/scales
    if rng.random() < 0.5:  # skull or claws left in
        claws = np.zeros((h, w), np.float32)
        for _ in range(4):
            x, y = outline[int(rng.integers(0, 40))]
            sh.circle(claws, float(x), float(y), 6 * s, 8.0)
        it.add("bone", claws)
    return _one(it)


def wildlife_any(rng: np.random.Generator, s: float) -> Group:
    """Ivory, bones, shells and skins, or (second generation) reptiles, birds, eggs, scales."""
    from inspector_app.simulation import threats3d

    if rng.random() < 0.45:
        kind = str(rng.choice(list(threats3d.NEW_WILDLIFE)))
        return _one(threats3d.NEW_WILDLIFE[kind](rng, s))
    return wildlife(rng, s)


def _handgun_3d(rng: np.random.Generator, s: float) -> Group:
    from inspector_app.simulation import threats3d

    return threats3d.handgun(rng, s)


def _knife_3d(rng: np.random.Generator, s: float) -> Group:
    from inspector_app.simulation import threats3d

    return threats3d.knife(rng, s)


THREATS: dict[str, Builder] = {
    "handgun": _handgun_3d,
    "knife": _knife_3d,
    "ammunition": ammunition,
    "powder_pack": powder_pack,
    "pill_pack": pill_pack,
    "liquid_container": liquid_container,
    "banknote_stack": banknote_stack,
    "cigarette_carton": cigarette_carton,
    "lithium_battery": lithium_battery,
    "wildlife": wildlife_any,
}

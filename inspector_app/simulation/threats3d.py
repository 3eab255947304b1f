"""Threats with real anatomy, built as 3-D solids (multi-slab items, see projection.py).

Geometry is written in millimetres in each object's side view (x along the barrel or blade, y
down, z across the object) and rasterised at s pixels per millimetre. Hollow parts are separate
slabs at their real offsets across the object (a slide's two walls, a magazine's sides, a folding
knife's liners and scales), so a gun rolled onto its back shows a slide as two thin steel walls,
and a knife turned edge-on becomes a thin dark line — as on a real scanner.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from inspector_app.simulation import shapes as sh
from inspector_app.simulation.scene import Item, new_item

Group = list[tuple[Item, float, float]]


# ---------------------------------------------------------------- raster helpers (mm -> px)


def _poly(h: int, w: int, s: float, pts_mm: list[tuple[float, float]] | np.ndarray) -> np.ndarray:
    """Anti-aliased polygon mask (0..1) from millimetre points (x, y) in the patch."""
    return sh.polygon(h, w, np.asarray(pts_mm, np.float64) * s, 1.0)


def _line(
    h: int, w: int, s: float, pts_mm: list[tuple[float, float]] | np.ndarray, width_mm: float
) -> np.ndarray:
    return sh.polyline(h, w, np.asarray(pts_mm, np.float64) * s, max(1, round(width_mm * s)), 1.0)


def _disc(h: int, w: int, s: float, cx_mm: float, cy_mm: float, r_mm: float) -> np.ndarray:
    out = np.zeros((h, w), np.float32)
    sh.circle(out, cx_mm * s, cy_mm * s, r_mm * s, 1.0)
    return np.clip(out, 0, 1)


def _rotate_pts(
    pts: list[tuple[float, float]], pivot: tuple[float, float], deg: float
) -> np.ndarray:
    """Rotate millimetre points about a pivot (positive = clockwise on screen, y down)."""
    a = math.radians(deg)
    p = np.asarray(pts, np.float64) - pivot
    rot = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    return p @ rot.T + pivot


def _rod_chord(
    h: int,
    w: int,
    s: float,
    y_mm: float,
    x0_mm: float,
    x1_mm: float,
    d_mm: float,
    bore_mm: float = 0.0,
) -> np.ndarray:
    """Chord (mm) through a (hollow) rod lying along x at height y: a revolved profile."""
    yy = (np.arange(h, dtype=np.float32) + 0.5) / s - y_mm
    outer = 2 * np.sqrt(np.clip((d_mm / 2) ** 2 - yy**2, 0, None))
    if bore_mm > 0:
        outer = outer - 2 * np.sqrt(np.clip((bore_mm / 2) ** 2 - yy**2, 0, None))
    xx = (np.arange(w, dtype=np.float32) + 0.5) / s
    span = ((xx >= x0_mm) & (xx <= x1_mm)).astype(np.float32)
    return outer[:, None] * span[None, :]


def _cartridge_side(
    h: int,
    w: int,
    s: float,
    x0: float,
    y: float,
    d: float,
    case_len: float,
    bullet_len: float,
    flip: bool = False,
) -> dict[str, np.ndarray]:
    """A cartridge lying along x (head at x0, bullet towards +x or -x): brass, powder, lead."""
    sgn = -1.0 if flip else 1.0
    xa, xb = sorted((x0, x0 + sgn * case_len))
    brass = _rod_chord(h, w, s, y, xa, xb, d, d - 0.9)
    ha, hb = sorted((x0, x0 + sgn * 1.5))
    brass += _rod_chord(h, w, s, y, ha, hb, d) - _rod_chord(h, w, s, y, ha, hb, d, d - 0.9)
    powder = _rod_chord(h, w, s, y, xa, xb, d - 1.0) * 0.5
    lead = np.zeros((h, w), np.float32)
    nose_x0 = x0 + sgn * (case_len - bullet_len * 0.3)
    steps = 6
    for k in range(steps):  # ogive: stacked rods of shrinking diameter
        f0, f1 = k / steps, (k + 1) / steps
        dk = (d - 0.9) * math.sqrt(max(0.0, 1 - f0**2))
        a, b = sorted((nose_x0 + sgn * bullet_len * f0, nose_x0 + sgn * bullet_len * f1))
        lead += _rod_chord(h, w, s, y, a, b, dk)
    return {"brass": brass, "cotton": powder * 0.6, "lead": lead * 0.9, "copper": lead * 0.1}


def _item(label: str, h_mm: float, w_mm: float, s: float) -> Item:
    return new_item(label, sh.px(h_mm, s), sh.px(w_mm, s), is_threat=True)


def _flip_x(it: Item) -> Item:
    it.layers = {k: v[:, ::-1].copy() for k, v in it.layers.items()}
    it.slabs = [(z, {k: v[:, ::-1].copy() for k, v in lay.items()}) for z, lay in it.slabs]
    return it


# ---------------------------------------------------------------- handguns


PISTOL_SIZES = {"subcompact": 0.74, "compact": 0.87, "full": 1.0, "long_slide": 1.12}


def pistol(rng: np.random.Generator, s: float, magazine: bool = True) -> Item:
    """Semi-automatic pistol in side view: slide, barrel, spring, frame, grip, guard, magazine."""
    size = str(rng.choice(list(PISTOL_SIZES), p=[0.2, 0.35, 0.35, 0.1]))
    k = PISTOL_SIZES[size] * rng.uniform(0.95, 1.05)
    slide_l, slide_h = 185.0 * k, rng.uniform(27, 33) * min(1.0, 0.4 + 0.6 * k)
    width = rng.uniform(22, 29)  # slide width across the gun
    grip_deg = rng.uniform(10, 24)  # grip rake from vertical
    grip_l = rng.uniform(95, 115) * min(1.0, 0.55 + 0.45 * k)
    grip_w = rng.uniform(27, 33)
    polymer = rng.random() < 0.6
    pad = 6.0
    w_mm = slide_l + 2 * pad + 10
    h_mm = slide_h + grip_l + 2 * pad + 12
    it = _item("handgun", h_mm, w_mm, s)
    h, w = it.shape
    x0, y0 = pad, pad
    x1, yb = x0 + slide_l, y0 + slide_h
    # --- slide: top and end walls seen edge-on (full width), side walls as their own slabs
    slide = _poly(h, w, s, [(x0, y0 + 4), (x0 + 3, y0), (x1, y0), (x1, yb), (x0, yb)])
    top = _poly(h, w, s, [(x0 + 3, y0), (x1, y0), (x1, y0 + 3.5), (x0, y0 + 3.5)])
    ends = _poly(h, w, s, [(x0, y0 + 3), (x0 + 5, y0 + 3), (x0 + 5, yb), (x0, yb)])
    ends += _poly(h, w, s, [(x1 - 9, y0), (x1, y0), (x1, yb), (x1 - 9, yb)])
    wall = rng.uniform(3.0, 4.2)
    port = _poly(
        h,
        w,
        s,
        [
            (x0 + 0.45 * slide_l, y0),
            (x0 + 0.68 * slide_l, y0),
            (x0 + 0.68 * slide_l, y0 + 0.55 * slide_h),
            (x0 + 0.45 * slide_l, y0 + 0.55 * slide_h),
        ],
    )
    serr = np.zeros((h, w), np.float32)
    for i in range(int(rng.integers(0, 10))):
        xs = x1 - 12 - i * 2.6
        serr += _poly(h, w, s, [(xs, y0 + 3), (xs + 1.2, y0 + 3), (xs + 1.2, yb - 2), (xs, yb - 2)])
    barrel_y = y0 + 0.36 * slide_h
    bore = 9.0 if k < 1.05 else 11.4
    barrel = _rod_chord(h, w, s, barrel_y, x0 + 1, x0 + 0.78 * slide_l, bore + 5.0, bore)
    hood = _rod_chord(h, w, s, barrel_y, x0 + 0.6 * slide_l, x0 + 0.8 * slide_l, bore + 9)
    spring_y = y0 + 0.8 * slide_h
    spring = _rod_chord(h, w, s, spring_y, x0 + 2, x0 + 0.5 * slide_l, 8.0) * 0.3
    guide = _rod_chord(h, w, s, spring_y, x0 + 2, x0 + 0.5 * slide_l, 3.5)
    sights = _poly(h, w, s, [(x0 + 6, y0), (x0 + 10, y0 - 4), (x0 + 12, y0)])
    sights += _poly(h, w, s, [(x1 - 14, y0), (x1 - 12, y0 - 5), (x1 - 4, y0 - 5), (x1 - 3, y0)])
    steel_main = (top + ends) * width + barrel + hood + spring + guide + sights * 6.0
    # --- frame: dust cover, trigger area, raked grip
    gd = rng.uniform(46, 56)  # grip depth front to back (a real grip fills the hand)
    pivot = (x1 - gd / 2, yb)
    grip_pts = _rotate_pts(
        [(x1 - gd, yb), (x1 + 2, yb), (x1 + 2, yb + grip_l), (x1 - gd + 3, yb + grip_l)],
        pivot,
        -grip_deg,
    )
    frame = _poly(
        h,
        w,
        s,
        [(x0 + 0.12 * slide_l, yb - 2), (x1, yb - 2), (x1, yb + 6), (x0 + 0.12 * slide_l, yb + 9)],
    )
    frame += _poly(
        h,
        w,
        s,
        [
            (x0 + 0.45 * slide_l, yb),
            (x1 - 20, yb),
            (x1 - 25, yb + 16),
            (x0 + 0.5 * slide_l, yb + 14),
        ],
    )
    frame = np.clip(frame + _poly(h, w, s, grip_pts), 0, 1)
    guard_c = (x0 + 0.56 * slide_l, yb + 12)
    guard = _line(
        h,
        w,
        s,
        [
            (guard_c[0] + 22, yb + 4),
            (guard_c[0] + 18, yb + 22),
            (guard_c[0] - 4, yb + 25),
            (guard_c[0] - 16, yb + 20),
            (guard_c[0] - 20, yb + 6),
        ],
        4.5,
    )
    trigger = _line(
        h,
        w,
        s,
        [(guard_c[0] + 4, yb + 3), (guard_c[0] + 2, yb + 12), (guard_c[0] - 3, yb + 17)],
        4.0,
    )
    # magazine well inside the grip, magazine with a double stack of cartridges
    mag_pts = _rotate_pts(
        [
            (x1 - gd + 8, yb + 2),
            (x1 - 10, yb + 2),
            (x1 - 10, yb + grip_l - 4),
            (x1 - gd + 8, yb + grip_l - 4),
        ],
        pivot,
        -grip_deg,
    )
    mag = _poly(h, w, s, mag_pts)
    if polymer:
        it.add("polymer_frame", frame * grip_w * (1 - 0.78 * mag) + guard * 9.0)
        rails = _poly(
            h,
            w,
            s,
            [
                (x0 + 0.2 * slide_l, yb - 3),
                (x1 - 8, yb - 3),
                (x1 - 8, yb + 1),
                (x0 + 0.2 * slide_l, yb + 1),
            ],
        )
        steel_main += rails * 4.0 + trigger * 6.0 * (rng.random() < 0.5)
    else:
        steel_main += frame * 5.0 * (1 - mag) + guard * 7.0 + trigger * 6.0
        grip_only = _poly(h, w, s, grip_pts)
        panel = "wood" if rng.random() < 0.5 else "rubber"
        side = {panel: grip_only * rng.uniform(3.5, 5.0)}
        it.add_slab(grip_w / 2 - 2.5, side)
        it.add_slab(-(grip_w / 2 - 2.5), {k2: v.copy() for k2, v in side.items()})
        it.add_slab(grip_w / 2 - 6.5, {"steel": frame * 3.0})
        it.add_slab(-(grip_w / 2 - 6.5), {"steel": frame * 3.0})
    hammer = _disc(h, w, s, x1 - 3, yb - 4, 5.0) * (rng.random() < 0.4)
    it.add("steel", steel_main + hammer * 8.0)
    side_wall = np.clip(slide - top - ends, 0, 1) * (wall - 1.0 * serr)
    it.add_slab(width / 2 - wall / 2, {"steel": side_wall * (1 - port)})
    it.add_slab(-(width / 2 - wall / 2), {"steel": side_wall})
    if magazine:
        mag_w = grip_w - 9.0
        edge = np.clip(mag - _poly(h, w, s, _shrink(mag_pts, 1.0)), 0, 1)
        it.add("steel", edge * mag_w)  # front and back walls seen edge-on
        it.add_slab(mag_w / 2 - 0.4, {"steel": mag * 0.8})
        it.add_slab(-(mag_w / 2 - 0.4), {"steel": mag * 0.8})
        d, case_len, bullet_len = (9.0, 19.0, 15.0) if bore < 10 else (11.4, 23.0, 17.0)
        n_rounds = int(rng.integers(3, max(4, int(grip_l / (d * 0.5)) - 3)))
        axis = (mag_pts[3] - mag_pts[0]) / max(np.linalg.norm(mag_pts[3] - mag_pts[0]), 1e-6)
        left = {"brass": np.zeros((h, w), np.float32)}
        right = {"brass": np.zeros((h, w), np.float32)}
        for r in range(n_rounds):
            base = mag_pts[0] + axis * (4 + r * d * 0.52) + np.array([1.5, 0.0])
            parts = _cartridge_side(
                h,
                w,
                s,
                float(base[0]) + case_len + 2.0,
                float(base[1]) + d / 2,
                d,
                case_len,
                bullet_len,
                flip=True,
            )
            tgt = left if r % 2 == 0 else right
            for m, t in parts.items():
                tgt[m] = tgt.get(m, 0) + t * mag
        it.add_slab(d * 0.42, left)
        it.add_slab(-d * 0.42, right)
    if rng.random() < 0.5:
        _flip_x(it)
    return it


def _shrink(pts: np.ndarray, mm: float) -> list[tuple[float, float]]:
    c = pts.mean(0)
    out = []
    for p in pts:
        v = p - c
        n = np.linalg.norm(v)
        out.append(tuple(p - v / max(n, 1e-6) * mm * 1.4))
    return out


def revolver(rng: np.random.Generator, s: float) -> Item:
    """Revolver: barrel, frame with top strap, cylinder with 5–6 chambers, grip, guard, hammer."""
    barrel_l = float(rng.choice([50.0, 76.0, 102.0, 152.0])) * rng.uniform(0.95, 1.05)
    n_ch = int(rng.choice([5, 6, 6]))
    drum_d, drum_l = rng.uniform(36, 44), rng.uniform(36, 42)
    ch_d = rng.uniform(9.5, 11.5)
    grip_deg = rng.uniform(18, 32)
    grip_l = rng.uniform(85, 105)
    pad = 6.0
    frame_l = drum_l + 45
    w_mm = barrel_l + frame_l + 40 + 2 * pad
    h_mm = drum_d + grip_l + 2 * pad + 10
    it = _item("handgun", h_mm, w_mm, s)
    h, w = it.shape
    x0, y0 = pad, pad + 4
    axis_y = y0 + drum_d / 2
    bore_y = axis_y - drum_d / 2 + 9
    barrel = _rod_chord(h, w, s, bore_y, x0, x0 + barrel_l, rng.uniform(17, 21), 9.0)
    lug = _poly(
        h,
        w,
        s,
        [
            (x0 + 3, bore_y + 5),
            (x0 + barrel_l, bore_y + 5),
            (x0 + barrel_l, bore_y + 14),
            (x0 + 8, bore_y + 12),
        ],
    )
    lug = lug * (rng.random() < 0.5) * 12.0
    xd = x0 + barrel_l + 3
    drum = _rod_chord(h, w, s, axis_y, xd, xd + drum_l, drum_d)
    brass = np.zeros((h, w), np.float32)
    lead = np.zeros((h, w), np.float32)
    loaded = rng.random() < 0.8
    rc = drum_d / 2 - ch_d / 2 - 2.2
    phase = rng.uniform(0, 2 * math.pi)
    for c in range(n_ch):
        yc = axis_y + rc * math.cos(phase + 2 * math.pi * c / n_ch)
        drum -= _rod_chord(h, w, s, yc, xd, xd + drum_l, ch_d)
        if loaded:
            brass += _rod_chord(
                h, w, s, yc, xd + drum_l * 0.25, xd + drum_l, ch_d - 0.6, ch_d - 1.5
            )
            lead += _rod_chord(h, w, s, yc, xd + 1, xd + drum_l * 0.3, ch_d - 1.0)
    ratchet = _rod_chord(h, w, s, axis_y, xd - 1, xd + drum_l + 1, 6.0)
    xf = xd + drum_l
    frame = _poly(
        h,
        w,
        s,
        [
            (xd - 6, y0 - 3),
            (xf + 30, y0 - 3),
            (xf + 40, y0 + 10),
            (xf + 34, axis_y + drum_d / 2 + 4),
            (xd - 6, axis_y + drum_d / 2 + 2),
        ],
    )
    window = _poly(
        h,
        w,
        s,
        [
            (xd - 1, y0 + 2),
            (xf + 1, y0 + 2),
            (xf + 1, axis_y + drum_d / 2),
            (xd - 1, axis_y + drum_d / 2),
        ],
    )
    frame = np.clip(frame - window, 0, 1)
    yb = axis_y + drum_d / 2 + 2
    pivot = (xf + 30, yb)
    grip_pts = _rotate_pts(
        [(xf + 14, yb - 4), (xf + 44, yb - 4), (xf + 46, yb + grip_l), (xf + 14, yb + grip_l)],
        pivot,
        -grip_deg,
    )
    grip = _poly(h, w, s, grip_pts)
    tang = _poly(
        h,
        w,
        s,
        _rotate_pts(
            [
                (xf + 22, yb - 4),
                (xf + 36, yb - 4),
                (xf + 36, yb + grip_l * 0.8),
                (xf + 22, yb + grip_l * 0.8),
            ],
            pivot,
            -grip_deg,
        ),
    )
    guard = _line(
        h,
        w,
        s,
        [
            (xf + 8, yb),
            (xf + 4, yb + 18),
            (xf - 14, yb + 20),
            (xf - 22, yb + 10),
            (xf - 22, yb - 2),
        ],
        4.5,
    )
    trigger = _line(h, w, s, [(xf - 4, yb - 2), (xf - 7, yb + 10), (xf - 11, yb + 15)], 4.5)
    hammer = _poly(
        h, w, s, [(xf + 28, y0 + 2), (xf + 40, y0 - 6), (xf + 44, y0 - 2), (xf + 36, y0 + 12)]
    )
    it.add(
        "steel",
        barrel
        + lug
        + np.clip(drum, 0, None)
        + ratchet
        + frame * 16.0
        + guard * 8.0
        + trigger * 6.0
        + hammer * 7.0
        + tang * 12.0,
    )
    it.add("brass", brass)
    it.add("lead", lead)
    it.add(
        "wood" if rng.random() < 0.5 else "rubber",
        grip * np.clip(1 - tang, 0, 1) * 32.0 + tang * 18.0,
    )
    if rng.random() < 0.5:
        _flip_x(it)
    return it


def handgun(rng: np.random.Generator, s: float) -> Group:
    """Pistols of four sizes (with or without magazine) and revolvers."""
    r = rng.random()
    if r < 0.28:
        return [(revolver(rng, s), 0.0, 0.0)]
    return [(pistol(rng, s, magazine=rng.random() < 0.8), 0.0, 0.0)]


# ---------------------------------------------------------------- knives


def _blade_thickness(
    h: int,
    w: int,
    s: float,
    xs: np.ndarray,
    spine: np.ndarray,
    edge: np.ndarray,
    t_spine: float,
    double: bool,
) -> np.ndarray:
    """Thickness map of a ground blade between a spine curve and an edge curve (mm)."""
    cols = (np.arange(w, dtype=np.float32) + 0.5) / s
    sp = np.interp(cols, xs, spine, left=np.nan, right=np.nan)
    ed = np.interp(cols, xs, edge, left=np.nan, right=np.nan)
    rows = (np.arange(h, dtype=np.float32)[:, None] + 0.5) / s
    lo, hi = np.minimum(sp, ed)[None, :], np.maximum(sp, ed)[None, :]
    span = np.maximum(hi - lo, 1e-3)
    f = (rows - lo) / span  # 0 at the upper curve, 1 at the lower
    inside = (f >= 0) & (f <= 1)
    if double:
        prof = 1.0 - np.abs(2 * f - 1)
    else:
        prof = np.where(sp[None, :] <= ed[None, :], 1.0 - f, f)  # thick at the spine
        prof = np.clip(prof * 1.6, 0, 1) ** 0.8  # flat grind from about mid-height
    out = np.where(inside, 0.15 + (t_spine - 0.15) * prof, 0.0)
    soft = cv2.GaussianBlur(inside.astype(np.float32), (0, 0), 0.6)
    return np.nan_to_num(out * np.clip(soft * 2, 0, 1)).astype(np.float32)


def knife(rng: np.random.Generator, s: float) -> Group:
    """Kitchen, folding (open or closed), utility, dagger or ceramic knife."""
    kind = str(
        rng.choice(
            ["kitchen", "folding", "utility", "dagger", "ceramic"], p=[0.32, 0.22, 0.14, 0.17, 0.15]
        )
    )
    if kind == "utility":
        return [(_utility_knife(rng, s), 0.0, 0.0)]
    if kind == "folding":
        return [(_folding_knife(rng, s), 0.0, 0.0)]
    blade_l = rng.uniform(90, 230) if kind != "dagger" else rng.uniform(100, 200)
    handle_l = rng.uniform(95, 130)
    blade_h = rng.uniform(18, 48) if kind in ("kitchen", "ceramic") else rng.uniform(20, 32)
    pad = 5.0
    h_mm, w_mm = blade_h + 2 * pad + 10, blade_l + handle_l + 2 * pad
    it = _item("knife", h_mm, w_mm, s)
    h, w = it.shape
    hx = pad + handle_l
    xs = hx + np.linspace(0, 1, 40) * blade_l
    u = np.linspace(0, 1, 40)
    top, bot = pad + 4, pad + 4 + blade_h
    if kind == "dagger":
        mid = (top + bot) / 2
        spine = mid - (mid - top) * (1 - u**1.4)
        edge = mid + (bot - mid) * (1 - u**1.4)
    else:
        spine = np.full_like(u, top) + (blade_h * 0.15) * np.clip((u - 0.75) / 0.25, 0, 1) ** 2
        edge = bot - (bot - top) * np.clip((u - 0.5) / 0.5, 0, 1) ** 1.7
    t_spine = {
        "kitchen": rng.uniform(1.6, 2.8),
        "dagger": rng.uniform(4.0, 6.0),
        "ceramic": rng.uniform(1.8, 2.5),
    }[kind]
    blade = _blade_thickness(h, w, s, xs, spine, edge, t_spine, double=kind == "dagger")
    it.add("zirconia" if kind == "ceramic" else "steel", blade)
    yc = (top + bot) / 2 if kind == "dagger" else top + blade_h * 0.45
    hh = rng.uniform(18, 26)
    handle_pts = [
        (pad, yc - hh * 0.45),
        (hx, yc - hh / 2),
        (hx, yc + hh / 2),
        (pad, yc + hh * 0.55),
    ]
    handle = _poly(h, w, s, handle_pts)
    hw = rng.uniform(14, 22)  # handle thickness across
    grip_mat = str(rng.choice(["wood", "abs", "polypropylene", "rubber"]))
    if kind == "ceramic":
        it.add("abs", handle * hw)
        tang = _poly(h, w, s, [(hx - 30, yc - 4), (hx, yc - 5), (hx, yc + 5), (hx - 30, yc + 4)])
        it.add("zirconia", tang * t_spine)
        return [(it, 0.0, 0.0)]
    full_tang = kind == "kitchen" and rng.random() < 0.6
    if full_tang:  # scales either side of a full steel tang, three rivets
        tang = _poly(h, w, s, handle_pts)
        it.add("steel", tang * t_spine)
        it.add_slab(hw / 4 + t_spine / 4, {grip_mat: handle * (hw / 2 - t_spine / 2)})
        it.add_slab(-(hw / 4 + t_spine / 4), {grip_mat: handle * (hw / 2 - t_spine / 2)})
        riv = np.sum([_disc(h, w, s, pad + handle_l * f, yc, 2.5) for f in (0.2, 0.5, 0.8)], axis=0)
        it.add("brass" if rng.random() < 0.5 else "steel", riv * hw)
    else:  # hidden tang inside a moulded or turned handle
        it.add(grip_mat, handle * hw)
        tang = _poly(
            h,
            w,
            s,
            [
                (pad + handle_l * 0.3, yc - 3),
                (hx, yc - 4),
                (hx, yc + 4),
                (pad + handle_l * 0.3, yc + 3),
            ],
        )
        it.add("steel", tang * t_spine)
    if kind == "dagger":
        guard = _poly(h, w, s, [(hx - 6, top - 6), (hx, top - 6), (hx, bot + 6), (hx - 6, bot + 6)])
        pommel = _disc(h, w, s, pad + 4, yc, 7.0)
        it.add("steel", guard * rng.uniform(10, 16) + pommel * 14.0)
    elif rng.random() < 0.5:
        bolster = _poly(
            h,
            w,
            s,
            [
                (hx - 8, yc - hh / 2),
                (hx, yc - hh / 2 - 1),
                (hx, yc + hh / 2 + 1),
                (hx - 8, yc + hh / 2),
            ],
        )
        it.add("steel", bolster * rng.uniform(8, 14))
    if rng.random() < 0.5:
        _flip_x(it)
    return [(it, 0.0, 0.0)]


def _folding_knife(rng: np.random.Generator, s: float) -> Item:
    handle_l = rng.uniform(85, 125)
    blade_l = handle_l * rng.uniform(0.75, 0.9)
    blade_h = rng.uniform(18, 28)
    is_open = rng.random() < 0.6
    pad = 5.0
    w_mm = handle_l + (blade_l if is_open else 0) + 2 * pad + 6
    h_mm = max(blade_h, 26) + 2 * pad + 8
    it = _item("knife", h_mm, w_mm, s)
    h, w = it.shape
    yc = pad + 4 + 13
    hx0, hx1 = pad, pad + handle_l
    handle_pts = [
        (hx0 + 4, yc - 11),
        (hx1, yc - 12),
        (hx1 + 3, yc),
        (hx1, yc + 12),
        (hx0 + 4, yc + 11),
        (hx0, yc),
    ]
    handle = _poly(h, w, s, handle_pts)
    u = np.linspace(0, 1, 30)
    if is_open:
        xs = hx1 + u * blade_l
        top = yc - blade_h * 0.55
        spine = top + blade_h * 0.35 * np.clip((u - 0.6) / 0.4, 0, 1) ** 2
        edge = top + blade_h - blade_h * 0.6 * np.clip((u - 0.4) / 0.6, 0, 1) ** 1.5
    else:  # blade folded into the handle, edge inwards
        xs = hx1 - 6 - u * blade_l
        spine = np.full_like(u, yc + 9.0)
        edge = yc + 9.0 - (blade_h * 0.8) * (1 - np.clip((u - 0.6) / 0.4, 0, 1) ** 1.5)
    t_spine = rng.uniform(2.5, 3.5)
    blade = _blade_thickness(
        h, w, s, np.sort(xs), spine[np.argsort(xs)], edge[np.argsort(xs)], t_spine, double=False
    )
    pivot = _disc(h, w, s, hx1 - 8, yc, 5.0)
    it.add("steel", blade + pivot * 12.0)
    liner = rng.random() < 0.7
    scale_mat = str(rng.choice(["aluminium", "fr4", "wood", "abs"]))
    for sgn in (-1, 1):
        if liner:
            it.add_slab(sgn * 3.5, {"steel": handle * 1.2})
        it.add_slab(sgn * 6.0, {scale_mat: handle * rng.uniform(2.5, 3.5)})
    spacer = _poly(
        h, w, s, [(hx0 + 3, yc - 10), (hx0 + 12, yc - 10), (hx0 + 12, yc + 10), (hx0 + 3, yc + 10)]
    )
    it.add("steel" if rng.random() < 0.5 else "abs", spacer * 7.0)
    if rng.random() < 0.6:
        clip = _poly(
            h,
            w,
            s,
            [
                (hx0 + 6, yc - 9),
                (hx0 + 0.6 * handle_l, yc - 8),
                (hx0 + 0.6 * handle_l, yc - 3),
                (hx0 + 6, yc - 4),
            ],
        )
        it.add_slab(8.0, {"steel": clip * 1.0})
    if rng.random() < 0.5:
        _flip_x(it)
    return it


def _utility_knife(rng: np.random.Generator, s: float) -> Item:
    """Box cutter: die-cast or aluminium shell, trapezoid blade, spare blades in the handle."""
    body_l, body_h = rng.uniform(130, 165), rng.uniform(22, 30)
    pad = 5.0
    ext = rng.uniform(8, 30)
    it = _item("knife", body_h + 2 * pad + 6, body_l + ext + 2 * pad, s)
    h, w = it.shape
    y0, x0 = pad + 3, pad
    body = _poly(
        h,
        w,
        s,
        [
            (x0, y0 + 4),
            (x0 + 4, y0),
            (x0 + body_l, y0 + 3),
            (x0 + body_l, y0 + body_h - 3),
            (x0 + 4, y0 + body_h),
            (x0, y0 + body_h - 4),
        ],
    )
    shell = "zinc" if rng.random() < 0.4 else ("aluminium" if rng.random() < 0.6 else "abs")
    t_shell = {"zinc": 1.5, "aluminium": 2.0, "abs": 3.0}[shell]
    it.add_slab(6.0, {shell: body * t_shell})
    it.add_slab(-6.0, {shell: body * t_shell})
    rim = np.clip(
        body
        - _poly(
            h,
            w,
            s,
            [
                (x0 + 2, y0 + 5),
                (x0 + body_l - 2, y0 + 5),
                (x0 + body_l - 2, y0 + body_h - 5),
                (x0 + 2, y0 + body_h - 5),
            ],
        ),
        0,
        1,
    )
    it.add(shell, rim * 10.0)
    bx = x0 + body_l
    blade = _poly(
        h,
        w,
        s,
        [
            (bx - 45, y0 + 6),
            (bx + ext - 8, y0 + 6),
            (bx + ext, y0 + body_h * 0.75),
            (bx - 45, y0 + body_h * 0.75),
        ],
    )
    spares = _poly(
        h,
        w,
        s,
        [
            (x0 + 15, y0 + 7),
            (x0 + 75, y0 + 7),
            (x0 + 68, y0 + body_h - 7),
            (x0 + 15, y0 + body_h - 7),
        ],
    ) * int(rng.integers(0, 5))
    screw = _disc(h, w, s, x0 + body_l * 0.5, y0 + body_h / 2, 3.0)
    it.add("steel", blade * 0.6 + spares * 0.6 + screw * 12.0)
    if rng.random() < 0.5:
        _flip_x(it)
    return it


# ---------------------------------------------------------------- wildlife (new kinds)


def reptile(rng: np.random.Generator, s: float) -> Item:
    """Snake or lizard (live in a bag, or preserved): vertebral chain with ribs, soft body."""
    n = int(rng.integers(40, 110))
    body_d = rng.uniform(12, 35)
    size = sh.px(rng.uniform(160, 300), s)
    it = new_item("wildlife", size, size, is_threat=True)
    ang = np.cumsum(rng.normal(0, 0.25, n)) + rng.uniform(0, 6.3)
    step = body_d * 0.35 * s
    pts = np.cumsum(np.stack([np.cos(ang), np.sin(ang)], 1) * step, 0)
    pts -= (pts.max(0) + pts.min(0)) / 2
    scale = min(1.0, size * 0.42 / max(np.abs(pts).max(), 1e-6))
    pts = pts * scale + size / 2
    body = sh.polyline(size, size, pts, max(2, round(body_d * s * scale)), 1.0)
    body = cv2.GaussianBlur(body, (0, 0), max(0.8, body_d * s * scale * 0.25))
    it.add("skin", body * body_d * 0.8)
    verts = np.zeros((size, size), np.float32)
    ribs = np.zeros((size, size), np.float32)
    for i in range(1, len(pts) - 1):
        sh.circle(verts, pts[i, 0], pts[i, 1], max(1.0, body_d * 0.14 * s * scale), 4.0)
        if i % 2 == 0:
            tdir = pts[i + 1] - pts[i - 1]
            nrm = np.array([-tdir[1], tdir[0]]) / max(np.linalg.norm(tdir), 1e-6)
            for sgn in (-1, 1):
                tip = pts[i] + sgn * nrm * body_d * 0.42 * s * scale
                ribs += sh.polyline(size, size, np.array([pts[i], tip]), 1, 1.2)
    it.add("bone", verts + ribs)
    return it


def bird(rng: np.random.Generator, s: float) -> Item:
    """Small bird (smuggled in a tube or sock): keel, hollow wing bones, skull, feathers."""
    ln = rng.uniform(90, 200)
    h, w = sh.px(ln * 0.55, s), sh.px(ln, s)
    it = new_item("wildlife", h, w, is_threat=True)
    body = sh.ellipsoid(h, int(w * 0.7), ln * 0.3)
    full = np.zeros((h, w), np.float32)
    full[:, int(w * 0.15) : int(w * 0.15) + body.shape[1]] = body
    it.add("skin", full * 0.8)
    it.add("keratin", full * 0.08 + sh.smooth_noise(h, w, 3 * s, rng) * (full > 0) * 0.6)
    head = _disc(h, w, 1.0, w * 0.1, h * 0.45, h * 0.22)
    it.add("bone", head * ln * 0.05 + (full > 0) * 0.6)
    bones = np.zeros((h, w), np.float32)
    for sgn in (-1, 1):
        wing = np.array(
            [
                [w * 0.35, h * 0.5],
                [w * 0.6, h * (0.5 + sgn * 0.3)],
                [w * 0.9, h * (0.5 + sgn * 0.35)],
            ]
        )
        bones += sh.polyline(h, w, wing, max(1, round(2 * s)), 1.2)
    keel = np.array([[w * 0.3, h * 0.5], [w * 0.7, h * 0.5]])
    bones += sh.polyline(h, w, keel, max(1, round(3 * s)), 3.0)
    it.add("bone", bones)
    beak = _poly(h, w, 1.0, [(0, h * 0.45), (w * 0.06, h * 0.38), (w * 0.06, h * 0.52)])
    it.add("keratin", beak * 4.0)
    return it


def eggs(rng: np.random.Generator, s: float) -> Item:
    """Eggs (birds, reptiles) packed in rows: calcified shells around liquid content."""
    rows, cols = int(rng.integers(1, 4)), int(rng.integers(2, 7))
    ln = rng.uniform(25, 60)
    dia = ln * rng.uniform(0.7, 0.8)
    pitch_x, pitch_y = ln + 4, dia + 4
    h, w = sh.px(rows * pitch_y + 8, s), sh.px(cols * pitch_x + 8, s)
    it = new_item("wildlife", h, w, is_threat=True)
    shell = np.zeros((h, w), np.float32)
    inner = np.zeros((h, w), np.float32)
    eh, ew = sh.px(dia, s), sh.px(ln, s)
    outer_e = sh.ellipsoid(eh, ew, dia)
    inner_e = np.zeros_like(outer_e)
    ih, iw = max(1, eh - sh.px(0.8, s) * 2), max(1, ew - sh.px(0.8, s) * 2)
    sub = sh.ellipsoid(ih, iw, dia - 0.7)
    oy, ox = (eh - ih) // 2, (ew - iw) // 2
    inner_e[oy : oy + ih, ox : ox + iw] = sub
    for r in range(rows):
        for c in range(cols):
            y0 = sh.px(4 + r * pitch_y, s)
            x0 = sh.px(4 + c * pitch_x, s)
            hh, ww = min(eh, h - y0), min(ew, w - x0)
            shell[y0 : y0 + hh, x0 : x0 + ww] += (outer_e - inner_e)[:hh, :ww]
            inner[y0 : y0 + hh, x0 : x0 + ww] += inner_e[:hh, :ww]
    it.add("eggshell", shell * 0.4)  # ~0.35 mm shells: the chord's shell part scaled down
    it.add("food", inner)
    it.add("polyethylene", sh.box(h, w, 1.0))  # moulded tray
    return it


def scales(rng: np.random.Generator, s: float) -> Item:
    """Pangolin scales (or tortoiseshell pieces) in a bag: overlapping keratin plates."""
    size_w, size_h = rng.uniform(100, 220), rng.uniform(80, 160)
    h, w = sh.px(size_h, s), sh.px(size_w, s)
    it = new_item("wildlife", h, w, is_threat=True)
    lay: np.ndarray = np.zeros((h, w), np.float32)
    for _ in range(int(size_w * size_h / rng.uniform(150, 350))):
        sw, sh_ = rng.uniform(25, 55), rng.uniform(20, 45)
        cx, cy = rng.uniform(0.1, 0.9) * size_w, rng.uniform(0.1, 0.9) * size_h
        a = rng.uniform(0, 2 * math.pi)
        pts = [
            (
                cx + sw / 2 * math.cos(t + a) * (1 + 0.2 * math.cos(3 * t)),
                cy + sh_ / 2 * math.sin(t + a),
            )
            for t in np.linspace(0, 2 * math.pi, 14)
        ]
        lay += _poly(h, w, s, pts) * rng.uniform(1.0, 2.5)
    lay = cv2.GaussianBlur(lay, (0, 0), 0.7)
    it.add("keratin", lay)
    it.add("polyethylene", sh.rounded_box(h, w, 0.2, 4 * s))
    return it


NEW_WILDLIFE = {"reptile": reptile, "bird": bird, "eggs": eggs, "scales": scales}

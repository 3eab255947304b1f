"""Whole parcels: a container (box, padded envelope, bag) filled with clutter and 0..n threats,
some of them concealed, rendered to a dual-energy pair. Deterministic for a given seed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from inspector_app.domain import THREAT_CLASSES, Box
from inspector_app.simulation import objects as ob
from inspector_app.simulation import shapes as sh
from inspector_app.simulation.materials import material
from inspector_app.simulation.projection import FanBeam, Pose, rotation
from inspector_app.simulation.scene import (
    Canvas,
    DetectorModel,
    Item,
    Placed,
    new_item,
    render_channels,
)
from inspector_app.simulation.styles import pick_style

CONCEALMENTS: tuple[str, ...] = ("inside_electronics", "under_metal", "between_books",
                                 "in_food_tin", "in_clothing", "in_toy")
# flat, soft goods lie flat; rigid things also end up on their side or propped up
SOFT_CLUTTER = frozenset({"clothes", "book", "belt", "hanger", "toiletry bag"})
MAX_W, MAX_H, MIN_W, MIN_H = 1024, 768, 640, 400


@dataclass(frozen=True)
class SimObject:
    """One object in a simulated scan; only threats become detector labels."""

    label: str
    box: Box
    material: str
    is_threat: bool
    concealment: str | None


@dataclass(frozen=True, eq=False)
class SimulatedScan:
    """A rendered parcel: 16-bit low/high transmissions (65535 = air) and its ground truth."""

    seed: int
    low: np.ndarray
    high: np.ndarray
    objects: tuple[SimObject, ...]
    meta: dict[str, Any] = field(default_factory=dict)

    def threats(self) -> tuple[SimObject, ...]:
        return tuple(o for o in self.objects if o.is_threat)


# ---------------------------------------------------------------- containers


def cardboard_box(rng: np.random.Generator, s: float, w_mm: float, h_mm: float,
                  depth_mm: float) -> Item:
    """Corrugated box seen from above: two faces, flaps, and the side walls seen edge-on."""
    h, w = sh.px(h_mm, s), sh.px(w_mm, s)
    it = new_item("cardboard_box", h, w)
    board = rng.uniform(0.5, 1.0)  # paper-equivalent mm of one corrugated face
    faces = sh.box(h, w, 2 * board)
    y, x = sh.grid(h, w)
    faces *= 1.0 + 0.08 * (np.sin(x / (1.6 * s)) > 0.6)  # flutes
    flap = np.abs(y) < h * 0.25 * rng.uniform(0.8, 1.0)  # inner flaps overlap in the middle
    faces += flap * board * 2
    wall = sh.px(rng.uniform(3, 5), s)
    edges = np.zeros((h, w), np.float32)
    edges[:wall, :] = edges[-wall:, :] = depth_mm * 0.22
    edges[:, :wall] = edges[:, -wall:] = depth_mm * 0.22
    it.add("cardboard", faces + edges)
    tape = np.zeros((h, w), np.float32)
    tw = sh.px(48, s)
    tape[h // 2 - tw // 2:h // 2 - tw // 2 + tw, :] = 0.12
    if rng.random() < 0.5:
        tape[:, w // 2 - tw // 2:w // 2 - tw // 2 + tw] += 0.12
    it.add("polypropylene", tape)
    if rng.random() < 0.25:  # staples
        st = np.zeros((h, w), np.float32)
        for k in range(int(rng.integers(2, 6))):
            cx = w * (0.2 + 0.15 * k)
            st[h // 2 - 2: h // 2 + 2, int(cx):int(cx) + sh.px(12, s)] = 0.7
        it.add("steel", st)
    return it


def padded_envelope(rng: np.random.Generator, s: float, w_mm: float, h_mm: float) -> Item:
    """Kraft paper over bubble film; folded seams at the edges, a flap at one end."""
    h, w = sh.px(h_mm, s), sh.px(w_mm, s)
    it = new_item("padded_envelope", h, w)
    body = sh.rounded_box(h, w, 1.0, 3 * s, soft_px=6 * s)
    it.add("paper", body * 0.6)
    y, x = sh.grid(h, w)
    cell = 10 * s
    bubbles = (np.cos(x / cell * 2 * np.pi) * np.cos(y / cell * 2 * np.pi) > 0.2)
    it.add("polyethylene", body * (0.08 + 0.08 * bubbles))
    seam = np.zeros((h, w), np.float32)
    e = sh.px(10, s)
    seam[:e, :] = seam[-e:, :] = seam[:, :e] = 0.4
    seam[:, -sh.px(40, s):] = 0.5  # closing flap
    it.add("paper", seam * body)
    return it


def soft_bag(rng: np.random.Generator, s: float, w_mm: float, h_mm: float,
             depth_mm: float = 200.0) -> Item:
    """Holdall, backpack or courier bag: crumpled fabric, side panels edge-on, piping, zips."""
    h, w = sh.px(h_mm, s), sh.px(w_mm, s)
    it = new_item("bag", h, w)
    outline = sh.blob_outline(48, w * 0.47, h * 0.46, 0.06, rng)
    # squarer than an ellipse (superellipse): holdalls and backpacks are boxy with round corners
    n = rng.uniform(2.5, 5.0)
    ang = np.arctan2(outline[:, 1] / (h * 0.46), outline[:, 0] / (w * 0.47))
    outline *= ((np.abs(np.cos(ang)) ** n + np.abs(np.sin(ang)) ** n) ** (-1 / n))[:, None]
    outline = np.clip(outline, [-w * 0.49, -h * 0.49], [w * 0.49, h * 0.49]) + np.array(
        [w / 2, h / 2])
    mask = sh.polygon(h, w, outline, 1.0)
    crumple = (0.5 + sh.smooth_noise(h, w, 30 * s, rng)) * (
        0.85 + 0.3 * sh.smooth_noise(h, w, 2.5, rng))
    # nylon/polyester, PVC-coated (chlorine: reads green, as many real bags do) or PE
    fabric = str(rng.choice(["polyester", "pvc", "polyethylene"], p=[0.35, 0.45, 0.2]))
    # top and bottom panels (with padding or a stiffener board): the whole bag reads tinted
    it.add(fabric, mask * crumple * rng.uniform(1.5, 4.0))
    it.add(fabric, sh.polyline(h, w, np.vstack([outline, outline[:1]]), sh.px(6, s), 2.5))
    # side panels seen edge-on, piping cords and lining seams: the layered outlines of real bags
    it.add(fabric, sh.walls(mask, s, rng.uniform(1.0, 2.0), depth_mm * rng.uniform(0.3, 0.6)))
    centre = np.array([w / 2, h / 2])
    for k in range(int(rng.integers(1, 4))):
        f = 1.0 - 0.03 * (k + 1) - rng.uniform(0, 0.04)
        ring = (outline - centre) * f + centre + rng.normal(0, 2 * s, 2)
        cord = sh.polyline(h, w, np.vstack([ring, ring[:1]]), sh.px(rng.uniform(3, 6), s), 1.0)
        it.add("pvc" if rng.random() < 0.6 else fabric, cord * rng.uniform(3.0, 8.0))
    if rng.random() < 0.5:  # inner pockets with their own zips
        for _ in range(int(rng.integers(1, 3))):
            pw_, ph_ = int(w * rng.uniform(0.2, 0.4)), int(h * rng.uniform(0.15, 0.3))
            x0, y0 = int(rng.uniform(0.1, 0.9) * w - pw_ / 2), int(rng.uniform(0.2, 0.8) * h)
            pocket = np.zeros((h, w), np.float32)
            pocket[max(0, y0):y0 + ph_, max(0, x0):x0 + pw_] = 1.0
            it.add(fabric, pocket * 0.6 * mask)
            zl = np.array([[x0, y0], [x0 + pw_, y0]], np.float64)
            it.add("brass" if rng.random() < 0.5 else "polyethylene",
                   sh.polyline(h, w, zl, sh.px(5, s), 1.0) * mask)
    if rng.random() < 0.4:  # backpack frame: two aluminium stays or a wire frame
        for fx in (0.3, 0.7):
            stay = np.array([[w * 0.15, h * fx], [w * 0.85, h * fx]])
            it.add("aluminium", sh.polyline(h, w, stay, sh.px(rng.uniform(15, 25), s), 3.0))
    if rng.random() < 0.6:  # zip along the top, metal or plastic teeth
        zip_pts = outline[(outline[:, 1] < h * 0.35)]
        if len(zip_pts) > 2:
            zip_pts = zip_pts[np.argsort(zip_pts[:, 0])]
            metal = rng.random() < 0.5
            teeth = sh.polyline(h, w, zip_pts + np.array([0, h * 0.04]), sh.px(5, s),
                                0.8 if metal else 3)
            it.add("brass" if metal else "polyethylene", teeth)
    if rng.random() < 0.5:  # handles / straps with buckles
        for sgn in (-1, 1):
            pts = np.array([[w * 0.3, h / 2 + sgn * h * 0.1], [w * 0.5, h / 2 + sgn * h * 0.25],
                            [w * 0.7, h / 2 + sgn * h * 0.1]])
            it.add("polypropylene", sh.polyline(h, w, pts, sh.px(30, s), 2.5))
        buckle = np.zeros((h, w), np.float32)
        sh.circle(buckle, w * 0.3, h * 0.4, 6 * s, 2.0)
        sh.circle(buckle, w * 0.7, h * 0.4, 6 * s, 2.0)
        it.add("steel" if rng.random() < 0.5 else "zinc", buckle)
    return it


def suitcase(rng: np.random.Generator, s: float, w_mm: float, h_mm: float) -> Item:
    """Trolley case: shell faces, walls edge-on, aluminium telescopic handle tubes, wheels, zip."""
    h, w = sh.px(h_mm, s), sh.px(w_mm, s)
    it = new_item("suitcase", h, w)
    depth = rng.uniform(180, 280)
    hard = rng.random() < 0.5
    shell = sh.rounded_box(h, w, 2 * (2.5 if hard else 1.2), 25 * s)
    pad = sh.px(4, s)
    inner = np.zeros((h, w), np.float32)
    inner[pad:h - pad, pad:w - pad] = sh.rounded_box(h - 2 * pad, w - 2 * pad, 1.0, 22 * s)
    rim = sh.rounded_box(h, w, 1.0, 25 * s) - inner
    shell_mat = str(rng.choice(["abs", "pvc"])) if hard else str(rng.choice(["polyester", "pvc"]))
    it.add(shell_mat, shell + np.clip(rim, 0, None) * depth * 0.08)
    it.add("brass" if rng.random() < 0.5 else "polyethylene",
           np.clip(rim, 0, None) * 0.8)  # zip around the edge
    # telescopic handle: two pairs of nested aluminium tubes along one long side
    tube_len = int(w * rng.uniform(0.75, 0.9))
    for off in (0.18, 0.82):
        for d, wall in ((22.0, 1.2), (18.0, 1.0)):
            th = sh.px(d, s)
            y0 = int(h * off) - th // 2
            x0 = (w - tube_len) // 2
            tube = np.zeros((h, w), np.float32)
            tube[y0:y0 + th, x0:x0 + tube_len] = sh.cylinder(th, tube_len, d, wall_mm=wall)
            it.add("aluminium", tube)
    # frame rails and lining seams inside the shell, rivets along the edge
    for k in range(int(rng.integers(1, 4))):
        inset = sh.px(rng.uniform(8, 30) * (k + 1), s)
        if h - 2 * inset < 20 or w - 2 * inset < 20:
            break
        ring = np.zeros((h, w), np.float32)
        outer_r = sh.rounded_box(h - 2 * inset, w - 2 * inset, 1.0, 20 * s)
        inner_r = sh.rounded_box(h - 2 * inset - 2 * sh.px(3, s), w - 2 * inset - 2 * sh.px(3, s),
                                 1.0, 18 * s)
        ring[inset:h - inset, inset:w - inset] = outer_r
        ring[inset + sh.px(3, s):h - inset - sh.px(3, s),
             inset + sh.px(3, s):w - inset - sh.px(3, s)] -= inner_r
        it.add("aluminium" if rng.random() < 0.4 else "pvc",
               np.clip(ring, 0, None) * rng.uniform(4.0, 12.0))
    rivets = np.zeros((h, w), np.float32)
    for _ in range(int(rng.integers(4, 14))):
        edge = rng.integers(0, 4)
        t = rng.uniform(0.05, 0.95)
        cx, cy = [(t * w, pad * 3), (t * w, h - pad * 3), (pad * 3, t * h),
                  (w - pad * 3, t * h)][int(edge)]
        sh.circle(rivets, cx, cy, 3 * s, 6.0)
    it.add("steel", rivets)
    # the tray the tubes sit in, handle grip, wheels on the far end
    tray = np.zeros((h, w), np.float32)
    tray[int(h * 0.1):int(h * 0.9), (w - tube_len) // 2: (w + tube_len) // 2] = 2.0
    it.add("abs", tray * (rng.random() < 0.6))
    wheels = np.zeros((h, w), np.float32)
    axles = np.zeros((h, w), np.float32)
    for cy in (0.08, 0.92):
        sh.circle(wheels, w * 0.96, h * cy, 22 * s, 30.0)
        sh.circle(axles, w * 0.96, h * cy, 4 * s, 40.0)
    it.add("polyethylene", wheels)
    it.add("steel", axles * 0.3)
    return it


# ---------------------------------------------------------------- concealers


def _concealer(kind: str, rng: np.random.Generator, s: float, size_px: tuple[int, int]) -> \
        ob.Group:
    """Something that hides a threat of size (h, w) pixels when drawn over it."""
    th, tw = size_px
    if kind == "between_books":
        out = []
        for _ in range(2):
            b = ob.book(rng, s)[0][0]
            bh, bw = b.shape
            if bh < th * 1.1 or bw < tw * 1.1:
                b = new_item("book", int(max(bh, th * 1.2)), int(max(bw, tw * 1.2)))
                b.add("paper", sh.rounded_box(*b.shape, rng.uniform(15, 35), 1.5 * s))
            out.append((b, rng.normal(0, 5 * s), rng.normal(0, 5 * s)))
        return out
    if kind == "under_metal":
        h, w = int(th * rng.uniform(0.8, 1.3)), int(tw * rng.uniform(0.8, 1.3))
        plate = new_item("metal_tray", h, w)
        mat, t = ("steel", rng.uniform(0.4, 1.0)) if rng.random() < 0.5 else (
            "aluminium", rng.uniform(1.0, 3.0))
        tray = sh.rounded_box(h, w, t, 8 * s)
        plate.add(mat, tray + sh.walls(tray, s, t, rng.uniform(10, 40)))  # rim seen edge-on
        return [(plate, rng.normal(0, th * 0.1), rng.normal(0, tw * 0.1))]
    if kind == "inside_electronics":
        h, w = int(th * 1.3) + sh.px(30, s), int(tw * 1.3) + sh.px(30, s)
        dev = new_item("electronic_device", h, w)
        case = sh.rounded_box(h, w, 3.0, 6 * s)
        walls = case.copy()
        walls[sh.px(4, s):-sh.px(4, s), sh.px(4, s):-sh.px(4, s)] = 0
        dev.add("abs", case + walls * rng.uniform(15, 40))
        board = ob._board(rng, s, h // 3, w // 2)
        for mat, layer in board.items():
            lay = np.zeros((h, w), np.float32)
            y0 = x0 = sh.px(6, s)
            lay[y0:y0 + layer.shape[0], x0:x0 + layer.shape[1]] = layer
            dev.add(mat, lay)
        tr = np.zeros((h, w), np.float32)
        tr[-h // 4 - sh.px(10, s):-sh.px(10, s), -w // 5 - sh.px(10, s):-sh.px(10, s)] = 25.0
        dev.add("steel", tr * 0.6)
        dev.add("copper", tr * 0.4)
        return [(dev, 0.0, 0.0), *ob.cable(rng, s, 600)[:1]]
    if kind == "in_clothing":  # wrapped in a folded garment: fabric above and below
        h, w = int(th * 1.4) + sh.px(40, s), int(tw * 1.3) + sh.px(40, s)
        cloth = new_item("clothes", h, w)
        fabric = ob._fabric(rng, s, h, w, int(rng.integers(4, 10)), rng.uniform(0.15, 0.35))
        cloth.add("cotton" if rng.random() < 0.6 else "polyester", fabric)
        return [(cloth, rng.normal(0, 4 * s), rng.normal(0, 4 * s))]
    if kind == "in_toy":  # stuffed into a plush toy or a plastic toy's hollow body
        h, w = int(th * 1.35) + sh.px(30, s), int(tw * 1.3) + sh.px(30, s)
        toy = new_item("toy", h, w)
        if rng.random() < 0.5:
            toy.add("polyester", sh.ellipsoid(h, w, rng.uniform(50, 90)) * 0.08)
            eyes = np.zeros((h, w), np.float32)
            sh.circle(eyes, w * 0.4, h * 0.2, 5 * s, 4)
            sh.circle(eyes, w * 0.6, h * 0.2, 5 * s, 4)
            toy.add("abs", eyes)
        else:
            body = sh.rounded_box(h, w, 1.0, 12 * s)
            toy.add("abs", body * 2.5 + sh.walls(body, s, 2.0, rng.uniform(25, 45)))
            motor = np.zeros((h, w), np.float32)
            sh.circle(motor, w * 0.8, h * 0.7, 9 * s, 1.0)
            toy.add("steel", motor * 6.0)
            toy.add("copper", motor * 5.0)
        return [(toy, 0.0, 0.0)]
    # in_food_tin: a steel tin around the threat (contents replaced by the threat)
    d = int(max(th, tw) * 1.15) + sh.px(10, s)
    tin = new_item("food_tin", d, d)
    tin.add("steel", sh.disc(d, d, 0.5, wall_mm=0.8, height_mm=rng.uniform(15, 28)))
    return [(tin, 0.0, 0.0)]


# ---------------------------------------------------------------- composition


def _primary_material(item: Item) -> str:
    best, best_mass = "", -1.0
    masses: dict[str, float] = {}
    for _z, name, t in item.all_layers():
        masses[name] = masses.get(name, 0.0) + float(t.sum()) * material(name).density
    for name, mass in masses.items():
        if mass > best_mass:
            best, best_mass = name, mass
    return best


def _group_extent(group: ob.Group) -> tuple[float, float]:
    """Rough (h, w) in pixels of a group in its own frame."""
    ys = [abs(dy) + it.shape[0] / 2 for it, _, dy in group]
    xs = [abs(dx) + it.shape[1] / 2 for it, dx, _ in group]
    return 2 * max(ys), 2 * max(xs)


@dataclass
class _Frame:
    """Container frame: centre and rotation; maps container-local pixels to image pixels."""

    cx: float
    cy: float
    angle: float  # degrees, OpenCV convention (counter-clockwise on screen)
    h: float
    w: float

    def to_image(self, u: float, v: float) -> tuple[float, float]:
        a = math.radians(self.angle)
        return (self.cx + u * math.cos(a) + v * math.sin(a),
                self.cy - u * math.sin(a) + v * math.cos(a))


def _place_group(canvas: Canvas, group: ob.Group, frame: _Frame, u: float, v: float,
                 angle: float, concealment: str | None = None, tilt: tuple[float, float] = (0, 0),
                 z_mm: float = 0.0) -> list[Placed]:
    """Place a rigid group: offsets turn with its 3-D pose, each item projected through the fan."""
    out = []
    pose = Pose(angle, tilt[0], tilt[1], z_mm)
    rot = rotation(pose)
    geom = canvas.geometry
    s = geom.s if geom is not None else 1.0
    gx, gy = frame.to_image(u, v)
    for item, dx, dy in group:
        if concealment and item.is_threat:
            item.concealment = concealment
        off = rot @ np.array([dx / s, dy / s, 0.0])  # group offset, millimetres, posed
        before = len(canvas.placed)
        if geom is None:
            canvas.place(item, gx + off[0] * s, gy + off[1] * s, angle)
        else:
            canvas.place(item, gx + off[0] * s, gy + off[1] * s, angle,
                         pose=Pose(angle, tilt[0], tilt[1], z_mm + off[2]))
        out.extend(canvas.placed[before:])
    return out


def _tilt(rng: np.random.Generator, soft: bool, p_side: float = 0.3) -> tuple[float, float]:
    """Tilts of an item in a parcel: soft goods lie flat, rigid ones may be on their side.

    Guns and knives settle on their flat side more often than boxy clutter (p_side 0.15).
    """
    if soft:
        return float(rng.normal(0, 2.0)), float(rng.normal(0, 2.0))
    if rng.random() < p_side:
        side = float(rng.uniform(25, 88) * rng.choice([-1, 1]))
        return side, float(rng.normal(0, 8))
    return float(rng.normal(0, 3)), float(rng.normal(0, 3))


def _detector(rng: np.random.Generator) -> DetectorModel:
    """A randomised scanner: dose, blur, resolution and detector artefacts."""
    q_low = float(rng.uniform(4000, 12000))
    return DetectorModel(
        quanta_low=q_low,
        quanta_high=q_low * float(rng.uniform(1.3, 1.9)),
        blur_sigma_px=float(rng.uniform(0.5, 1.1)),
        crosstalk_sigma_px=float(rng.uniform(0.3, 0.7)),
        gain_spread=float(rng.uniform(0.001, 0.006)),
        resolution=1.0 if rng.random() < 0.6 else float(rng.uniform(0.55, 0.9)),
        bad_rows=int(rng.poisson(2.0)) if rng.random() < 0.5 else 0,
        flicker=float(rng.uniform(0.002, 0.012)) if rng.random() < 0.4 else 0.0,
        afterglow=float(rng.uniform(0.05, 0.3)) if rng.random() < 0.3 else 0.0,
    )


def _pick(rng: np.random.Generator, table: dict[str, tuple[ob.Builder, float]]) -> str:
    names = list(table)
    weights = np.array([table[n][1] for n in names])
    return names[int(rng.choice(len(names), p=weights / weights.sum()))]


def simulate_parcel(seed: int, threat_rate: float = 0.6) -> SimulatedScan:
    """Render one parcel. Same seed and threat_rate → identical arrays and ground truth."""
    if not 0.0 <= threat_rate <= 1.0:
        raise ValueError(f"threat_rate must be between 0 and 1, got {threat_rate}")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    seed = int(seed)
    # whether and how many threats are planted comes from its own stream, so it does not move
    # when the clutter or container code draws a different number of random values
    plan = np.random.default_rng([seed, 15])
    planned_threats = min(int(plan.geometric(0.6)), 4) if plan.random() < threat_rate else 0
    rng = np.random.default_rng(seed)
    # post parcels and luggage (luggage as real screening archives show it)
    kind = str(rng.choice(["box", "envelope", "bag", "suitcase"], p=[0.3, 0.12, 0.33, 0.25]))
    if kind == "suitcase":
        w_mm, h_mm = rng.uniform(450, 750), rng.uniform(320, 500)
    elif kind == "box":
        w_mm, h_mm = rng.uniform(220, 620), rng.uniform(160, 440)
    elif kind == "envelope":
        w_mm, h_mm = rng.uniform(220, 420), rng.uniform(160, 320)
    else:
        w_mm, h_mm = rng.uniform(330, 700), rng.uniform(240, 480)
    angle = float(rng.normal(0, 12) if rng.random() < 0.7 else rng.uniform(-90, 90))
    a = math.radians(angle)
    bb_w = abs(w_mm * math.cos(a)) + abs(h_mm * math.sin(a))
    bb_h = abs(w_mm * math.sin(a)) + abs(h_mm * math.cos(a))
    # Pixel pitch: scanners differ (0.6–1.1 mm); the parcel fills most of the frame, as in the
    # cropped images screening software shows.
    fill = rng.uniform(0.8, 0.97)
    s = min(fill * MAX_W / bb_w, fill * MAX_H / bb_h, 1.7)
    s = max(s * rng.uniform(0.85, 1.0), 0.9)
    s = min(s, (MAX_W - 40) / bb_w, (MAX_H - 30) / bb_h)
    img_w = int(np.clip(bb_w * s + rng.uniform(16, 90), MIN_W, MAX_W))
    img_h = int(np.clip(bb_h * s + rng.uniform(12, 70), MIN_H, MAX_H))
    # container depth (mm) and the fan-beam line scanner; pixel pitch s holds at mid-depth
    depth = {"box": rng.uniform(80, 350), "envelope": rng.uniform(25, 60),
             "bag": rng.uniform(120, 300), "suitcase": rng.uniform(180, 280)}[kind]
    geom = FanBeam(s=s, sdd_mm=float(rng.uniform(1500, 2500)),
                   src_row=float(rng.uniform(0.1, 0.9) * img_h), ref_z_mm=depth / 2)
    canvas = Canvas(img_h, img_w, geometry=geom)
    frame = _Frame(img_w / 2 + rng.uniform(-0.5, 0.5) * max(0, img_w - bb_w * s - 20),
                   img_h / 2 + rng.uniform(-0.5, 0.5) * max(0, img_h - bb_h * s - 20),
                   angle, h_mm * s, w_mm * s)
    if kind == "box":
        container = cardboard_box(rng, s, w_mm, h_mm, depth)
    elif kind == "envelope":
        container = padded_envelope(rng, s, w_mm, h_mm)
    elif kind == "suitcase":
        container = suitcase(rng, s, w_mm, h_mm)
    else:
        container = soft_bag(rng, s, w_mm, h_mm, depth)
    canvas.place(container, frame.cx, frame.cy, angle, pose=Pose(angle, 0.0, 0.0, depth / 2))
    inner_h, inner_w = frame.h * 0.84, frame.w * 0.86

    def height(soft: bool) -> float:
        """Height above the belt of an item's centre: soft goods settle low."""
        lo, hi = (0.1, 0.5) if soft else (0.15, 0.85)
        return float(rng.uniform(lo, hi) * depth)

    def extent(gh: float, gw: float, rot: float) -> tuple[float, float]:
        rel = math.radians(rot - angle)
        return (abs(math.sin(rel)) * gw + abs(math.cos(rel)) * gh,
                abs(math.cos(rel)) * gw + abs(math.sin(rel)) * gh)

    def fit_rotation(gh: float, gw: float, rot: float) -> float:
        """Keep the drawn rotation if the group fits; else align it with the container."""
        eh, ew = extent(gh, gw, rot)
        if eh <= inner_h and ew <= inner_w:
            return rot
        for quarter in (0.0, 90.0):
            eh, ew = extent(gh, gw, angle + quarter)
            if eh <= inner_h and ew <= inner_w:
                return angle + quarter + float(rng.choice([0.0, 180.0]))
        return angle if gw >= gh else angle + 90.0

    def spot(gh: float, gw: float, rot: float) -> tuple[float, float]:
        """A centre (container frame) keeping the rotated group inside the container."""
        ext_h, ext_w = extent(gh, gw, rot)
        su = max(0.0, inner_w - ext_w) / 2
        sv = max(0.0, inner_h - ext_h) / 2
        return float(rng.uniform(-su, su)), float(rng.uniform(-sv, sv))

    def angle_for_item() -> float:
        return angle + float(rng.choice([0, 90, 180, 270]) + rng.normal(0, 8)
                             if rng.random() < 0.6 else rng.uniform(0, 360))

    # clutter: real bags and parcels are dense, objects overlap
    area = (w_mm * h_mm) / (200 * 200)
    n_clutter = int(np.clip(round(area * rng.uniform(3.0, 7.0)), 4, 30))
    if kind == "envelope":
        n_clutter = int(rng.integers(1, 6))
    for _ in range(n_clutter):
        for _attempt in range(3):
            name = _pick(rng, ob.CLUTTER)
            group = ob.CLUTTER[name][0](rng, s)
            gh, gw = _group_extent(group)
            if min(gh, gw) <= min(inner_h, inner_w) and max(gh, gw) <= max(inner_h, inner_w):
                break
        else:
            continue
        rot = fit_rotation(gh, gw, angle_for_item())
        u, v = spot(gh, gw, rot)
        for item, _, _ in group:
            if item.is_threat:  # lithium cells inside devices
                item.concealment = "inside_electronics"
        soft = name in SOFT_CLUTTER
        _place_group(canvas, group, frame, u, v, rot, tilt=_tilt(rng, soft),
                     z_mm=height(soft))

    # threats
    n_threats = planned_threats
    for _ in range(n_threats):
        cls = THREAT_CLASSES[int(rng.integers(0, len(THREAT_CLASSES)))]
        for _attempt in range(4):
            group = ob.THREATS[cls](rng, s)
            gh, gw = _group_extent(group)
            if min(gh, gw) <= min(inner_h, inner_w) * 1.05 and max(gh, gw) <= max(inner_h,
                                                                                  inner_w) * 1.05:
                break
        else:
            continue
        rot = fit_rotation(gh, gw, angle_for_item())
        u, v = spot(gh, gw, rot)
        concealment = None
        if rng.random() < 0.35:
            concealment = str(rng.choice(CONCEALMENTS))
            if concealment in ("in_food_tin", "in_toy") and max(gh, gw) > 200 * s:
                concealment = "in_clothing" if rng.random() < 0.5 else "under_metal"
        # hidden goods lie flat inside their cover; open ones may be on their side
        tilt = _tilt(rng, soft=concealment is not None, p_side=0.15)
        z = height(False)
        _place_group(canvas, group, frame, u, v, rot, concealment, tilt=tilt, z_mm=z)
        if concealment:
            cover = _concealer(concealment, rng, s, (int(gh), int(gw)))
            ch, cw = _group_extent(cover)
            if max(ch, cw) > max(inner_h, inner_w) or min(ch, cw) > min(inner_h, inner_w):
                cover = _concealer("under_metal", rng, s, (int(gh), int(gw)))
            _place_group(canvas, cover, frame, u, v, rot, tilt=tilt, z_mm=z)

    detector = _detector(rng)
    style = pick_style(rng)
    low, high = render_channels(canvas, rng, detector)
    objects = []
    for p in canvas.placed:
        b = p.box
        if b.area < 16:
            continue
        objects.append(SimObject(p.item.label, b, _primary_material(p.item), p.item.is_threat,
                                 p.item.concealment))
    meta = {
        "container": kind,
        "container_mm": [round(w_mm), round(h_mm)],
        "pixels_per_mm": round(s, 4),
        "materials": sorted({m for p in canvas.placed for m in p.materials}),
        "threat_rate": threat_rate,
        "depth_mm": round(depth),
        "scanner": {"sdd_mm": round(geom.sdd_mm), "central_ray_row": round(geom.src_row),
                    "quanta_low": round(detector.quanta_low),
                    "quanta_high": round(detector.quanta_high),
                    "blur_px": round(detector.blur_sigma_px, 2),
                    "resolution": round(detector.resolution, 2),
                    "bad_rows": detector.bad_rows, "flicker": round(detector.flicker, 4),
                    "afterglow": round(detector.afterglow, 3)},
        "display": style,
        "generator": 2,
    }
    return SimulatedScan(seed, low, high, tuple(objects), meta)

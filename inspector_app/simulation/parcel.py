"""Whole parcels: a container (box, padded envelope, bag) filled with clutter and 0..n threats,
some of them concealed, rendered to a dual-energy pair. Deterministic for a given seed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from inspector_app.domain import Box
from inspector_app.simulation import objects as ob
from inspector_app.simulation import shapes as sh
from inspector_app.simulation.materials import material
from inspector_app.simulation.scene import Canvas, Item, Placed, new_item, render_channels

THREAT_CLASSES: tuple[str, ...] = (
    "handgun",
    "knife",
    "ammunition",
    "powder_pack",
    "pill_pack",
    "liquid_container",
    "banknote_stack",
    "cigarette_carton",
    "lithium_battery",
    "wildlife",
)
CONCEALMENTS: tuple[str, ...] = ("inside_electronics", "under_metal", "between_books",
                                 "in_food_tin")
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


def soft_bag(rng: np.random.Generator, s: float, w_mm: float, h_mm: float) -> Item:
    """Polyester courier bag or holdall: crumpled fabric, seams, maybe zip and buckles."""
    h, w = sh.px(h_mm, s), sh.px(w_mm, s)
    it = new_item("bag", h, w)
    outline = sh.blob_outline(48, w * 0.47, h * 0.46, 0.06, rng) + np.array([w / 2, h / 2])
    mask = sh.polygon(h, w, outline, 1.0)
    crumple = (0.5 + sh.smooth_noise(h, w, 30 * s, rng)) * (
        0.85 + 0.3 * sh.smooth_noise(h, w, 2.5, rng))
    fabric = "polyester" if rng.random() < 0.7 else "polyethylene"
    it.add(fabric, mask * crumple * rng.uniform(0.4, 1.2))
    it.add(fabric, sh.polyline(h, w, np.vstack([outline, outline[:1]]), sh.px(6, s), 2.5))
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
    it.add("abs" if hard else "polyester", shell + np.clip(rim, 0, None) * depth * 0.08)
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
        for mat, t in board.items():
            lay = np.zeros((h, w), np.float32)
            lay[sh.px(6, s):sh.px(6, s) + t.shape[0], sh.px(6, s):sh.px(6, s) + t.shape[1]] = t
            dev.add(mat, lay)
        tr = np.zeros((h, w), np.float32)
        tr[-h // 4 - sh.px(10, s):-sh.px(10, s), -w // 5 - sh.px(10, s):-sh.px(10, s)] = 25.0
        dev.add("steel", tr * 0.6)
        dev.add("copper", tr * 0.4)
        return [(dev, 0.0, 0.0), *ob.cable(rng, s, 600)[:1]]
    # in_food_tin: a steel tin around the threat (contents replaced by the threat)
    d = int(max(th, tw) * 1.15) + sh.px(10, s)
    tin = new_item("food_tin", d, d)
    tin.add("steel", sh.disc(d, d, 0.5, wall_mm=0.8, height_mm=rng.uniform(15, 28)))
    return [(tin, 0.0, 0.0)]


# ---------------------------------------------------------------- composition


def _primary_material(item: Item) -> str:
    best, best_mass = "", -1.0
    for name, t in item.layers.items():
        if name.startswith("_"):
            continue
        mass = float(t.sum()) * material(name).density
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
                 angle: float, concealment: str | None = None) -> list[Placed]:
    out = []
    a = math.radians(angle - frame.angle)
    for item, dx, dy in group:
        if concealment and item.is_threat:
            item.concealment = concealment
        # offset rotated with the group, then into the container frame
        ru = u + dx * math.cos(a) + dy * math.sin(a)
        rv = v - dx * math.sin(a) + dy * math.cos(a)
        x, y = frame.to_image(ru, rv)
        before = len(canvas.placed)
        canvas.place(item, x, y, angle)
        out.extend(canvas.placed[before:])
    return out


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
    rng = np.random.default_rng(seed)
    kind = str(rng.choice(["box", "envelope", "bag", "suitcase"], p=[0.45, 0.18, 0.25, 0.12]))
    if kind == "suitcase":
        w_mm, h_mm = rng.uniform(420, 650), rng.uniform(300, 450)
    elif kind == "box":
        w_mm, h_mm = rng.uniform(220, 620), rng.uniform(160, 440)
    elif kind == "envelope":
        w_mm, h_mm = rng.uniform(220, 420), rng.uniform(160, 320)
    else:
        w_mm, h_mm = rng.uniform(280, 600), rng.uniform(200, 430)
    angle = float(rng.normal(0, 12) if rng.random() < 0.7 else rng.uniform(-90, 90))
    a = math.radians(angle)
    bb_w = abs(w_mm * math.cos(a)) + abs(h_mm * math.sin(a))
    bb_h = abs(w_mm * math.sin(a)) + abs(h_mm * math.cos(a))
    # Pixel pitch: scanners differ (0.6–1.1 mm); the parcel fills most of the frame, as in the
    # cropped images screening software shows.
    fill = rng.uniform(0.72, 0.92)
    s = min(fill * MAX_W / bb_w, fill * MAX_H / bb_h, 1.7)
    s = max(s * rng.uniform(0.85, 1.0), 0.9)
    s = min(s, (MAX_W - 40) / bb_w, (MAX_H - 30) / bb_h)
    img_w = int(np.clip(bb_w * s + rng.uniform(40, 140), MIN_W, MAX_W))
    img_h = int(np.clip(bb_h * s + rng.uniform(30, 110), MIN_H, MAX_H))
    canvas = Canvas(img_h, img_w)
    frame = _Frame(img_w / 2 + rng.uniform(-0.5, 0.5) * max(0, img_w - bb_w * s - 20),
                   img_h / 2 + rng.uniform(-0.5, 0.5) * max(0, img_h - bb_h * s - 20),
                   angle, h_mm * s, w_mm * s)
    if kind == "box":
        container = cardboard_box(rng, s, w_mm, h_mm, rng.uniform(80, 350))
    elif kind == "envelope":
        container = padded_envelope(rng, s, w_mm, h_mm)
    elif kind == "suitcase":
        container = suitcase(rng, s, w_mm, h_mm)
    else:
        container = soft_bag(rng, s, w_mm, h_mm)
    canvas.place(container, frame.cx, frame.cy, angle)
    inner_h, inner_w = frame.h * 0.86, frame.w * 0.88

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

    # clutter
    area = (w_mm * h_mm) / (200 * 200)
    n_clutter = int(np.clip(round(area * rng.uniform(2.0, 4.5)), 2, 20))
    if kind == "envelope":
        n_clutter = int(rng.integers(1, 5))
    for _ in range(n_clutter):
        for _attempt in range(3):
            group = ob.CLUTTER[_pick(rng, ob.CLUTTER)][0](rng, s)
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
        _place_group(canvas, group, frame, u, v, rot)

    # threats
    n_threats = 0
    if rng.random() < threat_rate:
        n_threats = 1 + int(rng.geometric(0.6)) - 1
        n_threats = min(n_threats, 4)
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
            if concealment == "in_food_tin" and max(gh, gw) > 200 * s:
                concealment = "under_metal"
        _place_group(canvas, group, frame, u, v, rot, concealment)
        if concealment:
            cover = _concealer(concealment, rng, s, (int(gh), int(gw)))
            ch, cw = _group_extent(cover)
            if max(ch, cw) > max(inner_h, inner_w) or min(ch, cw) > min(inner_h, inner_w):
                cover = _concealer("under_metal", rng, s, (int(gh), int(gw)))
            _place_group(canvas, cover, frame, u, v, rot)

    low, high = render_channels(canvas, rng)
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
    }
    return SimulatedScan(seed, low, high, tuple(objects), meta)

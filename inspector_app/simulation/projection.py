"""3-D pose and fan-beam projection of items onto the scene's line-integral canvas.

An item is a *3-D solid*: one or more slabs, each a per-pixel thickness map of materials lying
symmetric about its own mid-plane at a height offset along the item's normal. That is exact for
plates, boxes, extruded profiles, rods and revolved profiles lying along the plane and for
ellipsoids; hollow parts are modelled as separate slabs (walls of a pistol slide, a tin's lid and
base). The item is posed with a full 3-D rotation (in-plane angle and two tilts) at a height
above the belt and projected with a line scanner's geometry:

* along the belt (image x) every column is its own exposure, so the projection is parallel;
* across the belt (image y) the rays fan out from a point source at distance ``sdd_mm`` from the
  detector line, so an item higher above the belt is magnified and seen along oblique rays.

Two renderers share that geometry. Thin or nearly flat items go through one affine warp of their
line-integral maps (the mid-plane's projection, linearised at the item's centre, with the chord
lengthened by 1/|n·u|). Thick items posed at a visible tilt are ray-cast: for every detector pixel
the ray through the fan is clipped to the item's local bounding box and sampled at stratified
points, where the slab's thickness map decides (softly) whether the point is inside the solid.
That shows what a tilted pistol or knife really looks like: the spine and the flat of the blade
foreshorten and the thickness, so colour and darkness, changes across the object.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

RAYCAST_SAMPLES = 6  # stratified samples per ray inside an item's bounding box
RAYCAST_MIN_SMEAR_PX = 2.5  # ray-cast when a tilt would smear side walls over more pixels
MAX_REMAP_COLS = 4096  # cv2.remap maps must stay below 32767 in each dimension


@dataclass(frozen=True)
class FanBeam:
    """Line-scanner geometry: pixel pitch at the detector plane, source distance, central ray."""

    s: float  # pixels per millimetre at the detector (belt) plane
    sdd_mm: float = 1800.0  # source-to-detector distance
    src_row: float = 0.0  # image row of the central ray (the source's foot point)
    ref_z_mm: float = 0.0  # height at which the pixel pitch is s (e.g. a parcel's mid-height)

    def magnification(self, z_mm: float | np.ndarray) -> float | np.ndarray:
        """How much larger a point z_mm above the belt appears than one at ref_z_mm."""
        return (self.sdd_mm - self.ref_z_mm) / np.maximum(self.sdd_mm - z_mm, 1.0)

    def to_image(
        self, x_mm: np.ndarray, y_mm: np.ndarray, z_mm: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """World millimetres (x along the belt, y across, z up) to image (column, row)."""
        col = np.asarray(x_mm) * self.s
        row = self.src_row + (np.asarray(y_mm) * self.s - self.src_row) * self.magnification(
            np.asarray(z_mm)
        )
        return col, row


@dataclass(frozen=True)
class Pose:
    """An item's pose: in-plane angle (degrees, OpenCV sense), two tilts and its height."""

    angle: float = 0.0
    tilt_x: float = 0.0  # rotation about the item's own x axis (rolls it onto its side)
    tilt_y: float = 0.0  # rotation about the item's own y axis (lifts one end)
    z_mm: float = 0.0  # height of the item's centre above the belt


def rotation(pose: Pose) -> np.ndarray:
    """3 × 3 local-to-world rotation: in-plane rotation after the two tilts."""
    a, bx, by = (math.radians(v) for v in (pose.angle, pose.tilt_x, pose.tilt_y))
    ca, sa = math.cos(a), math.sin(a)
    rz = np.array([[ca, sa, 0.0], [-sa, ca, 0.0], [0.0, 0.0, 1.0]])  # matches cv2 on screen
    cx, sx = math.cos(bx), math.sin(bx)
    rx = np.array([[1.0, 0.0, 0.0], [0.0, cx, -sx], [0.0, sx, cx]])
    cy, sy = math.cos(by), math.sin(by)
    ry = np.array([[cy, 0.0, sy], [0.0, 1.0, 0.0], [-sy, 0.0, cy]])
    return rz @ ry @ rx


@dataclass
class Slab:
    """Line-integral maps of one slab of an item, ready to project."""

    z_off_mm: float
    thick: np.ndarray  # total thickness (mm) per local pixel
    lp: np.ndarray  # photo-electric line integral through the full thickness
    lc: np.ndarray  # Compton line integral through the full thickness
    x0: int = 0  # where this (cropped) slab's patch sits in the item's patch, pixels
    y0: int = 0

    def cropped(self) -> Slab:
        """The same slab cut to its non-empty pixels (ray casting then covers less)."""
        ys, xs = np.nonzero(self.thick > 0)
        if ys.size == 0:
            return self
        a, b, c, d = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
        return Slab(
            self.z_off_mm,
            self.thick[a:b, c:d],
            self.lp[a:b, c:d],
            self.lc[a:b, c:d],
            self.x0 + int(c),
            self.y0 + int(a),
        )


def ray_direction(geom: FanBeam, row_mm: np.ndarray) -> np.ndarray:
    """Unit vectors from detector rows towards the source: shape (..., 3)."""
    dy = geom.src_row / geom.s - row_mm
    norm = np.sqrt(dy * dy + geom.sdd_mm**2)
    return np.stack([np.zeros_like(dy), dy / norm, np.full_like(dy, geom.sdd_mm) / norm], -1)


def needs_raycast(slabs: list[Slab], rot: np.ndarray, geom: FanBeam, centre_y_mm: float) -> bool:
    """True where an affine warp would miss more than a few pixels of the solid's side walls."""
    u = ray_direction(geom, np.array([centre_y_mm]))[0]
    cos_t = abs(float(rot[:, 2] @ u))
    thick = max(float(sl.thick.max()) + 2 * abs(sl.z_off_mm) for sl in slabs)
    tan_t = math.sqrt(max(0.0, 1 - cos_t * cos_t)) / max(cos_t, 1e-3)
    return thick * tan_t * geom.s > RAYCAST_MIN_SMEAR_PX


def project_affine(
    slabs: list[Slab],
    rot: np.ndarray,
    centre: np.ndarray,
    geom: FanBeam,
    shape: tuple[int, int],
    out_hw: tuple[int, int],
) -> tuple[np.ndarray, np.ndarray, tuple[int, int]] | None:
    """Warp the summed line-integral maps by the projection linearised at the item's centre.

    Returns (p, c, (x0, y0)) patches and their canvas offset, or None when off the canvas.
    """
    ih, iw = shape
    s = geom.s
    cj, ci = (iw - 1) / 2.0, (ih - 1) / 2.0
    lp = np.zeros(shape, np.float32)
    lc = np.zeros(shape, np.float32)
    for sl in slabs:
        sh_, sw_ = sl.lp.shape
        lp[sl.y0 : sl.y0 + sh_, sl.x0 : sl.x0 + sw_] += sl.lp
        lc[sl.y0 : sl.y0 + sh_, sl.x0 : sl.x0 + sw_] += sl.lc
    # three local points (pixels) -> world -> image, one per slab offset averaged
    z_off = float(np.mean([sl.z_off_mm for sl in slabs]))
    loc = np.array([[0.0, 0.0, z_off], [1.0 / s, 0.0, z_off], [0.0, 1.0 / s, z_off]])
    world = centre[None, :] + loc @ rot.T
    col, row = geom.to_image(world[:, 0], world[:, 1], world[:, 2])
    a = np.array([[col[1] - col[0], col[2] - col[0]], [row[1] - row[0], row[2] - row[0]]])
    u = ray_direction(geom, np.array([centre[1]]))[0]
    chord = 1.0 / max(abs(float(rot[:, 2] @ u)), 0.15)
    corners = np.array([[-cj, -ci], [cj + 1, -ci], [-cj, ci + 1], [cj + 1, ci + 1]]) @ a.T
    x_lo = math.floor(col[0] + corners[:, 0].min()) - 1
    y_lo = math.floor(row[0] + corners[:, 1].min()) - 1
    x_hi = math.ceil(col[0] + corners[:, 0].max()) + 2
    y_hi = math.ceil(row[0] + corners[:, 1].max()) + 2
    h, w = out_hw
    dx0, dy0, dx1, dy1 = max(x_lo, 0), max(y_lo, 0), min(x_hi, w), min(y_hi, h)
    if dx1 <= dx0 or dy1 <= dy0:
        return None
    m = np.zeros((2, 3))
    m[:, :2] = a
    m[:, 2] = [col[0] - dx0, row[0] - dy0] - a @ np.array([cj, ci])
    size = (dx1 - dx0, dy1 - dy0)
    wp = cv2.warpAffine(lp.astype(np.float32), m, size, flags=cv2.INTER_LINEAR, borderValue=0)
    wc = cv2.warpAffine(lc.astype(np.float32), m, size, flags=cv2.INTER_LINEAR, borderValue=0)
    return wp * np.float32(chord), wc * np.float32(chord), (dx0, dy0)


def project_raycast(
    slabs: list[Slab],
    rot: np.ndarray,
    centre: np.ndarray,
    geom: FanBeam,
    shape: tuple[int, int],
    out_hw: tuple[int, int],
    samples: int = RAYCAST_SAMPLES,
) -> tuple[np.ndarray, np.ndarray, tuple[int, int]] | None:
    """Cast the fan-beam rays of every covered detector pixel through each slab."""
    ih, iw = shape
    s = geom.s

    def frame(sl: Slab) -> tuple[float, float, float, float]:
        """Slab patch centre (local mm, relative to the item centre) and half extents."""
        sh_, sw_ = sl.thick.shape
        cx = (sl.x0 + (sw_ - 1) / 2.0 - (iw - 1) / 2.0) / s
        cy = (sl.y0 + (sh_ - 1) / 2.0 - (ih - 1) / 2.0) / s
        return cx, cy, (sw_ / 2.0 + 0.5) / s, (sh_ / 2.0 + 0.5) / s

    # image footprint: project the bounding boxes' corners
    corners = []
    for sl in slabs:
        cx, cy, hx, hy = frame(sl)
        hz = float(sl.thick.max()) / 2.0 + 0.5
        for sx in (-1, 1):
            for sy in (-1, 1):
                for sz in (-1, 1):
                    corners.append([cx + sx * hx, cy + sy * hy, sl.z_off_mm + sz * hz])
    world = centre[None, :] + np.asarray(corners) @ rot.T
    col, row = geom.to_image(world[:, 0], world[:, 1], world[:, 2])
    h, w = out_hw
    x0, y0 = max(math.floor(col.min()) - 1, 0), max(math.floor(row.min()) - 1, 0)
    x1, y1 = min(math.ceil(col.max()) + 2, w), min(math.ceil(row.max()) + 2, h)
    if x1 <= x0 or y1 <= y0:
        return None
    ph, pw = y1 - y0, x1 - x0
    # image rows -> detector positions across the belt (pitch s is defined at ref_z_mm)
    src_y = geom.src_row / s
    k_det = geom.sdd_mm / (geom.sdd_mm - geom.ref_z_mm)
    rows_mm = src_y + (np.arange(y0, y1, dtype=np.float64) / s - src_y) * k_det
    cols_mm = (np.arange(x0, x1, dtype=np.float64)) / s
    u = ray_direction(geom, rows_mm)  # (ph, 3)
    d_loc_rows = u @ rot  # R^T u for each row: (ph, 3)
    out_p = np.zeros(ph * pw, np.float32)
    out_c = np.zeros(ph * pw, np.float32)
    # detector points (col, row, 0) relative to the item's centre, in local coordinates
    rel_row = np.stack([np.zeros(ph), rows_mm - centre[1], np.full(ph, -centre[2])], -1) @ rot
    rel_col = cols_mm - centre[0]
    for sl in slabs:
        hz = float(sl.thick.max()) / 2.0 + 0.25
        if hz <= 0.25:
            continue
        # p = R^T (D - C) = rel_row[row] + rel_col[col] * R^T e_x, per axis as (ph, pw)
        cx, cy, hx, hy = frame(sl)
        ex = rot[0, :]  # R^T e_x
        centre_off = (cx, cy, sl.z_off_mm)
        t0 = np.full((ph, pw), -1e9, np.float32)
        t1 = np.full((ph, pw), 1e9, np.float32)
        p_axes = []
        for k, hk in enumerate((hx, hy, hz)):
            pk = (rel_row[:, k] - centre_off[k]).astype(np.float32)[:, None] + (
                rel_col * ex[k]
            ).astype(np.float32)[None, :]
            dk = d_loc_rows[:, k].astype(np.float32)
            dk = np.where(np.abs(dk) < 1e-7, np.float32(1e-7), dk)[:, None]
            inv = np.float32(1.0) / dk
            ta = (-hk - pk) * inv
            tb = (hk - pk) * inv
            np.maximum(t0, np.minimum(ta, tb), out=t0)
            np.minimum(t1, np.maximum(ta, tb), out=t1)
            p_axes.append(pk)
        t0, t1 = t0.ravel(), t1.ravel()
        idx = np.nonzero(t1 > t0)[0]
        if idx.size == 0:
            continue
        pv = np.stack([pa.ravel()[idx] for pa in p_axes], -1)
        dv = d_loc_rows[idx // pw].astype(np.float32)
        ta = t0[idx].astype(np.float32)
        dt = (t1[idx] - t0[idx]).astype(np.float32) / samples
        delta = np.maximum(np.abs(dv[:, 2]) * dt, np.float32(0.05))
        with np.errstate(invalid="ignore", divide="ignore"):
            pd = np.where(sl.thick > 0, sl.lp / np.maximum(sl.thick, 1e-6), 0).astype(np.float32)
            cd = np.where(sl.thick > 0, sl.lc / np.maximum(sl.thick, 1e-6), 0).astype(np.float32)
        raster = np.dstack([sl.thick.astype(np.float32) * 0.5, pd, cd])
        n = idx.size
        sh_, sw_ = sl.thick.shape
        cj, ci = (sw_ - 1) / 2.0, (sh_ - 1) / 2.0
        # all samples of all rays at once: (samples, n)
        frac = (np.arange(samples, dtype=np.float32) + 0.5)[:, None]
        t = ta[None, :] + frac * dt[None, :]
        qx = pv[:, 0] + t * dv[:, 0]
        qy = pv[:, 1] + t * dv[:, 1]
        qz = np.abs(pv[:, 2] + t * dv[:, 2])
        total = samples * n
        cols = min(total, MAX_REMAP_COLS)
        rows_n = -(-total // cols)
        pad = rows_n * cols - total
        mx = np.pad((qx * np.float32(s) + np.float32(cj)).ravel(), (0, pad)).reshape(rows_n, cols)
        my = np.pad((qy * np.float32(s) + np.float32(ci)).ravel(), (0, pad)).reshape(rows_n, cols)
        vals = cv2.remap(
            raster,
            mx,
            my,
            interpolation=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_CONSTANT,
            borderValue=0,
        )
        vals = vals.reshape(-1, 3)[:total].reshape(samples, n, 3)
        inside = np.clip((vals[..., 0] - qz) / delta[None, :] + 0.5, 0.0, 1.0)
        acc_p = (inside * vals[..., 1]).sum(0) * dt
        acc_c = (inside * vals[..., 2]).sum(0) * dt
        out_p[idx] += acc_p
        out_c[idx] += acc_c
    return out_p.reshape(ph, pw), out_c.reshape(ph, pw), (x0, y0)

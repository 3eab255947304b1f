"""Thickness-map primitives: small float32 patches of material thickness in millimetres.

Geometry is built in millimetres and rasterised at `s` pixels per millimetre, so object sizes stay
physical whatever the scanner's pixel pitch. Profiles are analytic (chords of cylinders and
ellipsoids), because the line integral through a curved object is what gives X-ray images their
soft, shaded look.
"""

from __future__ import annotations

import cv2
import numpy as np


def grid(h: int, w: int) -> tuple[np.ndarray, np.ndarray]:
    """Pixel-centre coordinates relative to the patch centre: (y, x) float32 arrays."""
    y = np.arange(h, dtype=np.float32)[:, None] - (h - 1) / 2.0
    x = np.arange(w, dtype=np.float32)[None, :] - (w - 1) / 2.0
    return y, x


def px(mm: float, s: float) -> int:
    """Millimetres to a whole, at least 1, number of pixels."""
    return max(1, round(mm * s))


def box(h: int, w: int, t_mm: float) -> np.ndarray:
    return np.full((h, w), t_mm, dtype=np.float32)


def ellipsoid(h: int, w: int, t_mm: float) -> np.ndarray:
    """Chord lengths through an ellipsoid whose footprint fills the patch; peak t_mm."""
    y, x = grid(h, w)
    r2 = (2 * y / max(h, 1)) ** 2 + (2 * x / max(w, 1)) ** 2
    return (t_mm * np.sqrt(np.clip(1.0 - r2, 0.0, None))).astype(np.float32)


def rounded_box(h: int, w: int, t_mm: float, radius_px: float, soft_px: float = 0.0) -> np.ndarray:
    """Flat slab with rounded corners; soft_px rounds the edge profile (pillow-like)."""
    y, x = grid(h, w)
    qx = np.abs(x) - (w / 2.0 - radius_px)
    qy = np.abs(y) - (h / 2.0 - radius_px)
    outside = np.hypot(np.maximum(qx, 0), np.maximum(qy, 0)) + np.minimum(np.maximum(qx, qy), 0)
    depth = radius_px - outside  # distance inside the outline
    if soft_px > 0:
        prof = np.sqrt(np.clip(depth / soft_px, 0.0, 1.0) * (2 - np.clip(depth / soft_px, 0, 1)))
    else:
        prof = np.clip(depth + 0.5, 0.0, 1.0)
    return (t_mm * prof).astype(np.float32)


def cylinder(h: int, w: int, diameter_mm: float, wall_mm: float | None = None) -> np.ndarray:
    """Cylinder lying along x filling the patch height: chord through (hollow) circle."""
    y, _ = grid(h, w)
    r = h / 2.0
    u = np.abs(y) / r
    outer = np.sqrt(np.clip(1 - u**2, 0, None)) * diameter_mm
    if wall_mm is not None and wall_mm < diameter_mm / 2:
        ri = 1.0 - 2 * wall_mm / diameter_mm
        inner = np.sqrt(np.clip(ri**2 - u**2, 0, None)) * diameter_mm
        outer = outer - inner
    return np.broadcast_to(outer, (h, w)).astype(np.float32).copy()


def disc(h: int, w: int, t_mm: float, wall_mm: float | None = None, height_mm: float = 0.0) -> \
        np.ndarray:
    """Upright cylinder seen from above (can, jar, coin): flat t_mm, plus its wall seen edge-on."""
    y, x = grid(h, w)
    r = np.hypot(2 * y / h, 2 * x / w)
    out = np.where(r <= 1.0, t_mm, 0.0).astype(np.float32)
    if wall_mm and height_mm:
        rim = wall_mm / (max(h, w) / 2.0)
        # chord through a ring of thickness `rim` (normalised): vertical wall seen end-on
        ring = (r <= 1.0) & (r >= 1.0 - rim * 1.0)
        out = out + np.where(ring, height_mm, 0.0).astype(np.float32)
    return out


def polygon(h: int, w: int, pts: np.ndarray, t_mm: float) -> np.ndarray:
    """Flat slab with a polygon outline; pts in patch pixels (x, y)."""
    mask = np.zeros((h, w), np.uint8)
    cv2.fillPoly(mask, [np.round(pts * 16).astype(np.int32)], 255, cv2.LINE_AA, shift=4)
    return (mask.astype(np.float32) * (t_mm / 255.0)).astype(np.float32)


def polyline(h: int, w: int, pts: np.ndarray, width_px: int, t_mm: float) -> np.ndarray:
    mask = np.zeros((h, w), np.uint8)
    cv2.polylines(mask, [np.round(pts * 16).astype(np.int32)], False, 255, max(1, width_px),
                  cv2.LINE_AA, shift=4)
    return (mask.astype(np.float32) * (t_mm / 255.0)).astype(np.float32)


def circle(arr: np.ndarray, cx: float, cy: float, r_px: float, t_mm: float) -> None:
    """Add a flat disc to arr in place (anti-aliased)."""
    mask = np.zeros(arr.shape, np.uint8)
    cv2.circle(mask, (round(cx * 16), round(cy * 16)), max(1, round(r_px * 16)), 255, -1,
               cv2.LINE_AA, shift=4)
    arr += mask.astype(np.float32) * (t_mm / 255.0)


def smooth_noise(h: int, w: int, cell_px: float, rng: np.random.Generator) -> np.ndarray:
    """Smooth random field in [0, 1] with features about cell_px wide (crumples, density)."""
    gh, gw = max(2, int(h / cell_px) + 2), max(2, int(w / cell_px) + 2)
    small = rng.random((gh, gw), dtype=np.float32)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC).clip(0, 1)


def blob_outline(n: int, rx: float, ry: float, rough: float, rng: np.random.Generator) -> \
        np.ndarray:
    """Closed irregular outline (bags, skins, pouches) around (0, 0): array of (x, y)."""
    ang = np.linspace(0, 2 * np.pi, n, endpoint=False)
    k = np.arange(1, 5)
    phase = rng.uniform(0, 2 * np.pi, 4)
    amp = rng.normal(0, rough, 4) / k
    wobble = 1 + (amp[None, :] * np.cos(k[None, :] * ang[:, None] + phase[None, :])).sum(1)
    return np.stack([rx * wobble * np.cos(ang), ry * wobble * np.sin(ang)], axis=1)


def walls(footprint: np.ndarray, s: float, wall_mm: float, height_mm: float) -> np.ndarray:
    """Side walls of a hollow object seen edge-on: a band along the footprint's outline.

    A wall wall_mm thick and height_mm tall projects to a band wall_mm wide and height_mm deep;
    the band is at least one pixel wide, with thickness scaled so the mass is conserved.
    """
    mask = (footprint > 0).astype(np.uint8)
    width_px = max(1, round(wall_mm * s))
    k = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * width_px + 1, 2 * width_px + 1))
    band = mask - cv2.erode(mask, k, borderType=cv2.BORDER_CONSTANT, borderValue=0)
    return band.astype(np.float32) * np.float32(height_mm * wall_mm * s / width_px)

"""Threat Image Projection (TIP): threat signatures and their physical projection into any scan.

A signature is the noise-free low/high *transmission* of one threat seen alone (air = 1.0), plus
its mask. Projecting multiplies transmissions, T = T_bag × T_threat, in normalised transmission
space (value / 65535), which is exactly Beer–Lambert: the log-attenuations of bag and threat add.
That works on any 16-bit dual-energy pair, simulated or from a real scanner.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from inspector_app.domain import Box

MASK_ATTENUATION = 0.01  # a pixel belongs to the threat when it removes > ~1 % of the beam


@dataclass(frozen=True, eq=False)
class ThreatSignature:
    """Transmission patches (float32, (0, 1], 1 = no attenuation) and mask of one threat."""

    label: str
    low: np.ndarray
    high: np.ndarray
    mask: np.ndarray
    pixels_per_mm: float
    seed: int = -1

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        np.savez_compressed(path, label=self.label, low=self.low, high=self.high, mask=self.mask,
                            pixels_per_mm=self.pixels_per_mm, seed=self.seed)
        return path if path.suffix == ".npz" else path.with_name(path.name + ".npz")

    @classmethod
    def load(cls, path: str | Path) -> ThreatSignature:
        try:
            with np.load(path, allow_pickle=False) as d:
                sig = cls(str(d["label"]), d["low"].astype(np.float32),
                          d["high"].astype(np.float32), d["mask"].astype(bool),
                          float(d["pixels_per_mm"]), int(d["seed"]))
        except (OSError, KeyError, ValueError) as exc:
            raise ValueError(f"{path} is not a threat signature file: {exc}") from exc
        _check_signature(sig)
        return sig


def _check_signature(sig: ThreatSignature) -> None:
    if sig.low.shape != sig.high.shape or sig.low.shape != sig.mask.shape:
        raise ValueError("threat signature patches differ in size")
    if sig.low.size == 0:
        raise ValueError("threat signature is empty")
    if np.any(sig.low <= 0) or np.any(sig.high <= 0) or np.any(sig.low > 1.0) or np.any(
            sig.high > 1.0):
        raise ValueError("threat signature transmissions must lie in (0, 1]")


def make_signature(label: str, seed: int, pixels_per_mm: float = 1.2,
                   angle_deg: float | None = None) -> ThreatSignature:
    """Render one threat of class `label` alone (no noise, with detector blur) as a signature."""
    import cv2

    from inspector_app.simulation import objects, physics
    from inspector_app.simulation.parcel import THREAT_CLASSES
    from inspector_app.simulation.scene import Canvas

    if label not in THREAT_CLASSES:
        raise ValueError(f"unknown threat class {label!r}; known: {', '.join(THREAT_CLASSES)}")
    rng = np.random.default_rng(seed)
    group = objects.THREATS[label](rng, pixels_per_mm)
    angle = float(rng.uniform(0, 360)) if angle_deg is None else angle_deg
    size = int(sum(max(it.shape) for it, _, _ in group) * 1.5) + 40
    canvas = Canvas(size, size)
    rad = np.radians(angle)
    for item, dx, dy in group:
        x = size / 2 + dx * np.cos(rad) + dy * np.sin(rad)
        y = size / 2 - dx * np.sin(rad) + dy * np.cos(rad)
        canvas.place(item, x, y, angle)
    a_low, a_high = physics.attenuations(canvas.p, canvas.c)
    t_low = cv2.GaussianBlur(np.exp(-a_low), (0, 0), 0.7)
    t_high = cv2.GaussianBlur(np.exp(-a_high), (0, 0), 0.7)
    mask = (1.0 - t_low) > MASK_ATTENUATION
    ys, xs = np.nonzero(mask)
    if ys.size == 0:
        raise ValueError(f"threat {label!r} (seed {seed}) rendered empty")
    pad = 3
    y0, y1 = max(0, ys.min() - pad), min(size, ys.max() + pad + 1)
    x0, x1 = max(0, xs.min() - pad), min(size, xs.max() + pad + 1)
    clip = np.float32(1.0 / 65535.0)
    return ThreatSignature(
        label,
        np.clip(t_low[y0:y1, x0:x1], clip, 1.0).astype(np.float32),
        np.clip(t_high[y0:y1, x0:x1], clip, 1.0).astype(np.float32),
        mask[y0:y1, x0:x1].copy(),
        pixels_per_mm,
        seed,
    )


def project_threat(low: np.ndarray, high: np.ndarray, signature: ThreatSignature, x: int, y: int,
                   rng: np.random.Generator | None = None,
                   quanta: tuple[float, float] = (5000.0, 8000.0),
                   ) -> tuple[np.ndarray, np.ndarray, Box]:
    """Project a signature with its top-left corner at (x, y); returns new low, high and box.

    T_new = T_bag × T_threat per channel. With `rng`, the quantum noise the thinner beam would
    have had is added (variance T_new·(1 − T_threat)/quanta), so the projected region is as
    grainy as a real threat would be; without it the result is deterministic.
    """
    for name, ch in (("low", low), ("high", high)):
        if not isinstance(ch, np.ndarray) or ch.ndim != 2 or ch.dtype != np.uint16:
            raise ValueError(f"the {name}-energy channel must be a 2-D uint16 transmission image")
    if low.shape != high.shape:
        raise ValueError(f"low and high channels differ in size: {low.shape} vs {high.shape}")
    _check_signature(signature)
    h, w = low.shape
    sh, sw = signature.low.shape
    x, y = int(x), int(y)
    dx0, dy0, dx1, dy1 = max(x, 0), max(y, 0), min(x + sw, w), min(y + sh, h)
    if dx1 <= dx0 or dy1 <= dy0:
        raise ValueError(f"threat at ({x}, {y}) lies outside the {w}×{h} scan")
    sx0, sy0 = dx0 - x, dy0 - y
    sl = (slice(sy0, sy0 + dy1 - dy0), slice(sx0, sx0 + dx1 - dx0))
    out = []
    for k, (ch, t_threat) in enumerate(((low, signature.low), (high, signature.high))):
        bag = ch[dy0:dy1, dx0:dx1].astype(np.float64) / 65535.0
        tt = t_threat[sl].astype(np.float64)
        new = bag * tt
        if rng is not None:
            new = new + rng.normal(0.0, 1.0, new.shape) * np.sqrt(
                np.clip(new * (1.0 - tt), 0.0, None) / quanta[k])
        res = ch.copy()
        res[dy0:dy1, dx0:dx1] = np.clip(np.round(new * 65535.0), 0, 65535).astype(np.uint16)
        out.append(res)
    ys, xs = np.nonzero(signature.mask[sl])
    if ys.size == 0:
        raise ValueError("the visible part of the threat is empty at this position")
    box = Box(float(dx0 + xs.min()), float(dy0 + ys.min()), float(dx0 + xs.max() + 1),
              float(dy0 + ys.max() + 1))
    return out[0], out[1], box


def export_library(out_dir: str | Path, per_class: int = 5, seed: int = 0,
                   pixels_per_mm: float = 1.2) -> list[Path]:
    """Write `per_class` signatures of every threat class as <class>_<n>.npz files."""
    from inspector_app.simulation.parcel import THREAT_CLASSES

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for ci, label in enumerate(THREAT_CLASSES):
        for n in range(per_class):
            sig = make_signature(label, seed + ci * 1000 + n, pixels_per_mm)
            paths.append(sig.save(out / f"{label}_{n:03d}.npz"))
    return paths

"""Dual-energy maths and the standard pseudo-colour rendering of a low/high transmission pair.

Input: two 16-bit transmission images (0..65535, 65535 = no attenuation). For every pixel the
log-attenuations a = −ln T of both channels give

* the ratio R = a_low / a_high, which grows with effective atomic number (photo-electric effect is
  stronger at low energy and scales ~Z³), and
* the attenuation itself, which grows with density × thickness.

Because of beam hardening the ratio of one material falls as it gets thicker, so a fixed threshold
on R misclassifies thick organics and thin metals. The palette therefore holds *iso-Z curves*:
the ratio of pure elements of known Z as a function of a_high, measured (or modelled) for the
scanner. A pixel's effective Z is read by interpolating its R between those curves at its a_high,
and colour follows the usual convention: Z ≲ 10 organic orange, 10–18 mixed/inorganic green,
≳ 18 metal blue, impenetrable black; brightness falls with attenuation, near-white background.

Everything is folded into one 2-D lookup table indexed by the quantised pair, so rendering a
frame is three gathers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import numpy as np

A_MAX = float(np.log(65535.0))  # attenuation of a one-count pixel: the end of the scale
N_BINS = 512

# Default calibration: a 100 kVp tungsten tube with a sandwich detector (0.3 mm CsI front,
# 0.5 mm Cu, 4 mm CsI rear), the common parcel-scanner design. Ratios of pure elements at each
# high-channel attenuation. A real scanner can pass its own curves (same layout) to Palette.
_A_HIGH = (0.02, 0.032, 0.052, 0.084, 0.135, 0.218, 0.352, 0.568, 0.916, 1.478, 2.383, 3.844,
           6.2, 10.0)
_ISO_Z: dict[int, tuple[float, ...]] = {
    6: (1.201, 1.201, 1.2, 1.199, 1.197, 1.195, 1.191, 1.185, 1.177, 1.166, 1.152, 1.136, 1.118,
        1.099),
    8: (1.398, 1.396, 1.392, 1.387, 1.379, 1.367, 1.351, 1.328, 1.301, 1.268, 1.232, 1.195, 1.159,
        1.125),
    10: (1.696, 1.689, 1.677, 1.661, 1.637, 1.603, 1.559, 1.506, 1.446, 1.381, 1.316, 1.254, 1.198,
         1.149),
    13: (2.248, 2.225, 2.189, 2.139, 2.072, 1.986, 1.883, 1.768, 1.65, 1.532, 1.423, 1.326, 1.244,
         1.175),
    16: (2.775, 2.73, 2.663, 2.571, 2.453, 2.31, 2.148, 1.977, 1.806, 1.644, 1.5, 1.377, 1.274,
         1.19),
    20: (3.279, 3.208, 3.105, 2.969, 2.799, 2.599, 2.381, 2.157, 1.94, 1.74, 1.567, 1.42, 1.297,
         1.202),
    26: (3.634, 3.546, 3.418, 3.25, 3.045, 2.806, 2.548, 2.287, 2.037, 1.812, 1.617, 1.45, 1.313,
         1.209),
}

# Colour anchors (RGB) by effective Z: organic orange, mixed/inorganic green, metal blue.
_HUE_Z = (6.0, 8.5, 10.0, 12.0, 15.0, 18.5, 22.0, 26.0)
_HUE_RGB = (
    (246, 170, 90),
    (240, 155, 70),
    (196, 170, 70),
    (120, 178, 80),
    (70, 160, 100),
    (45, 130, 160),
    (40, 105, 185),
    (35, 85, 190),
)


@dataclass(frozen=True)
class Palette:
    """Scanner calibration + colour conventions for the pseudo-colour table."""

    a_high: tuple[float, ...] = _A_HIGH
    iso_z: dict[int, tuple[float, ...]] = field(default_factory=lambda: dict(_ISO_Z))
    saturation_scale: float = 0.45  # attenuation where colour reaches ~63 % saturation
    darkening: float = 0.32  # brightness = exp(-darkening * a_mean) beyond the knee
    knee: float = 1.2
    black_at: float = 7.0  # a_high beyond this is "impenetrable" (T_high < 0.1 %)
    background: tuple[int, int, int] = (252, 252, 250)


@cache
def _default_tables() -> tuple[np.ndarray, np.ndarray]:
    return _bin_index(), _build_lut(Palette())


def _bin_index() -> np.ndarray:
    """uint16 transmission value → bin of sqrt-scaled attenuation (finer steps when thin)."""
    t = np.maximum(np.arange(65536, dtype=np.float64), 1.0) / 65535.0
    a = -np.log(t)
    return np.clip(np.round(np.sqrt(a / A_MAX) * (N_BINS - 1)), 0, N_BINS - 1).astype(np.intp)


def _build_lut(palette: Palette) -> np.ndarray:
    """uint8 RGB table [low bin, high bin] for the palette."""
    centres = (np.arange(N_BINS) / (N_BINS - 1)) ** 2 * A_MAX
    a_low, a_high = np.meshgrid(centres, centres, indexing="ij")
    # Where the high channel sees almost nothing the ratio is pure noise: treat as organic-ish.
    z = _vector_effective_z(palette, a_low, a_high)
    z = np.where(a_high < 0.01, 6.0, z)
    hue = np.stack([np.interp(z, _HUE_Z, [c[k] for c in _HUE_RGB]) for k in range(3)], axis=-1)
    a_mean = 0.5 * (a_low + a_high)
    sat = 1.0 - np.exp(-a_high / palette.saturation_scale)
    bg = np.asarray(palette.background, dtype=np.float64)
    colour = bg * (1.0 - sat[..., None]) + hue * sat[..., None]
    bright = np.exp(-palette.darkening * np.maximum(a_mean - palette.knee, 0.0))
    # Fade to black over the last stretch before "impenetrable".
    black = np.clip((a_high - (palette.black_at - 2.0)) / 2.0, 0.0, 1.0)
    colour = colour * (bright * (1.0 - black))[..., None]
    return np.clip(np.round(colour), 0, 255).astype(np.uint8)


def _vector_effective_z(palette: Palette, a_low: np.ndarray, a_high: np.ndarray) -> np.ndarray:
    """Vectorised effective_z (piecewise-linear in R between neighbouring iso-Z curves)."""
    zs = np.array(sorted(palette.iso_z), dtype=np.float64)
    ah = np.clip(a_high, palette.a_high[0], palette.a_high[-1])
    log_grid = np.log(palette.a_high)
    curves = np.stack(
        [np.interp(np.log(ah), log_grid, palette.iso_z[int(z)]) for z in zs], axis=-1
    )
    ratio = (a_low / np.maximum(a_high, 1e-9))[..., None]
    # index of the first curve above the ratio
    above = (curves > ratio).argmax(axis=-1)
    above = np.where((curves > ratio).any(axis=-1), above, len(zs) - 1)
    above = np.clip(above, 1, len(zs) - 1)
    below = above - 1
    c_lo = np.take_along_axis(curves, below[..., None], -1)[..., 0]
    c_hi = np.take_along_axis(curves, above[..., None], -1)[..., 0]
    frac = np.clip((ratio[..., 0] - c_lo) / np.maximum(c_hi - c_lo, 1e-9), 0.0, 1.0)
    return zs[below] + frac * (zs[above] - zs[below])


def _check_pair(low: np.ndarray, high: np.ndarray) -> None:
    for name, ch in (("low", low), ("high", high)):
        if not isinstance(ch, np.ndarray) or ch.ndim != 2:
            raise ValueError(f"the {name}-energy channel must be a 2-D image")
        if ch.dtype != np.uint16:
            raise ValueError(
                f"the {name}-energy channel must be 16-bit transmission (uint16), got {ch.dtype}"
            )
    if low.shape != high.shape:
        raise ValueError(f"low and high channels differ in size: {low.shape} vs {high.shape}")


def pseudocolor(low: np.ndarray, high: np.ndarray, palette: Palette | None = None) -> np.ndarray:
    """Standard dual-energy colour image (H, W, 3 uint8 RGB) from two 16-bit transmissions."""
    _check_pair(low, high)
    index, lut = _default_tables()
    if palette is not None:
        lut = _build_lut(palette)
    return lut[index[low], index[high]]


def attenuation(channel: np.ndarray) -> np.ndarray:
    """−ln T as float32 for a 16-bit transmission image (T = value / 65535, floored at 1 count)."""
    t = np.maximum(channel.astype(np.float32), 1.0) / np.float32(65535.0)
    return -np.log(t)


def effective_z(low: np.ndarray, high: np.ndarray, palette: Palette | None = None) -> np.ndarray:
    """Per-pixel effective atomic number estimate (float) from a 16-bit pair."""
    _check_pair(low, high)
    return _vector_effective_z(palette or Palette(), attenuation(low), attenuation(high))

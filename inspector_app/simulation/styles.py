"""Scanner display styles for training data: domain randomisation of the pseudo-colour image.

Real screening images differ between scanner makes: how pale thin organics are, which green
mixed materials get, how dark and how blue metal turns, whether the vendor sharpens edges, the
gamma of the display. A detector trained on one rendering learns that rendering. Each simulated
scan therefore carries a display style (chosen from its seed) and the dataset writer renders its
PNG with it. The styles are our own hand-tuned colour tables following the common convention
(organic orange, mixed green, metal blue, impenetrable black, near-white background); "standard"
is exactly the app's own `dual_energy.pseudocolor`, which the station uses for real inputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np

from inspector_app.imaging.dual_energy import A_MAX, N_BINS, effective_z, pseudocolor

_Z = (6.0, 8.5, 10.0, 12.0, 15.0, 18.5, 22.0, 26.0)


@dataclass(frozen=True)
class Style:
    """Colour anchors by effective Z, and how saturation and darkness follow attenuation."""

    name: str
    anchors: tuple[tuple[int, int, int], ...]  # RGB at the Z values in _Z
    saturation_scale: float  # a_high where colour reaches ~63 % saturation
    darkening: float  # brightness = exp(-darkening * (a_mean - knee)) beyond the knee
    knee: float
    black_at: float  # a_high fading fully to black
    background: tuple[int, int, int] = (254, 254, 253)


STYLES: dict[str, Style] = {
    s.name: s
    for s in (
        # pale peach organics, fresh green, teal to navy metal (many airport/parcel scanners)
        Style(
            "bright",
            (
                (252, 200, 150),
                (247, 178, 110),
                (214, 196, 100),
                (150, 205, 110),
                (95, 190, 120),
                (60, 160, 195),
                (50, 130, 215),
                (40, 95, 195),
            ),
            0.25,
            0.22,
            1.6,
            9.5,
        ),
        # saturated orange, olive mixed, deep blue metal, darker overall
        Style(
            "deep",
            (
                (240, 160, 80),
                (232, 140, 55),
                (190, 160, 60),
                (120, 165, 70),
                (60, 145, 95),
                (40, 115, 165),
                (30, 85, 180),
                (20, 55, 150),
            ),
            0.4,
            0.4,
            1.0,
            8.0,
        ),
        # cooler rendering: yellow-orange organics, blue-green mixed, violet-blue metal
        Style(
            "cool",
            (
                (250, 210, 140),
                (242, 190, 100),
                (200, 200, 110),
                (130, 195, 140),
                (80, 170, 160),
                (55, 130, 190),
                (50, 95, 205),
                (45, 60, 170),
            ),
            0.3,
            0.3,
            1.3,
            9.0,
        ),
    )
}
STYLE_NAMES: tuple[str, ...] = ("standard", *STYLES)
STYLE_WEIGHTS: tuple[float, ...] = (0.25, 0.45, 0.15, 0.15)


def _bin_index() -> np.ndarray:
    t = np.maximum(np.arange(65536, dtype=np.float64), 1.0) / 65535.0
    return np.clip(np.round(np.sqrt(-np.log(t) / A_MAX) * (N_BINS - 1)), 0, N_BINS - 1).astype(
        np.intp
    )


@cache
def _tables() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Bin index, and the bin centres' a_low, a_high and effective Z (the app's calibration)."""
    centres = (np.arange(N_BINS) / (N_BINS - 1)) ** 2 * A_MAX
    a_low, a_high = np.meshgrid(centres, centres, indexing="ij")
    to_u16 = np.clip(np.round(np.exp(-centres) * 65535.0), 1, 65535).astype(np.uint16)
    lo, hi = np.meshgrid(to_u16, to_u16, indexing="ij")
    z = effective_z(lo, hi)
    z = np.where(a_high < 0.01, 6.0, z)
    return _bin_index(), a_low, a_high, z


@cache
def style_lut(name: str) -> np.ndarray:
    """uint8 RGB table [low bin, high bin] of a named style."""
    st = STYLES[name]
    _, a_low, a_high, z = _tables()
    hue = np.stack([np.interp(z, _Z, [c[k] for c in st.anchors]) for k in range(3)], axis=-1)
    sat = 1.0 - np.exp(-a_high / st.saturation_scale)
    bg = np.asarray(st.background, dtype=np.float64)
    colour = bg * (1.0 - sat[..., None]) + hue * sat[..., None]
    a_mean = 0.5 * (a_low + a_high)
    bright = np.exp(-st.darkening * np.maximum(a_mean - st.knee, 0.0))
    black = np.clip((a_high - (st.black_at - 2.0)) / 2.0, 0.0, 1.0)
    colour = colour * (bright * (1.0 - black))[..., None]
    return np.clip(np.round(colour), 0, 255).astype(np.uint8)


def pick_style(rng: np.random.Generator) -> dict:
    """A style name plus per-scan display processing, drawn from rng.

    gamma: display gamma; sharpen: unsharp-mask amount (vendors sharpen edges); clean_air:
    transmissions above this read as pure background (vendors clip air and belt noise to
    white); jpeg: re-encoding quality (real archives and exports are JPEG), 0 = none.
    """
    name = STYLE_NAMES[int(rng.choice(len(STYLE_NAMES), p=np.asarray(STYLE_WEIGHTS)))]
    return {
        "style": name,
        "gamma": round(float(rng.uniform(0.85, 1.15)), 3),
        "sharpen": round(float(rng.uniform(0.4, 1.5)), 3) if rng.random() < 0.75 else 0.0,
        "clean_air": round(float(rng.uniform(0.95, 0.985)), 3) if rng.random() < 0.7 else 0.0,
        "jpeg": int(rng.integers(60, 96)) if rng.random() < 0.5 else 0,
    }


def render(low: np.ndarray, high: np.ndarray, style: dict | None = None) -> np.ndarray:
    """RGB uint8 display image of a 16-bit pair in the given style (None = standard)."""
    name = (style or {}).get("style", "standard")
    if name == "standard":
        rgb = pseudocolor(low, high)
        background = (252, 252, 250)
    else:
        if name not in STYLES:
            raise ValueError(f"unknown display style {name!r}; known: {', '.join(STYLE_NAMES)}")
        index = _tables()[0]
        rgb = style_lut(name)[index[low], index[high]]
        background = STYLES[name].background
    if not style:
        return rgb
    air = float(style.get("clean_air", 0.0))
    if air > 0:
        limit = np.uint16(round(air * 65535))
        air_mask = ((low >= limit) & (high >= limit)).astype(np.uint8)
        clear = cv2.morphologyEx(air_mask, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
        rgb = rgb.copy()
        rgb[clear.astype(bool)] = background
    gamma = float(style.get("gamma", 1.0))
    if abs(gamma - 1.0) > 1e-3:
        lut = np.clip(np.round(255.0 * (np.arange(256) / 255.0) ** gamma), 0, 255).astype(np.uint8)
        rgb = cv2.LUT(rgb, lut)
    amount = float(style.get("sharpen", 0.0))
    if amount > 0:  # vendor edge enhancement: unsharp mask
        blur = cv2.GaussianBlur(rgb, (0, 0), 1.2)
        rgb = cv2.addWeighted(rgb, 1.0 + amount, blur, -amount, 0)
    quality = int(style.get("jpeg", 0))
    if quality > 0:
        ok, buf = cv2.imencode(".jpg", rgb[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, quality])
        decoded = cv2.imdecode(buf, cv2.IMREAD_COLOR) if ok else None
        if decoded is not None:
            rgb = decoded[..., ::-1]
    return np.ascontiguousarray(rgb)

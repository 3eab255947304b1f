"""The standard X-ray operator image functions, plus a registry the UI binds to keys.

Every function takes a scan (a `ScanImage`, a domain `Scan` or a bare HxWx3 uint8 RGB array)
and keyword parameters, and returns a new HxWx3 uint8 RGB image of the same size; the input is
never modified. Pure numpy/OpenCV, no Qt, so each one is testable alone and runs in any worker.

Brightness tools (inverse, penetration, CLAHE) change only brightness and keep the material
colour (hue and saturation), because an operator reads material from hue and must not lose
it when brightening.
Material tools work from the dual-energy channels when the scan has them and fall back to the
hue of the rendered colour image otherwise (see `material_map`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import Any

import cv2
import numpy as np

from inspector_app.imaging.material_map import (
    Material,
    NoMaterialInfo,
    ScanImage,
    as_scan_image,
    attenuation_lut,
)

__all__ = [
    "DENSITY_BANDS",
    "FUNCTIONS",
    "ImageFunction",
    "NoMaterialInfo",
    "ScanImage",
    "apply",
    "clahe",
    "density_band",
    "edges",
    "gamma",
    "grey",
    "high_penetration",
    "inorganic_only",
    "inverse",
    "low_penetration",
    "metal_only",
    "organic_only",
    "standard",
]

_FADE = 0.3  # how much of its darkness a pixel outside the chosen material keeps
_DIM = 0.35  # brightness of the dimmed context in the density highlight


# ----- helpers ------------------------------------------------------------------------------
def _with_value(img: ScanImage, value: np.ndarray) -> np.ndarray:
    """Replace the display image's brightness (HSV value), keeping hue and saturation.

    The standard palette darkens a material by scaling its colour, which leaves HSV hue and
    saturation unchanged; so setting V brightens or darkens a region without the hue shifts (an
    orange organic clipping to yellow) that a luminance change would cause.
    """
    hsv = img.hsv.copy()
    hsv[..., 2] = value
    return cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB)


def _grey_rgb(grey: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(np.ascontiguousarray(grey), cv2.COLOR_GRAY2RGB)


@cache
def _window_lut(low: float, high: float, curve: float) -> np.ndarray:
    """uint16 transmission -> uint8 grey: attenuation window [low, high] spread over 255..0."""
    a = attenuation_lut().astype(np.float64)
    x = np.clip((a - low) / (high - low), 0.0, 1.0) ** curve
    return np.round(255.0 * (1.0 - x)).astype(np.uint8)


def _stretch_lut(low: int, high: int, curve: float) -> np.ndarray:
    """uint8 -> uint8: input range [low, high] spread over 0..255 with a power curve."""
    x = np.clip((np.arange(256, dtype=np.float64) - low) / max(high - low, 1), 0.0, 1.0)
    return np.round(255.0 * x**curve).astype(np.uint8)


def _check_window(window: tuple[float, float], what: str) -> tuple[float, float]:
    low, high = (float(v) for v in window)
    if not high > low:
        raise ValueError(f"the {what} window must go from low to high, got {window}")
    return low, high


# ----- the functions ------------------------------------------------------------------------
def standard(image: Any) -> np.ndarray:
    """The unmodified scan: the image the detector saw and the one that tests best."""
    return as_scan_image(image).rgb


def grey(image: Any) -> np.ndarray:
    """Colour off: density only. From the channels when present (metal not drawn darker than an
    organic of equal attenuation), else the luminance of the colour image."""
    return _grey_rgb(as_scan_image(image).grey)


def inverse(image: Any) -> np.ndarray:
    """Negative: lightness inverted (dense turns light, air turns dark), hue and saturation kept
    so the material colour still reads. HLS lightness rather than luminance: the HLS gamut is
    symmetric in lightness, so no colour clips and applying it twice gives the original back
    (up to 8-bit rounding)."""
    img = as_scan_image(image)
    hls = cv2.cvtColor(img.rgb, cv2.COLOR_RGB2HLS_FULL)
    hls[..., 1] = 255 - hls[..., 1]
    return cv2.cvtColor(hls, cv2.COLOR_HLS2RGB_FULL)


def _only(image: Any, keep: tuple[Material, ...]) -> np.ndarray:
    """Keep the chosen material classes (and impenetrable areas, which can hide anything) in
    colour; everything else becomes a faint grey so the layout stays readable."""
    img = as_scan_image(image)
    img.require_materials()
    out = _grey_rgb(cv2.LUT(img.grey, _fade_lut()))
    keep_lut = np.zeros(256, np.uint8)
    keep_lut[[*keep, Material.IMPENETRABLE]] = 255
    return _paste(img.rgb, cv2.LUT(img.materials, keep_lut), out)


def _paste(rgb: np.ndarray, mask: np.ndarray, out: np.ndarray) -> np.ndarray:
    """out[mask] = rgb[mask] for a uint8 0/255 mask (OpenCV: several times numpy's speed)."""
    cv2.copyTo(rgb, mask, out)
    return out


@cache
def _fade_lut() -> np.ndarray:
    values = np.arange(256, dtype=np.float64)
    return np.round(255.0 - (255.0 - values) * _FADE).astype(np.uint8)


def organic_only(image: Any) -> np.ndarray:
    """Only organic matter (Z ≲ 10: drugs, explosives, food, paper, plastics) in colour.
    Channels: Zeff from the low/high log ratio. RGB only: the orange hue band (approximate)."""
    return _only(image, (Material.ORGANIC,))


def inorganic_only(image: Any) -> np.ndarray:
    """Only mixed/inorganic matter (10 ≲ Z ≲ 18: glass, aluminium, salts) in colour.
    Channels: Zeff from the low/high log ratio. RGB only: the green hue band (approximate)."""
    return _only(image, (Material.INORGANIC,))


def metal_only(image: Any) -> np.ndarray:
    """Only metal (Z ≳ 18: steel, copper, weapons, wires) in colour.
    Channels: Zeff from the low/high log ratio. RGB only: the blue hue band (approximate)."""
    return _only(image, (Material.METAL,))


def high_penetration(image: Any, window: tuple[float, float] = (2.0, 7.5)) -> np.ndarray:
    """Reveal what is inside dense areas: the attenuated range is spread over the whole grey
    scale (thin items go white). Channels: high-energy attenuation window `window` (−ln T).
    RGB only: the dark third of the display range is stretched (its detail is 8-bit limited)."""
    low, high = _check_window(window, "high-penetration")
    img = as_scan_image(image)
    if img.has_channels:
        assert img.high is not None
        lut = _window_lut(low, high, 1.0)
        value = np.take(lut, img.high)
    else:
        value = cv2.LUT(img.value, _stretch_lut(0, 110, 0.7))
    return _with_value(img, value)


def low_penetration(image: Any, window: tuple[float, float] = (0.0, 1.2)) -> np.ndarray:
    """Reveal thin organics (paper, powder in a thin bag, wires' insulation): the bright, lightly
    attenuated range is spread over the whole grey scale (dense items go black). Channels:
    low-energy attenuation window `window` (−ln T). RGB only: the bright range is stretched."""
    low, high = _check_window(window, "low-penetration")
    img = as_scan_image(image)
    if img.has_channels:
        assert img.low is not None
        lut = _window_lut(low, high, 0.7)
        value = np.take(lut, img.low)
    else:
        value = cv2.LUT(img.value, _stretch_lut(150, 250, 1.6))
    return _with_value(img, value)


def edges(image: Any, amount: float = 1.5, sigma: float = 2.0) -> np.ndarray:
    """Edge enhancement by unsharp masking: outlines of wires, blades and hidden compartments
    stand out; flat areas are unchanged."""
    if sigma <= 0:
        raise ValueError(f"edge enhancement needs a positive blur radius, got {sigma}")
    img = as_scan_image(image)
    blurred = cv2.GaussianBlur(img.rgb, (0, 0), sigma)
    return cv2.addWeighted(img.rgb, 1.0 + amount, blurred, -amount, 0.0)


def clahe(image: Any, clip: float = 2.5, tiles: int = 8) -> np.ndarray:
    """Local contrast (CLAHE) on brightness: faint structure inside uniform regions becomes
    visible everywhere at once; colour kept. Uses the channel-based density grey when present
    (more dark-range detail than the rendered image)."""
    if clip <= 0 or tiles < 1:
        raise ValueError(f"local contrast needs clip > 0 and tiles >= 1, got {clip}, {tiles}")
    img = as_scan_image(image)
    # CLAHE objects are not safe to share between threads: one per call is cheap.
    brightness = img.grey if img.has_channels else img.value
    equalised = cv2.createCLAHE(clipLimit=float(clip), tileGridSize=(tiles, tiles)).apply(
        np.ascontiguousarray(brightness)
    )
    return _with_value(img, equalised)


def gamma(image: Any, gamma: float = 1.0, brightness: float = 0.0) -> np.ndarray:
    """Gamma and brightness: gamma < 1 lightens the dark range, > 1 darkens the light range;
    `brightness` adds grey levels (−255..255). One table lookup per channel."""
    if not gamma > 0:
        raise ValueError(f"gamma must be positive, got {gamma}")
    x = np.arange(256, dtype=np.float64) / 255.0
    lut = np.clip(np.round(255.0 * x ** float(gamma) + float(brightness)), 0, 255)
    return cv2.LUT(as_scan_image(image).rgb, lut.astype(np.uint8))


def density_band(
    image: Any,
    z_min: float = 6.5,
    z_max: float = 9.5,
    density_min: float = 0.35,
    density_max: float = 5.0,
) -> np.ndarray:
    """Highlight one material band, dim the rest.

    A pixel is highlighted (kept in full colour) when its effective Z is in [z_min, z_max] and
    its density (high-energy −ln T) in [density_min, density_max]; everything else is shown as
    dark grey. The default band is dense organic matter — the range of drugs and explosives
    bigger than a thin wrapper. RGB only: Z from hue and density from brightness (approximate).
    """
    if not (z_max > z_min and density_max > density_min):
        raise ValueError("the highlighted band needs z_min < z_max and density_min < density_max")
    img = as_scan_image(image)
    img.require_materials()
    z, d = img.zeff, img.density
    mask = (z >= z_min) & (z <= z_max) & (d >= density_min) & (d <= density_max)
    mask &= (img.materials != Material.NONE) & (img.materials != Material.IMPENETRABLE)
    mask_u8 = cv2.medianBlur(mask.view(np.uint8), 5)  # no speckle, no edge rims
    out = _grey_rgb(cv2.convertScaleAbs(img.grey, alpha=_DIM))
    return _paste(img.rgb, mask_u8, out)


# Ready-made bands for the density highlight (keyword arguments of `density_band`), for a band
# picker in the UI: apply("density", **DENSITY_BANDS["metal"]).
DENSITY_BANDS: Mapping[str, Mapping[str, float]] = MappingProxyType(
    {
        "dense organic": MappingProxyType(
            {"z_min": 6.5, "z_max": 9.5, "density_min": 0.35, "density_max": 5.0}
        ),
        "light organic": MappingProxyType(
            {"z_min": 5.0, "z_max": 10.0, "density_min": 0.03, "density_max": 0.35}
        ),
        "inorganic": MappingProxyType(
            {"z_min": 10.0, "z_max": 18.0, "density_min": 0.1, "density_max": 7.0}
        ),
        "metal": MappingProxyType(
            {"z_min": 18.0, "z_max": 40.0, "density_min": 0.1, "density_max": 7.0}
        ),
    }
)


# ----- registry -----------------------------------------------------------------------------
@dataclass(frozen=True)
class ImageFunction:
    """One operator function as the UI sees it.

    `step`, when set, marks a key that nudges a running parameter rather than setting it: called
    directly it applies one step (`params`); a UI keeps the running value of `params`' first
    entry, starting at 1, and multiplies it by `step` on each press (gamma lighter/darker).
    """

    name: str
    label: str
    hotkey: str
    func: Callable[..., np.ndarray]
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    step: float | None = None

    def __call__(self, image: Any, **overrides: Any) -> np.ndarray:
        return self.func(image, **{**self.params, **overrides})


def _entries() -> list[ImageFunction]:
    return [
        ImageFunction("standard", "Standard image", "Backspace", standard),
        ImageFunction("grey", "Grey / colour", "G", grey),
        ImageFunction("inverse", "Inverse", "I", inverse),
        ImageFunction("organic", "Organic only", "O", organic_only),
        ImageFunction("inorganic", "Inorganic only", "N", inorganic_only),
        ImageFunction("metal", "Metal only", "M", metal_only),
        ImageFunction("high_pen", "High penetration", "H", high_penetration),
        ImageFunction("low_pen", "Low penetration", "L", low_penetration),
        ImageFunction("edges", "Edge enhancement", "E", edges),
        ImageFunction("clahe", "Local contrast", "K", clahe),
        ImageFunction(
            "lighter", "Lighter (gamma)", "[", gamma, MappingProxyType({"gamma": 0.8}), step=0.8
        ),
        ImageFunction(
            "darker", "Darker (gamma)", "]", gamma, MappingProxyType({"gamma": 1.25}), step=1.25
        ),
        ImageFunction("density", "Density highlight", "D", density_band),
    ]


FUNCTIONS: Mapping[str, ImageFunction] = MappingProxyType({f.name: f for f in _entries()})


def apply(name: str, image: Any, **params: Any) -> np.ndarray:
    """Run a registered function by name, e.g. apply("organic", scan)."""
    try:
        function = FUNCTIONS[name]
    except KeyError:
        raise KeyError(
            f"unknown image function {name!r}; known: {', '.join(FUNCTIONS)}"
        ) from None
    return function(image, **params)

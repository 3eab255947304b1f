"""Per-scan quantities the image functions share: luminance, attenuation, effective Z, materials.

A `ScanImage` wraps one scan's display RGB and, when the source has them, its raw 16-bit
dual-energy channels. Derived maps are computed on first use and kept, so pressing several
operator keys on one scan pays for the material map once.

Two sources of material information, best first:

* **dual-energy channels** (simulator, dual-energy TIFF): effective Z from the low/high
  log-attenuation ratio through `dual_energy.effective_z` (iso-Z curves, so thick organics and
  thin metals are not misread), folded into a 2-D table so a scan costs two gathers and a remap;
* **RGB only** (a vendor's rendered colour image): effective Z guessed from the *hue* of the
  standard palette (orange organic, green inorganic, blue metal), density from brightness. This is
  an approximation: pale (thin) pixels carry too little colour to classify and stay unclassified.
"""

from __future__ import annotations

from enum import IntEnum
from functools import cache, cached_property
from typing import Any

import cv2
import numpy as np

from inspector_app.imaging import dual_energy

Z_ORGANIC_MAX = 10.0  # below: organic (orange)
Z_METAL_MIN = 18.0  # above: metal (blue); in between mixed/inorganic (green)
A_BACKGROUND = 0.03  # high-channel attenuation below this is air/belt: no material
# High-channel attenuation above which the material cannot be read: the iso-Z curves converge
# (beam hardening) and photon noise swamps the ratio, so a thick gun would read "organic". The
# standard palette fades these pixels to black from here on, so they are one class with the truly
# impenetrable ones and every material tool shows them unchanged.
A_IMPENETRABLE = 5.0
GREY_DARKENING = 0.36  # display grey = 255 * exp(-k * mean attenuation): ~20 at "impenetrable"

_Z_BINS = 512
# Hue (OpenCV 0..179) of the standard palette's anchors and the effective Z each one stands for.
_HUE_ANCHORS = (15.0, 26.0, 54.0, 69.0, 106.0, 112.0)
_HUE_Z = (7.25, 10.5, 12.5, 16.5, 19.5, 24.0)
_MIN_SATURATION = 40  # HSV saturation below which a pixel's hue is not trusted
_BLACK_VALUE = 32  # HSV value below which an RGB pixel counts as impenetrable


class Material(IntEnum):
    """Material classes of the standard colour code."""

    NONE = 0  # background, or too thin / colourless to tell
    ORGANIC = 1
    INORGANIC = 2
    METAL = 3
    IMPENETRABLE = 4  # too dense to read (near-black in the standard image)


class NoMaterialInfo(ValueError):
    """The scan carries neither dual-energy channels nor colour, so materials cannot be told."""


@cache
def attenuation_lut() -> np.ndarray:
    """uint16 transmission value -> −ln T (float32), floored at one count."""
    t = np.maximum(np.arange(65536, dtype=np.float64), 1.0) / 65535.0
    return (-np.log(t)).astype(np.float32)


@cache
def _z_table() -> np.ndarray:
    """Effective Z on a [low bin, high bin] grid, from dual_energy's calibrated iso-Z curves."""
    centres = (np.arange(_Z_BINS) / (_Z_BINS - 1)) ** 2 * dual_energy.A_MAX
    t = np.clip(np.round(65535.0 * np.exp(-centres)), 1, 65535).astype(np.uint16)
    low, high = np.meshgrid(t, t, indexing="ij")
    return dual_energy.effective_z(low, high).astype(np.float32)


def warm_up() -> None:
    """Build the process-wide tables (≈0.1 s) ahead of the first material key press."""
    attenuation_lut()
    _z_table()


def _check_rgb(rgb: Any) -> np.ndarray:
    if not isinstance(rgb, np.ndarray) or rgb.ndim != 3 or rgb.shape[2] != 3:
        shape = getattr(rgb, "shape", None)
        raise ValueError(f"the scan image must be an RGB image (height x width x 3), got {shape}")
    if rgb.dtype != np.uint8:
        raise ValueError(f"the scan image must be 8-bit RGB (uint8), got {rgb.dtype}")
    if rgb.shape[0] == 0 or rgb.shape[1] == 0:
        raise ValueError("the scan image is empty")
    return rgb


class ScanImage:
    """One scan's display image plus optional dual-energy channels, with cached derived maps.

    Derived maps are read-only arrays; the image functions never modify them.
    """

    def __init__(
        self, rgb: np.ndarray, low: np.ndarray | None = None, high: np.ndarray | None = None
    ) -> None:
        self.rgb = _check_rgb(rgb)
        if (low is None) != (high is None):
            raise ValueError("a dual-energy scan needs both the low and the high channel")
        if low is not None and high is not None:
            for name, channel in (("low", low), ("high", high)):
                if not isinstance(channel, np.ndarray) or channel.dtype != np.uint16:
                    raise ValueError(f"the {name}-energy channel must be 16-bit (uint16)")
                if channel.shape != rgb.shape[:2]:
                    raise ValueError(
                        f"the {name}-energy channel is {channel.shape[::-1]} pixels but the "
                        f"image is {rgb.shape[1::-1]}; they must match"
                    )
        self.low = low
        self.high = high

    @classmethod
    def from_scan(cls, scan: Any) -> ScanImage:
        """From an `inspector_app.domain.Scan` (duck-typed: image, low, high)."""
        return cls(scan.image, getattr(scan, "low", None), getattr(scan, "high", None))

    @property
    def has_channels(self) -> bool:
        return self.low is not None

    @property
    def shape(self) -> tuple[int, int]:
        return int(self.rgb.shape[0]), int(self.rgb.shape[1])

    # ----- display-side maps --------------------------------------------------------------
    @cached_property
    def ycrcb(self) -> np.ndarray:
        """The display image in YCrCb (luminance + chroma), so tools can change Y and keep hue."""
        return _readonly(cv2.cvtColor(self.rgb, cv2.COLOR_RGB2YCrCb))

    @cached_property
    def luma(self) -> np.ndarray:
        """Luminance (uint8) of the display image."""
        return _readonly(np.ascontiguousarray(self.ycrcb[..., 0]))

    @cached_property
    def value(self) -> np.ndarray:
        """HSV value (max of R, G, B) of the display image: brightness with hue kept apart."""
        return _readonly(np.ascontiguousarray(self.hsv[..., 2]))

    @cached_property
    def grey(self) -> np.ndarray:
        """Colour-free density image (uint8, dark = dense).

        From the channels: 255·exp(−k·mean attenuation), so metal is not drawn darker than an
        organic of the same attenuation just because blue has a low luminance. RGB only: luma.
        """
        if not self.has_channels:
            return self.luma
        a_mean = cv2.addWeighted(self.a_low, 0.5, self.a_high, 0.5, 0.0)
        grey = cv2.exp(a_mean * np.float32(-GREY_DARKENING)) * np.float32(255.0)
        return _readonly(grey.round().astype(np.uint8))

    # ----- physics-side maps --------------------------------------------------------------
    @cached_property
    def a_low(self) -> np.ndarray:
        """−ln T of the low channel (float32); only when the scan has channels."""
        return _readonly(np.take(attenuation_lut(), self._channels()[0]))

    @cached_property
    def a_high(self) -> np.ndarray:
        """−ln T of the high channel (float32); only when the scan has channels."""
        return _readonly(np.take(attenuation_lut(), self._channels()[1]))

    @cached_property
    def density(self) -> np.ndarray:
        """Attenuation-like density (float32): the high channel's −ln T, or from brightness.

        RGB only: −ln(luma / 252) / k, the display curve inverted. Only a rough guide, since a
        vendor's renderer and colour saturation also change brightness.
        """
        if self.has_channels:
            return self.a_high
        luma = np.maximum(self.luma.astype(np.float32), 1.0) * np.float32(1.0 / 252.0)
        return _readonly(np.maximum(-np.log(luma) / np.float32(GREY_DARKENING), 0.0))

    @cached_property
    def zeff(self) -> np.ndarray:
        """Effective atomic number estimate (float32); meaningless where `materials` is NONE."""
        if self.has_channels:
            # A 3x3 mean of the attenuations first: detector noise would otherwise speckle the
            # ratio (and the class map) inside uniform objects.
            scale = np.float32(1.0 / dual_energy.A_MAX)
            rows, cols = (
                cv2.sqrt(cv2.blur(a, (3, 3)) * scale) * np.float32(_Z_BINS - 1)
                for a in (self.a_low, self.a_high)
            )
            return _readonly(
                cv2.remap(_z_table(), cols, rows, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
            )
        hue = self.hsv[..., 0].astype(np.float32)
        hue = np.where(hue >= 160, 0.0, hue)  # reds wrap around to the organic end
        return _readonly(np.interp(hue, _HUE_ANCHORS, _HUE_Z).astype(np.float32))

    @cached_property
    def hsv(self) -> np.ndarray:
        return _readonly(cv2.cvtColor(self.rgb, cv2.COLOR_RGB2HSV))

    @cached_property
    def materials(self) -> np.ndarray:
        """Per-pixel `Material` class (uint8)."""
        z = self.zeff
        classes = np.full(self.shape, Material.INORGANIC, np.uint8)
        classes[z < Z_ORGANIC_MAX] = Material.ORGANIC
        classes[z >= Z_METAL_MIN] = Material.METAL
        if self.has_channels:
            classes[self.a_high < A_BACKGROUND] = Material.NONE
            classes[self.a_high >= A_IMPENETRABLE] = Material.IMPENETRABLE
        else:
            saturation, value = self.hsv[..., 1], self.hsv[..., 2]
            classes[saturation < _MIN_SATURATION] = Material.NONE
            classes[value < _BLACK_VALUE] = Material.IMPENETRABLE
        # A 5x5 median removes speckle and the 1-2 px rims where an edge blends two materials
        # into an in-between ratio or hue (blue on orange reads as a green outline otherwise).
        return _readonly(cv2.medianBlur(classes, 5))

    @cached_property
    def has_material_info(self) -> bool:
        """True with channels, or when at least 0.2 % of the RGB pixels carry palette colour."""
        if self.has_channels:
            return True
        coloured = np.count_nonzero(self.hsv[..., 1] >= _MIN_SATURATION)
        return coloured >= 0.002 * self.rgb.shape[0] * self.rgb.shape[1]

    def require_materials(self) -> None:
        if not self.has_material_info:
            raise NoMaterialInfo(
                "This scan has no dual-energy or colour information, so organic, inorganic and "
                "metal cannot be separated. Use the grey-level tools instead."
            )

    def _channels(self) -> tuple[np.ndarray, np.ndarray]:
        if self.low is None or self.high is None:
            raise NoMaterialInfo("this scan has no dual-energy channels")
        return self.low, self.high


def _readonly(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


def as_scan_image(image: Any) -> ScanImage:
    """Accept a ScanImage, a domain Scan, or a bare RGB array."""
    if isinstance(image, ScanImage):
        return image
    if isinstance(image, np.ndarray):
        return ScanImage(image)
    if hasattr(image, "image"):
        return ScanImage.from_scan(image)
    raise ValueError(f"expected a scan or an RGB image, got {type(image).__name__}")

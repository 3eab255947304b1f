"""Decode scan files into the app's image convention, with errors an inspector understands.

Convention: `rgb` is HxWx3 uint8 RGB for display and detection. Sources with raw dual-energy
channels (2-page or 2-channel 16-bit TIFF) also return `low`/`high` so image functions can work
on transmissions; they are rendered with the same pseudo-colour code as the simulator.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

MAX_PIXELS = 120_000_000  # ~ a 12k x 10k scan; above this we refuse instead of exhausting memory
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_TIFF_SIGNATURES = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")


class ImageDecodeError(Exception):
    """The file cannot be shown as a scan; the message says why in plain words."""


@dataclass(frozen=True, eq=False)
class DecodedImage:
    rgb: np.ndarray
    low: np.ndarray | None = None
    high: np.ndarray | None = None


def decode_file(path: Path) -> DecodedImage:
    """Read and decode one scan file: PNG, JPEG, BMP or TIFF; 8/16-bit; grey, RGB or dual."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise ImageDecodeError(f"{path}: file not found") from exc
    except OSError as exc:
        raise ImageDecodeError(f"{path}: cannot read file ({exc.strerror or exc})") from exc
    try:
        return decode_bytes(data)
    except ImageDecodeError as exc:
        raise ImageDecodeError(f"{Path(path).name}: {exc}") from exc


def decode_bytes(data: bytes) -> DecodedImage:
    if not data:
        raise ImageDecodeError("the file is empty (0 bytes) - it may still be being written")
    if data.startswith(_TIFF_SIGNATURES):
        return _decode_tiff(data)
    from inspector_app.imaging import dicos

    if dicos.is_dicom(data):
        try:
            pixels = dicos.dicos_pixels(data)
        except dicos.DicosError as exc:
            raise ImageDecodeError(str(exc)) from exc
        return DecodedImage(rgb=to_display_rgb(pixels, bgr_order=False))
    _check_complete(data)
    array = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    if array is None:
        raise ImageDecodeError("not a readable image (unknown format or corrupt data)")
    return DecodedImage(rgb=to_display_rgb(array, bgr_order=True))


def _check_complete(data: bytes) -> None:
    """Catch half-written files, which decoders often accept as grey-padded images."""
    if data.startswith(_PNG_SIGNATURE) and b"IEND" not in data[-16:]:
        raise ImageDecodeError("the PNG file is incomplete (truncated or still being written)")
    if data.startswith(b"\xff\xd8") and not data.rstrip(b"\x00").endswith(b"\xff\xd9"):
        raise ImageDecodeError("the JPEG file is incomplete (truncated or still being written)")


def _decode_tiff(data: bytes) -> DecodedImage:
    import io

    import tifffile

    try:
        with tifffile.TiffFile(io.BytesIO(data)) as tif:
            pages = [page.asarray() for page in tif.pages]
    except Exception as exc:  # tifffile raises many types for damaged files
        raise ImageDecodeError(f"the TIFF file is damaged or incomplete ({exc})") from exc
    if not pages:
        raise ImageDecodeError("the TIFF file contains no image")
    if len(pages) == 2 and pages[0].ndim == 2 and pages[0].shape == pages[1].shape:
        return dual_energy_image(pages[0], pages[1])
    first = pages[0]
    if first.ndim == 3 and first.shape[2] == 2:
        return dual_energy_image(first[..., 0], first[..., 1])
    return DecodedImage(rgb=to_display_rgb(first, bgr_order=False))


def dual_energy_image(low: np.ndarray, high: np.ndarray) -> DecodedImage:
    """Render a low/high transmission pair with the shared dual-energy colour code."""
    from inspector_app.imaging.dual_energy import pseudocolor

    _check_size(low.shape)
    low16, high16 = _as_uint16(low), _as_uint16(high)
    return DecodedImage(rgb=pseudocolor(low16, high16), low=low16, high=high16)


def to_display_rgb(array: np.ndarray, *, bgr_order: bool) -> np.ndarray:
    """Any supported array -> HxWx3 uint8 RGB; 16-bit data is windowed, not truncated."""
    _check_size(array.shape)
    if array.dtype == np.bool_ or array.ndim not in (2, 3):
        raise ImageDecodeError(f"unsupported image layout {array.shape} {array.dtype}")
    if array.dtype != np.uint8:
        array = _window_to_uint8(array)
    if array.ndim == 2:
        return cv2.cvtColor(array, cv2.COLOR_GRAY2RGB)
    channels = array.shape[2]
    if channels == 1:
        return cv2.cvtColor(array[..., 0], cv2.COLOR_GRAY2RGB)
    if channels == 3:
        return cv2.cvtColor(array, cv2.COLOR_BGR2RGB) if bgr_order else np.ascontiguousarray(array)
    if channels == 4:
        code = cv2.COLOR_BGRA2RGB if bgr_order else cv2.COLOR_RGBA2RGB
        return cv2.cvtColor(array, code)
    raise ImageDecodeError(f"unsupported number of colour channels: {channels}")


def _window_to_uint8(array: np.ndarray) -> np.ndarray:
    """Map 16-bit/float data to 8 bits using its own range (robust percentiles)."""
    if array.dtype.kind not in "uif":
        raise ImageDecodeError(f"unsupported pixel type {array.dtype}")
    values = array.astype(np.float32)
    if not np.isfinite(values).all():
        raise ImageDecodeError("the image contains invalid (NaN or infinite) pixel values")
    lo, hi = np.percentile(values, (0.05, 99.95))
    if hi <= lo:
        hi = lo + 1.0
    scaled = np.clip((values - lo) * (255.0 / (hi - lo)), 0, 255)
    return scaled.astype(np.uint8)


def _as_uint16(channel: np.ndarray) -> np.ndarray:
    if channel.dtype == np.uint16:
        return channel
    if channel.dtype == np.uint8:
        return channel.astype(np.uint16) * 257
    if channel.dtype.kind == "f" and np.isfinite(channel).all():
        scale = 65535.0 if channel.max() <= 1.0 else 1.0
        return np.clip(channel * scale, 0, 65535).astype(np.uint16)
    raise ImageDecodeError(f"unsupported dual-energy channel type {channel.dtype}")


def _check_size(shape: tuple[int, ...]) -> None:
    if len(shape) < 2 or shape[0] < 8 or shape[1] < 8:
        raise ImageDecodeError(f"the image is too small to be a scan ({shape})")
    if shape[0] * shape[1] > MAX_PIXELS:
        raise ImageDecodeError(
            f"the image is too large ({shape[1]}x{shape[0]} pixels; limit {MAX_PIXELS:,} pixels)"
        )

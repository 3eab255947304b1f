"""Decode scan files into the app's image convention, with errors an inspector understands.

Convention: `rgb` is HxWx3 uint8 RGB for display and detection. Sources with raw dual-energy
channels (2-page or 2-channel 16-bit TIFF) also return `low`/`high` so image functions can work
on transmissions; they are rendered with the same pseudo-colour code as the simulator.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from inspector_app.imaging.header import HeaderError, ImageHeader, read_header, sniff_format
from inspector_app.imaging.safe_read import (
    DEFAULT_LIMITS,
    FileRefused,
    ReadLimits,
    read_file_safely,
)

MAX_PIXELS = DEFAULT_LIMITS.max_pixels  # default pixel limit; callers pass ReadLimits to change it
_PERCENTILE_SAMPLES = 1_000_000  # windowing statistics from a subsample: same result, less memory


class ImageDecodeError(Exception):
    """The file cannot be shown as a scan; the message says why in plain words."""


@dataclass(frozen=True, eq=False)
class DecodedImage:
    rgb: np.ndarray
    low: np.ndarray | None = None
    high: np.ndarray | None = None


def decode_file(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> DecodedImage:
    """Read and decode one scan file: PNG, JPEG, BMP or TIFF; 8/16-bit; grey, RGB or dual."""
    try:
        data = read_file_safely(Path(path), limits)
    except FileRefused as exc:
        if "gone" in str(exc):
            raise ImageDecodeError(f"{path}: file not found") from exc
        raise ImageDecodeError(f"{Path(path).name}: {exc}") from exc
    try:
        return decode_bytes(data, limits=limits)
    except ImageDecodeError as exc:
        raise ImageDecodeError(f"{Path(path).name}: {exc}") from exc


def decode_bytes(data: bytes, *, limits: ReadLimits = DEFAULT_LIMITS) -> DecodedImage:
    """Decode a whole file's bytes; the header is checked against `limits` before decoding."""
    if not data:
        raise ImageDecodeError("the file is empty (0 bytes) - it may still be being written")
    kind = sniff_format(data)
    if kind == "dicom":
        return _decode_dicom(data, limits)
    if kind is None:
        raise ImageDecodeError("not a readable image (unknown format or corrupt data)")
    try:
        header = read_header(data)
    except HeaderError as exc:
        raise ImageDecodeError(str(exc)) from exc
    assert header is not None  # every sniffed format but DICOM has a header reader
    check_header(header, limits)
    if kind == "tiff":
        return _decode_tiff(data, header, limits)
    _check_complete(data)
    array = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    if array is None:
        raise ImageDecodeError("not a readable image (unknown format or corrupt data)")
    return DecodedImage(rgb=to_display_rgb(array, bgr_order=True, limits=limits))


def check_header(header: ImageHeader, limits: ReadLimits = DEFAULT_LIMITS) -> None:
    """Refuse, before decoding, an image whose header promises too many pixels or bytes."""
    if header.width < 1 or header.height < 1:
        raise ImageDecodeError("the image header gives no size (0 pixels)")
    if header.pixels > limits.max_pixels:
        raise ImageDecodeError(
            f"the image is too large ({header.width}x{header.height} pixels;"
            f" limit {limits.max_pixels:,} pixels)"
        )
    if header.decoded_bytes > limits.max_decoded_bytes:
        raise ImageDecodeError(
            f"the image would need {header.decoded_bytes / 2**20:,.0f} MB to decode"
            f" (limit {limits.max_decoded_bytes / 2**20:,.0f} MB)"
        )


def _decode_dicom(data: bytes, limits: ReadLimits) -> DecodedImage:
    from inspector_app.imaging import dicos

    try:
        header = dicos.image_header(data)
        check_header(header, limits)
        pixels = dicos.dicos_pixels(data)
    except dicos.DicosError as exc:
        raise ImageDecodeError(str(exc)) from exc
    return DecodedImage(rgb=to_display_rgb(pixels, bgr_order=False, limits=limits))


def _check_complete(data: bytes) -> None:
    """Catch half-written files, which decoders often accept as grey-padded images."""
    if data.startswith(b"\x89PNG") and b"IEND" not in data[-16:]:
        raise ImageDecodeError("the PNG file is incomplete (truncated or still being written)")
    if data.startswith(b"\xff\xd8") and not data.rstrip(b"\x00").endswith(b"\xff\xd9"):
        raise ImageDecodeError("the JPEG file is incomplete (truncated or still being written)")


def _decode_tiff(data: bytes, header: ImageHeader, limits: ReadLimits) -> DecodedImage:
    """First page = the image; exactly two equal grey pages = a low/high pair. Only those pages
    are decoded, so a file of thousands of pages costs no more than one."""
    import tifffile

    try:
        with tifffile.TiffFile(io.BytesIO(data)) as tif:
            first = tif.pages.first
            pages = [first.asarray()]
            if header.frames == 2:
                pages.append(tif.pages[1].asarray())
            axes = first.axes
    except Exception as exc:  # tifffile raises many types for damaged files
        raise ImageDecodeError(f"the TIFF file is damaged or incomplete ({_short(exc)})") from exc
    if len(pages) == 2 and pages[0].ndim == 2 and pages[0].shape == pages[1].shape:
        return dual_energy_image(pages[0], pages[1], limits=limits)
    first_array = pages[0]
    if first_array.ndim == 3 and axes.startswith("S") and first_array.shape[0] == 2:
        return dual_energy_image(first_array[0], first_array[1], limits=limits)  # planar pair
    if first_array.ndim == 3 and axes.startswith("S") and first_array.shape[0] in (3, 4):
        first_array = np.moveaxis(first_array, 0, -1)  # planar RGB to interleaved
    if first_array.ndim == 3 and first_array.shape[2] == 2:
        return dual_energy_image(first_array[..., 0], first_array[..., 1], limits=limits)
    return DecodedImage(rgb=to_display_rgb(first_array, bgr_order=False, limits=limits))


def _short(exc: BaseException) -> str:
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:120]


def dual_energy_image(
    low: np.ndarray, high: np.ndarray, *, limits: ReadLimits = DEFAULT_LIMITS
) -> DecodedImage:
    """Render a low/high transmission pair with the shared dual-energy colour code."""
    from inspector_app.imaging.dual_energy import pseudocolor

    _check_size(low.shape, limits)
    if low.shape != high.shape:
        raise ImageDecodeError(
            f"the low and high energy images differ in size ({low.shape} and {high.shape})"
        )
    low16, high16 = _as_uint16(low), _as_uint16(high)
    return DecodedImage(rgb=pseudocolor(low16, high16), low=low16, high=high16)


def to_display_rgb(
    array: np.ndarray, *, bgr_order: bool, limits: ReadLimits = DEFAULT_LIMITS
) -> np.ndarray:
    """Any supported array -> HxWx3 uint8 RGB; 16-bit data is windowed, not truncated."""
    _check_size(array.shape, limits)
    if array.dtype == np.bool_ or array.ndim not in (2, 3):
        raise ImageDecodeError(f"unsupported image layout {array.shape} {array.dtype}")
    if array.dtype != np.uint8:
        array = _window_to_uint8(array)
    if array.ndim == 2:
        return cv2.cvtColor(array, cv2.COLOR_GRAY2RGB)
    channels = array.shape[2]
    if channels == 1:
        return cv2.cvtColor(np.ascontiguousarray(array[..., 0]), cv2.COLOR_GRAY2RGB)
    if channels == 3:
        return cv2.cvtColor(array, cv2.COLOR_BGR2RGB) if bgr_order else np.ascontiguousarray(array)
    if channels == 4:
        code = cv2.COLOR_BGRA2RGB if bgr_order else cv2.COLOR_RGBA2RGB
        return cv2.cvtColor(np.ascontiguousarray(array), code)
    raise ImageDecodeError(f"unsupported number of colour channels: {channels}")


def _window_to_uint8(array: np.ndarray) -> np.ndarray:
    """Map 16-bit/float data to 8 bits using its own range (robust percentiles).

    Works in place on one float32 copy and takes the percentiles from a subsample, so a large
    16-bit scan costs about 3x its own size in memory instead of 6x.
    """
    if array.dtype.kind not in "uif":
        raise ImageDecodeError(f"unsupported pixel type {array.dtype}")
    values = array.astype(np.float32)
    if array.dtype.kind == "f" and not np.isfinite(values).all():
        raise ImageDecodeError("the image contains invalid (NaN or infinite) pixel values")
    flat = values.reshape(-1)
    step = max(flat.size // _PERCENTILE_SAMPLES, 1)
    lo, hi = (float(v) for v in np.percentile(flat[::step], (0.05, 99.95)))
    if hi <= lo:
        hi = lo + 1.0
    values -= lo
    values *= 255.0 / (hi - lo)
    np.clip(values, 0, 255, out=values)
    return values.astype(np.uint8)


def _as_uint16(channel: np.ndarray) -> np.ndarray:
    if channel.dtype == np.uint16:
        return channel
    if channel.dtype == np.uint8:
        return channel.astype(np.uint16) * 257
    if channel.dtype.kind == "f":
        if not np.isfinite(channel).all():
            raise ImageDecodeError("the image contains invalid (NaN or infinite) pixel values")
        scale = 65535.0 if channel.max() <= 1.0 else 1.0
        return np.clip(channel * scale, 0, 65535).astype(np.uint16)
    raise ImageDecodeError(f"unsupported dual-energy channel type {channel.dtype}")


def _check_size(shape: tuple[int, ...], limits: ReadLimits = DEFAULT_LIMITS) -> None:
    if len(shape) < 2 or shape[0] < 8 or shape[1] < 8:
        size = "x".join(str(n) for n in shape[1::-1]) if len(shape) >= 2 else str(shape)
        raise ImageDecodeError(f"the image is too small to be a scan ({size} pixels)")
    if shape[0] * shape[1] > limits.max_pixels:
        raise ImageDecodeError(
            f"the image is too large ({shape[1]}x{shape[0]} pixels;"
            f" limit {limits.max_pixels:,} pixels)"
        )

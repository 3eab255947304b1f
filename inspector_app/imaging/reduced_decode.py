"""Decode a JPEG scan at the scale the detector needs (1/2, 1/4 or 1/8), not at full size.

libjpeg can skip most of the inverse DCT and write an image 2, 4 or 8 times smaller
(`cv2.IMREAD_REDUCED_COLOR_*`). A 2000x1000 parcel scan that a network sees at 384x192 or 640x320
then decodes in a fraction of the time, and the letterbox resize has far fewer pixels to read.

Output pixel i of a 1/f decode covers full-image pixels [i*f, (i+1)*f) (libjpeg rounds the size
up: ceil(W / f)), so a coordinate maps back as x_full = x_reduced * f, clipped to the image.
Other formats, and JPEGs not at least f times larger than needed, go through the normal
`decode_bytes` path (factor 1). Every file passes the same checks as `decode_file`: the safe
read, the header limits and the truncation check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from inspector_app.imaging.decode import (
    DecodedImage,
    ImageDecodeError,
    check_header,
    decode_bytes,
    to_display_rgb,
)
from inspector_app.imaging.header import HeaderError, read_header, sniff_format
from inspector_app.imaging.safe_read import (
    DEFAULT_LIMITS,
    FileRefused,
    ReadLimits,
    read_file_safely,
)

_REDUCED_FLAGS = {
    2: cv2.IMREAD_REDUCED_COLOR_2,
    4: cv2.IMREAD_REDUCED_COLOR_4,
    8: cv2.IMREAD_REDUCED_COLOR_8,
}


@dataclass(frozen=True, eq=False)
class ReducedImage:
    """A decoded scan, possibly at 1/factor scale, and the size of the full image."""

    rgb: np.ndarray
    factor: int
    full_width: int
    full_height: int

    def to_full(self, boxes: np.ndarray) -> np.ndarray:
        """xyxy boxes (K, 4) in reduced pixels -> full-image pixels, in place."""
        if self.factor != 1 and boxes.size:
            boxes *= self.factor
            np.clip(boxes[:, 0::2], 0.0, self.full_width, out=boxes[:, 0::2])
            np.clip(boxes[:, 1::2], 0.0, self.full_height, out=boxes[:, 1::2])
        return boxes


def reduction_factor(width: int, height: int, need_width: int, need_height: int) -> int:
    """Largest f in (8, 4, 2) with the image at least f times the needed size on both axes."""
    for factor in (8, 4, 2):
        if width >= factor * need_width and height >= factor * need_height:
            return factor
    return 1


NeededSize = Callable[[int, int], tuple[int, int]]
"""(full width, full height) -> (width, height) the network needs of that image."""


def decode_file_reduced(
    path: Path, need: NeededSize, limits: ReadLimits = DEFAULT_LIMITS
) -> ReducedImage:
    """Decode `path` no larger than `need(width, height)` requires (e.g. the letterbox size)."""
    try:
        data = read_file_safely(Path(path), limits)
    except FileRefused as exc:
        if "gone" in str(exc):
            raise ImageDecodeError(f"{path}: file not found") from exc
        raise ImageDecodeError(f"{Path(path).name}: {exc}") from exc
    try:
        return decode_bytes_reduced(data, need, limits=limits)
    except ImageDecodeError as exc:
        raise ImageDecodeError(f"{Path(path).name}: {exc}") from exc


def decode_bytes_reduced(
    data: bytes, need: NeededSize, *, limits: ReadLimits = DEFAULT_LIMITS
) -> ReducedImage:
    """As `decode_file_reduced`, from the file's bytes."""
    factor = 1
    header = None
    if data and sniff_format(data) == "jpeg":
        try:
            header = read_header(data)
        except HeaderError as exc:
            raise ImageDecodeError(str(exc)) from exc
    if header is not None:
        check_header(header, limits)
        factor = reduction_factor(header.width, header.height, *need(header.width, header.height))
    if factor == 1 or header is None:
        full: DecodedImage = decode_bytes(data, limits=limits)
        h, w = full.rgb.shape[:2]
        return ReducedImage(full.rgb, 1, w, h)
    if not data.rstrip(b"\x00").endswith(b"\xff\xd9"):
        raise ImageDecodeError("the JPEG file is incomplete (truncated or still being written)")
    flags = _REDUCED_FLAGS[factor] | cv2.IMREAD_IGNORE_ORIENTATION  # as the full decode
    array = cv2.imdecode(np.frombuffer(data, np.uint8), flags)
    if array is None:
        raise ImageDecodeError("not a readable image (unknown format or corrupt data)")
    rgb = to_display_rgb(array, bgr_order=True, limits=limits)
    return ReducedImage(rgb, factor, header.width, header.height)


__all__ = [
    "NeededSize",
    "ReducedImage",
    "decode_bytes_reduced",
    "decode_file_reduced",
    "reduction_factor",
]

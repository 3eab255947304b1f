"""Image dimensions read from file headers, before any pixel is decoded.

Why: decoders allocate the full image the header claims. A 335-byte JPEG claiming 32000x32000
pixels, or a small PNG/TIFF that inflates to gigabytes, exhausts memory before any size check
after decoding can run. Reading the few header bytes first lets the caller refuse such files
cheaply. Only formats whose header this module understands are decoded at all; anything else is
refused as unknown rather than handed to a decoder that might accept something unexpected.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TIFF_SIGNATURES = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")
_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_PNG_CHANNELS = {0: 1, 2: 3, 3: 3, 4: 2, 6: 4}  # colour type -> samples per pixel once decoded


class HeaderError(Exception):
    """The header is missing, malformed or claims something unusable; message in plain words."""


@dataclass(frozen=True)
class ImageHeader:
    """What a header promises: the format, the size of one frame and what decoding will cost."""

    format: str  # "png", "jpeg", "bmp", "tiff", "dicom"
    width: int
    height: int
    frames: int = 1  # pages or slices that will be decoded
    samples: int = 1  # values per pixel
    bytes_per_sample: int = 1

    @property
    def pixels(self) -> int:
        return self.width * self.height

    @property
    def decoded_bytes(self) -> int:
        """Memory the decoder will allocate for the raw pixels."""
        return self.pixels * self.frames * self.samples * self.bytes_per_sample


def sniff_format(data: bytes) -> str | None:
    """The format by magic bytes (never by the file name, which may lie)."""
    if data.startswith(PNG_SIGNATURE):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"BM") and len(data) >= 26:
        return "bmp"
    if data.startswith(TIFF_SIGNATURES):
        return "tiff"
    if len(data) >= 132 and data[128:132] == b"DICM":
        return "dicom"
    return None


def png_header(data: bytes) -> ImageHeader:
    """PNG: IHDR is always the first chunk, at a fixed place."""
    if len(data) < 33 or data[12:16] != b"IHDR":
        raise HeaderError("the PNG file has no valid header (truncated or damaged)")
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    if colour not in _PNG_CHANNELS or depth not in (1, 2, 4, 8, 16):
        raise HeaderError("the PNG header describes an unknown pixel layout")
    return ImageHeader("png", width, height, 1, _PNG_CHANNELS[colour], 2 if depth == 16 else 1)


def jpeg_header(data: bytes) -> ImageHeader:
    """JPEG: walk the marker segments up to the first start-of-frame (SOFn)."""
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise HeaderError("the JPEG file is damaged (bad marker before the image header)")
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if length < 2:
            raise HeaderError("the JPEG file is damaged (invalid segment length)")
        if marker in _JPEG_SOF:
            if pos + 10 > len(data):
                break
            precision, height, width, components = struct.unpack(">BHHB", data[pos + 4 : pos + 10])
            if height == 0:
                raise HeaderError("the JPEG header gives no image height")
            return ImageHeader("jpeg", width, height, 1, components, 2 if precision > 8 else 1)
        if marker in (0xDA, 0xD9):  # scan data or end before any frame header
            raise HeaderError("the JPEG file has no image header")
        pos += 2 + length
    raise HeaderError("the JPEG file is incomplete (no image header found)")


def bmp_header(data: bytes) -> ImageHeader:
    """BMP: BITMAPCOREHEADER (OS/2, 16-bit sizes) or BITMAPINFOHEADER and later (32-bit)."""
    (dib_size,) = struct.unpack("<I", data[14:18])
    if dib_size == 12:
        width, height = struct.unpack("<HH", data[18:22])
    elif dib_size >= 40 and len(data) >= 30:
        width, height = struct.unpack("<ii", data[18:26])
    else:
        raise HeaderError("the BMP header is damaged or of an unknown kind")
    # cv2 decodes every BMP to 3 (or 4) channels of 8 bits, whatever its palette depth.
    return ImageHeader("bmp", abs(width), abs(height), 1, 4, 1)


def tiff_header(data: bytes) -> ImageHeader:
    """TIFF: the first page's shape from its tags (and the second's, for a low/high pair)."""
    import tifffile

    try:
        with tifffile.TiffFile(io.BytesIO(data)) as tif:
            first = tif.pages.first
            shape, dtype = first.shape, first.dtype
            frames = 2 if _page_count_is_two(tif) else 1
    except HeaderError:
        raise
    except Exception as exc:  # tifffile raises many types for damaged files
        raise HeaderError(f"the TIFF file is damaged or incomplete ({_short(exc)})") from exc
    if dtype is None or len(shape) < 2:
        raise HeaderError("the TIFF file uses a pixel layout that cannot be shown")
    axes = first.axes
    height = int(shape[axes.index("Y")]) if "Y" in axes else int(shape[-2])
    width = int(shape[axes.index("X")]) if "X" in axes else int(shape[-1])
    other = 1
    for size in shape:
        other *= int(size)
    samples = max(other // max(width * height, 1), 1)
    return ImageHeader("tiff", width, height, frames, samples, int(dtype.itemsize))


def _page_count_is_two(tif: object) -> bool:
    """Exactly two pages (a low/high pair), found without listing every page of a huge file."""
    pages = tif.pages  # type: ignore[attr-defined]
    try:
        pages[1]
    except IndexError:
        return False
    try:
        pages[2]
    except IndexError:
        return True
    return False


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]


def read_header(data: bytes) -> ImageHeader | None:
    """The header of a PNG, JPEG, BMP or TIFF file; None for a format not known here.

    DICOM headers are read in `imaging.dicos.image_header`, with pydicom, and are not handled
    here to keep this module free of the DICOM dependency.
    """
    kind = sniff_format(data)
    if kind == "png":
        return png_header(data)
    if kind == "jpeg":
        return jpeg_header(data)
    if kind == "bmp":
        return bmp_header(data)
    if kind == "tiff":
        return tiff_header(data)
    return None

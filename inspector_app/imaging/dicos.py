"""DICOS (NEMA IIC 1, DICOM-based) scans and threat reports.

DX images (uncompressed or JPEG-lossless, via pylibjpeg) become display images; a CT volume is
shown as its projection through the slices, as an operator's overview. A TDR (threat detection
report) holds the scanner vendor's own alarms: its potential threat objects become VendorCues,
drawn as a second overlay beside our detector's cues.

Files come from other machines, so every accessor here turns a malformed element (a missing
ObjectID, a ROI without extents, a palette image without its colour table) into a `DicosError`
or a skipped element, never an AttributeError that would stop the feed.
"""

from __future__ import annotations

import io
import warnings
from typing import Any

import numpy as np

from inspector_app.domain import Box, VendorCue
from inspector_app.imaging.header import ImageHeader

_DX_PREFIX = "1.2.840.10008.5.1.4.1.1.501.2"
_CT = "1.2.840.10008.5.1.4.1.1.501.1"
_TDR = "1.2.840.10008.5.1.4.1.1.501.3"


class DicosError(Exception):
    """The DICOS file cannot be used; the message says why in plain words."""


def is_dicom(data: bytes) -> bool:
    return len(data) >= 132 and data[128:132] == b"DICM"


def _read(data: bytes, *, header_only: bool = False) -> Any:
    import pydicom

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # vendors' UIDs often break VR rules; harmless
            return pydicom.dcmread(io.BytesIO(data), stop_before_pixels=header_only)
    except Exception as exc:
        raise DicosError(f"the DICOS file is damaged or incomplete ({_short(exc)})") from exc


def _short(exc: BaseException) -> str:
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:120]


def _int(ds: Any, keyword: str, default: int) -> int:
    try:
        value = ds.get(keyword, default)
        return int(value) if value not in (None, "") else default
    except (TypeError, ValueError):
        return default


def image_header(data: bytes) -> ImageHeader:
    """Rows, columns, frames and sample size, read without touching the pixel data."""
    ds = _read(data, header_only=True)
    if str(ds.get("SOPClassUID", "")) == _TDR:
        raise DicosError("this is a threat report (TDR), not an image; it belongs with its scan")
    rows, columns = _int(ds, "Rows", 0), _int(ds, "Columns", 0)
    if rows <= 0 or columns <= 0:
        raise DicosError("the DICOS file holds no image (no rows and columns given)")
    frames = max(_int(ds, "NumberOfFrames", 1), 1)
    samples = max(_int(ds, "SamplesPerPixel", 1), 1)
    if str(ds.get("PhotometricInterpretation", "")) == "PALETTE COLOR":
        samples = 3
    bits = _int(ds, "BitsAllocated", 16)
    return ImageHeader("dicom", columns, rows, frames, samples, max((bits + 7) // 8, 1))


def kind(data: bytes) -> str:
    """'dx', 'ct', 'tdr' or 'other' from the SOP class."""
    sop = str(_read(data).get("SOPClassUID", ""))
    if sop.startswith(_DX_PREFIX):
        return "dx"
    return {_CT: "ct", _TDR: "tdr"}.get(sop, "other")


def dicos_pixels(data: bytes) -> np.ndarray:
    """The image as an array: grey (H, W) or colour (H, W, 3), native bit depth."""
    ds = _read(data)
    sop = str(ds.get("SOPClassUID", ""))
    if sop == _TDR:
        raise DicosError("this is a threat report (TDR), not an image; it belongs with its scan")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pixels = ds.pixel_array
    except Exception as exc:  # missing decoder, truncated pixel data, ...
        raise DicosError(f"the DICOS image pixels cannot be decoded ({_short(exc)})") from exc
    photometric = str(ds.get("PhotometricInterpretation", "MONOCHROME2"))
    if photometric == "PALETTE COLOR":
        from pydicom.pixels import apply_color_lut

        try:
            return apply_color_lut(pixels, ds)
        except Exception:
            # No (or a broken) colour table: the indices still show the scan's content, so the
            # parcel is screened in grey rather than set aside.
            pass
    if sop == _CT and pixels.ndim == 3:
        pixels = pixels.astype(np.float32).sum(axis=0)  # overview: projection through slices
    if photometric == "MONOCHROME1":  # high values are dark: invert to the usual sense
        pixels = pixels.max() - pixels
    return pixels


def sop_instance_uid(data: bytes) -> str:
    return str(_read(data).get("SOPInstanceUID", ""))


def _items(dataset: Any, tag: tuple[int, int]) -> list[Any]:
    """Items of a sequence element, or none when it is absent or not a sequence."""
    try:
        element = dataset.get(tag)
        value = element.value if element is not None else None
    except Exception:
        return []
    return list(value) if value is not None and element.VR == "SQ" else []


def _text(dataset: Any, tag: tuple[int, int]) -> str:
    try:
        element = dataset.get(tag)
        return "" if element is None or element.value is None else str(element.value)
    except Exception:
        return ""


def referenced_uids(data: bytes) -> set[str]:
    """The image instances a TDR reports on (Referenced Instance Sequence of each PTO)."""
    ds = _read(data, header_only=True)
    uids = set()
    for threat in _items(ds, (0x4010, 0x1011)):
        for representation in _items(threat, (0x4010, 0x1037)):
            for reference in _items(representation, (0x0008, 0x114A)):
                uids.add(_text(reference, (0x0008, 0x1155)))
    return uids - {""}


def vendor_cues(data: bytes) -> list[VendorCue]:
    """Potential threat objects of a TDR as 2-D boxes (x, y from the ROI base and extents).

    A threat without an ObjectID gets -1; a ROI without a usable base and extents is skipped,
    since a box cannot be drawn for it; the other threats of the report are still shown.
    """
    ds = _read(data, header_only=True)
    if str(ds.get("SOPClassUID", "")) != _TDR:
        raise DicosError("not a DICOS threat report (TDR)")
    cues = []
    for threat in _items(ds, (0x4010, 0x1011)):  # Threat Sequence
        try:
            object_id = int(_text(threat, (0x4010, 0x1010)) or -1)
        except ValueError:
            object_id = -1
        assessments = _items(threat, (0x4010, 0x1038))
        item = assessments[0] if assessments else None
        category = _text(item, (0x4010, 0x1012)) if item is not None else ""
        description = _text(item, (0x4010, 0x1013)) if item is not None else ""
        flag = _text(item, (0x4010, 0x1015)) if item is not None else ""
        for representation in _items(threat, (0x4010, 0x1037)):
            for roi in _items(representation, (0x4010, 0x1001)):
                box = _roi_box(roi)
                if box is None:
                    continue
                cues.append(
                    VendorCue(
                        label=description or category or "vendor alarm",
                        box=box,
                        alarm=flag in {"HIGH_THREAT", "THREAT"},
                        object_id=object_id,
                    )
                )
    return cues


def _roi_box(roi: Any) -> Box | None:
    """The ROI's x/y box, or None when base or extents are missing, short or not numbers."""
    try:
        base = [float(v) for v in roi[0x4010, 0x1004].value]
        extents = [float(v) for v in roi[0x4010, 0x1005].value]
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    if len(base) < 2 or len(extents) < 2 or not all(np.isfinite(base[:2] + extents[:2])):
        return None
    return Box(base[0], base[1], base[0] + extents[0], base[1] + extents[1])

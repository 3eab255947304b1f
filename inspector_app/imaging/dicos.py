"""DICOS (NEMA IIC 1, DICOM-based) scans and threat reports.

DX images (uncompressed or JPEG-lossless, via pylibjpeg) become display images; a CT volume is
shown as its projection through the slices, as an operator's overview. A TDR (threat detection
report) holds the scanner vendor's own alarms: its potential threat objects become VendorCues,
drawn as a second overlay beside our detector's cues.
"""

from __future__ import annotations

import io
import warnings

import numpy as np

from inspector_app.domain import Box, VendorCue

_DX_PREFIX = "1.2.840.10008.5.1.4.1.1.501.2"
_CT = "1.2.840.10008.5.1.4.1.1.501.1"
_TDR = "1.2.840.10008.5.1.4.1.1.501.3"


class DicosError(Exception):
    """The DICOS file cannot be used; the message says why in plain words."""


def is_dicom(data: bytes) -> bool:
    return len(data) >= 132 and data[128:132] == b"DICM"


def _read(data: bytes):
    import pydicom

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # vendors' UIDs often break VR rules; harmless
            return pydicom.dcmread(io.BytesIO(data))
    except Exception as exc:
        raise DicosError(f"the DICOS file is damaged or incomplete ({exc})") from exc


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
        raise DicosError(f"the DICOS image pixels cannot be decoded ({exc})") from exc
    photometric = str(ds.get("PhotometricInterpretation", "MONOCHROME2"))
    if photometric == "PALETTE COLOR":
        from pydicom.pixels import apply_color_lut

        return apply_color_lut(pixels, ds)
    if sop == _CT and pixels.ndim == 3:
        pixels = pixels.astype(np.float32).sum(axis=0)  # overview: projection through slices
    if photometric == "MONOCHROME1":  # high values are dark: invert to the usual sense
        pixels = pixels.max() - pixels
    return pixels


def sop_instance_uid(data: bytes) -> str:
    return str(_read(data).get("SOPInstanceUID", ""))


def referenced_uids(data: bytes) -> set[str]:
    """The image instances a TDR reports on (Referenced Instance Sequence of each PTO)."""
    ds = _read(data)
    uids = set()
    for threat in ds.get((0x4010, 0x1011), []):
        for representation in threat.get((0x4010, 0x1037), []):
            for reference in representation.get((0x0008, 0x114A), []):
                uids.add(str(reference.get("ReferencedSOPInstanceUID", "")))
    return uids - {""}


def vendor_cues(data: bytes) -> list[VendorCue]:
    """Potential threat objects of a TDR as 2-D boxes (x, y from the ROI base and extents)."""
    ds = _read(data)
    if str(ds.get("SOPClassUID", "")) != _TDR:
        raise DicosError("not a DICOS threat report (TDR)")
    cues = []
    for threat in ds.get((0x4010, 0x1011), []):  # Threat Sequence
        object_id = int(threat.get((0x4010, 0x1010)).value)
        assessment = threat.get((0x4010, 0x1038))
        item = assessment[0] if assessment else None
        category = (
            str(item.get((0x4010, 0x1012)).value) if item and (0x4010, 0x1012) in item else ""
        )
        description = (
            str(item.get((0x4010, 0x1013)).value) if item and (0x4010, 0x1013) in item else ""
        )
        flag = str(item.get((0x4010, 0x1015)).value) if item and (0x4010, 0x1015) in item else ""
        for representation in threat.get((0x4010, 0x1037), []):
            for roi in representation.get((0x4010, 0x1001), []):
                base = [float(v) for v in roi.get((0x4010, 0x1004)).value]
                extents = [float(v) for v in roi.get((0x4010, 0x1005)).value]
                box = Box(base[0], base[1], base[0] + extents[0], base[1] + extents[1])
                cues.append(
                    VendorCue(
                        label=description or category or "vendor alarm",
                        box=box,
                        alarm=flag in {"HIGH_THREAT", "THREAT"},
                        object_id=object_id,
                    )
                )
    return cues

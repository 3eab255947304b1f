"""Raw dual-energy pairs: which files belong together, and decoding a low/high pair.

Why: many scanners write the low- and the high-energy image of one parcel as two files
(`BAG17_low.png` + `BAG17_high.png`, or headerless `.raw` dumps). The hot folder sees them one
at a time, in any order; the pairing here is a pure function of the names seen so far, so the
feed can call it on every listing and keep what is still waiting for its partner. The naming
rule is configurable because every make spells it differently (`_LE`/`_HE`, `-lo`/`-hi`).
"""

from __future__ import annotations

import fnmatch
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from inspector_app.imaging.decode import (
    DecodedImage,
    ImageDecodeError,
    check_header,
    dual_energy_image,
)
from inspector_app.imaging.header import HeaderError, ImageHeader, read_header, sniff_format
from inspector_app.imaging.safe_read import DEFAULT_LIMITS, ReadLimits


@dataclass(frozen=True)
class PairRule:
    """Glob patterns on the file name; the first `*` is the parcel's name shared by both."""

    low: str = "*_low.*"
    high: str = "*_high.*"

    def __post_init__(self) -> None:
        for pattern in (self.low, self.high):
            if "*" not in pattern:
                raise ValueError(f"pair pattern {pattern!r} needs a * for the parcel name")

    def match(self, name: str) -> tuple[str, str] | None:
        """('low'|'high', parcel key) when `name` follows the rule, else None."""
        for side, pattern in (("low", self.low), ("high", self.high)):
            found = _compiled(pattern).match(name)
            if found:
                return side, found.group(1).lower()
        return None


def _compiled(pattern: str) -> re.Pattern[str]:
    """Glob -> regex whose first `*` is captured (case-insensitive, like Windows shares)."""
    head, tail = pattern.split("*", 1)
    regex = re.escape(head) + "(.*)" + fnmatch.translate(tail).removeprefix("(?s:")
    regex = regex.removesuffix(r")\Z") + r"\Z"
    return re.compile("(?s)" + regex, re.IGNORECASE)


@dataclass(frozen=True)
class Pairing:
    """`pairs`: (low, high) in the order the second file of each arrived; `singles`: files
    outside the rule, in arrival order; `waiting`: halves whose partner has not arrived yet."""

    pairs: list[tuple[Path, Path]] = field(default_factory=list)
    singles: list[Path] = field(default_factory=list)
    waiting: list[Path] = field(default_factory=list)


def pair_files(paths: Sequence[Path], rule: PairRule = PairRule()) -> Pairing:
    """Split files (in arrival order) into low/high pairs, single scans and unmatched halves.

    The same parcel name given twice for one side (e.g. a re-sent file) pairs first-come
    first-served; the extra half waits for a partner of its own.
    """
    pairing = Pairing()
    arrived = [Path(p) for p in paths]
    open_halves: dict[tuple[str, str], list[Path]] = {}
    for path in arrived:
        matched = rule.match(path.name)
        if matched is None:
            pairing.singles.append(path)
            continue
        side, key = matched
        other = "high" if side == "low" else "low"
        partners = open_halves.get((other, key))
        if partners:
            partner = partners.pop(0)
            pairing.pairs.append((path, partner) if side == "low" else (partner, path))
        else:
            open_halves.setdefault((side, key), []).append(path)
    order = {id(p): i for i, p in enumerate(arrived)}
    left = [p for halves in open_halves.values() for p in halves]
    pairing.waiting.extend(sorted(left, key=lambda p: order[id(p)]))
    return pairing


@dataclass(frozen=True)
class RawGeometry:
    """How to read a headerless `.raw` half: width in pixels and numpy sample type.

    The height follows from the file size; a size that is not a whole number of rows is
    refused as incomplete. Little-endian 16-bit is what most detector boards write.
    """

    width: int
    dtype: str = "<u2"


def decode_channel(
    data: bytes, *, limits: ReadLimits = DEFAULT_LIMITS, geometry: RawGeometry | None = None
) -> np.ndarray:
    """One half of a pair as a 2-D array at its native depth (8/16-bit or float)."""
    if not data:
        raise ImageDecodeError("the file is empty (0 bytes) - it may still be being written")
    kind = sniff_format(data)
    if kind is None:
        if geometry is None:
            raise ImageDecodeError("not a readable image (unknown format, no raw geometry set)")
        return _raw_channel(data, geometry, limits)
    if kind == "dicom":
        from inspector_app.imaging import dicos

        try:
            check_header(dicos.image_header(data), limits)
            array = dicos.dicos_pixels(data)
        except dicos.DicosError as exc:
            raise ImageDecodeError(str(exc)) from exc
    else:
        try:
            header = read_header(data)
        except HeaderError as exc:
            raise ImageDecodeError(str(exc)) from exc
        assert header is not None
        check_header(header, limits)
        array = _decode_native(data, header)
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[..., 0]
    if array.ndim != 2:
        raise ImageDecodeError("a low or high energy image must be one grey channel")
    return array


def _decode_native(data: bytes, header: ImageHeader) -> np.ndarray:
    if header.format == "tiff":
        import tifffile

        try:
            with tifffile.TiffFile(io.BytesIO(data)) as tif:
                return tif.pages.first.asarray()
        except Exception as exc:  # tifffile raises many types for damaged files
            raise ImageDecodeError("the TIFF file is damaged or incomplete") from exc
    import cv2

    from inspector_app.imaging.decode import _check_complete

    _check_complete(data)
    array = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    if array is None:
        raise ImageDecodeError("not a readable image (corrupt data)")
    return array


def _raw_channel(data: bytes, geometry: RawGeometry, limits: ReadLimits) -> np.ndarray:
    dtype = np.dtype(geometry.dtype)
    row = geometry.width * dtype.itemsize
    if geometry.width < 1 or len(data) % row:
        raise ImageDecodeError(
            f"the raw file is not a whole number of {geometry.width}-pixel rows"
            " (incomplete, or another width)"
        )
    height = len(data) // row
    check_header(ImageHeader("raw", geometry.width, height, 1, 1, dtype.itemsize), limits)
    return np.frombuffer(data, dtype).reshape(height, geometry.width)


def decode_pair(
    low: bytes,
    high: bytes,
    *,
    limits: ReadLimits = DEFAULT_LIMITS,
    geometry: RawGeometry | None = None,
) -> DecodedImage:
    """A low/high pair rendered with the dual-energy colour code; raw channels kept."""
    low_array = decode_channel(low, limits=limits, geometry=geometry)
    high_array = decode_channel(high, limits=limits, geometry=geometry)
    return dual_energy_image(low_array, high_array, limits=limits)

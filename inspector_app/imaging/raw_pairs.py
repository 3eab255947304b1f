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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

import numpy as np

from inspector_app.imaging.decode import (
    DecodedImage,
    ImageDecodeError,
    check_header,
    dual_energy_image,
)
from inspector_app.imaging.header import HeaderError, ImageHeader, read_header, sniff_format
from inspector_app.imaging.safe_read import DEFAULT_LIMITS, ReadLimits

T = TypeVar("T")


@dataclass(frozen=True)
class PairRule:
    """Glob patterns on the file name; the first `*` is the parcel's name shared by both.

    Any rule for two files of one parcel: `low`/`high` are the two energies of a raw pair, or
    the first and second view of a dual-view scanner (`*_top.*` / `*_side.*`).
    """

    low: str = "*_low.*"
    high: str = "*_high.*"

    def __post_init__(self) -> None:
        for pattern in (self.low, self.high):
            if "*" not in pattern:
                raise ValueError(f"pair pattern {pattern!r} needs a * for the parcel name")

    def split(self, name: str) -> tuple[str, str] | None:
        """('low'|'high', the parcel's name as written) when `name` follows the rule."""
        for side, pattern in (("low", self.low), ("high", self.high)):
            found = _compiled(pattern).match(name)
            if found:
                return side, found.group(1)
        return None

    def match(self, name: str) -> tuple[str, str] | None:
        """('low'|'high', parcel key) when `name` follows the rule, else None."""
        split = self.split(name)
        return None if split is None else (split[0], split[1].lower())


def _compiled(pattern: str) -> re.Pattern[str]:
    """Glob -> regex whose first `*` is captured (case-insensitive, like Windows shares)."""
    head, tail = pattern.split("*", 1)
    regex = re.escape(head) + "(.*)" + fnmatch.translate(tail).removeprefix("(?s:")
    regex = regex.removesuffix(r")\Z") + r"\Z"
    return re.compile("(?s)" + regex, re.IGNORECASE)


@dataclass(frozen=True)
class Pairing(Generic[T]):
    """`pairs`: (low, high) in the order the second file of each arrived; `singles`: files
    outside the rule, in arrival order; `waiting`: halves whose partner has not arrived yet."""

    pairs: list[tuple[T, T]] = field(default_factory=list)
    singles: list[T] = field(default_factory=list)
    waiting: list[T] = field(default_factory=list)


def pair_files(paths: Sequence[Path], rule: PairRule = PairRule()) -> Pairing[Path]:
    """Split files (in arrival order) into low/high pairs, single scans and unmatched halves.

    The same parcel name given twice for one side (e.g. a re-sent file) pairs first-come
    first-served; the extra half waits for a partner of its own.
    """
    return pair_items([Path(p) for p in paths], lambda p: p.name, rule)


def pair_items(items: Sequence[T], name: Callable[[T], str], rule: PairRule) -> Pairing[T]:
    """`pair_files` for anything with a name (a file, or an already paired group of files)."""
    pairing: Pairing[T] = Pairing()
    open_halves: dict[tuple[str, str], list[int]] = {}
    for index, item in enumerate(items):
        matched = rule.match(name(item))
        if matched is None:
            pairing.singles.append(item)
            continue
        side, key = matched
        other = "high" if side == "low" else "low"
        partners = open_halves.get((other, key))
        if partners:
            partner = items[partners.pop(0)]
            pairing.pairs.append((item, partner) if side == "low" else (partner, item))
        else:
            open_halves.setdefault((side, key), []).append(index)
    left = sorted(i for halves in open_halves.values() for i in halves)
    pairing.waiting.extend(items[i] for i in left)
    return pairing


RAW_SUFFIX = ".raw"  # headerless samples: only a configured geometry can read them


@dataclass(frozen=True)
class RawGeometry:
    """How to read a headerless `.raw` half: width in pixels, numpy sample type, and how many
    bits of each sample the detector fills.

    The height follows from the file size; a size that is not a whole number of rows is
    refused as incomplete. Little-endian 16-bit is what most detector boards write; 12- and
    14-bit boards write 16-bit samples with the top bits clear, scaled here to the full 16-bit
    range so that a transmission reads the same whatever the board (T = value / 65535).
    """

    width: int
    dtype: str = "<u2"
    bits: int = 16


def decode_channel(
    data: bytes,
    *,
    limits: ReadLimits = DEFAULT_LIMITS,
    geometry: RawGeometry | None = None,
    headerless: bool = False,
) -> np.ndarray:
    """One half of a pair as a 2-D array at its native depth (8/16-bit or float).

    `headerless`: the bytes are raw samples (a `.raw` file) and are never sniffed, since the
    first pixels of a raw image can look like a format's signature (19778 reads as "BM").
    Without it, data of no known format is read with `geometry` when one is given.
    """
    if not data:
        raise ImageDecodeError("the file is empty (0 bytes) - it may still be being written")
    if headerless:
        if geometry is None:
            raise ImageDecodeError(
                "a headerless .raw file (unknown format without a raw geometry: width, bits)"
            )
        return _raw_channel(data, geometry, limits)
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
            f"{len(data):,} bytes are not a whole number of {geometry.width}-pixel rows"
            f" ({row:,} bytes each): the file is incomplete, or the raw width set for this"
            " feed is not this scanner's"
        )
    height = len(data) // row
    check_header(ImageHeader("raw", geometry.width, height, 1, 1, dtype.itemsize), limits)
    array = np.frombuffer(data, dtype).reshape(height, geometry.width)
    if dtype.kind != "u" or geometry.bits >= dtype.itemsize * 8:
        return array
    top = (1 << geometry.bits) - 1
    peak = int(array.max())
    if peak > top:
        raise ImageDecodeError(
            f"pixel values reach {peak}, above the {geometry.bits}-bit range (0-{top}) set for"
            " this feed: the scanner writes more bits, or another byte order"
        )
    scaled = (array.astype(np.uint32) * 65535 + top // 2) // top  # full scale, rounded
    return scaled.astype(np.uint16)


def decode_pair(
    low: bytes,
    high: bytes,
    *,
    limits: ReadLimits = DEFAULT_LIMITS,
    geometry: RawGeometry | None = None,
    headerless: tuple[bool, bool] = (False, False),
) -> DecodedImage:
    """A low/high pair rendered with the dual-energy colour code; raw channels kept.

    `headerless`: which halves are raw samples (see `decode_channel`)."""
    channels = []
    for label, data, raw in (("low", low, headerless[0]), ("high", high, headerless[1])):
        try:
            channels.append(decode_channel(data, limits=limits, geometry=geometry, headerless=raw))
        except ImageDecodeError as exc:
            raise ImageDecodeError(f"the {label}-energy image: {exc}") from exc
    return dual_energy_image(channels[0], channels[1], limits=limits)

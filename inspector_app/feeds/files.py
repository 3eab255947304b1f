"""Feed of given image files (CLI `--images`, batch review). Unreadable files become
ScanFailures with the reason, and the remaining files still arrive. DICOS threat reports (TDR)
among the files are not scans: their cues are attached to the image they reference."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from inspector_app.config import FilesFeedSection
from inspector_app.domain import Scan, VendorCue
from inspector_app.feeds.base import FeedItem, ScanFailure, new_scan_id, now
from inspector_app.feeds.parcels import VIEW_RULE
from inspector_app.feeds.registry import register
from inspector_app.imaging import dicos
from inspector_app.imaging.decode import ImageDecodeError, decode_bytes
from inspector_app.imaging.raw_pairs import RAW_SUFFIX, RawGeometry, decode_pair, pair_files
from inspector_app.imaging.safe_read import (
    DEFAULT_LIMITS,
    FileRefused,
    ReadLimits,
    read_file_safely,
)


class FileListFeed:
    name = "files"
    lane = "files"

    def __init__(self, paths: Sequence[Path], interval_s: float = 0.0) -> None:
        self.paths = [Path(p) for p in paths]
        self.interval_s = interval_s

    def items(self, stop: threading.Event) -> Iterator[FeedItem]:
        reports, images = _split_threat_reports(self.paths)
        for views in _pair_views(images):
            if stop.is_set():
                return
            items = [read_scan_file(path, source=self.name, reports=reports) for path in views]
            yield from items if len(items) == 1 else join_views(items[0], items[1])
            if self.interval_s and stop.wait(self.interval_s):
                return


def _pair_views(paths: Sequence[Path]) -> list[tuple[Path, ...]]:
    """NAME_top.* and NAME_side.* become one parcel (top view first); other files stay single.

    All files are given at once, so a view without its partner is simply a scan of its own; a
    file given twice is read once."""
    unique = list(dict.fromkeys(Path(p) for p in paths))
    pairing = pair_files(unique, VIEW_RULE)
    first = {p: i for i, p in enumerate(unique)}
    parcels = [(p,) for p in pairing.singles + pairing.waiting] + list(pairing.pairs)
    return sorted(parcels, key=lambda views: min(first[p] for p in views))


def join_views(top: FeedItem, side: FeedItem) -> list[FeedItem]:
    """One two-view parcel when both views could be read; otherwise each as it is, so a view
    that cannot be read is set aside with its reason and the other is still screened."""
    if isinstance(top, Scan) and isinstance(side, Scan):
        return [replace(top, second_view=replace(side, scan_id=f"{top.scan_id}-2"))]
    return [top, side]


def _split_threat_reports(
    paths: Sequence[Path], limits: ReadLimits = DEFAULT_LIMITS
) -> tuple[dict[str, tuple[VendorCue, ...]], list[Path]]:
    """DICOS threat reports among the files: {referenced image UID: cues}, and the images.

    A report that cannot be read (unsafe, damaged, missing elements) goes on as an image, where
    reading it again turns the problem into a ScanFailure with a reason: it never stops the feed.
    """
    reports: dict[str, tuple[VendorCue, ...]] = {}
    images = []
    for path in paths:
        try:
            if path.suffix.lower() in {".dcs", ".dcm"}:
                head = read_file_safely(path, limits)
                if dicos.is_dicom(head) and dicos.kind(head) == "tdr":
                    cues = tuple(dicos.vendor_cues(head))
                    for uid in dicos.referenced_uids(head):
                        reports[uid] = reports.get(uid, ()) + cues
                    continue
        except Exception:  # read again as an image below, which says what is wrong in words
            pass
        images.append(path)
    return reports, images


def read_scan_file(
    path: Path,
    source: str,
    reports: dict[str, tuple[VendorCue, ...]] | None = None,
    *,
    limits: ReadLimits | None = None,
    data: bytes | None = None,
) -> FeedItem:
    """One file as a Scan, or a ScanFailure whose reason is plain words; never raises.

    `limits`: size, pixel and time caps and the folders links may lead into (the watched
    folder); `data`: the file's bytes when the caller already read them with
    `read_file_safely` (e.g. to hash them), so the file is not read twice.
    """
    scan_id = new_scan_id(source.upper())
    received = now()
    limits = limits or DEFAULT_LIMITS
    raw: bytes | None = data

    def failed(reason: str, keep: bytes | None) -> ScanFailure:
        meta = {"path": str(path)}
        return ScanFailure(
            scan_id, source, received, f"{path.name}: {reason}", keep, path.suffix, meta=meta
        )

    try:
        if raw is None:
            raw = read_file_safely(Path(path), limits)
        decoded = decode_bytes(raw, limits=limits)
        vendor: tuple[VendorCue, ...] = ()
        if reports and dicos.is_dicom(raw):
            vendor = reports.get(dicos.sop_instance_uid(raw), ())
    except FileRefused as exc:
        return failed(str(exc), None)
    except ImageDecodeError as exc:
        return failed(str(exc), raw)
    except MemoryError:
        return failed("not enough memory to open this image (refused)", raw)
    except Exception as exc:  # any other fault in one file must not stop the feed
        return failed(f"the file could not be read ({_plain(exc)})", raw)
    return Scan(
        scan_id=scan_id,
        image=decoded.rgb,
        source=source,
        received_at=received,
        low=decoded.low,
        high=decoded.high,
        meta={"path": str(path)},
        original=raw,
        original_suffix=path.suffix.lower(),
        vendor_cues=vendor,
    )


def read_scan_pair(
    low: Path,
    high: Path,
    source: str,
    *,
    limits: ReadLimits | None = None,
    geometry: RawGeometry | None = None,
    data: tuple[bytes, bytes] | None = None,
) -> FeedItem:
    """A raw dual-energy pair (see `imaging.raw_pairs.pair_files`) as one Scan; never raises.

    `.raw` halves are headerless samples read with `geometry`; `data`: both halves' bytes when
    the caller already read them safely (to hash them), so they are not read twice. The
    evidence kept (`original`) is a two-page 16-bit TIFF of low and high, which this module
    reads back as the same pair.
    """
    scan_id = new_scan_id(source.upper())
    received = now()
    limits = limits or DEFAULT_LIMITS
    names = f"{low.name} + {high.name}"
    pair_meta = {"path": str(low), "pair": [str(low), str(high)]}

    def failed(reason: str) -> ScanFailure:
        return ScanFailure(
            scan_id, source, received, f"{names}: {reason}", None, low.suffix, meta=pair_meta
        )

    try:
        if data is None:
            data = (read_file_safely(Path(low), limits), read_file_safely(Path(high), limits))
        decoded = decode_pair(
            data[0],
            data[1],
            limits=limits,
            geometry=geometry,
            headerless=(low.suffix.lower() == RAW_SUFFIX, high.suffix.lower() == RAW_SUFFIX),
        )
        assert decoded.low is not None and decoded.high is not None
        original = _two_page_tiff(decoded.low, decoded.high)
    except (FileRefused, ImageDecodeError) as exc:
        return failed(str(exc))
    except MemoryError:
        return failed("not enough memory to open this image pair (refused)")
    except Exception as exc:  # any other fault in one pair must not stop the feed
        return failed(f"the files could not be read ({_plain(exc)})")
    return Scan(
        scan_id=scan_id,
        image=decoded.rgb,
        source=source,
        received_at=received,
        low=decoded.low,
        high=decoded.high,
        meta=pair_meta,
        original=original,
        original_suffix=".tif",
    )


def _two_page_tiff(low: np.ndarray, high: np.ndarray) -> bytes:
    import tifffile

    buffer = io.BytesIO()
    tifffile.imwrite(buffer, np.stack([low, high]), compression="zlib")
    return buffer.getvalue()


def _plain(exc: BaseException) -> str:
    """One short line for the inspector, never a traceback."""
    text = str(exc).strip()
    first = text.splitlines()[0][:100] if text else ""
    return first or "unexpected content"


@register("files")
def build_file_list_feed(section: FilesFeedSection) -> FileListFeed:
    return FileListFeed(section.paths, section.interval_s)

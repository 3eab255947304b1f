"""Feed of given image files (CLI `--images`, batch review). Unreadable files become
ScanFailures with the reason, and the remaining files still arrive. DICOS threat reports (TDR)
among the files are not scans: their cues are attached to the image they reference."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from inspector_app.config import FilesFeedSection
from inspector_app.domain import Scan, VendorCue
from inspector_app.feeds.base import FeedItem, ScanFailure, new_scan_id, now
from inspector_app.feeds.registry import register
from inspector_app.imaging import dicos
from inspector_app.imaging.decode import ImageDecodeError, decode_bytes


class FileListFeed:
    name = "files"
    lane = "files"

    def __init__(self, paths: Sequence[Path], interval_s: float = 0.0) -> None:
        self.paths = [Path(p) for p in paths]
        self.interval_s = interval_s

    def items(self, stop: threading.Event) -> Iterator[FeedItem]:
        reports, images = _split_threat_reports(self.paths)
        for path, side in _pair_views(images):
            if stop.is_set():
                return
            item = read_scan_file(path, source=self.name, reports=reports)
            if side is not None and isinstance(item, Scan):
                second = read_scan_file(side, source=self.name, reports=reports)
                if isinstance(second, ScanFailure):  # the parcel still arrives, with a reason
                    yield second
                else:
                    item = replace(item, second_view=replace(second, scan_id=f"{item.scan_id}-2"))
            yield item
            if self.interval_s and stop.wait(self.interval_s):
                return


VIEW_SUFFIXES = ("_top", "_side")  # a dual-view scanner's two files of one parcel


def _pair_views(paths: Sequence[Path]) -> list[tuple[Path, Path | None]]:
    """NAME_top.* and NAME_side.* become one parcel (top view first); other files stay single."""
    by_stem = {p.stem: p for p in paths}
    pairs, used = [], set()
    for path in paths:
        if path in used:
            continue
        if path.stem.endswith(VIEW_SUFFIXES):
            base = path.stem.rsplit("_", 1)[0]
            top, side = by_stem.get(base + "_top"), by_stem.get(base + "_side")
            if top is not None and side is not None:
                pairs.append((top, side))
                used.update((top, side))
                continue
        pairs.append((path, None))
        used.add(path)
    return pairs


def _split_threat_reports(
    paths: Sequence[Path],
) -> tuple[dict[str, tuple[VendorCue, ...]], list[Path]]:
    """DICOS threat reports among the files: {referenced image UID: cues}, and the images."""
    reports: dict[str, tuple[VendorCue, ...]] = {}
    images = []
    for path in paths:
        try:
            head = path.read_bytes() if path.suffix.lower() in {".dcs", ".dcm"} else b""
            if head and dicos.is_dicom(head) and dicos.kind(head) == "tdr":
                cues = tuple(dicos.vendor_cues(head))
                for uid in dicos.referenced_uids(head):
                    reports[uid] = reports.get(uid, ()) + cues
                continue
        except (OSError, dicos.DicosError):
            pass  # read again as an image below, which reports the problem in words
        images.append(path)
    return reports, images


def read_scan_file(
    path: Path, source: str, reports: dict[str, tuple[VendorCue, ...]] | None = None
) -> FeedItem:
    scan_id = new_scan_id(source.upper())
    received = now()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = f"{path.name}: cannot read the file ({exc.strerror or exc})"
        return ScanFailure(scan_id, source, received, reason)
    try:
        decoded = decode_bytes(raw)
    except ImageDecodeError as exc:
        return ScanFailure(scan_id, source, received, f"{path.name}: {exc}", raw, path.suffix)
    vendor = ()
    if reports and dicos.is_dicom(raw):
        vendor = reports.get(dicos.sop_instance_uid(raw), ())
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


@register("files")
def build_file_list_feed(section: FilesFeedSection) -> FileListFeed:
    return FileListFeed(section.paths, section.interval_s)

"""Feed of given image files (CLI `--images`, batch review). Unreadable files become
ScanFailures with the reason, and the remaining files still arrive."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from inspector_app.domain import Scan
from inspector_app.feeds.base import FeedItem, ScanFailure, new_scan_id, now
from inspector_app.imaging.decode import ImageDecodeError, decode_bytes


class FileListFeed:
    name = "files"

    def __init__(self, paths: Sequence[Path], interval_s: float = 0.0) -> None:
        self.paths = [Path(p) for p in paths]
        self.interval_s = interval_s

    def items(self, stop: threading.Event) -> Iterator[FeedItem]:
        for path in self.paths:
            if stop.is_set():
                return
            yield read_scan_file(path, source=self.name)
            if self.interval_s and stop.wait(self.interval_s):
                return


def read_scan_file(path: Path, source: str) -> FeedItem:
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
    )

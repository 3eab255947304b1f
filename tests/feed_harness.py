"""A headless station on real feeds for the feed tests: real files, a real ONNX model, the real
SQLite log; it records what the station reports, as a window would receive it."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from inspector_app.config import Settings
from inspector_app.station import EventQueue, ScreeningListener, build_station


def write_scan(path: Path, value: int, size: tuple[int, int] = (96, 64)) -> Path:
    """A small distinct PNG (value picks the content; equal values give equal bytes)."""
    width, height = size
    image = np.zeros((height, width, 3), np.uint8)
    image[:, :, 0] = value % 256
    image[:, :, 1] = (value // 256) % 256
    image[: height // 2, : width // 2, 2] = 200
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    cv2.imwrite(str(tmp) + ".png", image)
    Path(str(tmp) + ".png").rename(path)
    return path


class Recorder(ScreeningListener):
    def __init__(self) -> None:
        self.ready = False
        self.scans: list[Any] = []  # ScreenedScan, in the order screened
        self.refused: list[Any] = []  # ScanFailure, in the order quarantined
        self.statuses: list[Any] = []
        self.failures: list[Any] = []
        self.timeline: list[tuple[str, str, str]] = []  # (event, lane, scan id) as reported

    def model_ready(self, info, class_names) -> None:
        self.ready = True

    def arrived(self, item) -> None:
        self.timeline.append(("arrived", item.lane, item.scan_id))

    def screened(self, screened) -> None:
        self.scans.append(screened)
        self.timeline.append(("screened", screened.scan.lane, screened.scan.scan_id))

    def quarantined(self, failure) -> None:
        self.refused.append(failure)

    def feed_status(self, status) -> None:
        self.statuses.append(status)

    def feed_failed(self, feed, error) -> None:
        self.failures.append(("feed", str(error)))

    def screening_failed(self, scan_id, error) -> None:
        self.failures.append((scan_id, str(error)))

    @property
    def settled(self) -> int:
        return len(self.scans) + len(self.refused)


class Harness:
    """build_station → screening service, driven by an EventQueue on the test's thread."""

    def __init__(self, model: Path, feeds: list[dict[str, Any]]) -> None:
        settings = Settings.model_validate(
            {"screening": {"model_path": str(model)}, "feeds": feeds}
        )
        self.station = build_station(settings)
        self.events = EventQueue()
        self.rec = Recorder()
        self.service = self.station.screening(self.rec, self.events.post)

    def __enter__(self) -> Harness:
        self.service.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.service.stop()

    def run_until(self, done, timeout_s: float = 30.0) -> None:
        self.events.run_until(done, timeout_s)

    def ledger(self) -> list[tuple]:
        db = sqlite3.connect(self.station.db_path)
        try:
            return db.execute(
                "SELECT lane, name, status, scan_id FROM ingest_ledger ORDER BY id"
            ).fetchall()
        finally:
            db.close()

    def scans(self) -> list[tuple]:
        db = sqlite3.connect(self.station.db_path)
        try:
            return db.execute(
                "SELECT scan_id, lane, status, source_name, source_path, error FROM scans"
                " WHERE parent_scan_id IS NULL ORDER BY rowid"
            ).fetchall()
        finally:
            db.close()

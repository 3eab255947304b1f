"""Feeds: the demo feed streams simulated dual-energy parcels; the file feed never drops input."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import cv2
import numpy as np

from inspector_app.domain import Scan
from inspector_app.feeds.base import ScanFailure
from inspector_app.feeds.demo import DemoFeed
from inspector_app.feeds.files import FileListFeed


def test_demo_feed_yields_dual_energy_scans_with_a_mix_of_threats() -> None:
    feed = DemoFeed(interval_s=0.0, threat_rate=0.5, seed=1234, limit=6)
    scans = list(feed.items(threading.Event()))
    assert len(scans) == 6 and all(isinstance(s, Scan) for s in scans)
    for scan in scans:
        assert scan.low is not None and scan.high is not None
        assert scan.low.dtype == np.uint16 and scan.low.shape == scan.image.shape[:2]
        assert scan.image.dtype == np.uint8 and scan.image.shape[2] == 3
        assert np.mean(scan.high) >= np.mean(scan.low)  # high energy penetrates more
    with_threats = [s for s in scans if s.meta["simulated_threats"]]
    assert 0 < len(with_threats) < len(scans)
    assert len({s.scan_id for s in scans}) == 6


def test_demo_feed_is_repeatable_for_a_seed() -> None:
    first = DemoFeed(seed=99).make_scan(99)
    again = DemoFeed(seed=99).make_scan(99)
    assert np.array_equal(first.image, again.image) and np.array_equal(first.low, again.low)


def test_demo_feed_paces_scans_and_stops_promptly() -> None:
    feed = DemoFeed(interval_s=30.0, seed=5)
    stop = threading.Event()
    items = feed.items(stop)
    next(items)
    threading.Timer(0.2, stop.set).start()
    started = time.monotonic()
    assert list(items) == []  # waits for the interval, but returns as soon as stop is set
    assert time.monotonic() - started < 5


def test_file_feed_turns_bad_files_into_failures_and_keeps_going(tmp_path: Path) -> None:
    good = tmp_path / "good.png"
    cv2.imwrite(str(good), np.full((40, 40, 3), 50, np.uint8))
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 30)
    items = list(FileListFeed([bad, tmp_path / "gone.png", good]).items(threading.Event()))
    assert [type(i) for i in items] == [ScanFailure, ScanFailure, Scan]
    assert items[0].raw is not None and "bad.png" in items[0].reason
    assert "gone.png" in items[1].reason
    assert items[2].original == good.read_bytes()


def test_top_and_side_files_become_one_dual_view_parcel(tmp_path: Path) -> None:
    paths = []
    for name, value in [("p1_top", 10), ("p1_side", 20), ("single", 30)]:
        path = tmp_path / f"{name}.png"
        cv2.imwrite(str(path), np.full((40, 60, 3), value, np.uint8))
        paths.append(path)
    items = list(FileListFeed([paths[1], paths[2], paths[0]]).items(threading.Event()))
    assert len(items) == 2
    parcel = next(i for i in items if i.second_view is not None)
    assert parcel.image[0, 0, 0] == 10 and parcel.second_view.image[0, 0, 0] == 20
    assert parcel.second_view.scan_id == parcel.scan_id + "-2"
    single = next(i for i in items if i.second_view is None)
    assert single.image[0, 0, 0] == 30

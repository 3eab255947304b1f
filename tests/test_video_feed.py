"""The frame-grabber feed on a real video file the test writes (MJPG/avi) from simulated
dual-energy parcels: one scan per parcel, repeated frames and the empty belt dropped."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from inspector_app.config import VideoFeedSection
from inspector_app.domain import Scan
from inspector_app.feeds.frame_cutter import FrameCutter
from inspector_app.feeds.status import FeedStatus
from inspector_app.feeds.video import VideoFeed
from inspector_app.imaging.dual_energy import pseudocolor
from inspector_app.simulation import simulate_parcel

SIZE = (480, 320)  # monitor picture (width, height)


@pytest.fixture(scope="module")
def parcels() -> list[np.ndarray]:
    out = []
    for seed in (3, 8, 21):
        parcel = simulate_parcel(seed, threat_rate=0.5)
        out.append(cv2.resize(pseudocolor(parcel.low, parcel.high), SIZE))
    return out


def _write_belt_video(path: Path, parcels: list[np.ndarray]) -> None:
    """Belt display: empty belt, each parcel scrolling in then standing, a flicker frame,
    the standing picture again; an empty belt between parcels."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 25, SIZE)
    assert writer.isOpened()
    belt = np.full((SIZE[1], SIZE[0], 3), 235, np.uint8)

    def put(rgb: np.ndarray, times: int = 1) -> None:
        for _ in range(times):
            writer.write(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))

    put(belt, 6)
    for parcel in parcels:
        for step in range(1, 8):  # scrolls in from the right
            frame = belt.copy()
            shift = SIZE[0] * (8 - step) // 8
            frame[:, shift:] = parcel[:, : SIZE[0] - shift]
            put(frame)
        put(parcel, 15)
        noisy = np.clip(parcel.astype(np.int16) + 40, 0, 255).astype(np.uint8)
        put(noisy)  # one flickering frame, then the same picture again: still one parcel
        put(parcel, 10)
        put(belt, 8)
    writer.release()


def test_one_scan_per_parcel_from_a_belt_video(tmp_path: Path, parcels) -> None:
    video = tmp_path / "belt.avi"
    _write_belt_video(video, parcels)
    feed = VideoFeed(VideoFeedSection(lane="monitor", file=video))
    items = list(feed.items(threading.Event()))
    scans = [item for item in items if isinstance(item, Scan)]
    assert len(scans) == 3 and not [i for i in items if isinstance(i, FeedStatus)]
    for index, scan in enumerate(scans):
        assert scan.lane == "monitor" and scan.size == SIZE
        diffs = [float(np.mean(np.abs(scan.image.astype(float) - p))) for p in parcels]
        assert int(np.argmin(diffs)) == index and min(diffs) < 6
        assert scan.meta["path"] == f"video file {video}"


def test_a_missing_video_is_reported_in_words(tmp_path: Path) -> None:
    feed = VideoFeed(VideoFeedSection(file=tmp_path / "nope.avi"))
    items = list(feed.items(threading.Event()))
    assert len(items) == 1 and isinstance(items[0], FeedStatus) and not items[0].ok
    assert "cannot be opened" in items[0].text


def test_the_cutter_drops_moving_repeated_and_blank_pictures(parcels) -> None:
    cutter = FrameCutter(settle_frames=2)
    blank = np.full((SIZE[1], SIZE[0], 3), 235, np.uint8)
    frames = [blank] * 5 + [parcels[0]] * 5 + [blank] * 3 + [parcels[0]] * 4 + [parcels[1]] * 3
    taken = [i for i, f in enumerate(frames) if cutter.feed(f) is not None]
    # the first parcel once (its re-show after the blank is the same picture), then the second
    assert taken == [7, 19]
    assert cutter.dropped == len(frames) - 2


def test_a_video_feed_needs_exactly_one_source() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        VideoFeedSection(device=0, url="rtsp://scanner/belt")
    with pytest.raises(ValueError, match="exactly one"):
        VideoFeedSection()


def test_a_live_source_that_drops_out_is_reopened_and_said_so(tmp_path: Path, parcels) -> None:
    """A live source (here a stream name that is a local file, so no network) first missing,
    then appearing, then ending: the lane says it cannot be opened, then that it is back,
    screens the parcels, says the pictures stopped, and keeps trying until the station stops."""
    video = tmp_path / "belt.avi"
    feed = VideoFeed(VideoFeedSection(lane="monitor", url=str(video)))
    stop = threading.Event()
    seen: list[object] = []
    done = threading.Event()

    def consume() -> None:
        for item in feed.items(stop):
            seen.append(item)
            if isinstance(item, FeedStatus) and "stopped sending" in item.text:
                done.set()
        done.set()

    reader = threading.Thread(target=consume, daemon=True)
    reader.start()
    deadline = time.monotonic() + 10
    while not seen and time.monotonic() < deadline:
        time.sleep(0.05)
    _write_belt_video(video, parcels)  # the source comes (back)
    assert done.wait(30)
    stop.set()
    reader.join(10)
    assert not reader.is_alive()

    statuses = [(i.ok, i.text) for i in seen if isinstance(i, FeedStatus)]
    assert statuses[0] == (False, f"The stream {video} cannot be opened.")
    assert statuses[1] == (True, f"The stream {video} is back.")
    assert statuses[2] == (False, f"The stream {video} stopped sending pictures.")
    assert sum(isinstance(i, Scan) for i in seen) == len(parcels)

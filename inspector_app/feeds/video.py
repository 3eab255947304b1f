"""Frame grabber feed: the operator monitor's picture (a capture device, a recorded video, or
a stream URL — a URL is opened only when the settings name one) cut into one scan per parcel.

Why: some scanners hand over nothing but their monitor signal. The cutting rule lives in
`frame_cutter` (pure, tested on a video the tests build from simulated scans); this module
only opens the source, reads frames and says in plain words when the source is lost. A live
source (device, stream) is reopened after a pause; a file ends the feed at its end.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import cv2
import numpy as np

from inspector_app.config import VideoFeedSection
from inspector_app.domain import Scan
from inspector_app.feeds.base import FeedItem, new_scan_id, now
from inspector_app.feeds.frame_cutter import FrameCutter
from inspector_app.feeds.registry import register
from inspector_app.feeds.status import FeedStatus

REOPEN_S = 2.0


class VideoFeed:
    name = "video"

    def __init__(self, section: VideoFeedSection) -> None:
        self.section = section
        self.lane = section.lane

    def describe(self) -> str:
        s = self.section
        if s.device is not None:
            return f"capture device {s.device}"
        return f"video file {s.file}" if s.file is not None else f"stream {s.url}"

    def _open(self) -> cv2.VideoCapture:
        s = self.section
        if s.device is not None:
            return cv2.VideoCapture(s.device)
        return cv2.VideoCapture(str(s.file) if s.file is not None else str(s.url))

    def items(self, stop: threading.Event) -> Iterator[FeedItem | FeedStatus]:
        s = self.section
        live = s.file is None
        cutter = FrameCutter(s.change, s.still, s.settle_frames, s.blank_std)
        lost = False
        while not stop.is_set():
            capture = self._open()
            if not capture.isOpened():
                capture.release()
                if not lost:
                    lost = True
                    yield FeedStatus(self.lane, False, f"The {self.describe()} cannot be opened.")
                if not live or stop.wait(REOPEN_S):
                    return
                continue
            if lost:
                lost = False
                yield FeedStatus(self.lane, True, f"The {self.describe()} is back.")
            try:
                yield from self._frames(capture, cutter, stop)
            finally:
                capture.release()
            if not live:
                return
            lost = True
            yield FeedStatus(self.lane, False, f"The {self.describe()} stopped sending pictures.")
            if stop.wait(REOPEN_S):
                return

    def _frames(
        self, capture: cv2.VideoCapture, cutter: FrameCutter, stop: threading.Event
    ) -> Iterator[FeedItem]:
        index = 0
        while not stop.is_set():
            ok, frame = capture.read()
            if not ok or frame is None:
                return
            index += 1
            rgb = self._crop(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB))
            picked = cutter.feed(rgb)
            if picked is not None:
                yield Scan(
                    scan_id=new_scan_id("VIDEO"),
                    image=np.ascontiguousarray(picked),
                    source=self.name,
                    received_at=now(),
                    lane=self.lane,
                    meta={"path": self.describe(), "frame": index},
                )

    def _crop(self, rgb: np.ndarray) -> np.ndarray:
        if self.section.crop is None:
            return rgb
        x, y, w, h = self.section.crop
        return rgb[y : y + h, x : x + w]


@register("video")
def build_video_feed(section: VideoFeedSection) -> VideoFeed:
    return VideoFeed(section)

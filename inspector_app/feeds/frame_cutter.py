"""Cut a monitor's picture stream into one image per parcel (pure numpy + OpenCV, no capture).

A belt display changes while a parcel scrolls in, then stands still while the operator looks.
So a parcel is taken once the picture has been still for `settle_frames` frames, and only if
it differs (by `change` mean grey levels) from the last parcel taken: the hundreds of repeated
frames of one standing picture, or the same picture shown again, never become two scans. A
flat picture (an empty belt, a blank screen) is never a parcel. Comparisons run on a small
grey copy so a 1080p stream costs well under a millisecond per frame.
"""

from __future__ import annotations

import cv2
import numpy as np

SMALL_WIDTH = 160


class FrameCutter:
    def __init__(
        self,
        change: float = 8.0,
        still: float = 2.0,
        settle_frames: int = 3,
        blank_std: float = 3.0,
    ) -> None:
        self.change = change
        self.still = still
        self.settle_frames = settle_frames
        self.blank_std = blank_std
        self._previous: np.ndarray | None = None
        self._last_parcel: np.ndarray | None = None
        self._still_for = 0
        self._decided = False  # this still period was already judged
        self.frames = 0
        self.dropped = 0  # frames that were not parcels (moving, repeated, blank)

    @staticmethod
    def _small(rgb: np.ndarray) -> np.ndarray:
        grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY) if rgb.ndim == 3 else rgb
        height = max(1, round(grey.shape[0] * SMALL_WIDTH / grey.shape[1]))
        return cv2.resize(grey, (SMALL_WIDTH, height), interpolation=cv2.INTER_AREA).astype(
            np.float32
        )

    def feed(self, rgb: np.ndarray) -> np.ndarray | None:
        """The frame when it is a new parcel's settled picture, else None."""
        self.frames += 1
        small = self._small(rgb)
        previous, self._previous = self._previous, small
        if previous is None or previous.shape != small.shape:
            self._still_for, self._decided = 0, False
            self.dropped += 1
            return None
        if float(np.mean(np.abs(small - previous))) <= self.still:
            self._still_for += 1
        else:
            self._still_for, self._decided = 0, False
        if self._decided or self._still_for < self.settle_frames:
            self.dropped += 1
            return None
        self._decided = True
        if float(small.std()) < self.blank_std or self._same_as_last(small):
            self.dropped += 1
            return None
        self._last_parcel = small
        return rgb

    def _same_as_last(self, small: np.ndarray) -> bool:
        last = self._last_parcel
        if last is None or last.shape != small.shape:
            return False
        return float(np.mean(np.abs(small - last))) < self.change

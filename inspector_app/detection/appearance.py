"""Does this scanner's picture look like what the model was trained and evaluated on?

A detector trained on one scanner's images (or on simulated ones) can be badly wrong on
another's: other colours, other noise, fuller bags. The station cannot know the model's
accuracy here without a local evaluation, but it can tell when the scans look unlike the
model's reference set, from a few cheap image statistics, and say so instead of letting the
cues pass for calibrated.

Statistics (on a 256-pixel-wide copy, so a 100-megapixel scan costs the same as a small one):
share of near-white background, mean saturation and brightness of the object pixels, share of
orange / green / blue hues among them (organic / mixed / metal), and edge density. The
reference holds each statistic's mean and spread over the model's reference scans; a scan's
distance is the mean absolute z-score, and the station judges the median over recent scans.
"""

from __future__ import annotations

import statistics
from collections import deque
from collections.abc import Iterable, Mapping, Sequence

import cv2
import numpy as np

FEATURES: tuple[str, ...] = (
    "background",
    "saturation",
    "brightness",
    "orange",
    "green",
    "blue",
    "edges",
)
WIDTH = 256
# Median z-distance over recent scans above which they are called unlike the reference. Measured
# for model 0.3.0 (reference: 80 simulated validation scans, seeds 2,000,000+): medians over 25
# other simulated scans stay at or below 0.81, over 25 real SIXray scans at or above 1.03.
UNLIKE_DISTANCE = 0.95


def appearance_stats(rgb: np.ndarray) -> dict[str, float]:
    """The statistics of one RGB uint8 scan (see the module docstring)."""
    if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.dtype != np.uint8:
        raise ValueError("appearance statistics need an RGB uint8 image")
    height, width = rgb.shape[:2]
    scale = WIDTH / max(width, 1)
    small = cv2.resize(rgb, (WIDTH, max(1, round(height * scale))), interpolation=cv2.INTER_AREA)
    hsv = cv2.cvtColor(small, cv2.COLOR_RGB2HSV)
    hue, sat, val = (hsv[..., i].astype(np.float32) for i in range(3))
    background = (val > 235) & (sat < 30)
    objects = ~background
    count = max(int(objects.sum()), 1)
    hue_o = hue[objects]  # OpenCV hue is 0..179
    grey = cv2.cvtColor(small, cv2.COLOR_RGB2GRAY)
    edges = cv2.Canny(grey, 60, 140) > 0
    return {
        "background": float(background.mean()),
        "saturation": float(sat[objects].mean() / 255.0) if objects.any() else 0.0,
        "brightness": float(val[objects].mean() / 255.0) if objects.any() else 1.0,
        "orange": float(((hue_o >= 5) & (hue_o < 25)).sum() / count),
        "green": float(((hue_o >= 35) & (hue_o < 85)).sum() / count),
        "blue": float(((hue_o >= 85) & (hue_o < 135)).sum() / count),
        "edges": float(edges.mean()),
    }


def reference_from(samples: Iterable[Mapping[str, float]]) -> dict[str, tuple[float, float]]:
    """{feature: (mean, spread)} over reference scans; the spread never drops below a floor
    so one very uniform statistic cannot make every new scan look alien."""
    rows = list(samples)
    if len(rows) < 2:
        raise ValueError("a reference needs the statistics of at least two scans")
    reference = {}
    for name in FEATURES:
        values = [row[name] for row in rows]
        reference[name] = (statistics.fmean(values), max(statistics.stdev(values), 0.02))
    return reference


def distance(stats: Mapping[str, float], reference: Mapping[str, Sequence[float]]) -> float:
    """Mean absolute z-score of a scan's statistics against the reference."""
    scores = [
        abs(stats[name] - reference[name][0]) / max(reference[name][1], 1e-6)
        for name in FEATURES
        if name in reference
    ]
    if not scores:
        raise ValueError("the reference has none of the appearance statistics")
    return float(np.mean(scores))


class AppearanceMonitor:
    """The median distance of the last `window` scans, and whether that is unlike training."""

    def __init__(
        self,
        reference: Mapping[str, Sequence[float]] | None,
        window: int = 25,
        unlike: float = UNLIKE_DISTANCE,
        minimum: int = 5,
    ) -> None:
        self.reference = reference
        self.unlike = unlike
        self.minimum = minimum
        self._recent: deque[float] = deque(maxlen=window)

    def add(self, rgb: np.ndarray) -> float | None:
        """Record one scan; its distance, or None when the model has no reference."""
        if self.reference is None:
            return None
        value = distance(appearance_stats(rgb), self.reference)
        self._recent.append(value)
        return value

    @property
    def median(self) -> float | None:
        return statistics.median(self._recent) if self._recent else None

    @property
    def verdict(self) -> str:
        """'unknown' (no reference or too few scans), 'similar' or 'unlike'."""
        if self.reference is None or len(self._recent) < self.minimum:
            return "unknown"
        assert self.median is not None
        return "unlike" if self.median > self.unlike else "similar"

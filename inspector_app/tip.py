"""Threat Image Projection at the station: which live scans get a projected threat, and where.

A TIP threat is multiplied into the scan's raw dual-energy transmissions (the simulator's
physics, `simulation.tip.project_threat`), so it looks like a real object in the parcel. The
detector screens the *original* scan: TIP tests the inspector, so no cue gives it away, and
evidence and logs keep the real parcel untouched. Scans without raw channels are never used.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from inspector_app.config import TipSection
from inspector_app.domain import THREAT_CLASSES, Box, Scan
from inspector_app.imaging.dual_energy import pseudocolor
from inspector_app.simulation.tip import ThreatSignature, make_signature, project_threat

SIGNATURES_PER_CLASS = 8  # variety without a large library on disk


@dataclass(frozen=True, eq=False)
class TipProjection:
    """What the inspector is shown instead of the real scan, and where the threat is."""

    label: str
    box: Box
    image: np.ndarray  # pseudo-colour RGB with the threat
    low: np.ndarray
    high: np.ndarray


@lru_cache(maxsize=64)
def _signature(label: str, variant: int) -> ThreatSignature:
    return make_signature(label, seed=THREAT_CLASSES.index(label) * 1000 + variant)


class TipInjector:
    """Decides per scan whether to project, picks a threat and a place inside the parcel."""

    def __init__(self, settings: TipSection, rng: random.Random | None = None) -> None:
        self.settings = settings
        self.rng = rng or random.SystemRandom()  # unpredictable to the inspector

    def maybe_project(self, scan: Scan) -> TipProjection | None:
        settings = self.settings
        if not settings.enabled or scan.low is None or scan.high is None:
            return None
        if self.rng.random() >= settings.rate:
            return None
        label = self.rng.choice(settings.chosen_classes())
        signature = _signature(label, self.rng.randrange(SIGNATURES_PER_CLASS))
        x, y = self._place(scan.low, signature)
        low, high, box = project_threat(scan.low, scan.high, signature, x, y)
        return TipProjection(label, box, pseudocolor(low, high), low, high)

    def _place(self, low: np.ndarray, signature: ThreatSignature) -> tuple[int, int]:
        """Centred on a random pixel inside the parcel, kept within the image where it fits."""
        height, width = low.shape
        sig_h, sig_w = signature.low.shape
        inside = np.argwhere(low < 0.9 * 65535)  # attenuating: parcel, not air
        if inside.size:
            cy, cx = inside[self.rng.randrange(len(inside))]
        else:
            cy, cx = height // 2, width // 2
        x = int(np.clip(cx - sig_w // 2, 0, max(0, width - sig_w)))
        y = int(np.clip(cy - sig_h // 2, 0, max(0, height - sig_h)))
        return x, y

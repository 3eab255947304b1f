"""Per-class alarm thresholds chosen for a parcel false-alarm budget.

A parcel alarms when any detection scores at or above its class threshold. One global threshold
lets the noisiest class (the one that fires on clean parcels) set the bar for all; per-class
thresholds spend the false-alarm budget where it buys the most detections. The same search serves
training (a labelled validation set) and the station (its own log of cleared and flagged parcels),
so both mean the same thing by "Pfa <= 5 %".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

# No class below 0.10: a cue that shows "7 %" on screen is noise to an inspector, whatever the
# false-alarm arithmetic says.
FLOOR = 0.10
GRID = np.round(np.arange(FLOOR, 0.951, 0.01), 2)


class CalibrationError(ValueError):
    """The scans given cannot set thresholds; the message says what is missing."""


def class_max_scores(
    scores: Sequence[np.ndarray], classes: Sequence[np.ndarray], num_classes: int
) -> np.ndarray:
    """[parcels, classes]: each parcel's highest score per class (0 where none)."""
    out = np.zeros((len(scores), num_classes), np.float32)
    for i, (s, c) in enumerate(zip(scores, classes, strict=True)):
        if len(s):
            np.maximum.at(out[i], np.asarray(c, np.int64), np.asarray(s, np.float32))
    return out


def parcel_rates(scores: np.ndarray, threat: np.ndarray, thr: np.ndarray) -> tuple[float, float]:
    """(Pd over threat parcels, Pfa over clean parcels) at per-class thresholds ``thr``.

    A side with no parcels gives NaN (nothing measured), never a made-up 0.
    """
    alarm: np.ndarray = np.asarray((scores >= thr[None, :]).any(1))
    pd = float(alarm[threat].mean()) if threat.any() else float("nan")
    pfa = float(alarm[~threat].mean()) if (~threat).any() else float("nan")
    return pd, pfa


def lowest_single_threshold(
    scores: np.ndarray, threat: np.ndarray, max_pfa: float, grid: np.ndarray = GRID
) -> float:
    """The lowest grid threshold, the same for every class, whose Pfa is within the cap."""
    for t in grid:
        if parcel_rates(scores, threat, np.full(scores.shape[1], t))[1] <= max_pfa:
            return float(t)
    return float(grid[-1])


def tune(
    scores: np.ndarray,
    threat: np.ndarray,
    max_pfa: float,
    rounds: int = 4,
    floor: np.ndarray | None = None,
) -> tuple[np.ndarray, float, float]:
    """Coordinate ascent from the best single threshold: move one class at a time to the grid
    value that raises Pd most while Pfa stays within ``max_pfa`` (ties: lower Pfa).

    floor: per-class lowest allowed threshold (the station cannot judge scores below the
    thresholds that were in force when its log was written, so it never goes under them).
    """
    n = scores.shape[1]
    low = np.full(n, GRID[0], np.float32) if floor is None else np.maximum(floor, GRID[0])
    single = lowest_single_threshold(scores, threat, max_pfa)
    thr = np.maximum(np.full(n, single, np.float32), low).astype(np.float32)
    pd, pfa = parcel_rates(scores, threat, thr)
    pd = 0.0 if np.isnan(pd) else pd  # no threat parcels: only the false-alarm side counts
    for _ in range(rounds):
        changed = False
        for c in range(n):
            for t in GRID[::-1]:
                if t < low[c]:
                    continue
                trial = thr.copy()
                trial[c] = t
                tpd, tpfa = parcel_rates(scores, threat, trial)
                tpd = 0.0 if np.isnan(tpd) else tpd
                if tpfa <= max_pfa and (tpd > pd or (tpd == pd and tpfa < pfa)):
                    thr, pd, pfa, changed = trial, tpd, tpfa, True
        if not changed:
            break
    return thr, pd, pfa


@dataclass(frozen=True)
class ThresholdChoice:
    """Per-class thresholds and what they give on the parcels they were chosen on."""

    thresholds: dict[str, float]
    pd: float
    pfa: float
    single_threshold: float
    single_pd: float
    single_pfa: float
    threat_parcels: int
    clean_parcels: int
    max_pfa: float

    def to_dict(self) -> dict[str, Any]:
        def r(x: float) -> float | None:
            return None if np.isnan(x) else round(float(x), 4)

        return {
            "max_pfa": self.max_pfa,
            "threat_parcels": self.threat_parcels,
            "clean_parcels": self.clean_parcels,
            "single_threshold": {
                "threshold": self.single_threshold,
                "pd": r(self.single_pd),
                "pfa": r(self.single_pfa),
            },
            "per_class": {"thresholds": self.thresholds, "pd": r(self.pd), "pfa": r(self.pfa)},
        }


def choose_thresholds(
    scores: np.ndarray,
    threat: np.ndarray,
    names: Sequence[str],
    max_pfa: float,
    floor: np.ndarray | None = None,
    require_threats: bool = True,
) -> ThresholdChoice:
    """Per-class thresholds for parcels given as [parcels, classes] max scores + threat flags."""
    if not 0.0 <= max_pfa <= 1.0:
        raise CalibrationError(f"the false-alarm budget must lie in [0, 1], got {max_pfa}")
    n_threat, n_clean = int(threat.sum()), int((~threat).sum())
    if n_clean == 0 or (require_threats and n_threat == 0):
        raise CalibrationError(
            "thresholds need clean parcels (for the false-alarm rate)"
            + (" and parcels with threats (for Pd)" if require_threats else "")
            + f"; these scans hold {n_threat} with threats and {n_clean} clean"
        )
    thr, pd, pfa = tune(scores, threat, max_pfa, floor=floor)
    single = lowest_single_threshold(scores, threat, max_pfa)
    spd, spfa = parcel_rates(scores, threat, np.full(len(names), single))
    return ThresholdChoice(
        {n: round(float(t), 2) for n, t in zip(names, thr, strict=True)},
        pd,
        pfa,
        single,
        spd,
        spfa,
        n_threat,
        n_clean,
        max_pfa,
    )

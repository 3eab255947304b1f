"""Per-class alarm thresholds (training/thresholds.py, numpy only): they spend the false-alarm
budget where it buys detections, and never exceed the cap on the scans they were chosen on."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from training.thresholds import class_max_scores, lowest_single_threshold, parcel_rates, tune


def test_a_noisy_class_no_longer_sets_the_bar_for_the_others() -> None:
    rng = np.random.default_rng(0)
    n_threat, n_clean = 200, 200
    scores = np.zeros((n_threat + n_clean, 2), np.float32)
    # class 0 fires on clean parcels with high scores; class 1 is quiet but scores its threats low
    scores[n_threat:, 0] = rng.uniform(0.3, 0.8, n_clean)
    scores[:100, 0] = rng.uniform(0.6, 0.99, 100)
    scores[100:n_threat, 1] = rng.uniform(0.2, 0.4, 100)
    threat = np.arange(n_threat + n_clean) < n_threat

    single = lowest_single_threshold(scores, threat, 0.05)
    single_pd, single_pfa = parcel_rates(scores, threat, np.full(2, single))
    thr, pd, pfa = tune(scores, threat, 0.05)

    assert single_pfa <= 0.05 and pfa <= 0.05
    assert thr[1] < 0.3 < single  # the quiet class gets its own, lower bar
    assert pd > single_pd + 0.3


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.floats(0.0, 0.2))
def test_the_cap_holds_on_the_tuning_scans(seed: int, cap: float) -> None:
    rng = np.random.default_rng(seed)
    scores = rng.uniform(0, 1, (60, 3)).astype(np.float32) * (rng.uniform(0, 1, (60, 3)) > 0.5)
    threat = rng.uniform(0, 1, 60) > 0.4
    if threat.all() or not threat.any():
        return
    thr, pd, pfa = tune(scores, threat, cap)
    assert (pd, pfa) == parcel_rates(scores, threat, thr)
    single = lowest_single_threshold(scores, threat, cap)
    if parcel_rates(scores, threat, np.full(3, single))[1] <= cap:
        assert pfa <= cap
        assert pd >= parcel_rates(scores, threat, np.full(3, single))[0]


def test_class_max_scores_keeps_each_class_best() -> None:
    preds = [
        (np.zeros((3, 4)), np.array([0.2, 0.9, 0.5]), np.array([1, 1, 0])),
        (np.zeros((0, 4)), np.zeros(0), np.zeros(0, int)),
    ]
    assert class_max_scores(preds, 3).tolist() == [[0.5, 0.8999999761581421, 0.0], [0, 0, 0]]

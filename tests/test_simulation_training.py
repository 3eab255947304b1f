"""Simulated datasets as training reads them: loading, colour jitter, boxes kept (numpy only)."""

from __future__ import annotations

import numpy as np

from inspector_app.simulation.dataset import write_dataset
from training import data as D


def test_simulated_set_loads_and_colour_jitter_keeps_background_and_boxes(tmp_path) -> None:
    write_dataset(tmp_path, 3, seed=77, workers=1, progress=False, channels=False, threat_rate=1.0)
    samples = D.load_samples(tmp_path, 256, "train")
    assert len(samples) == 3 and sum(len(s.boxes) for s in samples) >= 1
    sample = max(samples, key=lambda s: len(s.boxes))
    white = (sample.image > 245).all(-1)
    assert white.mean() > 0.05
    diffs = []
    for k in range(6):
        img = D.colour_jitter(sample.image, np.random.default_rng(k), 1.0)
        assert img.shape == sample.image.shape and img.dtype == np.uint8
        assert (img[white] > 235).all()  # the background stays near-white
        diffs.append(np.abs(img.astype(int) - sample.image)[~white].mean())
    assert max(diffs) > 2.0  # the parcel's colours do move
    assert np.array_equal(D.colour_jitter(sample.image, np.random.default_rng(1), 0.0),
                          sample.image)
    _, plain_boxes, labels = D.augment(sample, 256, np.random.default_rng(0), 0.0, False)
    _, boxes, labels2 = D.augment(sample, 256, np.random.default_rng(0), 0.0, False, 1.0)
    size = lambda b: b[:, 2:] - b[:, :2]  # noqa: E731
    assert np.allclose(size(boxes), size(plain_boxes)) and np.array_equal(labels, labels2)

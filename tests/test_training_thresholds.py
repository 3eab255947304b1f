"""Per-class alarm thresholds (inspector_app.detection.calibration, used by training/thresholds.py
and the station): they spend the false-alarm budget where it buys detections, never exceed the cap
on the scans they were chosen on, and what calibration promises is what the station then does."""

from __future__ import annotations

import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_evaluate import HANDGUN, H, W, make_dataset, make_model

from inspector_app.detection import Detector, load_manifest
from inspector_app.detection.calibration import (
    CalibrationError,
    choose_thresholds,
    class_max_scores,
    lowest_single_threshold,
    parcel_rates,
    tune,
)
from inspector_app.detection.dataset import load_yolo_dataset
from inspector_app.detection.evaluation import evaluate, predict
from training import metrics
from training.thresholds import calibrate, main, write_thresholds


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


def test_a_floor_is_never_undercut() -> None:
    rng = np.random.default_rng(1)
    scores = rng.uniform(0, 1, (80, 3)).astype(np.float32)
    threat = np.arange(80) < 40
    floor = np.array([0.5, 0.1, 0.7], np.float32)
    thr, _, _ = tune(scores, threat, 0.2, floor=floor)
    assert (thr >= floor).all()


def test_class_max_scores_keeps_each_class_best() -> None:
    scores = [np.array([0.2, 0.9, 0.5]), np.zeros(0)]
    classes = [np.array([1, 1, 0]), np.zeros(0, int)]
    assert class_max_scores(scores, classes, 3).tolist() == [
        [0.5, 0.8999999761581421, 0.0],
        [0, 0, 0],
    ]


def test_a_set_without_clean_parcels_is_refused() -> None:
    with pytest.raises(CalibrationError, match="0 clean"):
        choose_thresholds(np.ones((3, 2)), np.ones(3, bool), ["a", "b"], 0.05)


def _spread_dataset(root: Path) -> Path:
    """20 threat parcels (a handgun) and 20 clean ones whose brightness, and so the test model's
    scores (0.9 knife / 0.8 handgun times the brightest pixel), overlap."""
    (root / "images").mkdir(parents=True)
    (root / "labels").mkdir()
    (root / "data.yaml").write_text("names: [handgun, knife, tablets]\n")
    for i, level in enumerate(np.linspace(40, 130, 20).astype(int)):
        cv2.imwrite(str(root / "images" / f"c{i:02}.png"), np.full((H, W, 3), level, np.uint8))
    for i, level in enumerate(np.linspace(60, 220, 20).astype(int)):
        cv2.imwrite(str(root / "images" / f"t{i:02}.png"), np.full((H, W, 3), level, np.uint8))
        c, cx, cy, w, h = HANDGUN
        (root / "labels" / f"t{i:02}.txt").write_text(f"{c} {cx} {cy} {w} {h}\n")
    return root


def test_what_calibration_promises_is_what_the_station_does(tmp_path: Path) -> None:
    """Thresholds chosen through the station's pipeline, written to the manifest, then the
    station's own detect() on every scan gives exactly the calibrated Pd and Pfa."""
    model = make_model(tmp_path)
    data = _spread_dataset(tmp_path / "val")
    choice = calibrate(model, data, 0.05)
    assert choice.pfa <= 0.05 and choice.threat_parcels == 20 and choice.clean_parcels == 20

    assert main(["--model", str(model), "--data", str(data), "--max-pfa", "0.05", "--write"]) == 0
    manifest = load_manifest(model.with_suffix(".yaml"))
    assert manifest.thresholds.per_class == choice.thresholds
    det = Detector.load(model)
    ds = load_yolo_dataset(data)
    alarms = np.array(
        [bool(det.detect(cv2.imread(str(i.path))[:, :, ::-1]).detections) for i in ds.items]
    )
    threat = np.array([len(i.classes) > 0 for i in ds.items])
    assert alarms[threat].mean() == pytest.approx(choice.pd)
    assert alarms[~threat].mean() == pytest.approx(choice.pfa)
    assert evaluate(det, ds).summary["pfa"] == pytest.approx(choice.pfa)


def test_write_thresholds_changes_that_block_only(tmp_path: Path) -> None:
    shipped = Path(__file__).resolve().parents[1] / "models" / "parcel-threat-det.yaml"
    path = shutil.copy(shipped, tmp_path / "m.yaml")
    before = Path(path).read_text().splitlines()
    names = load_manifest(Path(path)).classes
    write_thresholds(Path(path), 0.3, {n: 0.5 for n in names})
    after = Path(path).read_text().splitlines()
    m = load_manifest(Path(path))
    assert m.thresholds.default == 0.3 and set(m.thresholds.per_class.values()) == {0.5}
    outside = [ln for ln in before if not ln.startswith(("thresholds:", "  ", "    "))]
    assert [ln for ln in after if not ln.startswith(("thresholds:", "  ", "    "))] == outside
    start = after.index("thresholds:")
    block = after[
        start : start
        + 1
        + next(i for i, ln in enumerate(after[start + 1 :]) if not ln.startswith(" "))
    ]
    assert len(block) > 3 and max(len(ln) for ln in block) <= 100


def test_training_validation_scores_with_the_product_code(tmp_path: Path) -> None:
    """training.metrics (used by train.py each epoch) gives the product's AP50 and Pd/Pfa."""
    det = Detector.load(make_model(tmp_path))
    ds = load_yolo_dataset(make_dataset(tmp_path / "ds"))
    results = predict(det, ds)
    own = metrics.evaluate(
        [(r.boxes, r.scores, r.cls) for r in results], [(r.gt_boxes, r.gt_cls) for r in results], 3
    )
    product = evaluate(det, ds).summary
    for k, name in enumerate(det.class_names):
        if product["per_class"][name]["gt"]:
            assert own["ap50"][k] == pytest.approx(product["per_class"][name]["ap50"], abs=1e-4)
    assert own["pd"] == product["pd_at_pfa"]["pd"]


def test_training_postprocess_is_the_station_decode_and_nms() -> None:
    raw = np.zeros((4 + 2, 5), np.float32)
    raw[:4, :3] = [[50, 52, 200], [50, 50, 50], [20, 20, 20], [20, 20, 20]]  # two overlap
    raw[4, :3] = [0.9, 0.8, 0.0]
    raw[5, 2] = 0.7
    boxes, scores, cls = metrics.postprocess(raw, conf=0.1)
    assert scores.tolist() == pytest.approx([0.9, 0.7]) and cls.tolist() == [0, 1]
    np.testing.assert_allclose(boxes, [[40, 40, 60, 60], [190, 40, 210, 60]])

"""`inspector-app evaluate` on a small YOLO dataset whose right answers are known by hand."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from onnx_builders import build_scaled_output, manifest_dict, write_manifest, yolov8_raw

from inspector_app.cli import main
from inspector_app.detection import Detector
from inspector_app.detection.dataset import DatasetError, load_yolo_dataset
from inspector_app.detection.evaluation import evaluate

CLASSES = ["handgun", "knife", "tablets"]
W, H = 640, 320  # scans; into a fixed 640x640 input: scale 1, 160 px pad top and bottom
# Model: knife at input (160, 320) and handgun at (480, 320), 64x64, scores 0.9 / 0.8, times the
# brightest pixel. In scan pixels: knife (128,128)-(192,192), handgun (448,128)-(512,192).
KNIFE = (1, 128 / W + 32 / W, 160 / H, 64 / W, 64 / H)
HANDGUN = (0, 480 / W, 160 / H, 64 / W, 64 / H)
TABLETS = (2, 320 / W, 70 / H, 40 / W, 40 / H)


def make_model(tmp_path: Path) -> Path:
    rows = [(1, 0.25, 0.5, 0.1, 0.1, 0.9), (0, 0.75, 0.5, 0.1, 0.1, 0.8)]
    path = build_scaled_output(tmp_path / "m.onnx", yolov8_raw(rows, 3), 1, score_from_max=True)
    write_manifest(tmp_path / "m.yaml", manifest_dict(
        CLASSES, "yolov8", thresholds={"default": 0.5, "per_class": {}},
        # black padding, so the padding never is the brightest pixel of a dim scan
        preprocess={"color": "rgb", "scale": 255.0, "letterbox": True, "pad_value": 0}))
    return path


def make_dataset(root: Path) -> Path:
    """Bright threat parcels, one dim threat parcel (missed), dim clean parcels, one brighter
    clean parcel (false alarm on knife only: 0.9*0.6 = 0.54 >= 0.5, 0.8*0.6 = 0.48 < 0.5)."""
    (root / "images").mkdir(parents=True)
    (root / "labels").mkdir()
    (root / "data.yaml").write_text("names: [handgun, knife, tablets]\n")
    parcels = {
        "t1": (255, [KNIFE, HANDGUN]), "t2": (255, [KNIFE, HANDGUN]),
        "t3": (255, [KNIFE, HANDGUN]), "t4": (255, [KNIFE, HANDGUN, TABLETS]),
        "d1": (102, [KNIFE, HANDGUN]),
        "c1": (51, []), "c2": (51, []), "c3": (51, []), "c4": (153, []),
    }
    for name, (level, labels) in parcels.items():
        cv2.imwrite(str(root / "images" / f"{name}.png"), np.full((H, W, 3), level, np.uint8))
        if labels:
            (root / "labels" / f"{name}.txt").write_text(
                "".join(f"{c} {cx:.6f} {cy:.6f} {w:.6f} {h:.6f}\n" for c, cx, cy, w, h in labels))
    return root


# COCO 101-point AP for knife/handgun: 5 true positives, one false positive ranked 5th of 6 above
# the last TP -> precision 1 up to recall 0.8, then 5/6: (81 + 20 * 5/6) / 101.
AP_KNIFE = (81 + 20 * 5 / 6) / 101


def test_evaluation_figures_match_hand_computed_values(tmp_path: Path) -> None:
    det = Detector.load(make_model(tmp_path))
    result = evaluate(det, load_yolo_dataset(make_dataset(tmp_path / "ds")))
    s = result.summary
    assert s["per_class"]["knife"]["ap50"] == pytest.approx(AP_KNIFE, abs=1e-3)
    assert s["per_class"]["handgun"]["ap50"] == pytest.approx(AP_KNIFE, abs=1e-3)
    assert s["per_class"]["tablets"] == {"ap50": 0.0, "ap50_95": 0.0, "gt": 1}
    assert s["map50"] == pytest.approx(2 * AP_KNIFE / 3, abs=1e-3)
    assert s["map50_95"] == pytest.approx(2 * AP_KNIFE / 3, abs=1e-3)  # exact boxes
    assert s["pd"] == pytest.approx(4 / 5) and s["pfa"] == pytest.approx(1 / 4)
    assert s["alarms"]["hits"] == 4 and s["alarms"]["false_alarms"] == 1
    cm = np.array(s["confusion_matrix"]["matrix"])  # rows true, columns predicted
    want = np.array([[4, 0, 0, 1],   # handgun: 4 found, the dim one missed
                     [0, 4, 0, 1],   # knife
                     [0, 0, 0, 1],   # tablets never found
                     [0, 1, 0, 0]])  # background: knife false alarm on c4
    np.testing.assert_array_equal(cm, want)
    # A lower alarm threshold catches the dim parcel but alarms on every clean parcel.
    low = evaluate(det, load_yolo_dataset(tmp_path / "ds"), conf=0.1).summary
    assert low["pd"] == 1.0 and low["pfa"] == 1.0
    assert low["map50"] == s["map50"]  # mAP does not depend on the alarm threshold


def test_evaluate_cli_writes_json_and_pr_curve(tmp_path: Path, capsys) -> None:
    model = make_model(tmp_path)
    data = make_dataset(tmp_path / "ds")
    out = tmp_path / "out" / "eval.json"
    assert main(["evaluate", "--model", str(model), "--data", str(data), "--json", str(out),
                 "--baseline", str(model)]) == 0
    report = json.loads(out.read_text())
    for key in ("map50", "map50_95", "per_class", "pd", "pfa", "confusion_matrix", "speed"):
        assert key in report
    assert set(report["per_class"]["knife"]) == {"ap50", "ap50_95", "gt"}
    assert report["delta_vs_baseline"]["map50"] == 0.0
    png = Path(report["pr_curve_png"])
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    img = cv2.imread(str(png))
    assert img.shape[0] > 300 and img.std() > 10  # a drawn figure, not a blank
    text = capsys.readouterr().out
    assert "knife" in text and "Pd 0.800" in text and "Pfa 0.250" in text


def test_evaluate_cli_reports_bad_dataset(tmp_path: Path, capsys) -> None:
    model = make_model(tmp_path)
    (tmp_path / "empty" / "images").mkdir(parents=True)
    assert main(["evaluate", "--model", str(model), "--data", str(tmp_path / "empty")]) == 2
    assert "data.yaml" in capsys.readouterr().err


def test_dataset_label_errors_are_clear(tmp_path: Path) -> None:
    root = make_dataset(tmp_path / "ds")
    (root / "labels" / "t1.txt").write_text("7 0.5 0.5 0.1 0.1\n")
    with pytest.raises(DatasetError, match=r"t1.txt:1: class 7 is not in data.yaml"):
        load_yolo_dataset(root)
    (root / "labels" / "t1.txt").write_text("1 0.5 oops\n")
    with pytest.raises(DatasetError, match="expected 'class cx cy w h'"):
        load_yolo_dataset(root)

"""`inspector-app evaluate` on Pascal-VOC folders with a class map, and the real-scanner figures
(objects located at IoU >= 0.3, cues per scan on no labelled threat), on hand-checkable scans."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from test_evaluate import H, W, make_model

from inspector_app.cli import main
from inspector_app.detection import Detector
from inspector_app.detection.dataset import (
    DatasetError,
    load_dataset,
    load_voc_dataset,
    parse_class_map,
)
from inspector_app.detection.evaluation import evaluate

REAL = Path(__file__).resolve().parents[2] / "shared" / "samples" / "real-validation"
# The test model's cues in scan pixels (see test_evaluate): knife and handgun, scores 0.9 / 0.8
# times the brightest pixel; the alarm threshold is 0.5.
KNIFE_BOX = (128, 128, 192, 192)
GUN_BOX = (448, 128, 512, 192)
GUN_SHIFTED = (472, 128, 536, 192)  # IoU 2560 / 5632 = 0.45 with the cue: located, not AP50


def _voc_xml(objects: list[tuple[str, tuple[float, ...]]], filename: str = "P00001.jpg") -> str:
    objs = "".join(
        f"<object><name>{n}</name><pose>Unspecified</pose><difficult>0</difficult><bndbox>"
        f"<xmin>{b[0]}</xmin><ymin>{b[1]}</ymin><xmax>{b[2]}</xmax><ymax>{b[3]}</ymax>"
        "</bndbox></object>"
        for n, b in objects
    )
    return (
        f"<annotation><folder>X_ray</folder><filename>{filename}</filename><size>"
        f"<width>{W}</width><height>{H}</height><depth>3</depth></size>{objs}</annotation>"
    )


def make_voc(root: Path) -> Path:
    """v1: gun + knife, both found; v2: a loosely drawn gun (found at IoU 0.45) and a wrench under
    the knife cue (a false cue on an ordinary item); v3: a dim scan, its knife missed."""
    (root / "images").mkdir(parents=True)
    (root / "annotations_voc").mkdir()
    scans = {
        "v1": (255, [("Gun", GUN_BOX), ("Knife", KNIFE_BOX)]),
        "v2": (255, [("Gun", GUN_SHIFTED), ("Wrench", KNIFE_BOX)]),
        "v3": (51, [("Knife", KNIFE_BOX)]),
    }
    for name, (level, objects) in scans.items():
        # JPEG, as real-scanner sets come; the XML <filename> is stale on purpose (pairs by stem)
        assert cv2.imwrite(
            str(root / "images" / f"{name}.jpg"), np.full((H, W, 3), level, np.uint8)
        )
        (root / "annotations_voc" / f"{name}.xml").write_text(_voc_xml(objects))
    return root


def test_voc_reader_pairs_files_by_stem_and_keeps_pixel_boxes(tmp_path: Path) -> None:
    ds = load_dataset(make_voc(tmp_path / "voc"))
    assert ds.format == "voc" and ds.names == ("Gun", "Knife", "Wrench")
    v2 = ds.items[1]
    assert v2.path.name == "v2.jpg"
    assert [ds.names[c] for c in v2.classes] == ["Gun", "Wrench"]
    np.testing.assert_allclose(v2.pixel_boxes(W, H), [GUN_SHIFTED, KNIFE_BOX])


def test_real_scan_figures_with_a_class_map(tmp_path: Path) -> None:
    det = Detector.load(make_model(tmp_path))
    ds = load_voc_dataset(make_voc(tmp_path / "voc"))
    s = evaluate(det, ds, class_map=parse_class_map("Gun=handgun,Knife=knife")).summary
    assert s["dataset"]["classes_not_in_model"] == ["Wrench"]
    assert s["dataset"]["gt_boxes"] == 4 and s["dataset"]["ordinary_boxes"] == 1
    rs = s["real_scan"]
    assert rs["located"] == {
        "handgun": {"gt": 2, "located": 2, "fraction": 1.0},
        "knife": {"gt": 2, "located": 1, "fraction": 0.5},
    }
    assert rs["located_all"] == {"gt": 4, "located": 3, "fraction": 0.75}
    assert rs["cues_per_scan"] == pytest.approx(4 / 3, abs=1e-4)
    assert rs["false_cues_per_scan"] == pytest.approx(1 / 3, abs=1e-4)
    assert rs["false_cues_per_scan_by_class"] == {"knife": pytest.approx(1 / 3, abs=1e-4)}
    assert rs["false_cues_on_labelled_ordinary_items"] == 1
    assert rs["scans_alarming"] == pytest.approx(2 / 3, abs=1e-4)
    # AP50 counts the loose gun box as a miss (IoU 0.45 < 0.5); "located" does not.
    assert s["per_class"]["handgun"]["ap50"] == pytest.approx(0.5, abs=0.01)


def test_without_a_class_map_names_must_match(tmp_path: Path) -> None:
    det = Detector.load(make_model(tmp_path))
    s = evaluate(det, load_voc_dataset(make_voc(tmp_path / "voc"))).summary
    assert s["dataset"]["classes_not_in_model"] == ["Gun", "Knife", "Wrench"]
    assert s["real_scan"]["false_cues_per_scan"] == pytest.approx(4 / 3, abs=1e-4)


def test_evaluate_cli_on_voc(tmp_path: Path, capsys) -> None:
    model, data = make_model(tmp_path), make_voc(tmp_path / "voc")
    out = tmp_path / "eval.json"
    args = ["evaluate", "--model", str(model), "--data", str(data), "--json", str(out)]
    assert main([*args, "--class-map", "Gun=handgun, Knife=knife"]) == 0
    text = capsys.readouterr().out
    assert "(voc)" in text and "3/4 (handgun 2/2, knife 1/2)" in text
    assert "on no labelled threat 0.3333" in text
    report = json.loads(out.read_text())
    assert report["dataset"]["class_map"] == {"Gun": "handgun", "Knife": "knife"}


@pytest.mark.parametrize(
    ("class_map", "message"),
    [
        ("Gun=rifle", "model does not have: rifle"),
        ("Gun:handgun", "must read DATASET_CLASS=MODEL_CLASS"),
        ("Gun=handgun,Gun=knife", "names 'Gun' twice"),
    ],
)
def test_bad_class_maps_are_explained(tmp_path: Path, capsys, class_map: str, message: str) -> None:
    model, data = make_model(tmp_path), make_voc(tmp_path / "voc")
    rc = main(["evaluate", "--model", str(model), "--data", str(data), "--class-map", class_map])
    assert rc == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_broken_voc_files_are_explained(tmp_path: Path, capsys) -> None:
    data = make_voc(tmp_path / "voc")
    (data / "annotations_voc" / "v1.xml").write_text("<annotation><object><name>Gun")
    with pytest.raises(DatasetError, match=r"v1\.xml is not a readable Pascal-VOC XML file"):
        load_dataset(data)
    bad = _voc_xml([("Gun", (10, 10, 5, 40))])
    (data / "annotations_voc" / "v1.xml").write_text(bad)
    with pytest.raises(DatasetError, match=r"object 1 \(Gun\) has an empty box"):
        load_dataset(data)
    rc = main(["evaluate", "--model", str(make_model(tmp_path)), "--data", str(data)])
    assert rc == 2 and "empty box" in capsys.readouterr().err


@pytest.mark.skipif(not REAL.is_dir(), reason="shared real-validation scans not present")
def test_shipped_model_on_real_scans_reports_located_and_false_cues(tmp_path: Path) -> None:
    """Measures only (never trains or calibrates on these scans): the figures exist and add up."""
    det = Detector.load(Path(__file__).resolve().parents[1] / "models" / "parcel-threat-det.onnx")
    ds = load_dataset(REAL, limit=12)
    s = evaluate(det, ds, class_map={"Gun": "handgun", "Knife": "knife"}).summary
    rs = s["real_scan"]
    assert ds.format == "voc" and rs["located_all"]["gt"] == s["dataset"]["gt_boxes"] >= 12
    assert set(rs["located"]) <= {"handgun", "knife"}
    assert 0 <= rs["false_cues_per_scan"] <= rs["cues_per_scan"]
    assert set(s["dataset"]["classes_not_in_model"]) <= {"Wrench", "Pliers", "Scissors"}

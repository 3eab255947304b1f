"""Simulator API, determinism, labels and the `simulate` command writing a real dataset."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
import tifffile
import yaml
from PIL import Image

from inspector_app.cli import main
from inspector_app.domain import Box
from inspector_app.simulation import THREAT_CLASSES, SimObject, SimulatedScan, simulate_parcel
from inspector_app.simulation.dataset import yolo_lines


def test_scan_shape_dtype_and_size_limits() -> None:
    for seed in (0, 1, 2, 3):
        scan = simulate_parcel(seed)
        assert isinstance(scan, SimulatedScan)
        assert scan.low.dtype == np.uint16 and scan.high.dtype == np.uint16
        assert scan.low.shape == scan.high.shape
        h, w = scan.low.shape
        assert 640 <= w <= 1024 and 400 <= h <= 768
        # background is air: the image corners are near full transmission
        assert np.median(scan.high[:10, :10]) > 60000
        for obj in scan.objects:
            assert isinstance(obj, SimObject) and isinstance(obj.box, Box)
            assert 0 <= obj.box.x1 < obj.box.x2 <= w and 0 <= obj.box.y1 < obj.box.y2 <= h


def test_same_seed_identical_bytes_different_seed_differs() -> None:
    a, b, c = simulate_parcel(11), simulate_parcel(11), simulate_parcel(12)
    assert a.low.tobytes() == b.low.tobytes() and a.high.tobytes() == b.high.tobytes()
    assert a.objects == b.objects
    assert a.low.shape != c.low.shape or a.low.tobytes() != c.low.tobytes()


def test_threat_rate_zero_plants_nothing_and_labels_are_known_classes() -> None:
    for seed in range(6):
        scan = simulate_parcel(seed, threat_rate=0.0)
        # only lithium cells inside everyday electronics may be labelled in a clean parcel
        assert {o.label for o in scan.threats()} <= {"lithium_battery"}
    labels = set()
    for seed in range(40):
        labels |= {o.label for o in simulate_parcel(seed, threat_rate=1.0).threats()}
    assert labels <= set(THREAT_CLASSES)
    assert len(labels) >= 7  # the mix covers most classes quickly


def test_bad_threat_rate_and_seed_are_rejected() -> None:
    with pytest.raises(ValueError, match="threat_rate"):
        simulate_parcel(0, threat_rate=1.5)
    with pytest.raises(ValueError, match="non-negative integer"):
        simulate_parcel(-3)
    assert simulate_parcel(np.int64(2)).low.tobytes() == simulate_parcel(2).low.tobytes()


def test_yolo_lines_match_boxes() -> None:
    scan = next(s for s in map(simulate_parcel, range(50)) if s.threats())
    h, w = scan.low.shape
    lines = yolo_lines(scan)
    assert len(lines) == len(scan.threats())
    cls, cx, _cy, _bw, bh = lines[0].split()
    box = scan.threats()[0].box
    assert THREAT_CLASSES[int(cls)] == scan.threats()[0].label
    assert float(cx) == pytest.approx((box.x1 + box.x2) / 2 / w, abs=1e-5)
    assert float(bh) == pytest.approx((box.y2 - box.y1) / h, abs=1e-5)


def _digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != "data.yaml"
    }


def test_simulate_command_writes_dataset_identically_for_any_worker_count(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    assert main(["simulate", "--count", "4", "--out", str(one), "--seed", "30",
                 "--workers", "1"]) == 0
    assert main(["simulate", "--count", "4", "--out", str(two), "--seed", "30",
                 "--workers", "2"]) == 0
    assert _digest(one) == _digest(two)
    data = yaml.safe_load((one / "data.yaml").read_text())
    assert data["names"] == list(THREAT_CLASSES) and data["train"] == "images"
    images = sorted((one / "images").glob("*.png"))
    assert len(images) == 4
    sid = images[0].stem
    rgb = np.asarray(Image.open(images[0]))
    low = tifffile.imread(one / "channels" / f"{sid}_low.tif")
    assert low.dtype == np.uint16 and rgb.shape == (*low.shape, 3)
    meta = json.loads((one / "meta" / f"{sid}.json").read_text())
    assert meta["seed"] == 30 and meta["materials"]
    n_threats = sum(o["is_threat"] for o in meta["objects"])
    assert len((one / "labels" / f"{sid}.txt").read_text().splitlines()) == n_threats


def test_simulate_command_rejects_bad_count(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["simulate", "--count", "0", "--out", str(tmp_path / "x")]) == 2
    assert "--count" in capsys.readouterr().err

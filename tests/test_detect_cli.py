"""`inspector-app detect` as a user runs it: a subprocess on real files and a real ONNX model."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest


@pytest.fixture
def knife_model(fixed_box_model) -> Path:
    """Always reports one knife centred in the network input, 20 % of its size."""
    return fixed_box_model([(0, 0.5, 0.5, 0.2, 0.2, 0.9)], ["knife", "handgun"])


def _detect(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "inspector_app", "detect", *args], capture_output=True, text=True
    )


def test_json_lines_with_boxes_in_original_pixels(tmp_path: Path, knife_model: Path) -> None:
    wide = tmp_path / "wide.png"
    cv2.imwrite(str(wide), np.full((500, 1000, 3), 200, np.uint8))
    result = _detect("--model", str(knife_model), "--json", str(wide))
    assert result.returncode == 0, result.stderr
    (line,) = result.stdout.splitlines()
    record = json.loads(line)
    assert record["path"] == str(wide) and record["timing_ms"] > 0
    (det,) = record["detections"]
    assert det["label"] == "knife" and det["score"] == pytest.approx(0.9, abs=1e-3)
    # 640x640 letterbox of a 1000x500 image: scale 0.64, so the 128 px box is 200 px wide,
    # centred on the image; the model's box is in the letterboxed frame, centred at (320, 320).
    x1, y1, x2, y2 = det["box"]
    assert (x1 + x2) / 2 == pytest.approx(500, abs=1.5)
    assert (y1 + y2) / 2 == pytest.approx(250, abs=1.5)
    assert x2 - x1 == pytest.approx(200, abs=1.5)


def test_unreadable_file_is_reported_and_the_rest_still_processed(
    tmp_path: Path, knife_model: Path
) -> None:
    good = tmp_path / "good.png"
    cv2.imwrite(str(good), np.full((300, 300, 3), 90, np.uint8))
    broken = tmp_path / "broken.png"
    broken.write_bytes(good.read_bytes()[:100])
    missing = tmp_path / "missing.png"
    result = _detect("--model", str(knife_model), "--json", str(broken), str(missing), str(good))
    assert result.returncode == 1
    assert [json.loads(line)["path"] for line in result.stdout.splitlines()] == [str(good)]
    assert "broken.png" in result.stderr and "incomplete" in result.stderr
    assert "missing.png" in result.stderr and "not found" in result.stderr
    assert "Traceback" not in result.stderr


def test_table_output_and_threshold(tmp_path: Path, knife_model: Path) -> None:
    image = tmp_path / "scan.png"
    cv2.imwrite(str(image), np.full((300, 300, 3), 90, np.uint8))
    table = _detect("--model", str(knife_model), str(image))
    assert table.returncode == 0 and "knife" in table.stdout and "1 detections" in table.stdout
    strict = _detect("--model", str(knife_model), "--conf", "0.95", "--json", str(image))
    assert json.loads(strict.stdout)["detections"] == []


def test_broken_model_gives_a_clear_error(tmp_path: Path) -> None:
    model = tmp_path / "bad.onnx"
    model.write_bytes(b"garbage")
    image = tmp_path / "scan.png"
    cv2.imwrite(str(image), np.zeros((64, 64, 3), np.uint8))
    result = _detect("--model", str(model), str(image))
    assert result.returncode == 2 and "cannot load model" in result.stderr
    assert "Traceback" not in result.stderr

"""A network that outputs NaN or Inf: the scan gets a clear reason and no cues, the station keeps
screening, a model broken on every input is refused at load, and `detect --json` never prints a
non-JSON number. Real ONNX graphs (onnx_faulty), the real detector, screener, log and CLI."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
from onnx_builders import manifest_dict, write_manifest
from onnx_faulty import build_invalid_output_model
from test_evaluate import make_dataset

from inspector_app.cli import main
from inspector_app.commands.detect import json_line
from inspector_app.detection import Detector, InvalidOutputError, ModelLoadError, sha256_file
from inspector_app.feeds.files import read_scan_file
from inspector_app.screening import Screener
from inspector_app.storage.decision_log import DecisionLog
from inspector_app.storage.evidence import EvidenceStore

CLASSES = ["knife", "handgun"]
KNIFE = (0, 0.5, 0.5, 0.25, 0.25, 0.9)
REASON = (
    "The detector produced invalid numbers for this scan; the model file may be damaged — "
    "the scan is shown without cues."
)


def faulty_model(tmp_path: Path, kind: str) -> Path:
    path = build_invalid_output_model(tmp_path / f"{kind}.onnx", kind, [KNIFE], len(CLASSES))
    data = manifest_dict(
        CLASSES, "yolov8", input={"width": 64, "height": 64}, sha256=sha256_file(path)
    )
    write_manifest(path.with_suffix(".yaml"), data)
    return path


def _png(path: Path, value: int) -> Path:
    cv2.imwrite(str(path), np.full((48, 96, 3), value, np.uint8))
    return path


def _no_constants(name: str) -> None:
    raise ValueError(f"non-JSON constant {name} in the output")


@pytest.mark.parametrize("kind", ["nan", "inf"])
def test_an_invalid_output_refuses_that_scan_only(tmp_path: Path, kind: str) -> None:
    det = Detector.load(faulty_model(tmp_path, kind))
    dark = np.full((48, 96, 3), 60, np.uint8)
    assert [d.label for d in det.detect(dark).detections] == ["knife"]
    with pytest.raises(InvalidOutputError, match="invalid numbers for this scan"):
        det.detect(np.full((48, 96, 3), 255, np.uint8))
    assert [d.label for d in det.detect(dark).detections] == ["knife"]  # still works after


def test_a_model_invalid_on_every_scan_is_refused_at_load(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError, match="failed its test scan: the detector produced invalid"):
        Detector.load(faulty_model(tmp_path, "nan-always"))


def test_screening_shows_the_scan_without_cues_with_the_reason_and_goes_on(
    tmp_path: Path,
) -> None:
    log = DecisionLog(tmp_path / "log.sqlite")
    screener = Screener(
        Detector.load(faulty_model(tmp_path, "nan")), log, EvidenceStore(tmp_path / "ev")
    )
    bright = read_scan_file(_png(tmp_path / "bright.png", 255), source="files")
    dark = read_scan_file(_png(tmp_path / "dark.png", 60), source="files")
    broken = screener.screen(bright)
    assert broken.detections == () and not broken.alarm
    assert broken.warning == REASON
    row = log.scan(bright.scan_id)
    assert row is not None and row["status"] == "screened" and row["error"] == REASON
    assert json.loads(row["detections"]) == []
    after = screener.screen(dark)  # the next scan is screened as usual
    assert [d.label for d in after.detections] == ["knife"] and after.warning == ""
    log.close()


def test_json_line_refuses_non_finite_numbers_and_names_the_field() -> None:
    good = json_line({"path": "a.png", "detections": [{"score": 0.5, "box": [1.0, 2.0]}]})
    assert json.loads(good, parse_constant=_no_constants)["detections"][0]["score"] == 0.5
    for bad in (math.nan, math.inf, -math.inf):
        record = {"path": "a.png", "detections": [{"score": 0.5, "box": [1.0, bad]}]}
        with pytest.raises(ValueError, match=r"detections\[0\]\.box\[1\]"):
            json_line(record)


def test_detect_json_is_strict_json_and_reports_the_invalid_scan(tmp_path: Path) -> None:
    model = faulty_model(tmp_path, "nan")
    dark, bright = _png(tmp_path / "dark.png", 60), _png(tmp_path / "bright.png", 255)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "inspector_app",
            "detect",
            "--model",
            str(model),
            "--json",
            str(dark),
            str(bright),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 1, result.stderr
    records = [
        json.loads(line, parse_constant=_no_constants) for line in result.stdout.splitlines()
    ]
    assert [r["path"] for r in records] == [str(dark)]
    assert [d["label"] for d in records[0]["detections"]] == ["knife"]
    assert f"{bright}: the detector produced invalid numbers for this scan" in result.stderr
    assert "Traceback" not in result.stderr and "NaN" not in result.stdout


def test_evaluate_stops_with_the_reason_instead_of_scoring_garbage(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    names = ["handgun", "knife", "tablets"]
    model = build_invalid_output_model(tmp_path / "nan.onnx", "nan", [KNIFE], len(names))
    data = manifest_dict(names, "yolov8", input={"width": 64, "height": 64})
    write_manifest(model.with_suffix(".yaml"), {**data, "sha256": sha256_file(model)})
    dataset = make_dataset(tmp_path / "data")  # bright parcels: the model's NaN scans
    assert main(["evaluate", "--model", str(model), "--data", str(dataset)]) == 2
    err = capsys.readouterr().err
    assert "the detector produced invalid numbers" in err and "Traceback" not in err

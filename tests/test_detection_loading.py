"""Safe loading: every broken model or manifest gives a ModelLoadError an operator understands."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import yaml
from onnx_builders import (
    build_hanging_model,
    build_model,
    build_raw_output,
    build_two_input_model,
    manifest_dict,
    write_manifest,
)

from inspector_app.detection import (
    Detector,
    ModelLoadError,
    load_manifest,
    load_validated,
    sha256_file,
    validate_model_out_of_process,
)

CLASSES = ["handgun", "knife", "tablets"]
ROW = [(1, 0.5, 0.5, 0.1, 0.1, 0.9)]


def good_model(tmp_path: Path, **manifest_overrides) -> Path:
    path = build_model(tmp_path / "m.onnx", "yolov8", ROW, 3)
    data = manifest_dict(CLASSES, "yolov8", sha256=sha256_file(path), file="m.onnx")
    data.update(manifest_overrides)
    write_manifest(tmp_path / "m.yaml", data)
    return path


def test_good_model_with_manifest_beside_it(tmp_path: Path) -> None:
    path = good_model(tmp_path, name="parcel-threat-det", version="0.1.0")
    det = Detector.load(path)
    assert (det.info.name, det.info.version) == ("parcel-threat-det", "0.1.0")
    assert det.info.sha256 == sha256_file(path)
    assert det.manifest.provenance == {"built_by": "tests"}


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError, match="model file not found"):
        Detector.load(tmp_path / "nope.onnx")


@pytest.mark.parametrize("content", [b"", b"not a model at all\n", os.urandom(4096)])
def test_file_that_is_not_onnx(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "fake.onnx"
    path.write_bytes(content)
    with pytest.raises(ModelLoadError, match="not ONNX"):
        Detector.load(path)


def test_sha256_mismatch(tmp_path: Path) -> None:
    path = good_model(tmp_path, sha256="0" * 64)
    with pytest.raises(ModelLoadError, match="does not match its manifest: SHA-256"):
        Detector.load(path)


def test_sha256_mismatch_after_file_changed(tmp_path: Path) -> None:
    path = good_model(tmp_path)
    build_model(path, "yolov8", [(0, 0.5, 0.5, 0.2, 0.2, 0.9)], 3)  # swapped weights, same name
    with pytest.raises(ModelLoadError, match="file was changed"):
        Detector.load(path)


def test_class_count_mismatch(tmp_path: Path) -> None:
    path = build_model(tmp_path / "m.onnx", "yolov8", ROW, 3)
    write_manifest(tmp_path / "m.yaml", manifest_dict(["handgun", "knife"], None))
    with pytest.raises(ModelLoadError, match="outputs 3 classes but the manifest lists 2"):
        Detector.load(path)


def test_manifest_format_disagrees_with_output(tmp_path: Path) -> None:
    path = build_model(tmp_path / "m.onnx", "yolov8", ROW, 3)
    write_manifest(tmp_path / "m.yaml", manifest_dict(CLASSES, "yolov5"))
    with pytest.raises(ModelLoadError, match=r"not the yolov5 layout \[1, N, 5\+C\]"):
        Detector.load(path)


@pytest.mark.parametrize("with_manifest", [False, True])
@pytest.mark.parametrize("shape", [(1, 3, 3), (1, 10), (2, 3, 4, 5), (1, 8, 5)])
def test_wrong_outputs(tmp_path: Path, shape, with_manifest: bool) -> None:
    path = build_raw_output(tmp_path / "odd.onnx", shape)
    if with_manifest:
        data = manifest_dict(CLASSES, "yolov8", input={"width": 64, "height": 64})
        write_manifest(tmp_path / "odd.yaml", data)
    with pytest.raises(ModelLoadError, match="output"):
        Detector.load(path)


def test_two_inputs(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError, match="2 inputs"):
        Detector.load(build_two_input_model(tmp_path / "two.onnx"))


def test_unsupported_opset_is_an_onnxruntime_load_error(tmp_path: Path) -> None:
    path = build_model(tmp_path / "future.onnx", "yolov8", ROW, 3, opset=17)
    import onnx

    model = onnx.load(str(path))
    model.opset_import[0].version = 999
    onnx.save(model, str(path))
    with pytest.raises(ModelLoadError, match=r"onnxruntime|opset"):
        Detector.load(path)


def test_fixed_input_size_disagrees_with_manifest(tmp_path: Path) -> None:
    path = good_model(tmp_path, input={"width": 512, "height": 512, "dynamic": False})
    with pytest.raises(ModelLoadError, match=r"manifest says input 512x512 .* expects 640x640"):
        Detector.load(path)


def test_end2end_without_names_needs_a_manifest(tmp_path: Path) -> None:
    path = build_model(tmp_path / "e2e.onnx", "end2end", ROW, 3)
    with pytest.raises(ModelLoadError, match="no class names"):
        Detector.load(path)


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"thresholds": {"default": 1.5}}, r"thresholds\.default: .*less than or equal to 1"),
        ({"thresholds": {"default": 0.3, "per_class": {"rifle": 0.2}}}, "rifle"),
        ({"categories": {"knife": "cutlery"}}, r"categories\.knife"),
        ({"categories": {"rifle": "weapons"}}, "categories names classes not in"),
        ({"format": "yolov9"}, r"format: .*yolov5"),
        ({"sha256": "abc"}, "sha256: .*64 hexadecimal"),
        ({"classes": []}, "classes"),
        ({"classes": ["a", "a"]}, "unique"),
        ({"input": {"width": -1, "height": 640}}, r"input\.width"),
        ({"tresholds": {"default": 0.3}}, "tresholds: Extra inputs"),
        ({"name": ""}, "name"),
    ],
)
def test_manifest_errors_name_the_field(tmp_path: Path, override, message) -> None:
    data = manifest_dict(CLASSES, "yolov8")
    data.update(override)
    path = write_manifest(tmp_path / "m.yaml", data)
    with pytest.raises(ModelLoadError, match=message):
        load_manifest(path)


def test_manifest_not_yaml_or_not_mapping(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n")
    with pytest.raises(ModelLoadError, match="not valid YAML"):
        load_manifest(bad)
    bad.write_text("- just\n- a list\n")
    with pytest.raises(ModelLoadError, match="mapping"):
        load_manifest(bad)


def test_full_documented_manifest_round_trips(tmp_path: Path) -> None:
    text = """
name: parcel-threat-det
version: 0.1.0
file: parcel-threat-det.onnx
sha256: %s
format: yolov8
input: {width: 640, height: 640, dynamic: true}
classes: [handgun, knife, tablets]
thresholds: {default: 0.35, per_class: {knife: 0.3}}
categories: {handgun: weapons, knife: weapons, tablets: drugs}
preprocess: {color: rgb, scale: 255.0, letterbox: true, pad_value: 114}
nms_iou: 0.5
tiling: {enabled: false, tile: 640, overlap: 0.2}
provenance: {data: simulated v1, seed: 7, opset: 17}
metrics: {map50: 0.61}
""" % ("ab" * 32)
    path = tmp_path / "m.yaml"
    path.write_text(text)
    m = load_manifest(path)
    assert m.threshold_for("knife") == 0.3 and m.threshold_for("handgun") == 0.35
    assert m.category_for("tablets") == "drugs"
    assert yaml.safe_load(text)["metrics"] == m.metrics


# ------------------------------------------------------------------ out of process
def test_out_of_process_validation_ok(tmp_path: Path) -> None:
    path = good_model(tmp_path)
    info = validate_model_out_of_process(path, tmp_path / "m.yaml", timeout_s=60)
    assert info.sha256 == sha256_file(path) and info.name == "test-det"
    det = load_validated(path, timeout_s=60)
    assert det.detect(np.zeros((64, 64, 3), np.uint8)).detections


def test_out_of_process_validation_reports_load_errors(tmp_path: Path) -> None:
    path = good_model(tmp_path, sha256="1" * 64)
    with pytest.raises(ModelLoadError, match="SHA-256"):
        validate_model_out_of_process(path, None, timeout_s=60)


def test_out_of_process_validation_times_out_on_a_hanging_model(tmp_path: Path) -> None:
    path = build_hanging_model(tmp_path / "hang.onnx")
    start = time.monotonic()
    with pytest.raises(ModelLoadError, match="did not finish loading within 2 s"):
        validate_model_out_of_process(path, None, timeout_s=2)
    assert time.monotonic() - start < 10


def _children_running_validation() -> list[int]:
    pids = []
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        for pid in (task / "children").read_text().split():
            try:
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            if b"inspector_app.detection.validate" in cmd:
                pids.append(int(pid))
    return pids


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_out_of_process_validation_survives_a_crash(tmp_path: Path) -> None:
    """The child dies by SIGSEGV mid-load (as onnxruntime does on some corrupt models)."""
    path = build_hanging_model(tmp_path / "hang.onnx")
    errors: list[BaseException] = []

    def validate() -> None:
        try:
            validate_model_out_of_process(path, None, timeout_s=60)
        except BaseException as exc:
            errors.append(exc)

    worker = threading.Thread(target=validate)
    worker.start()
    deadline = time.monotonic() + 30
    while not (pids := _children_running_validation()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pids, "validation child did not start"
    time.sleep(0.5)
    os.kill(pids[0], signal.SIGSEGV)
    worker.join(30)
    assert len(errors) == 1 and isinstance(errors[0], ModelLoadError)
    assert "crashed" in str(errors[0]) and "SIGSEGV" in str(errors[0])

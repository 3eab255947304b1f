"""Truncated and byte-flipped copies of a small real model: the loader always ends in a model
that works or a ModelLoadError an operator can read; never a crash, a hang or garbage cues.

Without a manifest the damaged bytes reach onnxruntime (protobuf parsing, graph checks, the
test scans); with one, the hash refuses every changed copy before onnxruntime sees it.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from onnx_builders import build_conv_detector, build_model, manifest_dict, write_manifest

from inspector_app.detection import (
    Detector,
    InvalidOutputError,
    ModelLoadError,
    sha256_file,
    validate_model_out_of_process,
)

CLASSES = ["knife", "handgun"]
ROWS = [(0, 0.5, 0.5, 0.25, 0.25, 0.9), (1, 0.3, 0.3, 0.1, 0.2, 0.6)]


@pytest.fixture(scope="module", params=["table", "cnn"])
def model_bytes(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """Real graphs to damage: a yolov8-layout table (shape arithmetic, constants) and a small
    CNN with a YOLOv8-style head (convolutions, split, sigmoid; dynamic input size)."""
    path = tmp_path_factory.mktemp("seed") / "seed.onnx"
    if request.param == "table":
        build_model(path, "yolov8", ROWS, 2, input_shape=(1, 3, 64, 64))
    else:
        build_conv_detector(path, 2, width=4)
    return path.read_bytes()


@st.composite
def damaged(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["flip", "truncate", "cut", "big"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if action == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif action == "truncate":
            del data[at:]
        elif action == "cut":
            del data[at : at + draw(st.integers(1, 64))]
        elif data:  # a length, count or dimension made huge
            data[at : at + 4] = b"\xff\xff\xff\x7f"
    return bytes(data)


def _load(path: Path, data: bytes) -> Detector | None:
    path.write_bytes(data)
    try:
        return Detector.load(path, threads=1)
    except ModelLoadError as exc:
        text = str(exc)
        assert text and "Traceback" not in text
        return None


def _check_usable(det: Detector) -> None:
    """A damaged copy that still loads must give finite boxes, or refuse the scan clearly."""
    for value in (0, 90, 255):
        try:
            result = det.detect(np.full((48, 96, 3), value, np.uint8))
        except InvalidOutputError:
            continue
        for d in result.detections:
            assert math.isfinite(d.score) and all(math.isfinite(v) for v in d.box.as_list())


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_damaged_copies_load_cleanly_or_give_a_model_load_error(
    tmp_path: Path, model_bytes: bytes, data: st.DataObject
) -> None:
    det = _load(tmp_path / "damaged.onnx", data.draw(damaged(model_bytes)))
    if det is not None:
        _check_usable(det)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_with_a_manifest_every_damaged_copy_is_refused_by_its_hash(
    tmp_path: Path, model_bytes: bytes, data: st.DataObject
) -> None:
    copy = data.draw(damaged(model_bytes))
    assume(copy != model_bytes)
    path = tmp_path / "m.onnx"
    path.write_bytes(model_bytes)
    manifest = manifest_dict(CLASSES, "yolov8")
    write_manifest(tmp_path / "m.yaml", {**manifest, "sha256": sha256_file(path)})
    path.write_bytes(copy)
    with pytest.raises(ModelLoadError, match="does not match its manifest"):
        Detector.load(path, threads=1)


@pytest.mark.parametrize("keep", [0.0, 0.1, 0.5, 0.9, 0.999])
def test_truncated_copies_are_refused_by_the_out_of_process_check(
    tmp_path: Path, model_bytes: bytes, keep: float
) -> None:
    """What the station runs first: the child loads the damaged copy and reports it."""
    path = tmp_path / "cut.onnx"
    path.write_bytes(model_bytes[: int(len(model_bytes) * keep)])
    with pytest.raises(ModelLoadError) as refused:
        validate_model_out_of_process(path, None, timeout_s=60)
    assert "crashed" not in str(refused.value)

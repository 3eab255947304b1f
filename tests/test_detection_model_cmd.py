"""`inspector-app model info|verify|quantize` and INT8 quantization on a small real CNN."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import onnx
import pytest
from onnx_builders import build_conv_detector, build_model, manifest_dict, write_manifest

from inspector_app.cli import main
from inspector_app.detection import Detector, load_manifest, sha256_file
from inspector_app.detection.quantize import head_nodes, output_convs, quantize_model

CLASSES = ["handgun", "knife", "tablets"]


@pytest.fixture
def conv_model(tmp_path: Path) -> Path:
    path = build_conv_detector(tmp_path / "conv.onnx", 3, width=8)
    data = manifest_dict(CLASSES, "yolov8", input={"width": 256, "height": 256, "dynamic": True},
                         metrics={"map50": 0.5}, sha256=sha256_file(path))
    write_manifest(tmp_path / "conv.yaml", data)
    calib = tmp_path / "calib"
    calib.mkdir()
    rng = np.random.default_rng(3)
    for i in range(6):
        noise = rng.integers(0, 255, (150, 300, 3), dtype=np.uint8)
        cv2.imwrite(str(calib / f"{i}.png"), cv2.GaussianBlur(noise, (9, 9), 3))
    return path


def test_head_nodes_are_everything_after_the_last_conv(conv_model: Path) -> None:
    head = set(head_nodes(onnx.load(str(conv_model))))
    assert {"flatten", "split", "cls_sigmoid", "concat_out", "box_mul"} <= head
    assert not head & {"conv0", "relu0", "conv4", "relu4", "conv_head"}


def test_output_convs_are_the_convs_that_feed_only_the_head(conv_model: Path) -> None:
    assert output_convs(onnx.load(str(conv_model))) == ["conv_head"]


def test_quantize_can_keep_the_output_convs_in_float(conv_model: Path, tmp_path: Path) -> None:
    res = quantize_model(
        conv_model, conv_model.parent / "calib", tmp_path / "fo.onnx",
        method="percentile", float_outputs=True,
    )
    graph = onnx.load(str(res.onnx_path)).graph
    producers = {o: n for n in graph.node for o in n.output}
    weights = {n.name: n.input[1] for n in graph.node if n.op_type == "Conv"}
    assert weights["conv_head"] not in producers  # a float initializer, not dequantized INT8
    assert producers[weights["conv0"]].op_type == "DequantizeLinear"
    method = load_manifest(res.manifest_path).provenance["quantization"]["method"]
    assert "percentile" in method and "output convs in float" in method
    assert "conv_head" in res.excluded_nodes


def test_quantize_makes_a_loadable_int8_model_close_to_float(
    conv_model: Path, tmp_path: Path, monkeypatch
) -> None:
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    res = quantize_model(conv_model, conv_model.parent / "calib")
    assert list(workdir.iterdir()) == []  # onnxruntime's temp files must not land in the cwd
    assert res.onnx_path.name == "conv-int8.onnx" and res.calibration_images == 6
    assert res.size_after < res.size_before / 2
    ops = {n.op_type for n in onnx.load(str(res.onnx_path)).graph.node}
    assert {"QuantizeLinear", "DequantizeLinear"} <= ops
    m = load_manifest(res.manifest_path)
    assert m.sha256 == sha256_file(res.onnx_path) and m.version == "0.0.1+int8"
    assert m.provenance["quantized_from"]["sha256"] == sha256_file(conv_model)
    assert m.metrics == {}  # the float model's figures do not carry over
    fp32, int8 = Detector.load(conv_model), Detector.load(res.onnx_path)
    image = cv2.imread(str(conv_model.parent / "calib" / "0.png"))[:, :, ::-1]
    tensor, _ = fp32.prepare(image)
    a = fp32.session.run(None, {"images": tensor.copy()})[0]
    b = int8.session.run(None, {"images": tensor.copy()})[0]
    assert a.shape == b.shape
    assert np.corrcoef(a[0, 4:].ravel(), b[0, 4:].ravel())[0, 1] > 0.99  # scores
    assert np.abs(a[0, 4:] - b[0, 4:]).max() < 0.1


def test_model_quantize_cli(conv_model: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "q" / "small.onnx"
    out.parent.mkdir()
    assert main(["model", "quantize", str(conv_model), "--calib", str(tmp_path / "calib"),
                 "--out", str(out), "--images", "3"]) == 0
    assert "calibrated on 3 images" in capsys.readouterr().out
    assert Detector.load(out).info.version == "0.0.1+int8"


def test_model_info_cli_json(conv_model: Path, capsys) -> None:
    assert main(["model", "info", str(conv_model), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["sha256"] == sha256_file(conv_model)
    assert info["format"] == "yolov8" and info["input"]["dynamic"] is True
    assert info["classes"]["knife"] == {
        "threshold": 0.25, "manifest_threshold": 0.25, "category": "other"}
    assert info["thresholds_from"] == "model manifest"  # no station calibration beside it
    assert info["metrics"] == {"map50": 0.5}


def test_model_verify_cli(tmp_path: Path, capsys) -> None:
    path = build_model(tmp_path / "m.onnx", "yolov8", [(0, 0.5, 0.5, 0.1, 0.1, 0.9)], 3)
    assert main(["model", "verify", str(path)]) == 1  # no manifest records its hash
    assert "model hash" in capsys.readouterr().err
    assert main(["model", "verify", str(path), "--allow-unhashed"]) == 0
    assert sha256_file(path) in capsys.readouterr().out
    write_manifest(tmp_path / "m.yaml", manifest_dict(CLASSES, "yolov8", sha256="2" * 64))
    assert main(["model", "verify", str(path)]) == 1
    assert "SHA-256" in capsys.readouterr().err


def test_model_validate_child_prints_machine_report(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.onnx"
    bad.write_text("nope")
    assert main(["--validate-model-child", str(bad)]) == 1
    line = capsys.readouterr().out.strip().splitlines()[-1]
    report = json.loads(line.split(" ", 1)[1])
    assert report["ok"] is False and "not ONNX" in report["error"]


def test_quantizing_a_dynamic_model_leaves_no_files_in_the_working_directory(
    tmp_path: Path, monkeypatch
) -> None:
    """onnxruntime's symbolic shape inference gives up on the shipped model's dynamic shapes and
    leaves uuid-named external-data files in the current directory unless we contain it."""
    from inspector_app.config import default_model_path
    from inspector_app.feeds.demo import render_parcel

    shipped = tmp_path / "model" / "parcel-threat-det.onnx"
    shipped.parent.mkdir()
    shipped.write_bytes(default_model_path().read_bytes())
    shipped.with_suffix(".yaml").write_text(default_model_path().with_suffix(".yaml").read_text())
    calib = tmp_path / "calib"
    calib.mkdir()
    for index in range(2):
        cv2.imwrite(str(calib / f"{index}.png"), render_parcel(9_000_000 + index, 0.6)[0])
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    res = quantize_model(shipped, calib)
    assert res.onnx_path.exists()
    assert list(workdir.iterdir()) == []

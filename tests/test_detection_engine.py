"""Decoding, letterbox un-mapping, NMS and thresholds on small real ONNX graphs."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from onnx_builders import build_model, manifest_dict, write_manifest

from inspector_app.detection import Detector, sha256_file
from inspector_app.detection.letterbox import dynamic_input_size, plan_letterbox
from inspector_app.detection.tiling import tile_windows

CLASSES = ["handgun", "knife", "tablets"]


def boxes_of(result):
    return [(d.label, round(d.score, 3), [round(v, 2) for v in d.box.as_list()])
            for d in result.detections]


def load(tmp_path: Path, fmt: str, rows, *, manifest: dict | None = None, **kw) -> Detector:
    onnx_path = build_model(tmp_path / f"{fmt}.onnx", fmt, rows, len(CLASSES), **kw)
    if manifest is not None:
        write_manifest(onnx_path.with_suffix(".yaml"), manifest)
    return Detector.load(onnx_path)


@pytest.mark.parametrize("fmt", ["yolov8", "yolov5", "end2end"])
def test_each_layout_decodes_known_box_on_square_image(tmp_path: Path, fmt: str) -> None:
    # box centred at (0.25, 0.75) of the input, 0.1 x 0.2 of its size, class knife, score 0.8
    det = load(tmp_path, fmt, [(1, 0.25, 0.75, 0.1, 0.2, 0.8)],
               manifest=manifest_dict(CLASSES, fmt))
    result = det.detect(np.zeros((640, 640, 3), np.uint8))
    assert boxes_of(result) == [("knife", 0.8, [128.0, 416.0, 192.0, 544.0])]
    assert result.model.sha256 == sha256_file(tmp_path / f"{fmt}.onnx")
    assert result.timing_ms > 0


@pytest.mark.parametrize("fmt", ["yolov8", "yolov5", "end2end"])
def test_letterbox_unmapping_on_wide_image_fixed_input(tmp_path: Path, fmt: str) -> None:
    # 1280x640 scan into 640x640: scale 0.5, content 640x320 with 160 px bands top and bottom.
    # Network box centre (320, 320) size 128x64 -> network xyxy (256, 288, 384, 352)
    # -> source x: 256*2 .. 384*2 ; y: (288-160)*2 .. (352-160)*2
    det = load(tmp_path, fmt, [(0, 0.5, 0.5, 0.2, 0.1, 0.9)], manifest=manifest_dict(CLASSES, fmt))
    result = det.detect(np.zeros((640, 1280, 3), np.uint8))
    assert boxes_of(result) == [("handgun", 0.9, [512.0, 256.0, 768.0, 384.0])]


def test_letterbox_unmapping_on_tall_odd_sized_image(tmp_path: Path) -> None:
    # 333 wide x 777 tall into 640x640: r = 640/777, content 274x640, left pad (640-274)//2 = 183.
    det = load(tmp_path, "yolov8", [(2, 0.5, 0.25, 0.1, 0.1, 0.7)],
               manifest=manifest_dict(CLASSES, "yolov8"))
    result = det.detect(np.zeros((777, 333, 3), np.uint8))
    sx, sy = 333 / 274, 777 / 640
    want = [(288 - 183) * sx, (160 - 32) * sy, (352 - 183) * sx, (160 + 32) * sy]
    (label, score, box), = boxes_of(result)
    assert label == "tablets" and score == 0.7
    assert box == pytest.approx(want, abs=0.01)


def test_dynamic_input_uses_rectangular_stride_aligned_size(tmp_path: Path) -> None:
    dyn = {"width": 640, "height": 640, "dynamic": True}
    manifest = manifest_dict(CLASSES, "yolov8", input=dyn)
    det = load(tmp_path, "yolov8", [(1, 0.5, 0.5, 0.1, 0.2, 0.9)], manifest=manifest,
               input_shape=(1, 3, "height", "width"))
    assert det.input_size_for(2000, 1000) == (640, 320)
    assert det.input_size_for(777, 333) == (640, 288)
    # 2000x1000 -> 640x320 exactly (scale 0.32, no padding); box (288,128)-(352,192) in network
    result = det.detect(np.zeros((1000, 2000, 3), np.uint8))
    assert boxes_of(result) == [("knife", 0.9, [900.0, 400.0, 1100.0, 600.0])]
    # 777x333 -> content 640x274 inside 640x288, top pad 7; network box centre (320, 144)
    result = det.detect(np.zeros((333, 777, 3), np.uint8))
    (_, _, box), = boxes_of(result)
    sx, sy = 777 / 640, 333 / 274
    want = [(320 - 32) * sx, (144 - 28.8 - 7) * sy, (320 + 32) * sx, (144 + 28.8 - 7) * sy]
    assert box == pytest.approx(want, abs=0.01)


def test_dynamic_model_with_dynamic_false_in_manifest_uses_square_input(tmp_path: Path) -> None:
    det = load(tmp_path, "yolov8", [(1, 0.5, 0.5, 0.1, 0.1, 0.9)],
               manifest=manifest_dict(CLASSES, "yolov8"), input_shape=(1, 3, "h", "w"))
    assert det.input_size_for(2000, 1000) == (640, 640)


def test_plan_and_dynamic_size_helpers() -> None:
    assert dynamic_input_size(2000, 1000, 640) == (640, 320)
    assert dynamic_input_size(100, 1000, 640) == (64, 640)
    plan = plan_letterbox(1280, 640, 640, 640)
    assert (plan.new_w, plan.new_h, plan.left, plan.top) == (640, 320, 0, 160)
    stretch = plan_letterbox(1280, 640, 640, 640, letterbox=False)
    boxes = np.array([[320.0, 320.0, 640.0, 640.0]], np.float32)
    assert stretch.unmap(boxes).tolist() == [[640.0, 320.0, 1280.0, 640.0]]


def test_preprocess_pads_with_114_and_scales_to_unit_range(tmp_path: Path) -> None:
    det = load(tmp_path, "yolov8", [], manifest=manifest_dict(CLASSES, "yolov8"))
    image = np.zeros((320, 640, 3), np.uint8)
    image[..., 0] = 255  # pure red
    tensor, plan = det.prepare(image)
    assert tensor.shape == (1, 3, 640, 640) and tensor.dtype == np.float32
    assert (plan.top, plan.new_h) == (160, 320)
    assert tensor[0, :, 0, 0].tolist() == pytest.approx([114 / 255] * 3)
    assert tensor[0, :, 320, 320].tolist() == pytest.approx([1.0, 0.0, 0.0])


def test_bgr_models_get_swapped_channels(tmp_path: Path) -> None:
    manifest = manifest_dict(CLASSES, "yolov8",
                             preprocess={"color": "bgr", "scale": 255.0, "letterbox": True,
                                         "pad_value": 0})
    det = load(tmp_path, "yolov8", [], manifest=manifest)
    image = np.zeros((640, 640, 3), np.uint8)
    image[..., 0] = 255
    tensor, _ = det.prepare(image)
    assert tensor[0, :, 10, 10].tolist() == [0.0, 0.0, 1.0]


def test_class_aware_nms_keeps_overlaps_of_other_classes(tmp_path: Path) -> None:
    rows = [
        (0, 0.5, 0.5, 0.2, 0.2, 0.9),   # handgun
        (0, 0.51, 0.5, 0.2, 0.2, 0.8),  # same class, IoU ~0.9 -> suppressed
        (1, 0.51, 0.5, 0.2, 0.2, 0.7),  # knife, same place -> kept (class-aware)
        (0, 0.1, 0.1, 0.05, 0.05, 0.6),  # handgun elsewhere -> kept
    ]
    det = load(tmp_path, "yolov8", rows, manifest=manifest_dict(CLASSES, "yolov8"))
    got = [(lbl, s) for lbl, s, _ in boxes_of(det.detect(np.zeros((640, 640, 3), np.uint8)))]
    assert got == [("handgun", 0.9), ("knife", 0.7), ("handgun", 0.6)]


def test_end2end_has_no_nms_applied(tmp_path: Path) -> None:
    rows = [(0, 0.5, 0.5, 0.2, 0.2, 0.9), (0, 0.51, 0.5, 0.2, 0.2, 0.8)]
    det = load(tmp_path, "end2end", rows, manifest=manifest_dict(CLASSES, "end2end"))
    assert len(det.detect(np.zeros((640, 640, 3), np.uint8)).detections) == 2


def test_per_class_thresholds_and_conf_override(tmp_path: Path) -> None:
    rows = [(0, 0.2, 0.2, 0.1, 0.1, 0.4), (1, 0.6, 0.6, 0.1, 0.1, 0.35)]
    manifest = manifest_dict(CLASSES, "yolov8",
                             thresholds={"default": 0.5, "per_class": {"knife": 0.3}},
                             categories={"handgun": "weapons", "knife": "weapons",
                                         "tablets": "drugs"})
    det = load(tmp_path, "yolov8", rows, manifest=manifest)
    image = np.zeros((640, 640, 3), np.uint8)
    assert [d.label for d in det.detect(image).detections] == ["knife"]
    assert [d.label for d in det.detect(image, conf=0.2).detections] == ["handgun", "knife"]
    assert det.categories == {"handgun": "weapons", "knife": "weapons", "tablets": "drugs"}
    with pytest.raises(ValueError, match="confidence"):
        det.detect(image, conf=1.5)


def test_yolov5_score_is_objectness_times_class(tmp_path: Path) -> None:
    from onnx_builders import build_scaled_output, yolov5_raw

    raw = yolov5_raw([(2, 0.5, 0.5, 0.1, 0.1, 0.3)], 3, objectness=0.5)  # cls prob 0.6
    path = build_scaled_output(tmp_path / "v5.onnx", raw, 2)
    write_manifest(path.with_suffix(".yaml"), manifest_dict(CLASSES, "yolov5"))
    (det,) = Detector.load(path).detect(np.zeros((640, 640, 3), np.uint8), conf=0.1).detections
    assert det.label == "tablets" and det.score == pytest.approx(0.3)


def test_names_from_ultralytics_metadata_and_sniffed_format(tmp_path: Path) -> None:
    meta = {"names": "{0: 'handgun', 1: 'knife', 2: 'tablets'}", "imgsz": "[640, 640]"}
    for fmt in ("yolov8", "yolov5", "end2end"):
        path = build_model(tmp_path / f"{fmt}.onnx", fmt, [(2, 0.5, 0.5, 0.1, 0.1, 0.9)], 3,
                           metadata=meta)
        det = Detector.load(path)  # no manifest beside it
        assert det.adapter.name == fmt
        assert det.class_names == ("handgun", "knife", "tablets")
        assert det.info.name == fmt and det.info.sha256 == sha256_file(path)
        assert [d.label for d in det.detect(np.zeros((64, 64, 3), np.uint8)).detections] == [
            "tablets"
        ]


def test_model_without_names_gets_numbered_classes(tmp_path: Path) -> None:
    path = build_model(tmp_path / "bare.onnx", "yolov8", [(1, 0.5, 0.5, 0.1, 0.1, 0.9)], 2)
    det = Detector.load(path)
    assert det.class_names == ("class_0", "class_1")


def test_image_input_checks(tmp_path: Path) -> None:
    det = load(tmp_path, "yolov8", [(0, 0.5, 0.5, 0.1, 0.1, 0.9)],
               manifest=manifest_dict(CLASSES, "yolov8"))
    with pytest.raises(ValueError, match="8-bit"):
        det.detect(np.zeros((100, 100, 3), np.uint16))
    with pytest.raises(ValueError, match="HxWx3"):
        det.detect(np.zeros((100, 100, 5), np.uint8))
    grey = det.detect(np.zeros((100, 100), np.uint8))
    rgba = det.detect(np.zeros((100, 100, 4), np.uint8))
    assert boxes_of(grey) == boxes_of(rgba) == [("handgun", 0.9, [45.0, 45.0, 55.0, 55.0])]


def test_tile_windows_cover_image_with_overlap() -> None:
    wins = tile_windows(2000, 600, 640, 0.2)
    assert all(x1 - x0 == 640 and y1 - y0 == 600 for x0, y0, x1, y1 in wins)
    assert wins[0][0] == 0 and wins[-1][2] == 2000
    for (_, _, a1, _), (b0, _, _, _) in itertools.pairwise(wins):
        assert a1 - b0 >= 0.2 * 640  # overlap kept
    assert tile_windows(500, 400, 640, 0.2) == [(0, 0, 500, 400)]


@pytest.mark.parametrize("batch", [1, "batch"])
def test_tiled_inference_offsets_each_tile(tmp_path: Path, batch) -> None:
    # The graph reports one small box at the centre of whatever it is shown, so tiled inference
    # must return one box per tile centre (plus the whole-scan centre) in scan pixels.
    manifest = manifest_dict(CLASSES, "yolov8",
                             tiling={"enabled": True, "tile": 640, "overlap": 0.2})
    det = load(tmp_path, "yolov8", [(1, 0.5, 0.5, 0.01, 0.01, 0.9)], manifest=manifest,
               input_shape=(batch, 3, 640, 640))
    image = np.zeros((640, 2000, 3), np.uint8)
    full = det.plan(2000, 640)  # whole-scan pass: 205 px content, top pad 217 (not centred)
    centres = sorted(((d.box.x1 + d.box.x2) / 2, (d.box.y1 + d.box.y2) / 2)
                     for d in det.detect(image).detections)
    want = sorted({((x0 + x1) / 2, 320.0) for x0, _, x1, _ in tile_windows(2000, 640, 640, 0.2)}
                  | {(1000.0, (320 - full.top) * 640 / full.new_h)})
    np.testing.assert_allclose(np.array(centres), np.array(want), atol=0.6)
    assert len(det.detect(image, tiled=False).detections) == 1
    station_off = Detector.load(tmp_path / "yolov8.onnx", tiled=False)  # setting beats manifest
    assert len(station_off.detect(image).detections) == 1


def test_reused_input_buffer_is_repainted_when_geometry_changes(tmp_path: Path) -> None:
    det = load(tmp_path, "yolov8", [], manifest=manifest_dict(CLASSES, "yolov8"))
    rng = np.random.default_rng(0)
    wide = rng.integers(0, 255, (320, 640, 3), dtype=np.uint8)
    tall = rng.integers(0, 255, (640, 320, 3), dtype=np.uint8)
    det.prepare(wide)
    reused = det.prepare(tall)[0].copy()
    fresh = Detector.load(tmp_path / "yolov8.onnx").prepare(tall)[0]
    np.testing.assert_array_equal(reused, fresh)
    assert reused[0, :, 0, 0].tolist() == pytest.approx([114 / 255] * 3)  # left band is padding
    assert reused[0, 0, 0, 160:480].tolist() == pytest.approx((tall[0, :, 0] / 255).tolist())


def test_missing_providers_fall_back_to_cpu_and_threads_are_applied(tmp_path: Path) -> None:
    from inspector_app.detection.runtime import physical_cores

    path = build_model(tmp_path / "m.onnx", "yolov8", [(0, 0.5, 0.5, 0.1, 0.1, 0.9)], 3)
    det = Detector.load(path, providers=["NoSuchExecutionProvider"], threads=1)
    assert det.session.get_providers() == ["CPUExecutionProvider"]
    opts = det.session.get_session_options()
    assert opts.intra_op_num_threads == 1
    assert opts.get_session_config_entry("session.intra_op.allow_spinning") == "0"
    assert 1 <= physical_cores() <= (os.cpu_count() or 1)
    assert det.detect(np.zeros((32, 32, 3), np.uint8)).detections


@pytest.mark.parametrize("fmt", ["yolov8", "yolov5"])
def test_multi_label_tests_every_class_against_its_own_threshold(tmp_path: Path, fmt) -> None:
    # One box: handgun 0.40 (its threshold 0.5: no alarm), knife 0.30 (threshold 0.25: alarm).
    from onnx_builders import build_scaled_output, yolov5_raw, yolov8_raw

    rows = [(0, 0.5, 0.5, 0.1, 0.1, 0.4)]
    if fmt == "yolov8":
        raw = yolov8_raw(rows, 3)
        raw[0, 4 + 1, 0] = 0.3
        path = build_scaled_output(tmp_path / "m.onnx", raw, 1)
    else:
        raw = yolov5_raw(rows, 3)
        raw[0, 0, 5 + 1] = 0.3
        path = build_scaled_output(tmp_path / "m.onnx", raw, 2)
    thresholds = {"default": 0.5, "per_class": {"knife": 0.25}}
    write_manifest(path.with_suffix(".yaml"), manifest_dict(CLASSES, fmt, thresholds=thresholds))
    image = np.zeros((640, 640, 3), np.uint8)
    assert [(d.label, round(d.score, 2)) for d in Detector.load(path).detect(image).detections] \
        == [("knife", 0.3)]
    write_manifest(path.with_suffix(".yaml"),
                   manifest_dict(CLASSES, fmt, thresholds=thresholds, multi_label=False))
    assert Detector.load(path).detect(image).detections == ()  # top class only: under threshold
    both = Detector.load(path, path.with_suffix(".yaml")).detect(image, conf=0.1).detections
    assert [d.label for d in both] == ["handgun"]


def test_area_interpolation_option(tmp_path: Path) -> None:
    pre = {"color": "rgb", "scale": 255.0, "letterbox": True, "pad_value": 114}
    linear = load(tmp_path, "yolov8", [], manifest=manifest_dict(CLASSES, "yolov8",
                                                                  preprocess=pre))
    write_manifest(tmp_path / "yolov8.yaml",
                   manifest_dict(CLASSES, "yolov8", preprocess={**pre, "interpolation": "area"}))
    area = Detector.load(tmp_path / "yolov8.onnx")
    noise = np.random.default_rng(0).integers(0, 256, (1920, 1920, 3), dtype=np.uint8)
    # 3x shrink: linear samples single pixels (noise stays noise), area averages 3x3 blocks
    assert area.prepare(noise)[0].std() < 0.5 * linear.prepare(noise)[0].std()


@settings(max_examples=200, deadline=None)
@given(
    src_w=st.integers(2, 5000), src_h=st.integers(2, 5000), long_side=st.sampled_from([320, 640]),
    fx=st.floats(0, 1), fy=st.floats(0, 1), dynamic=st.booleans(),
)
def test_letterbox_unmap_inverts_the_forward_mapping(src_w, src_h, long_side, fx, fy, dynamic):
    if dynamic:
        dst_w, dst_h = dynamic_input_size(src_w, src_h, long_side)
        assert dst_w % 32 == 0 and dst_h % 32 == 0 and max(dst_w, dst_h) <= long_side + 31
    else:
        dst_w = dst_h = long_side
    plan = plan_letterbox(src_w, src_h, dst_w, dst_h)
    assert plan.left + plan.new_w <= dst_w and plan.top + plan.new_h <= dst_h
    x, y = fx * src_w, fy * src_h  # a source point, mapped the way the resize maps pixels
    net = np.array([[x * plan.new_w / src_w + plan.left, y * plan.new_h / src_h + plan.top] * 2],
                   np.float32)
    back = plan.unmap(net.copy())[0]
    assert back[0] == pytest.approx(x, abs=1e-3 * src_w) and back[1] == pytest.approx(
        y, abs=1e-3 * src_h)

"""Builders for small, real ONNX detector graphs used by the detection tests.

Each graph outputs a fixed table of detections whose box coordinates are given as fractions of the
network input width/height and scaled by the real input shape inside the graph, so the same model
works with fixed and dynamic input sizes and the expected pixels can be computed by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import yaml
from onnx import TensorProto, helper, numpy_helper

OPSET = 17

# (class_id, cx, cy, w, h, score) with cx, cy, w, h as fractions of the network input.
Row = tuple[int, float, float, float, float, float]


def _input(shape: Sequence[int | str]) -> onnx.ValueInfoProto:
    return helper.make_tensor_value_info("images", TensorProto.FLOAT, list(shape))


def _save(model: onnx.ModelProto, path: Path, metadata: dict[str, str] | None) -> Path:
    for key, value in (metadata or {}).items():
        entry = model.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return path


def build_scaled_output(
    path: Path,
    raw: np.ndarray,
    box_axis: int,
    *,
    input_shape: Sequence[int | str] = (1, 3, 640, 640),
    metadata: dict[str, str] | None = None,
    opset: int = OPSET,
    score_from_max: bool = False,
) -> Path:
    """Model whose output is `raw` (1, A, B) with entries 0..3 along `box_axis` multiplied by
    (W, H, W, H) of the actual input tensor.

    score_from_max: the other entries (scores) are also multiplied by the brightest input value
    (0..1), so a dark image gives low scores: a detector whose answer depends on the pixels.
    """
    length = raw.shape[box_axis]
    nodes = [
        helper.make_node("Shape", ["images"], ["shape"]),
        helper.make_node("Gather", ["shape", "idx_w"], ["w_i"], axis=0),
        helper.make_node("Gather", ["shape", "idx_h"], ["h_i"], axis=0),
        helper.make_node("Cast", ["w_i"], ["w"], to=TensorProto.FLOAT),
        helper.make_node("Cast", ["h_i"], ["h"], to=TensorProto.FLOAT),
        helper.make_node("Concat", ["w", "h", "w", "h", "ones"], ["scale_flat"], axis=0),
        helper.make_node("Reshape", ["scale_flat", "scale_shape"], ["scale"]),
        helper.make_node("Mul", ["raw", "scale"], ["scaled"]),
        # + 0 * mean(image) per batch item: output batch follows the input batch
        helper.make_node("ReduceMean", ["images"], ["mean"], axes=[1, 2, 3], keepdims=1),
        helper.make_node("Reshape", ["mean", "batch_shape"], ["mean_b"]),
        helper.make_node("Mul", ["mean_b", "zero"], ["zero_b"]),
        helper.make_node("Add", ["scaled", "zero_b"], ["plain"]),
    ]
    if score_from_max:
        nodes += [
            helper.make_node("ReduceMax", ["images"], ["vmax"], axes=[1, 2, 3], keepdims=1),
            helper.make_node("Reshape", ["vmax", "batch_shape"], ["vmax_b"]),
            helper.make_node("Sub", ["vmax_b", "one"], ["vm1"]),
            helper.make_node("Mul", ["score_mask", "vm1"], ["masked"]),
            helper.make_node("Add", ["masked", "one"], ["gain"]),
            helper.make_node("Mul", ["plain", "gain"], ["output0"]),
        ]
    else:
        nodes.append(helper.make_node("Identity", ["plain"], ["output0"]))
    scale_shape = [1, length, 1] if box_axis == 1 else [1, 1, length]
    inits = [
        numpy_helper.from_array(np.array([3], np.int64), "idx_w"),
        numpy_helper.from_array(np.array([2], np.int64), "idx_h"),
        numpy_helper.from_array(np.ones(length - 4, np.float32), "ones"),
        numpy_helper.from_array(np.array(scale_shape, np.int64), "scale_shape"),
        numpy_helper.from_array(raw.astype(np.float32), "raw"),
        numpy_helper.from_array(np.array([-1, 1, 1], np.int64), "batch_shape"),
        numpy_helper.from_array(np.zeros(1, np.float32), "zero"),
        numpy_helper.from_array(np.ones(1, np.float32), "one"),
        numpy_helper.from_array(
            (np.arange(length) >= 4).astype(np.float32).reshape(scale_shape), "score_mask"
        ),
    ]
    out_shape = [input_shape[0], *raw.shape[1:]]
    out = helper.make_tensor_value_info("output0", TensorProto.FLOAT, out_shape)
    graph = helper.make_graph(nodes, "det", [_input(input_shape)], [out], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    return _save(model, path, metadata)


def yolov8_raw(rows: Sequence[Row], num_classes: int, anchors: int = 64) -> np.ndarray:
    """(1, 4+C, N): cx, cy, w, h then class scores."""
    raw = np.zeros((1, 4 + num_classes, anchors), np.float32)
    for i, (cls, cx, cy, w, h, score) in enumerate(rows):
        raw[0, :4, i] = (cx, cy, w, h)
        raw[0, 4 + cls, i] = score
    return raw


def yolov5_raw(
    rows: Sequence[Row], num_classes: int, anchors: int = 64, objectness: float = 1.0
) -> np.ndarray:
    """(1, N, 5+C): cx, cy, w, h, objectness, class scores; final score = obj * cls."""
    raw = np.zeros((1, anchors, 5 + num_classes), np.float32)
    for i, (cls, cx, cy, w, h, score) in enumerate(rows):
        raw[0, i, :5] = (cx, cy, w, h, objectness)
        raw[0, i, 5 + cls] = score / objectness
    return raw


def end2end_raw(rows: Sequence[Row], slots: int = 100) -> np.ndarray:
    """(1, N, 6): x1, y1, x2, y2, score, class (NMS already done in the graph)."""
    raw = np.zeros((1, slots, 6), np.float32)
    for i, (cls, cx, cy, w, h, score) in enumerate(rows):
        raw[0, i] = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, score, cls)
    return raw


def build_model(
    path: Path, fmt: str, rows: Sequence[Row], num_classes: int, **kwargs: Any
) -> Path:
    """A detector graph of layout `fmt` ('yolov8', 'yolov5', 'end2end') emitting `rows`."""
    if fmt == "yolov8":
        return build_scaled_output(path, yolov8_raw(rows, num_classes), 1, **kwargs)
    if fmt == "yolov5":
        return build_scaled_output(path, yolov5_raw(rows, num_classes), 2, **kwargs)
    if fmt == "end2end":
        return build_scaled_output(path, end2end_raw(rows), 2, **kwargs)
    raise ValueError(fmt)


def build_raw_output(
    path: Path, out_shape: Sequence[int], *, input_shape: Sequence[int | str] = (1, 3, 64, 64)
) -> Path:
    """Model with an arbitrary constant output shape (for wrong-output tests)."""
    node = helper.make_node("Add", ["images_sum", "const"], ["output0"])
    reduce = helper.make_node("ReduceMean", ["images"], ["images_sum"], keepdims=0)
    const = numpy_helper.from_array(np.zeros(out_shape, np.float32), "const")
    out = helper.make_tensor_value_info("output0", TensorProto.FLOAT, list(out_shape))
    graph = helper.make_graph([reduce, node], "bad", [_input(input_shape)], [out], [const])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = 8
    return _save(model, path, None)


def build_two_input_model(path: Path) -> Path:
    """A graph with two inputs: not an image detector."""
    a = _input((1, 3, 32, 32))
    b = helper.make_tensor_value_info("other", TensorProto.FLOAT, [1, 3, 32, 32])
    out = helper.make_tensor_value_info("output0", TensorProto.FLOAT, [1, 3, 32, 32])
    graph = helper.make_graph([helper.make_node("Add", ["images", "other"], ["output0"])],
                              "two", [a, b], [out])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = 8
    return _save(model, path, None)


def build_hanging_model(path: Path) -> Path:
    """A graph whose first run never ends in practice (a Loop of 10^12 steps): for timeouts."""
    body = helper.make_graph(
        [
            helper.make_node("Identity", ["cond_in"], ["cond_out"]),
            helper.make_node("Add", ["v_in", "one"], ["v_out"]),
        ],
        "body",
        [
            helper.make_tensor_value_info("iter", TensorProto.INT64, []),
            helper.make_tensor_value_info("cond_in", TensorProto.BOOL, []),
            helper.make_tensor_value_info("v_in", TensorProto.FLOAT, [1]),
        ],
        [
            helper.make_tensor_value_info("cond_out", TensorProto.BOOL, []),
            helper.make_tensor_value_info("v_out", TensorProto.FLOAT, [1]),
        ],
        [numpy_helper.from_array(np.ones(1, np.float32), "one")],
    )
    nodes = [
        helper.make_node("ReduceMean", ["images"], ["m"], keepdims=0),
        helper.make_node("Reshape", ["m", "shape1"], ["v0"]),
        helper.make_node("Loop", ["trips", "cond", "v0"], ["v_final"], body=body),
        helper.make_node("Reshape", ["v_final", "out_shape"], ["output0"]),
    ]
    inits = [
        numpy_helper.from_array(np.array(10**12, np.int64), "trips"),
        numpy_helper.from_array(np.array(True), "cond"),
        numpy_helper.from_array(np.array([1], np.int64), "shape1"),
        numpy_helper.from_array(np.array([1, 1, 1], np.int64), "out_shape"),
    ]
    out = helper.make_tensor_value_info("output0", TensorProto.FLOAT, [1, 1, 1])
    graph = helper.make_graph(nodes, "hang", [_input((1, 3, 32, 32))], [out], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = 8
    return _save(model, path, None)


def manifest_dict(
    classes: Sequence[str], fmt: str | None = "yolov8", **overrides: Any
) -> dict[str, Any]:
    """A valid manifest mapping for `classes`; override any top-level field."""
    data: dict[str, Any] = {
        "name": "test-det",
        "version": "0.0.1",
        "format": fmt,
        "input": {"width": 640, "height": 640, "dynamic": False},
        "classes": list(classes),
        "thresholds": {"default": 0.25, "per_class": {}},
        "categories": {},
        "preprocess": {"color": "rgb", "scale": 255.0, "letterbox": True, "pad_value": 114},
        "nms_iou": 0.5,
        "tiling": {"enabled": False, "tile": 640, "overlap": 0.2},
        "provenance": {"built_by": "tests"},
        "metrics": {},
    }
    if fmt is None:
        del data["format"]
    data.update(overrides)
    return data


def write_manifest(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    return path


def build_conv_detector(
    path: Path,
    num_classes: int,
    *,
    width: int = 8,
    input_shape: Sequence[int | str] = (1, 3, "height", "width"),
    seed: int = 0,
    metadata: dict[str, str] | None = None,
    cls_bias: float = -1.0,
) -> Path:
    """A small real CNN with a YOLOv8-style head: stride-32 grid, output (1, 4+C, N) of
    cx, cy, w, h in input pixels (sigmoid-scaled) and sigmoid class scores. Random He weights:
    its boxes are meaningless, but it has Conv layers to quantize and time."""
    rng = np.random.default_rng(seed)
    chans = [3, width, 2 * width, 2 * width, 4 * width, 4 * width]
    nodes, inits = [], []
    x = "images"
    for i in range(5):
        cin, cout = chans[i], chans[i + 1]
        w = rng.normal(0, np.sqrt(2 / (cin * 9)), (cout, cin, 3, 3)).astype(np.float32)
        b = rng.normal(0, 0.1, cout).astype(np.float32)
        inits += [numpy_helper.from_array(w, f"w{i}"), numpy_helper.from_array(b, f"b{i}")]
        nodes += [
            helper.make_node("Conv", [x, f"w{i}", f"b{i}"], [f"c{i}"], kernel_shape=[3, 3],
                             strides=[2, 2], pads=[1, 1, 1, 1], name=f"conv{i}"),
            helper.make_node("Relu", [f"c{i}"], [f"r{i}"], name=f"relu{i}"),
        ]
        x = f"r{i}"
    out_c = 4 + num_classes
    w = rng.normal(0, np.sqrt(1 / chans[-1]), (out_c, chans[-1], 1, 1)).astype(np.float32)
    b = np.concatenate([np.zeros(4), np.full(num_classes, cls_bias)]).astype(np.float32)
    inits += [
        numpy_helper.from_array(w, "wh"), numpy_helper.from_array(b, "bh"),
        numpy_helper.from_array(np.array([0, out_c, -1], np.int64), "flat"),
        numpy_helper.from_array(np.array([4, num_classes], np.int64), "split"),
        numpy_helper.from_array(np.array([3, 2], np.int64), "idx_wh"),
        numpy_helper.from_array(np.array([1, 1, 4, 4], np.float32), "div"),
        numpy_helper.from_array(np.array([1, 4, 1], np.int64), "box_scale_shape"),
    ]
    nodes += [
        helper.make_node("Conv", [x, "wh", "bh"], ["head"], kernel_shape=[1, 1], name="conv_head"),
        helper.make_node("Reshape", ["head", "flat"], ["head_flat"], name="flatten"),
        helper.make_node("Split", ["head_flat", "split"], ["box_raw", "cls_raw"], axis=1,
                         name="split"),
        helper.make_node("Sigmoid", ["box_raw"], ["box_unit"], name="box_sigmoid"),
        helper.make_node("Shape", ["images"], ["shape"], name="shape"),
        helper.make_node("Gather", ["shape", "idx_wh"], ["wh_i"], axis=0, name="gather_wh"),
        helper.make_node("Cast", ["wh_i"], ["wh_f"], to=TensorProto.FLOAT, name="cast_wh"),
        helper.make_node("Concat", ["wh_f", "wh_f"], ["whwh"], axis=0, name="whwh"),
        helper.make_node("Div", ["whwh", "div"], ["box_scale_flat"], name="box_scale_div"),
        helper.make_node("Reshape", ["box_scale_flat", "box_scale_shape"], ["box_scale"],
                         name="box_scale"),
        helper.make_node("Mul", ["box_unit", "box_scale"], ["boxes"], name="box_mul"),
        helper.make_node("Sigmoid", ["cls_raw"], ["scores"], name="cls_sigmoid"),
        helper.make_node("Concat", ["boxes", "scores"], ["output0"], axis=1, name="concat_out"),
    ]
    out = helper.make_tensor_value_info("output0", TensorProto.FLOAT, [1, out_c, "anchors"])
    graph = helper.make_graph(nodes, "convdet", [_input(input_shape)], [out], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = 8
    return _save(model, path, metadata)

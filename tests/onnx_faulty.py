"""Real ONNX detector graphs that go numerically wrong, for the invalid-output tests.

Each emits a fixed yolov8-layout table (like onnx_builders) on dark scans, and NaN or +Inf on
scans whose brightest pixel is above 0.6 (or always): what a damaged weight file does.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from onnx_builders import OPSET, Row, yolov8_raw

BRIGHT = 0.6  # input values (0..1) above this turn the output invalid


def build_invalid_output_model(
    path: Path, kind: str, rows: Sequence[Row], num_classes: int, size: int = 64
) -> Path:
    """kind 'nan': Sqrt of a negative number on bright scans; 'inf': Exp overflow on bright
    scans; 'nan-always': Log of a negative constant, whatever the scan."""
    raw = yolov8_raw(rows, num_classes)
    raw[0, :4] *= size  # boxes in input pixels
    nodes = [helper.make_node("ReduceMax", ["images"], ["vmax"], keepdims=0)]
    if kind == "nan":  # sqrt(0.6 - max) * 0: 0 while dark, NaN once bright
        nodes += [
            helper.make_node("Sub", ["limit", "vmax"], ["d"]),
            helper.make_node("Sqrt", ["d"], ["r"]),
            helper.make_node("Mul", ["r", "zero"], ["bad"]),
        ]
    elif kind == "inf":  # exp(1000 * relu(max - 0.6)) - 1: 0 while dark, +Inf once bright
        nodes += [
            helper.make_node("Sub", ["vmax", "limit"], ["d"]),
            helper.make_node("Relu", ["d"], ["r"]),
            helper.make_node("Mul", ["r", "big"], ["e"]),
            helper.make_node("Exp", ["e"], ["g"]),
            helper.make_node("Sub", ["g", "one"], ["bad"]),
        ]
    elif kind == "nan-always":  # log(-1) + 0 * max
        nodes += [
            helper.make_node("Log", ["minus_one"], ["l"]),
            helper.make_node("Mul", ["vmax", "zero"], ["z"]),
            helper.make_node("Add", ["l", "z"], ["bad"]),
        ]
    else:
        raise ValueError(kind)
    nodes.append(helper.make_node("Add", ["raw", "bad"], ["output0"]))
    inits = [
        numpy_helper.from_array(raw, "raw"),
        numpy_helper.from_array(np.array(BRIGHT, np.float32), "limit"),
        numpy_helper.from_array(np.array(0.0, np.float32), "zero"),
        numpy_helper.from_array(np.array(1.0, np.float32), "one"),
        numpy_helper.from_array(np.array(1000.0, np.float32), "big"),
        numpy_helper.from_array(np.array(-1.0, np.float32), "minus_one"),
    ]
    used = {name for node in nodes for name in node.input}
    inits = [init for init in inits if init.name in used]
    graph = helper.make_graph(
        nodes,
        "faulty",
        [helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, size, size])],
        [helper.make_tensor_value_info("output0", TensorProto.FLOAT, list(raw.shape))],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return path

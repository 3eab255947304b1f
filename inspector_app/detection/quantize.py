"""Static INT8 quantization of a detector, calibrated on real scans, with an updated manifest.

Only the convolutional body is quantized. The decode head (everything after the last Conv: box
decoding, sigmoid, concat) stays in float: it mixes box coordinates (0..640) and scores (0..1) in
one tensor, and one INT8 scale for both would wipe out the scores.
"""

from __future__ import annotations

import contextlib
import logging
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from inspector_app.detection.dataset import image_files
from inspector_app.detection.detector import Detector
from inspector_app.detection.errors import ModelLoadError
from inspector_app.detection.hashing import sha256_file
from inspector_app.detection.manifest import dump_manifest

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class QuantizeResult:
    onnx_path: Path
    manifest_path: Path
    calibration_images: int
    excluded_nodes: tuple[str, ...]
    size_before: int
    size_after: int


def head_nodes(model: object) -> list[str]:
    """Names of nodes with no Conv downstream of them: the float decode head."""
    graph = model.graph  # type: ignore[attr-defined]
    consumers: dict[str, list[int]] = {}
    for i, node in enumerate(graph.node):
        for name in node.input:
            consumers.setdefault(name, []).append(i)
    feeds_conv = [False] * len(graph.node)
    # Walk nodes in reverse topological order (ONNX graphs are stored topologically sorted).
    for i in range(len(graph.node) - 1, -1, -1):
        node = graph.node[i]
        feeds_conv[i] = any(
            graph.node[j].op_type == "Conv" or feeds_conv[j]
            for out in node.output
            for j in consumers.get(out, [])
        )
    return [n.name for i, n in enumerate(graph.node) if not feeds_conv[i] and n.op_type != "Conv"]


def output_convs(model: object) -> list[str]:
    """Conv nodes that feed no other Conv: each head's last layer (class logits, box distances).

    These set the scores directly; quantizing them costs more accuracy than anything else in a
    small detector, for a few per cent of its compute.
    """
    graph = model.graph  # type: ignore[attr-defined]
    head = set(head_nodes(model))
    consumers: dict[str, list[str]] = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node.name)
    names = []
    for node in graph.node:
        users = [u for out in node.output for u in consumers.get(out, [])]
        if node.op_type == "Conv" and users and all(u in head for u in users):
            names.append(node.name)
    return names


CALIBRATION_METHODS = ("minmax", "entropy", "percentile")


def _calibration_tensors(detector: Detector, folder: Path, limit: int) -> Iterator[np.ndarray]:
    from inspector_app.imaging.decode import ImageDecodeError, decode_file

    count = 0
    for path in image_files(folder):
        try:
            rgb = decode_file(path).rgb
        except ImageDecodeError as exc:
            log.warning("calibration: skipping %s", exc)
            continue
        tensor, _ = detector.prepare(rgb)
        yield tensor.copy()  # the detector reuses its buffer
        count += 1
        if count >= limit:
            return


def _padded_to_one_shape(tensors: list[np.ndarray], fill: float) -> list[np.ndarray]:
    """Letterboxed inputs of a dynamic model differ in H/W; pad each (right/bottom) to the
    largest, with the letterbox fill, which the network already sees around every scan."""
    h = max(t.shape[2] for t in tensors)
    w = max(t.shape[3] for t in tensors)
    out = []
    for t in tensors:
        big = np.full((t.shape[0], t.shape[1], h, w), fill, t.dtype)
        big[:, :, : t.shape[2], : t.shape[3]] = t
        out.append(big)
    return out


def quantize_model(
    onnx_path: Path,
    calib_dir: Path,
    out_path: Path | None = None,
    *,
    manifest_path: Path | None = None,
    max_images: int = 100,
    per_channel: bool = True,
    method: str = "minmax",
    float_outputs: bool = False,
) -> QuantizeResult:
    """Write <stem>-int8.onnx and its manifest beside it (or at `out_path`)."""
    import onnx
    from onnxruntime.quantization import (
        CalibrationDataReader,
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_static,
    )
    from onnxruntime.quantization.shape_inference import quant_pre_process

    onnx_path = Path(onnx_path).resolve()
    detector = Detector.load(onnx_path, manifest_path)
    out_path = (
        Path(out_path).resolve() if out_path else onnx_path.with_name(f"{onnx_path.stem}-int8.onnx")
    )
    tensors = list(_calibration_tensors(detector, Path(calib_dir), max_images))
    if not tensors:
        raise ModelLoadError(f"no readable calibration images in {calib_dir}")
    if method != "minmax":  # histogram calibrators stack every sample: give them one shape
        pre = detector.manifest.preprocess
        tensors = _padded_to_one_shape(tensors, pre.pad_value / pre.scale)
    input_name = detector.input_name

    class _Reader(CalibrationDataReader):
        def __init__(self) -> None:
            self._it = iter(tensors)

        def get_next(self) -> dict[str, np.ndarray] | None:
            t = next(self._it, None)
            return None if t is None else {input_name: t}

    # onnxruntime's shape inference writes uuid-named external-data files into the current
    # directory and leaves them there: run it inside the temp dir so nothing is left behind.
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
        prepped = Path(tmp) / "prep.onnx"
        for skip_symbolic in (False, True):  # symbolic inference fails on some dynamic graphs
            try:
                quant_pre_process(str(onnx_path), str(prepped), skip_symbolic_shape=skip_symbolic)
                break
            except Exception as exc:  # pre-processing is an optimisation, not a requirement
                log.info(
                    "quantization pre-processing (symbolic=%s) failed: %s", not skip_symbolic, exc
                )
        else:
            prepped = onnx_path
        model = onnx.load(str(prepped))
        exclude = head_nodes(model) + (output_convs(model) if float_outputs else [])
        calibrate = {
            "minmax": CalibrationMethod.MinMax,
            "entropy": CalibrationMethod.Entropy,
            "percentile": CalibrationMethod.Percentile,
        }[method]
        quantize_static(
            str(prepped),
            str(out_path),
            _Reader(),
            quant_format=QuantFormat.QDQ,
            per_channel=per_channel,
            activation_type=QuantType.QUInt8,
            weight_type=QuantType.QInt8,
            nodes_to_exclude=exclude,
            calibrate_method=calibrate,
        )

    src = detector.manifest
    new = src.model_copy(
        update={
            "version": f"{src.version}+int8",
            "file": out_path.name,
            "sha256": sha256_file(out_path),
            "provenance": {
                **src.provenance,
                "quantized_from": {"file": onnx_path.name, "sha256": detector.info.sha256},
                "quantization": {
                    "method": f"onnxruntime static QDQ, {method} calibration, uint8 "
                    "activations, int8 weights"
                    + (" per channel" if per_channel else "")
                    + (", output convs in float" if float_outputs else ""),
                    "calibration_images": len(tensors),
                    "calibration_folder": str(calib_dir),
                    "float_head_nodes": len(exclude),
                    "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                },
            },
            "metrics": {},  # the float model's metrics do not hold: run `evaluate --baseline`
        }
    )
    manifest_out = out_path.with_suffix(".yaml")
    dump_manifest(new, manifest_out)
    Detector.load(out_path, manifest_out)  # the result must load and warm up like any model
    return QuantizeResult(
        out_path,
        manifest_out,
        len(tensors),
        tuple(exclude),
        onnx_path.stat().st_size,
        out_path.stat().st_size,
    )


MAX_MAP50_DROP = 0.01  # one mAP50 point


@dataclass(frozen=True)
class AccuracyCheck:
    """INT8 vs its float model on one labelled evaluation set, run by the same pipeline."""

    data: Path
    images: int
    map50_float: float | None
    map50_int8: float | None
    max_drop: float
    ms_float: float | None
    ms_int8: float | None

    @property
    def drop(self) -> float | None:
        if self.map50_float is None or self.map50_int8 is None:
            return None
        return self.map50_float - self.map50_int8

    @property
    def accepted(self) -> bool:
        """Refused when mAP50 falls by more than `max_drop` (or cannot be measured)."""
        return self.drop is not None and self.drop <= self.max_drop + 1e-9


def check_int8_accuracy(
    float_path: Path,
    int8_path: Path,
    data: Path,
    *,
    max_drop: float = MAX_MAP50_DROP,
    limit: int | None = None,
    float_manifest: Path | None = None,
) -> AccuracyCheck:
    """Evaluate both models on `data` (YOLO or Pascal-VOC folder) and compare mAP50."""
    from inspector_app.detection.dataset import load_dataset
    from inspector_app.detection.evaluation import evaluate

    dataset = load_dataset(Path(data), limit=limit)
    figures = []
    for path, manifest in ((float_path, float_manifest), (int8_path, None)):
        summary = evaluate(Detector.load(Path(path), manifest), dataset).summary
        figures.append((summary.get("map50"), summary.get("speed", {}).get("mean_ms")))
    (map_f, ms_f), (map_q, ms_q) = figures
    return AccuracyCheck(Path(data), len(dataset.items), map_f, map_q, max_drop, ms_f, ms_q)


def refuse_int8(result: QuantizeResult) -> None:
    """Remove an INT8 copy that failed its accuracy check, so it cannot be installed."""
    for path in (result.onnx_path, result.manifest_path):
        path.unlink(missing_ok=True)

"""Detector engine: any common ONNX detector (YOLOv5, YOLOv8/11, end-to-end) plus its manifest.

    det = Detector.load(Path("models/parcel-threat-det.onnx"))   # manifest found beside it
    result = det.detect(scan.image)                               # boxes in scan pixels

Load a model picked by an operator through `load_validated` (or validate it first with
`validate_model_out_of_process`) so a broken file cannot take the workstation down.
"""

from __future__ import annotations

from pathlib import Path

from inspector_app.detection.adapters import ADAPTERS, OutputAdapter, register
from inspector_app.detection.detector import DetectionResult, Detector, find_manifest
from inspector_app.detection.errors import ModelLoadError
from inspector_app.detection.hashing import sha256_file
from inspector_app.detection.manifest import Manifest, load_manifest
from inspector_app.detection.validate import validate_model_out_of_process


def load_validated(
    onnx_path: Path,
    manifest_path: Path | None = None,
    *,
    timeout_s: float = 60.0,
    providers: list[str] | None = None,
    threads: int | None = None,
) -> Detector:
    """Validate in a child process first, then load here: the safe way to switch models."""
    validate_model_out_of_process(onnx_path, manifest_path, timeout_s)
    return Detector.load(onnx_path, manifest_path, providers=providers, threads=threads)


__all__ = [
    "ADAPTERS",
    "DetectionResult",
    "Detector",
    "Manifest",
    "ModelLoadError",
    "OutputAdapter",
    "find_manifest",
    "load_manifest",
    "load_validated",
    "register",
    "sha256_file",
    "validate_model_out_of_process",
]

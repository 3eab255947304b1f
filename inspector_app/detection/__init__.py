"""Detector engine: any common ONNX detector (YOLOv5, YOLOv8/11, end-to-end) plus its manifest.

    det = Detector.load(Path("models/parcel-threat-det.onnx"))   # manifest found beside it
    result = det.detect(scan.image)                               # boxes in scan pixels

Load a model picked by an operator through `load_validated` (or validate it first with
`validate_model_out_of_process`) so a broken file cannot take the workstation down, and a file
whose SHA-256 its manifest does not record is refused for station use (detection.policy).
"""

from __future__ import annotations

from pathlib import Path

from inspector_app.detection.adapters import ADAPTERS, OutputAdapter, register
from inspector_app.detection.detector import DetectionResult, Detector, find_manifest
from inspector_app.detection.errors import InvalidOutputError, ModelLoadError
from inspector_app.detection.hashing import sha256_file
from inspector_app.detection.manifest import Manifest, load_manifest
from inspector_app.detection.policy import unhashed_models_allowed
from inspector_app.detection.validate import validate_model_out_of_process


def load_validated(
    onnx_path: Path,
    manifest_path: Path | None = None,
    *,
    timeout_s: float = 60.0,
    providers: list[str] | None = None,
    threads: int | None = None,
    require_hash: bool | None = None,
) -> Detector:
    """Validate in a child process first, then load here: the safe way to switch models.

    Loading is bounded by `timeout_s` (a model that hangs or crashes onnxruntime takes only the
    child down), and the bytes loaded here must be the ones the child validated.
    require_hash None is the station rule (detection.policy): a model whose manifest records no
    SHA-256 is refused unless the process runs with INSPECTOR_DEV_UNHASHED_MODELS=1;
    ad-hoc tools pass False."""
    if require_hash is None:
        require_hash = not unhashed_models_allowed()
    info = validate_model_out_of_process(
        onnx_path, manifest_path, timeout_s, require_hash=require_hash
    )
    return Detector.load(
        onnx_path,
        manifest_path,
        providers=providers,
        threads=threads,
        require_hash=require_hash,
        expected_sha256=info.sha256,
    )


__all__ = [
    "ADAPTERS",
    "DetectionResult",
    "Detector",
    "InvalidOutputError",
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

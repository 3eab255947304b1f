"""Which model files a station may screen with: the manifest must record the file's SHA-256.

Why: the hash is the only thing that ties the file on disk to the model an administrator
approved (and whose card measured its accuracy). A file without one could be any network, so
the station refuses it; ad-hoc tools (`detect`, `evaluate`, `model info`) accept it with a note.
For development the station takes one anyway when INSPECTOR_DEV_UNHASHED_MODELS=1 (set by
`inspector-app gui --dev-unhashed-model`, which a supervisor must approve, audited); each
scan's log row still records the SHA-256 of the bytes that screened it.
"""

from __future__ import annotations

import os
from pathlib import Path

DEV_UNHASHED_ENV = "INSPECTOR_DEV_UNHASHED_MODELS"


def unhashed_models_allowed() -> bool:
    """Whether this process was started for development with models lacking a recorded hash."""
    return os.environ.get(DEV_UNHASHED_ENV, "").strip() == "1"


def record_hash_hint(onnx_path: Path) -> str:
    """The sentence telling an administrator how to record a model's hash."""
    return (
        "An administrator who has checked that it is the approved file records its SHA-256 "
        f"with: inspector-app model hash {onnx_path} --write"
    )


def missing_hash_message(onnx_path: Path, manifest_path: Path | None) -> str:
    """Why a station refuses a model whose SHA-256 is recorded nowhere, and how to fix it."""
    if manifest_path is None:
        what = (
            f"model {onnx_path.name} has no manifest ({onnx_path.with_suffix('.yaml').name}) "
            "recording its SHA-256"
        )
    else:
        what = f"model manifest {Path(manifest_path).name} records no SHA-256 for {onnx_path.name}"
    return (
        f"{what}, so the station cannot tell whether it is the approved file and does not "
        f"screen with it. {record_hash_hint(onnx_path)}"
    )


def mismatch_message(name: str, actual: str, expected: str) -> str:
    """A refused file, in words an inspector or administrator can act on."""
    return (
        f"model file {name} does not match its manifest: SHA-256 is {actual[:16]}…, the "
        f"manifest expects {expected[:16]}…. The file was changed, damaged or swapped since it "
        "was approved (or the manifest belongs to another model), so it was not loaded; "
        "reinstall the approved model file."
    )

"""Shared fixtures: every test gets its own data/config dirs, and Qt runs offscreen."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))  # shared builders, e.g. onnx_builders

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = REPO_ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app's data and config dirs at a fresh temp dir so no test touches a real log."""
    monkeypatch.setenv("INSPECTOR_APP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("INSPECTOR_APP_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path


@pytest.fixture
def fixed_box_model(tmp_path: Path):
    """Factory for a real yolov8-layout ONNX graph (with manifest) that always reports `rows`:
    (class_id, cx, cy, w, h, score) as fractions of the network input."""
    import hashlib

    import yaml
    from onnx_builders import build_model, manifest_dict

    def make(rows, classes, name: str = "fixed") -> Path:
        path = build_model(tmp_path / f"{name}.onnx", "yolov8", rows, len(classes))
        manifest = manifest_dict(classes)
        manifest["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
        path.with_suffix(".yaml").write_text(yaml.safe_dump(manifest))
        return path

    return make

"""`inspector-app self-test` runs the real station end to end and fails loudly on a bad model."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def _self_test(tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "INSPECTOR_APP_DATA_DIR": str(tmp_path / "data"),
        "INSPECTOR_APP_CONFIG_DIR": str(tmp_path / "config"),
    }
    return subprocess.run(
        [sys.executable, "-m", "inspector_app", "self-test", *extra],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def test_self_test_passes_with_the_shipped_model_and_touches_no_real_log(tmp_path: Path) -> None:
    result = _self_test(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines[:4]] == ["ok"] * 4
    assert "parcel-threat-det" in lines[0] and lines[-1] == "self-test passed"
    assert not (tmp_path / "data").exists()  # a throw-away folder, never the station's log


def test_self_test_fails_on_a_broken_model(tmp_path: Path) -> None:
    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"not a model")
    result = _self_test(tmp_path, "--model", str(broken), "--timeout", "60")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith("FAIL  model loads")
    assert "Traceback" not in result.stdout + result.stderr

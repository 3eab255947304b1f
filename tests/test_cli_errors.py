"""A user's mistake or a missing optional package gets one clear line and exit code 2, never a
traceback."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

BLOCKED_RUN = textwrap.dedent(
    """
    import importlib.abc, sys

    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] == {blocked!r}:
                raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
            return None

    sys.meta_path.insert(0, Block())
    from inspector_app.cli import main
    sys.exit(main({argv!r}))
    """
)


def _run(blocked: str, argv: list[str]) -> subprocess.CompletedProcess:
    code = BLOCKED_RUN.format(blocked=blocked, argv=argv)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_quantize_without_onnx_names_the_tools_extra(tmp_path: Path) -> None:
    model = Path(__file__).resolve().parents[1] / "models" / "parcel-threat-det.onnx"
    import cv2
    import numpy as np

    cv2.imwrite(str(tmp_path / "scan.png"), np.full((64, 96, 3), 200, np.uint8))
    argv = [
        "model",
        "quantize",
        str(model),
        "--calib",
        str(tmp_path),
        "--out",
        str(tmp_path / "q.onnx"),
    ]
    result = _run("onnx", argv)
    assert result.returncode == 2, result.stderr
    assert "pip install 'inspector-app[tools]'" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_station_core_imports_none_of_the_optional_packages() -> None:
    code = (
        "import sys; import inspector_app.station, inspector_app.commands.detect; "
        "from inspector_app.cli import OPTIONAL_PACKAGES; "
        "print(sorted(m for m in OPTIONAL_PACKAGES if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_simulate_into_an_unwritable_place_is_one_clear_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "inspector_app",
            "simulate",
            "--count",
            "1",
            "--seed",
            "1",
            "--out",
            str(blocker / "dataset"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("inspector-app simulate:") and "a-file" in result.stderr


def test_a_command_whose_extra_is_missing_is_not_offered() -> None:
    """The station bundle has no hub server: `hub` must not be listed there."""
    code = BLOCKED_RUN.format(blocked="fastapi", argv=["--help"])
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    listed = result.stdout.split("positional arguments:")[1].split("options:")[0]
    assert " hub " not in listed and "self-test" in listed
    plain = subprocess.run(
        [sys.executable, "-m", "inspector_app", "--help"], capture_output=True, text=True
    )
    assert " hub " in plain.stdout.split("options:")[0]  # here the hub's packages are installed

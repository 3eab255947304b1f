"""Out-of-process model validation: a model that hangs or crashes onnxruntime takes down a child
process, never the workstation, and the previously active model stays in use.

The child is a plain `python -m inspector_app.detection.validate` subprocess (not multiprocessing):
it does not re-import the caller's main module and needs no `if __name__ == "__main__"` guard.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from inspector_app.detection.errors import ModelLoadError
from inspector_app.domain import ModelInfo

_MARK = "INSPECTOR_VALIDATION "


_WINDOWS_CRASHES = {
    0xC0000005: "access violation",
    0xC00000FD: "stack overflow",
    0xC0000409: "stack buffer overrun",
}


def _how_it_ended(code: int) -> str:
    """'SIGSEGV' (POSIX signal), 'access violation' (Windows status) or 'exit code N'."""
    if code < 0:
        try:
            return signal.Signals(-code).name
        except ValueError:
            return f"signal {-code}"
    return _WINDOWS_CRASHES.get(code & 0xFFFFFFFF, f"exit code {code}")


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    env.setdefault("OMP_NUM_THREADS", "1")
    return env


# Frozen builds have no `python -m`: the app runs itself with this first argument, which the
# command line hands to `child_main` before parsing anything (never listed in --help).
VALIDATE_CHILD_FLAG = "--validate-model-child"
# First child argument when the station rule applies: refuse a model whose hash is not recorded.
_REQUIRE_HASH = "--require-hash"


def validate_model_out_of_process(
    onnx_path: Path,
    manifest_path: Path | None = None,
    timeout_s: float = 60.0,
    *,
    require_hash: bool = False,
) -> ModelInfo:
    """Load and warm up the model in a fresh process; ModelInfo on success, else ModelLoadError.

    The returned `sha256` is that of the bytes the child loaded. require_hash: the station
    rule, a model whose manifest records no SHA-256 is refused (detection.policy)."""
    name = Path(onnx_path).name
    if getattr(sys, "frozen", False):  # PyInstaller: no interpreter, run the app itself
        cmd = [sys.executable, VALIDATE_CHILD_FLAG]
    else:
        cmd = [sys.executable, "-m", "inspector_app.detection.validate"]
    if require_hash:
        cmd.append(_REQUIRE_HASH)
    cmd.append(str(onnx_path))
    if manifest_path is not None:
        cmd.append(str(manifest_path))
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout_s, env=_child_env(), check=False
        )
    except subprocess.TimeoutExpired:
        raise ModelLoadError(
            f"model {name} did not finish loading within {timeout_s:g} s; it was stopped and "
            "the current model stays in use"
        ) from None
    report = None
    for line in proc.stdout.splitlines():
        if line.startswith(_MARK):
            report = json.loads(line[len(_MARK) :])
    if report is None:
        how = _how_it_ended(proc.returncode)
        tail = proc.stderr.strip().splitlines()[-1:] if proc.stderr else []
        detail = f": {tail[0]}" if tail else ""
        raise ModelLoadError(
            f"onnxruntime crashed while loading model {name} ({how}){detail}; "
            "the current model stays in use"
        )
    if not report["ok"]:
        raise ModelLoadError(report["error"])
    return ModelInfo(name=report["name"], version=report["version"], sha256=report["sha256"])


def child_main(argv: list[str]) -> int:
    """Child side: full load (checks + warm-up) and one JSON line on stdout."""
    from inspector_app.detection.detector import Detector

    require_hash = argv[:1] == [_REQUIRE_HASH]
    if require_hash:
        argv = argv[1:]
    onnx_path = Path(argv[0])
    manifest_path = Path(argv[1]) if len(argv) > 1 else None
    try:
        det = Detector.load(onnx_path, manifest_path, threads=1, require_hash=require_hash)
        report = {
            "ok": True,
            "name": det.info.name,
            "version": det.info.version,
            "sha256": det.info.sha256,
        }
    except ModelLoadError as exc:
        report = {"ok": False, "error": str(exc)}
    except Exception as exc:
        report = {
            "ok": False,
            "error": f"unexpected error while loading the model: {type(exc).__name__}: {exc}",
        }
    print(_MARK + json.dumps(report), flush=True)
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(child_main(sys.argv[1:]))

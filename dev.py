#!/usr/bin/env python3
"""Set up a local virtual environment and run the app or the tests — the README's quick start.

    python3 dev.py run [APP ARGS...]   set up .venv and start the workstation on the demo feed
    python3 dev.py test [PYTEST ARGS...] set up .venv (with test extras), run ruff, the import
                                         contracts (import-linter), mypy and the tests
    python3 dev.py bench [--quick ...]   every benchmark, one table in docs/benchmarks.md

Only the standard library is used here, so it works on a machine that has nothing but Python.
Re-installs only when pyproject.toml changed since the last install.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def _install(extras: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py must explain this on old Pythons
        sys.exit(f"inspector-app needs Python 3.11 or newer (this is {sys.version.split()[0]})")
    if not PYTHON.exists():
        print(f"Creating virtual environment in {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".installed-{extras or 'app'}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    target = f".[{extras}]" if extras else "."
    print(f"Installing inspector-app{f' [{extras}]' if extras else ''} ...", flush=True)
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True, cwd=ROOT)
    subprocess.run([*pip, "-e", target], check=True, cwd=ROOT)
    stamp.write_text(digest)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "bench"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "run":
        _install("")
        return subprocess.call([str(PYTHON), "-m", "inspector_app", *rest], cwd=ROOT)
    _install("test")
    if command == "bench":
        return subprocess.call([str(PYTHON), str(ROOT / "bench" / "run_all.py"), *rest], cwd=ROOT)
    lint = subprocess.call([str(PYTHON), "-m", "ruff", "check", "."], cwd=ROOT)
    layers = subprocess.call([str(BIN / "lint-imports")], cwd=ROOT)  # import contracts
    types = subprocess.call([str(PYTHON), "-m", "mypy"], cwd=ROOT)  # inspector_app/, pyproject
    tests = subprocess.call([str(PYTHON), "-m", "pytest", *rest], cwd=ROOT)
    return tests or lint or layers or types


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

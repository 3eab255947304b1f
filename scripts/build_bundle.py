#!/usr/bin/env python3
"""Build the one-folder bundle and prove it works: self-test, then a start-up to the window.

    python3 scripts/build_bundle.py [--skip-build]

Uses its own build venv (.build-venv, with the `tools` extra and PyInstaller) so the bundle
holds what a station needs and nothing from the developer's venv. After the build it runs the
bundle's own `inspector-app-cli self-test` and `inspector-app-cli --help`, and opens the window
offscreen once, timing process start → window shown. Works on Linux and Windows (paths only).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD_VENV = ROOT / ".build-venv"
BIN = BUILD_VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
DIST = ROOT / "dist" / "inspector-app"
EXE_SUFFIX = ".exe" if os.name == "nt" else ""


def build() -> None:
    if not PYTHON.exists():
        venv.EnvBuilder(with_pip=True).create(BUILD_VENV)
    pip = [str(PYTHON), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, ".[tools]", "pyinstaller>=6.10,<7"], check=True, cwd=ROOT)
    shutil.rmtree(ROOT / "build", ignore_errors=True)
    shutil.rmtree(DIST, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run(
        [str(PYTHON), "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "build.spec"],
        check=True,
        cwd=ROOT,
    )
    print(f"built {DIST} in {time.perf_counter() - started:.0f} s")


def folder_size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def check(timeout_s: float = 300) -> int:
    cli = DIST / f"inspector-app-cli{EXE_SUFFIX}"
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "INSPECTOR_APP_DATA_DIR": str(Path(tmp) / "data"),
            "INSPECTOR_APP_CONFIG_DIR": str(Path(tmp) / "config"),
            "INSPECTOR_APP_CACHE_DIR": str(Path(tmp) / "cache"),
        }
        print(f"bundle: {folder_size_mb(DIST):.0f} MB")
        result = subprocess.run([str(cli), "self-test"], env=env, timeout=timeout_s)
        if result.returncode != 0:
            print("the bundle's self-test FAILED")
            return 1
        listed = subprocess.run(
            [str(cli), "--help"], env=env, capture_output=True, text=True, timeout=60
        )
        print(listed.stdout)
        started, spawned = time.perf_counter(), time.time()
        window = subprocess.run(
            [str(cli), "gui", "--exit-after", "3", "--interval", "1"],
            env={**env, "INSPECTOR_APP_REPORT_READY": "1"},
            capture_output=True,
            text=True,
            timeout=120,
        )
        shown = [line for line in window.stderr.splitlines() if "window shown at" in line]
        if shown:
            seconds = float(shown[0].rsplit(" ", 1)[1]) - spawned
            print(f"start-up to the window: {seconds:.2f} s (target < 2 s)")
        else:
            print("the window did not report that it was shown:", window.stderr[-2000:])
        print(f"whole GUI run (3 s on screen): {time.perf_counter() - started:.1f} s")
        return 0 if window.returncode == 0 and shown else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-build", action="store_true", help="only check dist/")
    args = parser.parse_args()
    if not args.skip_build:
        build()
    return check()


if __name__ == "__main__":
    sys.exit(main())

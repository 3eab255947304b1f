#!/usr/bin/env python3
"""Set up a local virtual environment and run the app or the tests — the README's quick start.

    python3 dev.py run [APP ARGS...]   set up .venv and start the workstation on the demo feed
    python3 dev.py test [PYTEST ARGS...] set up .venv (with test extras), run ruff, the import
                                         contracts (import-linter), mypy and the tests
    python3 dev.py bench [--quick ...]   every benchmark, one table in docs/benchmarks.md

Only the standard library is used here, so it works on a machine that has nothing but Python.
Re-installs only when pyproject.toml changed since the last install. On Linux, `run` first asks
`ldd` whether Qt's platform plugin finds its system libraries, and names the packages to install
instead of letting Qt abort with "could not load the Qt platform plugin".
"""

from __future__ import annotations

import hashlib
import os
import shutil
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


# Debian/Ubuntu package of each shared library Qt's platform plugins load (from `ldd` on
# PySide6's libqxcb.so and libqoffscreen.so; `dpkg -S` on Debian 12). Unknown ones are named as is.
QT_PLATFORM_PLUGINS = "lib/python3*/site-packages/PySide6/Qt/plugins/platforms"
QT_LIB_PACKAGES = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libGLdispatch.so.0": "libglvnd0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libpng16.so.16": "libpng16-16",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",  # Qt 6.5+ will not start xcb without it
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
}


def qt_platform(env: dict[str, str], platform: str = sys.platform) -> str | None:
    """The Qt platform plugin a start will load, when it is worth checking: None off Linux, for
    a fallback list ("wayland;xcb"), in a Wayland session, and with no display at all (the app
    itself then says how to run headless)."""
    if not platform.startswith("linux"):
        return None
    chosen = env.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return None if ";" in chosen else chosen.split(":")[0]
    if env.get("XDG_SESSION_TYPE") == "wayland" or not env.get("DISPLAY"):
        return None
    return "xcb"


def missing_libraries(ldd_output: str) -> list[str]:
    """Sonames `ldd` could not find ("libxcb-icccm.so.4 => not found"), each once, in order."""
    missing: list[str] = []
    for line in ldd_output.splitlines():
        name, _, where = line.strip().partition(" => ")
        if where.strip() == "not found" and name not in missing:
            missing.append(name)
    return missing


def missing_libraries_advice(platform: str, missing: list[str]) -> str:
    """What to tell the user: the missing libraries and the one apt-get line that installs them."""
    packages = list(dict.fromkeys(QT_LIB_PACKAGES[n] for n in missing if n in QT_LIB_PACKAGES))
    unknown = [n for n in missing if n not in QT_LIB_PACKAGES]
    lines = [
        f'Qt cannot start its "{platform}" platform: these system libraries are missing: '
        + ", ".join(missing)
        + "."
    ]
    if packages:
        lines.append("On Debian/Ubuntu install them with:")
        lines.append("    sudo apt-get install " + " ".join(packages))
    if unknown:
        lines.append("Install the packages that provide: " + ", ".join(unknown))
    if platform != "offscreen":
        lines.append("Without a window: QT_QPA_PLATFORM=offscreen python3 dev.py run")
    return "\n".join(lines)


def check_qt_libraries(env: dict[str, str] | None = None) -> str | None:
    """Advice when the platform plugin lacks system libraries, else None. Never blocks a start
    on its own trouble: no ldd, no plugin found, ldd failing or hanging all mean "no advice"."""
    platform = qt_platform(dict(os.environ) if env is None else env)
    ldd = shutil.which("ldd")
    if platform is None or ldd is None:
        return None
    plugin = next(VENV.glob(f"{QT_PLATFORM_PLUGINS}/libq{platform}.so"), None)
    if plugin is None:
        return None
    try:
        done = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    missing = missing_libraries(done.stdout)
    return missing_libraries_advice(platform, missing) if missing else None


def starts_window(app_args: list[str]) -> bool:
    """Whether `inspector-app APP_ARGS` opens the window (its default) rather than a headless
    subcommand such as `self-test`, which needs no display libraries."""
    first = app_args[0] if app_args else "gui"
    return first == "gui" or (first.startswith("-") and first not in {"-h", "--help", "--version"})


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "bench"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "run":
        _install("")
        advice = check_qt_libraries() if starts_window(rest) else None
        if advice:
            print(advice, file=sys.stderr)
            return 1
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

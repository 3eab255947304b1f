"""House rule: Qt stays in inspector_app/qt; the core and the CLI run headless."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "inspector_app"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_module_outside_qt_imports_pyside6() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "qt" not in path.relative_to(PACKAGE).parts[:1]
        and any(name.split(".")[0] == "PySide6" for name in _imported_modules(path))
    ]
    assert offenders == []


def test_core_and_cli_import_without_qt() -> None:
    code = (
        "import sys, inspector_app.cli as cli, inspector_app.screening, inspector_app.feeds.files\n"
        "cli.build_parser()\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_cli_lists_its_commands() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "inspector_app", "--help"], capture_output=True, text=True
    )
    assert out.returncode == 0
    for command in ("gui", "detect"):
        assert command in out.stdout


def test_gui_without_display_explains_how_to_run(tmp_path: Path) -> None:
    import os

    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY"}}
    env.pop("QT_QPA_PLATFORM", None)
    out = subprocess.run(
        [sys.executable, "-m", "inspector_app"], capture_output=True, text=True, env=env
    )
    assert out.returncode == 2
    assert "QT_QPA_PLATFORM=offscreen" in out.stderr and "Traceback" not in out.stderr

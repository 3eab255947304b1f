"""dev.py's check for the system libraries Qt's platform plugin needs: `ldd` output in, the
missing packages and the one apt-get line out; anything odd (no ldd, another OS) never blocks.

The `ldd` text below is real: PySide6 6.11's libqxcb.so on a Debian 12 machine without
libxcb-icccm4 and libxcb-keysyms1 (each missing soname appears twice, as ldd prints it).
"""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parent.parent

QT = "/work/main/.venv/lib/python3.11/site-packages/PySide6/Qt"
LDD_XCB = f"""\
\tlinux-vdso.so.1 (0x00007f99f4317000)
\tlibQt6XcbQpa.so.6 => {QT}/plugins/platforms/../../lib/libQt6XcbQpa.so.6 (0x00007f99f4249000)
\tlibGL.so.1 => /lib/x86_64-linux-gnu/libGL.so.1 (0x00007f99f41b8000)
\tlibxkbcommon-x11.so.0 => /lib/x86_64-linux-gnu/libxkbcommon-x11.so.0 (0x00007f99f4165000)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f99f415e000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-util.so.1 => /lib/x86_64-linux-gnu/libxcb-util.so.1 (0x00007f99f4156000)
\tlibxcb-image.so.0 => /lib/x86_64-linux-gnu/libxcb-image.so.0 (0x00007f99f4150000)
\tlibxcb-keysyms.so.1 => not found
\tlibX11.so.6 => /lib/x86_64-linux-gnu/libX11.so.6 (0x00007f99f2cbe000)
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f99f241e000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\t/lib64/ld-linux-x86-64.so.2 (0x00007f99f4319000)
"""


@pytest.fixture(scope="module")
def dev() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dev_script", REPO / "dev.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_missing_sonames_are_read_from_ldd_output_once_each(dev):
    assert dev.missing_libraries(LDD_XCB) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert dev.missing_libraries(LDD_XCB.replace("not found", "/lib/x.so (0x1)")) == []
    assert dev.missing_libraries("") == []


def test_advice_names_only_the_missing_packages(dev):
    advice = dev.missing_libraries_advice("xcb", dev.missing_libraries(LDD_XCB))
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1\n" in advice + "\n"
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in advice
    assert "libxcb-cursor0" not in advice  # found, so not asked for
    assert "QT_QPA_PLATFORM=offscreen" in advice  # the way round it without a display


def test_sonames_of_one_package_ask_for_it_once_and_unknown_ones_are_named(dev):
    advice = dev.missing_libraries_advice(
        "offscreen", ["libglib-2.0.so.0", "libgthread-2.0.so.0", "libfoo.so.7"]
    )
    assert "sudo apt-get install libglib2.0-0\n" in advice
    assert "Install the packages that provide: libfoo.so.7" in advice
    assert "QT_QPA_PLATFORM=offscreen" not in advice  # already offscreen


def test_every_soname_qt_lists_for_xcb_has_its_debian_package(dev):
    """The README's apt-get line for a display and this table must not drift apart."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    xcb_sonames = [name for name in dev.QT_LIB_PACKAGES if name.startswith("libxcb-")]
    for soname in xcb_sonames:
        assert dev.QT_LIB_PACKAGES[soname] in readme, soname


@pytest.mark.parametrize(
    ("env", "platform", "expected"),
    [
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", "offscreen"),
        ({"QT_QPA_PLATFORM": "xcb:nograb", "DISPLAY": ":0"}, "linux", "xcb"),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, "linux", None),  # Qt falls back by itself
        ({"DISPLAY": ":0"}, "linux", "xcb"),
        ({"DISPLAY": ":0", "XDG_SESSION_TYPE": "wayland"}, "linux", None),
        ({}, "linux", None),  # no display: the app explains how to run headless
        ({"DISPLAY": ":0"}, "win32", None),
        ({"QT_QPA_PLATFORM": "offscreen"}, "darwin", None),
    ],
)
def test_which_platform_plugin_is_checked(dev, env, platform, expected):
    assert dev.qt_platform(env, platform) == expected


@pytest.mark.parametrize(
    ("args", "window"),
    [
        ([], True),
        (["--exit-after", "10"], True),
        (["gui"], True),
        (["self-test"], False),
        (["--help"], False),
        (["detect", "x.png"], False),
    ],
)
def test_only_a_window_start_is_checked(dev, args, window):
    assert dev.starts_window(args) is window


def test_no_ldd_or_no_plugin_never_blocks(dev, monkeypatch, tmp_path):
    monkeypatch.setattr(dev.shutil, "which", lambda name: None)
    assert dev.check_qt_libraries({"QT_QPA_PLATFORM": "xcb"}) is None
    monkeypatch.setattr(dev.shutil, "which", lambda name: "/usr/bin/ldd")
    monkeypatch.setattr(dev, "VENV", tmp_path)  # no PySide6 in it
    assert dev.check_qt_libraries({"QT_QPA_PLATFORM": "xcb"}) is None


def test_ldd_output_becomes_advice_and_a_failing_ldd_does_not(dev, monkeypatch, tmp_path):
    plugins = tmp_path / "lib/python3.11/site-packages/PySide6/Qt/plugins/platforms"
    plugins.mkdir(parents=True)
    (plugins / "libqxcb.so").write_bytes(b"")
    monkeypatch.setattr(dev, "VENV", tmp_path)
    monkeypatch.setattr(dev.shutil, "which", lambda name: "/usr/bin/ldd")
    env = {"DISPLAY": ":0"}
    if dev.sys.platform.startswith("linux"):
        ran = subprocess.CompletedProcess(["ldd"], 0, LDD_XCB, "")
        monkeypatch.setattr(dev.subprocess, "run", lambda *a, **k: ran)
        advice = dev.check_qt_libraries(env)
        assert advice is not None and "libxcb-icccm4 libxcb-keysyms1" in advice

    def hangs(*args, **kwargs):
        raise subprocess.TimeoutExpired("ldd", 30)

    monkeypatch.setattr(dev.subprocess, "run", hangs)
    assert dev.check_qt_libraries(env) is None


def test_run_stops_with_the_advice_instead_of_starting_qt(dev, monkeypatch, capsys):
    started = []
    monkeypatch.setattr(dev, "_install", lambda extras: None)
    monkeypatch.setattr(dev, "check_qt_libraries", lambda: "Qt cannot start ... apt-get ...")
    monkeypatch.setattr(dev.subprocess, "call", lambda *a, **k: started.append(a) or 0)
    assert dev.main(["run"]) == 1
    assert started == []
    assert "apt-get" in capsys.readouterr().err
    monkeypatch.setattr(dev, "check_qt_libraries", lambda: None)
    assert dev.main(["run", "--exit-after", "1"]) == 0
    assert len(started) == 1

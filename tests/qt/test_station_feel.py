"""Menus, the F1 shortcut sheet, themes and text size."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from inspector_app.feeds.files import FileListFeed
from inspector_app.qt.main_window import MainWindow, StationConfig
from inspector_app.qt.shortcut_sheet import ShortcutSheet, shortcut_rows
from inspector_app.qt.theme import apply_theme


def _window(qtbot, tmp_path: Path, model: Path) -> MainWindow:
    config = StationConfig(model, tmp_path / "log.sqlite", tmp_path / "ev", "tester")
    window = MainWindow(FileListFeed([]), config)
    qtbot.addWidget(window)
    return window


def test_shortcut_sheet_lists_the_real_bindings_without_clashes(
    qtbot, tmp_path: Path, fixed_box_model
):
    window = _window(qtbot, tmp_path, fixed_box_model([], ["knife"]))
    rows = shortcut_rows(window.menuBar())
    assert ("Decision", "Clear", "C") in rows
    assert ("Decision", "Parcel ID", "P, F12") in rows
    assert ("Help", "Keyboard shortcuts", "F1") in rows
    assert any(menu == "Image" and keys == "O" for menu, _, keys in rows)
    keys = [k.strip() for *_, joined in rows for k in joined.split(",")]
    assert len(keys) == len(set(keys)), "two actions share a key"
    sheet = ShortcutSheet(window.menuBar(), window)
    assert sheet.table.rowCount() == len(rows)


def test_theme_and_text_size_change_and_are_reported(qtbot, tmp_path: Path, fixed_box_model):
    app = QApplication.instance()
    window = _window(qtbot, tmp_path, fixed_box_model([], ["knife"]))
    seen = []
    window.appearance_changed.connect(seen.append)
    window._toggle_theme()
    window._change_font(+2)
    assert seen[-1].theme == "light" and seen[-1].font_pt == 12
    apply_theme(app, "light", 12)
    assert app.palette().color(QPalette.ColorRole.Window).lightness() > 200
    assert app.font().pointSize() == 12
    apply_theme(app, "dark", 10)
    assert app.palette().color(QPalette.ColorRole.Window).lightness() < 60

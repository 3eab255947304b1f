"""Menus, the F1 shortcut sheet, themes and text size."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel
from window_factory import station_window

from inspector_app.feeds.files import FileListFeed
from inspector_app.qt.main_window import MainWindow
from inspector_app.qt.shortcut_sheet import ShortcutSheet, shortcut_rows
from inspector_app.qt.theme import apply_theme


def _window(qtbot, tmp_path: Path, model: Path) -> MainWindow:
    window = station_window(FileListFeed([]), model, tmp_path)
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
    window.look.appearance_changed.connect(seen.append)
    window.look.toggle_theme()
    window.look.change_font(+2)
    assert seen[-1].theme == "light" and seen[-1].font_pt == 12
    apply_theme(app, "light", 12)
    assert app.palette().color(QPalette.ColorRole.Window).lightness() > 200
    assert app.font().pointSize() == 12
    apply_theme(app, "dark", 10)
    assert app.palette().color(QPalette.ColorRole.Window).lightness() < 60


def test_appearance_changes_are_saved_and_audited(qtbot, tmp_path: Path) -> None:
    from inspector_app.accounts import AccountService
    from inspector_app.accounts.audit import read_audit
    from inspector_app.config import Settings, load_settings
    from inspector_app.qt.app import _apply_and_save, _audit_changes
    from inspector_app.qt.look_controller import Appearance

    app = QApplication.instance()
    accounts = AccountService.open(tmp_path / "log.sqlite")
    settings = Settings()
    _apply_and_save(
        app,
        settings,
        Appearance("light", 12, "en"),
        lambda changes: _audit_changes(accounts, "anna", changes),
    )
    apply_theme(app, "dark", 10)
    saved = load_settings().appearance
    assert saved.theme == "light" and saved.font_pt == 12
    entries = read_audit(accounts.db)
    changed = {
        entry.details["key"]: (entry.details["old"], entry.details["new"]) for entry in entries
    }
    assert changed == {
        "appearance.theme": ("dark", "light"),
        "appearance.font_pt": (10, 12),
    }
    assert all(entry.user == "anna" for entry in entries)
    accounts.close()


def test_status_bar_shows_feed_model_backlog_upload_and_inspector(
    qtbot, tmp_path: Path, fixed_box_model
):
    window = _window(qtbot, tmp_path, fixed_box_model([], ["knife"]))
    texts = [w.text() for w in window.statusBar().findChildren(QLabel)]
    for expected in ("Feed: files", "Model:", "Backlog:", "Upload: off (local only)", "Inspector:"):
        assert any(expected in text for text in texts), expected

"""Languages at run time: .ts -> .qm with PySide6's own lrelease, switching the running window
(menus, decision buttons, queue, cues) and back, and a broken compiler leaving English."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import (
    QApplication,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)
from window_factory import station_window

from inspector_app.accounts import AccountService
from inspector_app.config import load_settings
from inspector_app.feeds.files import FileListFeed
from inspector_app.qt import i18n
from inspector_app.qt.app import _apply_and_save
from inspector_app.qt.login_dialog import LoginDialog
from inspector_app.qt.look_controller import Appearance
from inspector_app.qt.main_window import MainWindow
from inspector_app.qt.shortcut_sheet import ShortcutSheet, shortcut_rows
from inspector_app.qt.theme import apply_theme

# One word per language that must appear once the language is on (menu title, decision button).
EXPECTED = {
    "fr": ("&Décision", "Libre  [C]", "File d'attente"),
    "nl": ("&Beslissing", "Vrijgeven  [C]", "Wachtrij"),
    "de": ("&Entscheidung", "Freigeben  [C]", "Warteschlange"),
}


@pytest.fixture(autouse=True)
def english_after(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Own compile cache per test, and every test ends with the app back in English."""
    monkeypatch.setenv("INSPECTOR_APP_CACHE_DIR", str(tmp_path / "cache"))
    yield
    app = QApplication.instance()
    if app is not None:
        i18n.install_language(app, "en")


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    """A copy of the repo's .ts files, so a build-time .qm in the repo cannot stand in."""
    folder = tmp_path / "ts"
    shutil.copytree(i18n.translations_dir(), folder, ignore=shutil.ignore_patterns("*.qm"))
    return folder


def _window(qtbot, tmp_path: Path, model: Path, files: list[Path] | None = None) -> MainWindow:
    window = station_window(FileListFeed(files or []), model, tmp_path)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def _menu_titles(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def test_compile_all_makes_loadable_qm_files_from_the_repo_sources(tmp_path: Path):
    built = i18n.compile_all(tmp_path / "out")
    assert sorted(p.name for p in built) == [
        "inspector_app_de.qm",
        "inspector_app_fr.qm",
        "inspector_app_nl.qm",
    ]
    translator = QTranslator()
    assert translator.load(str(tmp_path / "out" / "inspector_app_de.qm"))
    assert translator.translate("ReviewPanel", "Clear  [C]") == "Freigeben  [C]"
    assert translator.translate("Terms", "Dangerous goods") == "Gefahrgut"


def test_ensure_compiled_caches_and_recompiles_when_the_ts_is_newer(tmp_path: Path, sources):
    out = tmp_path / "cache"
    first = i18n.ensure_compiled(["fr"], source_dir=sources, out_dir=out)["fr"]
    assert first == out / "inspector_app_fr.qm" and first.stat().st_size > 1000
    stamp = first.stat().st_mtime_ns
    # Up to date: not compiled again (a missing compiler is then never needed).
    again = i18n.ensure_compiled(
        ["fr"], source_dir=sources, out_dir=out, lrelease=tmp_path / "no-lrelease"
    )
    assert again["fr"].stat().st_mtime_ns == stamp
    ts = sources / "inspector_app_fr.ts"
    older = ts.stat().st_mtime_ns - 10_000_000_000  # the .ts was edited after the compile
    os.utime(first, ns=(older, older))
    i18n.ensure_compiled(["fr"], source_dir=sources, out_dir=out)
    assert first.stat().st_mtime_ns >= ts.stat().st_mtime_ns
    # A build-time .qm next to the .ts wins when it is up to date.
    prebuilt = i18n.compile_ts(ts, ts.with_suffix(".qm"))
    assert i18n.ensure_compiled(["fr"], source_dir=sources, out_dir=out)["fr"] == prebuilt


def test_switching_language_relabels_the_window_and_english_restores_it(
    qtbot, tmp_path: Path, fixed_box_model, sources
):
    window = _window(qtbot, tmp_path, fixed_box_model([], ["knife"]))
    english = (
        _menu_titles(window),
        window.panel.clear_button.text(),
        window.panel.queue_label.text(),
    )
    seen: list[Appearance] = []
    window.look.appearance_changed.connect(seen.append)
    for code, (menu, clear, queue) in EXPECTED.items():
        assert window.look.set_language(code, source_dir=sources)
        assert _menu_titles(window)[0] == menu
        assert window.panel.clear_button.text() == clear
        assert window.panel.queue_label.text().startswith(queue)
        assert window.look.language_actions[code].isChecked()
        assert seen[-1].language == code
    # The shortcut letters do not change with the language.
    assert [keys for *_, keys in shortcut_rows(window.menuBar())][:3] == ["C", "S", "R"]
    assert window.look.set_language("en")
    assert (
        _menu_titles(window),
        window.panel.clear_button.text(),
        window.panel.queue_label.text(),
    ) == (english)
    assert seen[-1].language == "en" and window.look.language_actions["en"].isChecked()


@pytest.mark.parametrize("code", ["en", "fr", "nl", "de"])
def test_no_button_label_or_box_title_is_cut_off(
    code: str, qtbot, tmp_path: Path, fixed_box_model, sources
):
    """German and Dutch run long: every fixed text of the panel and status bar fits."""
    window = _window(qtbot, tmp_path, fixed_box_model([], ["knife", "liquid_container"]))
    window.resize(1400, 860)  # the app's start size
    window.events.model_ready(i18n_model_info(), ("knife", "liquid_container"))
    window.screening.stop()
    assert window.look.set_language(code, source_dir=sources)
    window.category_box.setVisible(True)  # suspect mode: the longest texts
    QApplication.processEvents()
    qtbot.wait(50)
    cut = []
    widgets = [*window.panel.findChildren(QWidget), *window.statusBar().findChildren(QLabel)]
    for widget in widgets:
        if not widget.isVisible():
            continue
        # What is really on screen: the widget's rectangle clipped by every parent.
        shown = widget.visibleRegion().boundingRect().width()
        if isinstance(widget, QPushButton) or (
            isinstance(widget, QLabel) and not widget.wordWrap()
        ):
            if min(widget.width(), shown) < widget.sizeHint().width():
                cut.append((widget.text(), widget.width(), shown, widget.sizeHint().width()))
        elif isinstance(widget, QLineEdit) and widget.placeholderText():
            needed = widget.fontMetrics().horizontalAdvance(widget.placeholderText()) + 16
            if min(widget.width(), shown) < needed:
                cut.append((widget.placeholderText(), widget.width(), shown, needed))
        elif isinstance(widget, QGroupBox):
            needed = widget.fontMetrics().horizontalAdvance(widget.title()) + 16
            if min(widget.width(), shown) < needed:
                cut.append((widget.title(), widget.width(), shown, needed))
    assert not cut, cut
    window.close()


def i18n_model_info():
    from inspector_app.domain import ModelInfo

    return ModelInfo("test-det", "0.0.1", "0" * 64)


def test_a_screened_scan_shows_cues_and_status_in_the_new_language(
    qtbot, tmp_path: Path, fixed_box_model, sources
):
    model = fixed_box_model([(0, 0.5, 0.5, 0.2, 0.2, 0.9)], ["knife"])
    image = tmp_path / "scan.png"
    cv2.imwrite(str(image), np.full((300, 400, 3), 90, np.uint8))
    window = _window(qtbot, tmp_path, model, [image])
    window.start()
    qtbot.waitUntil(lambda: window.current is not None, timeout=15000)
    assert "knife" in window.detection_list.item(0).text()
    assert window.look.set_language("de", source_dir=sources)
    assert "Messer" in window.detection_list.item(0).text()
    assert window.queue_list.item(0).text().endswith("⚠ 1 Hinweis")  # plural forms: 1
    chip = window.view.label_items[0].childItems()[0]
    assert chip.text().startswith("Messer")
    assert window.view.box_items[0].data(0) == "knife"  # the model's label is kept
    assert window.status.view_status.text().startswith("Ansicht")
    assert window.status.model_status.text().startswith("Modell")
    assert window.panel.mark_label.currentText() == "Messer"
    assert window.panel.mark_label_value() == "knife"  # what a drawn region stores
    window.close()


def test_an_app_wide_install_reaches_every_open_widget_by_language_change(
    qtbot, tmp_path: Path, fixed_box_model, sources
):
    """app.py installs the saved language itself: open widgets follow through changeEvent."""
    window = _window(qtbot, tmp_path, fixed_box_model([], ["knife"]))
    sheet = ShortcutSheet(window.menuBar(), window)
    qtbot.addWidget(sheet)
    station = AccountService.open(tmp_path / "station.sqlite")
    dialog = LoginDialog(station)
    qtbot.addWidget(dialog)
    assert i18n.install_language(QApplication.instance(), "fr", source_dir=sources)
    qtbot.waitUntil(lambda: window.panel.clear_button.text() == "Libre  [C]", timeout=3000)
    qtbot.waitUntil(lambda: sheet.windowTitle() == "Raccourcis clavier", timeout=3000)
    qtbot.waitUntil(lambda: dialog.title.text() == "Créer l'administrateur", timeout=3000)
    assert _menu_titles(window)[0] == "&Décision"
    assert sheet.table.item(0, 0).text() == "Décision" and sheet.table.item(0, 2).text() == "C"
    assert dialog.submit_button.text() == "Créer && se connecter"
    station.close()


def test_a_window_opened_after_the_start_up_install_is_already_translated(
    qtbot, tmp_path: Path, fixed_box_model, sources
):
    """app.py installs the saved language before the sign-in and the window."""
    assert i18n.install_language(QApplication.instance(), "nl", source_dir=sources)
    window = _window(qtbot, tmp_path, fixed_box_model([], ["knife"]))
    assert window.look.language_actions["nl"].isChecked()
    assert _menu_titles(window)[0] == "&Beslissing"
    assert window.panel.refer_button.text() == "Naar handmatige controle  [R]"
    assert window.windowTitle() == "Inspector — röntgencontrole van pakketten"


def test_a_missing_lrelease_leaves_the_station_in_english_with_a_message(
    qtbot, tmp_path: Path, fixed_box_model, sources
):
    window = _window(qtbot, tmp_path, fixed_box_model([], ["knife"]))
    assert window.look.set_language("nl", source_dir=sources)  # first a working switch
    assert window.panel.clear_button.text() == "Vrijgeven  [C]"
    missing = tmp_path / "bin" / "lrelease"
    assert not window.look.set_language("de", lrelease=missing, source_dir=sources)
    assert window.panel.clear_button.text() == "Clear  [C]"
    assert _menu_titles(window)[0] == "&Decision"
    assert window.look.language_actions["en"].isChecked()
    assert window.look.appearance.language == "en"
    assert window.banner.isVisible()
    message = window.banner.text()
    assert "Deutsch is not available" in message and "lrelease" in message
    assert str(missing) in message and "stays in English" in message
    assert QCoreApplication.translate("Terms", "Drugs") == "Drugs"


def test_a_broken_ts_is_a_clear_error_not_a_crash(tmp_path: Path, sources):
    (sources / "inspector_app_fr.ts").write_text("<TS><context>", encoding="utf-8")
    reasons: list[str] = []
    ok = i18n.install_language(
        QApplication.instance(), "fr", source_dir=sources, report=reasons.append
    )
    assert not ok and i18n.current_language() == "en"
    assert len(reasons) == 1 and "inspector_app_fr.ts" in reasons[0]


def test_an_unwritable_cache_is_a_clear_error_not_a_crash(tmp_path: Path, sources, monkeypatch):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache dir should be")
    monkeypatch.setenv("INSPECTOR_APP_CACHE_DIR", str(blocker))
    reasons: list[str] = []
    assert not i18n.install_language(
        QApplication.instance(), "de", source_dir=sources, report=reasons.append
    )
    assert len(reasons) == 1 and "Deutsch is not available" in reasons[0]


def test_unknown_language_is_refused(qtbot):
    with pytest.raises(ValueError, match="unknown language 'es'"):
        i18n.install_language(QApplication.instance(), "es")


def test_language_choice_is_saved_with_the_other_settings(tmp_path: Path):
    settings = load_settings()
    _apply_and_save(QApplication.instance(), settings, Appearance("dark", 11, "nl"))
    saved = load_settings().appearance
    assert (saved.language, saved.font_pt) == ("nl", 11)
    apply_theme(QApplication.instance(), "dark", 10)


@pytest.mark.parametrize("code", ["en", "fr", "nl", "de"])
def test_origin_and_destination_keys_are_the_same_in_every_language(
    code: str, qtbot, tmp_path: Path, fixed_box_model, sources
):
    from PySide6.QtCore import Qt

    scan = tmp_path / "p.png"
    cv2.imwrite(str(scan), np.full((200, 300, 3), 90, np.uint8))
    window = _window(qtbot, tmp_path, fixed_box_model([], ["knife"]), [scan])
    window.activateWindow()
    window.start()
    qtbot.waitUntil(lambda: window.current is not None, timeout=15000)
    try:
        assert window.look.set_language(code, source_dir=sources)
        qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
        assert window.focusWidget() is window.panel.origin
        window.setFocus()
        qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
        assert window.focusWidget() is window.panel.destination
    finally:
        i18n.install_language(QApplication.instance(), "en")
        window.close()

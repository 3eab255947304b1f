"""Station settings: rights per group, validation, and live application to the station."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from inspector_app.config import Settings
from inspector_app.feeds.files import FileListFeed
from inspector_app.qt.main_window import MainWindow, StationConfig
from inspector_app.qt.settings_dialog import StationSettingsDialog, changed_settings


def test_supervisor_sets_tip_and_the_change_is_listed_for_the_audit(qtbot) -> None:
    before = Settings()
    dialog = StationSettingsDialog(before, can_change_settings=False, can_configure_tip=True)
    qtbot.addWidget(dialog)
    assert not dialog.look_first.isEnabled() and dialog.tip_enabled.isEnabled()
    dialog.tip_enabled.setChecked(True)
    dialog.tip_rate.setValue(10.0)
    for row in range(dialog.tip_classes.count()):
        item = dialog.tip_classes.item(row)
        if item.data(Qt.ItemDataRole.UserRole) not in {"handgun", "knife"}:
            item.setCheckState(Qt.CheckState.Unchecked)
    after = dialog.result_settings()
    assert after.tip_enabled and after.tip_rate == 0.1
    assert after.tip_classes == ["handgun", "knife"]
    assert changed_settings(before, after) == {
        "tip_enabled": (False, True),
        "tip_rate": (0.05, 0.1),
        "tip_classes": (None, ["handgun", "knife"]),
    }


def test_tip_without_any_threat_is_refused(qtbot) -> None:
    dialog = StationSettingsDialog(Settings(), can_change_settings=True, can_configure_tip=True)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tip_enabled.setChecked(True)
    for row in range(dialog.tip_classes.count()):
        dialog.tip_classes.item(row).setCheckState(Qt.CheckState.Unchecked)
    dialog._accept()
    assert dialog.isVisible() and "at least one threat" in dialog.error.text()


def test_new_settings_apply_to_the_running_station(qtbot, tmp_path: Path, fixed_box_model):
    model = fixed_box_model([(0, 0.5, 0.5, 0.2, 0.2, 0.9)], ["knife"])
    window = MainWindow(
        FileListFeed([]), StationConfig(model, tmp_path / "l.sqlite", tmp_path / "e", "sup")
    )
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.worker.ready, timeout=20000):
        window.start()
    settings = Settings(
        alarms_first=True,
        undo_window_s=3,
        look_first=True,
        tip_enabled=True,
        tip_rate=0.5,
        tip_classes=["knife"],
    )
    window.apply_station_settings(settings)
    assert window.queue.alarms_first and window.undo.seconds == 3 and window.config.look_first
    qtbot.waitUntil(lambda: window.worker.screener.tip is not None, timeout=5000)
    assert window.worker.screener.tip.settings.classes == ("knife",)
    window.close()

"""Station settings: rights per group, validation, and live application to the station."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from window_factory import station_window

from inspector_app.config import ReviewSection, Settings, TipSection, changed_settings
from inspector_app.feeds.files import FileListFeed
from inspector_app.qt.settings_dialog import StationSettingsDialog


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
    assert after.tip.enabled and after.tip.rate == 0.1
    assert after.tip.classes == ("handgun", "knife")
    assert before.tip.enabled is False  # the dialog edits a copy
    assert changed_settings(before, after) == {
        "tip.enabled": (False, True),
        "tip.rate": (0.05, 0.1),
        "tip.classes": (None, ["handgun", "knife"]),
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
    window = station_window(FileListFeed([]), model, tmp_path, "sup")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.model_ready, timeout=20000):
        window.start()
    settings = Settings(
        review=ReviewSection(alarms_first=True, undo_window_s=3, look_first=True),
        tip=TipSection(enabled=True, rate=0.5, classes=("knife",)),
    )
    window.apply_station_settings(settings)
    assert (
        window.queue.alarms_first and window.session.undo.seconds == 3 and window.session.look_first
    )
    qtbot.waitUntil(lambda: window.screening.screener.tip is not None, timeout=5000)
    assert window.screening.screener.tip.settings.classes == ("knife",)
    window.close()


def test_administrator_sets_how_long_images_are_kept(qtbot) -> None:
    before = Settings()
    supervisor = StationSettingsDialog(before, can_change_settings=False, can_configure_tip=True)
    qtbot.addWidget(supervisor)
    assert not supervisor.clear_days.isEnabled()  # an administrator's setting
    assert supervisor.clear_days.text() == "keep every image"

    dialog = StationSettingsDialog(before, can_change_settings=True, can_configure_tip=True)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.clear_days.setValue(30)
    dialog.grab().save("/tmp/settings_dialog.png")
    after = dialog.result_settings()
    assert after.retention.clear_images_days == 30
    assert after.retention.flagged_images_days is None
    assert changed_settings(before, after) == {"retention.clear_images_days": (None, 30)}

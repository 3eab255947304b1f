"""TIP in the real window: the projected threat is shown, the answer is scored and logged
apart, then the real parcel comes back for its real decision."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest
import tifffile
from PySide6.QtCore import Qt
from window_factory import station_window

from inspector_app.config import TipSection
from inspector_app.feeds.files import FileListFeed
from inspector_app.simulation import simulate_parcel


@pytest.fixture
def dual_energy_file(tmp_path: Path) -> Path:
    parcel = simulate_parcel(21, threat_rate=0.0)
    path = tmp_path / "parcel.tif"
    tifffile.imwrite(path, np.stack([parcel.low, parcel.high]))
    return path


@pytest.mark.parametrize(("key", "hit"), [(Qt.Key.Key_C, False), (Qt.Key.Key_R, True)])
def test_tip_answer_feedback_then_real_decision(
    qtbot, tmp_path: Path, dual_energy_file: Path, fixed_box_model, key, hit
):
    model = fixed_box_model([(0, 0.5, 0.5, 0.1, 0.1, 0.9)], ["knife"])
    tip = TipSection(enabled=True, rate=1.0, classes=("handgun",))
    window = station_window(FileListFeed([dual_energy_file]), model, tmp_path, "anna", tip=tip)
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.current is not None, timeout=20000)
    assert window.current.tip is not None
    tip_image = window.view._pixmap_item.pixmap().toImage()
    assert window.view.box_items and len(window.view.box_items) == 1  # no cue for the TIP

    with qtbot.waitSignal(window.tip_feedback) as feedback:
        qtbot.keyClick(window, key)
    assert feedback.args == [hit]
    assert window.panel.tip_banner.isVisible()
    assert ("HIT" if hit else "MISS") in window.panel.tip_banner.text()
    assert not window.panel.clear_button.isEnabled()  # no real decision on a TIP image

    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert not window.panel.tip_banner.isVisible()
    assert window.current.tip is None
    assert window.view._pixmap_item.pixmap().toImage() != tip_image  # the real parcel
    with qtbot.waitSignal(window.decision_saved):
        qtbot.keyClick(window, Qt.Key.Key_C)
    window.close()

    db = sqlite3.connect(tmp_path / "log.sqlite")
    assert db.execute("SELECT verdict FROM decision_log").fetchall() == [("clear",)]
    assert db.execute("SELECT label, hit, inspector FROM tip_events").fetchall() == [
        ("handgun", int(hit), "anna")
    ]

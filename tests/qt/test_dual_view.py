"""Dual-view scanners: top and side views of one parcel, shown together and kept in step."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import cv2
import numpy as np
from PySide6.QtCore import Qt
from window_factory import station_window

from inspector_app.feeds.files import FileListFeed


def _pair(folder: Path) -> list[Path]:
    paths = []
    for name, shade in (("parcel_top", 90), ("parcel_side", 160), ("single", 60)):
        path = folder / f"{name}.png"
        cv2.imwrite(str(path), np.full((300, 900, 3), shade, np.uint8))
        paths.append(path)
    return paths


def test_both_views_show_with_their_cues_and_move_together(qtbot, tmp_path: Path, fixed_box_model):
    model = fixed_box_model([(0, 0.5, 0.5, 0.2, 0.2, 0.9)], ["knife"])
    window = station_window(FileListFeed(_pair(tmp_path)), model, tmp_path)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.current is not None and len(window.queue) == 1, timeout=15000)

    assert window.side_view.isVisible() and len(window.side_view.box_items) == 1
    top_bar = window.view.horizontalScrollBar()
    for _ in range(8):  # zoom in until the parcel is wider than the view
        qtbot.keyClick(window, Qt.Key.Key_Plus)
        if top_bar.maximum() > 0:
            break
    assert window.view.transform().m11() == window.side_view.transform().m11() > 0
    top_bar.setValue(top_bar.maximum())  # pan to the end of the parcel on the top view
    side_bar = window.side_view.horizontalScrollBar()
    assert side_bar.maximum() > 0 and side_bar.value() == side_bar.maximum()

    qtbot.keyClick(window, Qt.Key.Key_Space)  # cues hide on both views
    assert not window.side_view.box_items[0].isVisible()
    with qtbot.waitSignal(window.decision_saved):
        qtbot.keyClick(window, Qt.Key.Key_C)
    assert not window.side_view.isVisible()  # the next parcel has one view
    window.close()
    rows = (
        sqlite3.connect(tmp_path / "log.sqlite")
        .execute("SELECT count(*) FROM decision_log")
        .fetchone()
    )
    assert rows == (1,)

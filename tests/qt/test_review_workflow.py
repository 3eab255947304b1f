"""Review workflow in the real window: cue verdicts, drawn regions, parcel details, undo,
look-first and alarms-first — driven by keys and mouse, read back from the SQLite file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from window_factory import station_window

from inspector_app.feeds.files import FileListFeed
from inspector_app.qt.main_window import MainWindow

CLASSES = ["knife", "handgun", "pill_pack"]


@pytest.fixture
def two_cue_model(fixed_box_model) -> Path:
    return fixed_box_model(
        [(0, 0.3, 0.3, 0.2, 0.2, 0.9), (1, 0.7, 0.7, 0.2, 0.2, 0.8)], CLASSES, "two"
    )


def _files(folder: Path, count: int) -> list[Path]:
    paths = []
    for index in range(count):
        path = folder / f"p{index}.png"
        cv2.imwrite(str(path), np.full((300, 400, 3), 60 + 30 * index, np.uint8))
        paths.append(path)
    return paths


def _open(qtbot, tmp_path: Path, model: Path, files: list[Path], **options) -> MainWindow:
    window = station_window(FileListFeed(files), model, tmp_path, **options)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.start()
    qtbot.waitUntil(
        lambda: window.current is not None and len(window.queue) == len(files) - 1, timeout=15000
    )
    return window


def _rows(tmp_path: Path, sql: str) -> list[tuple]:
    return sqlite3.connect(tmp_path / "log.sqlite").execute(sql).fetchall()


def test_cue_verdicts_drawn_region_and_parcel_details_are_saved(
    qtbot, tmp_path: Path, two_cue_model: Path
):
    window = _open(qtbot, tmp_path, two_cue_model, _files(tmp_path, 1))
    assert len(window.view.box_items) == 2

    qtbot.keyClick(window, Qt.Key.Key_Tab)  # select first cue
    qtbot.keyClick(window, Qt.Key.Key_X)  # reject it
    qtbot.keyClick(window, Qt.Key.Key_Tab)
    qtbot.keyClick(window, Qt.Key.Key_A)  # confirm the second
    assert window.detection_list.item(0).text().startswith("✗")
    assert window.detection_list.item(1).text().startswith("✓")

    # Draw a region over a missed item, labelled as chosen in the panel.
    window.panel.mark_label.setCurrentText("pill_pack")
    qtbot.keyClick(window, Qt.Key.Key_B)
    viewport = window.view.viewport()
    start = window.view.mapFromScene(50, 200)
    end = window.view.mapFromScene(120, 260)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, pos=QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2))
    qtbot.mouseMove(viewport, pos=end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    assert len(window.view.mark_items) == 1

    # Barcode wedge: P focuses the field, the scanner types and sends Enter.
    qtbot.keyClick(window, Qt.Key.Key_P)
    qtbot.keyClicks(window.panel.parcel_id, "CX123456785NL")
    qtbot.keyClick(window.panel.parcel_id, Qt.Key.Key_Return)
    window.panel.origin.setEditText("NL")
    window.panel.destination.setCurrentIndex(window.panel.destination.findData("AU"))
    assert window.panel.destination.code() == "AU"

    with qtbot.waitSignal(window.decision_saved, timeout=5000) as saved:
        qtbot.keyClick(window, Qt.Key.Key_S)
        qtbot.keyClick(window, Qt.Key.Key_1)
    window.close()
    decision_id = saved.args[0]
    assert _rows(
        tmp_path,
        "SELECT verdict, category, parcel_id, origin_country, destination_country"
        " FROM decision_log",
    ) == [("suspect", "drugs", "CX123456785NL", "NL", "AU")]
    assert _rows(
        tmp_path,
        "SELECT detection_index, label, verdict FROM box_reviews"
        f" WHERE decision_id = {decision_id}",
    ) == [(0, "knife", "rejected"), (1, "handgun", "confirmed")]
    ((label, x1, y1, x2, y2),) = _rows(
        tmp_path, "SELECT label, x1, y1, x2, y2 FROM inspector_marks"
    )
    assert label == "pill_pack"
    assert (x1, y1, x2, y2) == pytest.approx((50, 200, 120, 260), abs=3)


def test_undo_brings_the_last_parcel_back_and_keeps_the_record(
    qtbot, tmp_path: Path, two_cue_model: Path
):
    window = _open(qtbot, tmp_path, two_cue_model, _files(tmp_path, 2))
    first = window.current.scan.scan_id
    with qtbot.waitSignal(window.decision_saved):
        qtbot.keyClick(window, Qt.Key.Key_C)
    second = window.current.scan.scan_id
    with qtbot.waitSignal(window.decision_undone):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.current.scan.scan_id == first
    assert [s.scan.scan_id for s in window.queue] == [second]
    with qtbot.waitSignal(window.decision_saved):
        qtbot.keyClick(window, Qt.Key.Key_R)
    with qtbot.waitSignal(window.decision_saved):
        qtbot.keyClick(window, Qt.Key.Key_C)
    window.close()
    assert _rows(tmp_path, "SELECT scan_id, verdict FROM decision_log ORDER BY decision_id") == [
        (first, "refer"),
        (second, "clear"),
    ]
    assert _rows(tmp_path, "SELECT verdict FROM decisions WHERE revoked_at IS NOT NULL") == [
        ("clear",)
    ]


def test_undo_is_refused_after_the_window(qtbot, tmp_path: Path, two_cue_model: Path):
    window = _open(qtbot, tmp_path, two_cue_model, _files(tmp_path, 2), undo_window_s=0.0)
    with qtbot.waitSignal(window.decision_saved):
        qtbot.keyClick(window, Qt.Key.Key_C)
    qtbot.wait(20)
    with qtbot.assertNotEmitted(window.decision_undone):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    window.close()
    assert len(_rows(tmp_path, "SELECT * FROM decision_log")) == 1


def test_look_first_hides_cues_until_space_and_records_when(
    qtbot, tmp_path: Path, two_cue_model: Path
):
    window = _open(qtbot, tmp_path, two_cue_model, _files(tmp_path, 1), look_first=True)
    assert not any(item.isVisible() for item in window.view.box_items)
    assert "hidden" in window.detection_list.item(0).text()
    qtbot.keyClick(window, Qt.Key.Key_Tab)  # cannot judge what is not shown
    qtbot.keyClick(window, Qt.Key.Key_A)
    assert window.session.draft.box_verdicts == {}
    qtbot.wait(50)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert all(item.isVisible() for item in window.view.box_items)
    with qtbot.waitSignal(window.decision_saved):
        qtbot.keyClick(window, Qt.Key.Key_C)
    window.close()
    ((shown_after,),) = _rows(tmp_path, "SELECT cues_shown_after_s FROM decision_log")
    assert shown_after is not None and shown_after >= 0.04


def test_alarms_first_order_shows_parcels_with_cues_first(qtbot, tmp_path: Path, fixed_box_model):
    # A model whose cue depends on the image: none on dark images, one on bright ones.
    model = fixed_box_model([(0, 0.5, 0.5, 0.2, 0.2, 0.9)], CLASSES, "one")
    window = _open(qtbot, tmp_path, model, _files(tmp_path, 3), alarms_first=True)
    assert window.queue.alarms_first and "alarms first" in window.panel.queue_label.text()
    qtbot.keyClick(window, Qt.Key.Key_Q)
    assert not window.queue.alarms_first and "arrival order" in window.panel.queue_label.text()
    window.close()


def test_keyboard_focus_starts_on_the_scan_not_a_text_field(
    qtbot, tmp_path: Path, two_cue_model: Path
):
    """Single-key decisions must not be typed into the parcel ID field by accident."""
    window = _open(qtbot, tmp_path, two_cue_model, _files(tmp_path, 2))
    assert window.focusWidget() in (None, window)
    qtbot.keyClick(window, Qt.Key.Key_P)
    assert window.panel.parcel_id.hasFocus()
    qtbot.keyClicks(window.panel.parcel_id, "CRS123")  # letters that are also hotkeys
    assert window.session.decided == 0 and window.panel.parcel_id.text() == "CRS123"
    qtbot.keyClick(window.panel.parcel_id, Qt.Key.Key_Return)
    assert not window.panel.parcel_id.hasFocus()
    window.close()


def test_drawn_regions_can_be_relabelled_and_removed(qtbot) -> None:
    """Regression: labels kept in item data crashed PySide6 when read back."""
    from inspector_app.domain import Box
    from inspector_app.qt.scan_view import TIP_COLOUR, ScanView

    view = ScanView()
    qtbot.addWidget(view)
    view.show_scan(np.full((300, 400, 3), 128, np.uint8), [])
    view.add_mark("handgun", Box(10, 10, 100, 80), prefix="TIP", colour=TIP_COLOUR)
    view.add_mark("pill_pack", Box(150, 100, 220, 160))
    view.relabel()
    view.remove_last_mark()
    assert len(view.mark_items) == 1
    texts = [item.text() for item in view.scene().items() if hasattr(item, "text")]
    assert any("TIP" in text for text in texts) and not any("pill" in text for text in texts)


def test_scanner_vendor_alarms_are_a_second_overlay(qtbot, tmp_path: Path, two_cue_model):
    from dataclasses import replace as dc_replace

    from inspector_app.domain import Box, VendorCue
    from inspector_app.feeds.files import read_scan_file

    scan = read_scan_file(_files(tmp_path, 1)[0], "files")
    scan = dc_replace(scan, vendor_cues=(VendorCue("Flammable Liquid", Box(10, 10, 60, 50), True),))

    class OneScan:
        name = "files"
        lane = "lane 1"

        def items(self, stop):
            yield scan

    window = station_window(OneScan(), two_cue_model, tmp_path)
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.current is not None, timeout=15000)
    assert len(window.view.vendor_items) == 2  # box + label chip
    assert len(window.view.box_items) == 2  # our own cues are unchanged
    rows = [window.detection_list.item(i).text() for i in range(window.detection_list.count())]
    assert rows[-1].startswith("⚑") and "Flammable Liquid" in rows[-1] and "alarm" in rows[-1]
    qtbot.keyClick(window, Qt.Key.Key_W)
    assert not any(item.isVisible() for item in window.view.vendor_items)
    assert all(item.isVisible() for item in window.view.box_items)
    window.close()

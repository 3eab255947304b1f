"""End to end through the real window: files -> real ONNX model -> boxes -> keys -> SQLite."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtCore import Qt
from window_factory import station_window

from inspector_app.feeds.files import FileListFeed
from inspector_app.qt.main_window import MainWindow

CLASSES = ["knife", "handgun"]


@pytest.fixture
def tiny_model(fixed_box_model) -> Path:
    """A real yolov8-layout ONNX graph that always sees one knife in the image centre."""
    return fixed_box_model([(0, 0.5, 0.5, 0.2, 0.2, 0.9)], CLASSES)


def _scan_files(folder: Path, count: int) -> list[Path]:
    rng = np.random.default_rng(7)
    paths = []
    for index in range(count):
        path = folder / f"scan{index}.png"
        cv2.imwrite(str(path), rng.integers(0, 255, (300, 400, 3), np.uint8))
        paths.append(path)
    return paths


def _window(qtbot, feed, tmp_path: Path, model: Path) -> MainWindow:
    window = station_window(feed, model, tmp_path)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.start()
    return window


def _decide_with_keys(qtbot, window: MainWindow, *keys: Qt.Key) -> None:
    with qtbot.waitSignal(window.decision_saved, timeout=5000):
        for key in keys:
            qtbot.keyClick(window, key)


def test_scans_flow_from_files_to_logged_decisions(qtbot, tmp_path: Path, tiny_model: Path):
    files = _scan_files(tmp_path, 3)
    window = _window(qtbot, FileListFeed(files), tmp_path, tiny_model)
    qtbot.waitUntil(lambda: window.current is not None and len(window.queue) == 2, timeout=15000)

    # The detector's box is drawn, at the model's position, with its label.
    assert len(window.view.box_items) == 1
    rect = window.view.box_items[0].rect()
    assert rect.center().x() == pytest.approx(200, abs=2)
    assert rect.center().y() == pytest.approx(150, abs=2)
    assert window.view.box_items[0].data(0) == "knife"
    assert "test-det" in window.status.model_status.text()

    _decide_with_keys(qtbot, window, Qt.Key.Key_C)
    _decide_with_keys(qtbot, window, Qt.Key.Key_S, Qt.Key.Key_1)  # suspect: drugs
    _decide_with_keys(qtbot, window, Qt.Key.Key_R)
    assert window.current is None and "No scan waiting" in window.panel.scan_title.text()
    window.close()

    rows = (
        sqlite3.connect(tmp_path / "log.sqlite")
        .execute(
            "SELECT verdict, category, inspector, model_sha256, detections, image_path,"
            " image_sha256, duration_s FROM decision_log ORDER BY decision_id"
        )
        .fetchall()
    )
    assert [(r[0], r[1]) for r in rows] == [("clear", None), ("suspect", "drugs"), ("refer", None)]
    model_sha = hashlib.sha256(tiny_model.read_bytes()).hexdigest()
    for _, _, inspector, sha, detections, image_path, image_sha, duration in rows:
        assert inspector == "tester" and sha == model_sha
        assert '"knife"' in detections
        assert hashlib.sha256(Path(image_path).read_bytes()).hexdigest() == image_sha
        assert duration >= 0
    original_hashes = {hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    assert {r[6] for r in rows} == original_hashes  # evidence is the untouched input


def test_suspect_needs_a_category_and_escape_cancels(qtbot, tmp_path: Path, tiny_model: Path):
    window = _window(qtbot, FileListFeed(_scan_files(tmp_path, 1)), tmp_path, tiny_model)
    qtbot.waitUntil(lambda: window.current is not None, timeout=15000)
    qtbot.keyClick(window, Qt.Key.Key_S)
    assert window.category_box.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.category_box.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_1)  # a digit outside suspect mode decides nothing
    assert window.session.decided == 0 and window.current is not None
    window.close()


def test_corrupt_image_is_set_aside_and_the_window_keeps_working(
    qtbot, tmp_path: Path, tiny_model: Path
):
    good = _scan_files(tmp_path, 1)[0]
    corrupt = tmp_path / "corrupt.png"
    corrupt.write_bytes(good.read_bytes()[:300])
    window = _window(qtbot, FileListFeed([corrupt, good]), tmp_path, tiny_model)
    qtbot.waitUntil(lambda: window.current is not None, timeout=15000)
    assert window.banner.isVisible() and "could not be read" in window.banner.text()
    assert "incomplete" in window.banner.text()
    _decide_with_keys(qtbot, window, Qt.Key.Key_C)
    window.close()
    status = dict(
        sqlite3.connect(tmp_path / "log.sqlite").execute("SELECT status, error FROM scans")
    )
    assert "quarantined" in status and "incomplete" in status["quarantined"]


def test_broken_model_is_reported_not_fatal(qtbot, tmp_path: Path):
    bad_model = tmp_path / "broken.onnx"
    bad_model.write_bytes(b"definitely not onnx")
    window = _window(qtbot, FileListFeed(_scan_files(tmp_path, 1)), tmp_path, bad_model)
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=15000)
    assert "model could not be loaded" in window.banner.text()
    assert "NOT LOADED" in window.status.model_status.text()
    window.close()


def test_undecided_scans_return_after_a_restart(qtbot, tmp_path: Path, tiny_model: Path):
    first = _window(qtbot, FileListFeed(_scan_files(tmp_path, 2)), tmp_path, tiny_model)
    qtbot.waitUntil(lambda: first.current is not None and len(first.queue) == 1, timeout=15000)
    left_behind = first.queue[0].scan.scan_id
    _decide_with_keys(qtbot, first, Qt.Key.Key_C)
    first.close()  # the station is shut down with one scan still waiting

    second = _window(qtbot, FileListFeed([]), tmp_path, tiny_model)
    qtbot.waitUntil(lambda: second.current is not None, timeout=15000)
    assert second.current.scan.scan_id == left_behind
    assert len(second.view.box_items) == 1 and "earlier session" in second.banner.text()
    _decide_with_keys(qtbot, second, Qt.Key.Key_R)
    second.close()
    verdicts = sqlite3.connect(tmp_path / "log.sqlite").execute(
        "SELECT verdict FROM decision_log ORDER BY decision_id"
    )
    assert [v for (v,) in verdicts] == ["clear", "refer"]


def test_image_function_hotkeys_change_the_view_and_home_restores_it(
    qtbot, tmp_path: Path, tiny_model: Path
):
    import tifffile

    from inspector_app.simulation import simulate_parcel

    parcel = simulate_parcel(11)
    pair = tmp_path / "pair.tif"
    tifffile.imwrite(pair, np.stack([parcel.low, parcel.high]))
    window = _window(qtbot, FileListFeed([pair]), tmp_path, tiny_model)
    qtbot.waitUntil(lambda: window.current is not None, timeout=15000)
    standard = window.view._pixmap_item.pixmap().toImage()
    transform_before = window.view.transform()

    qtbot.keyClick(window, Qt.Key.Key_O)  # organic only
    qtbot.waitUntil(lambda: "Organic" in window.status.view_status.text(), timeout=10000)
    assert window.view._pixmap_item.pixmap().toImage() != standard
    assert window.view.transform() == transform_before  # zoom kept
    assert len(window.view.box_items) == 1  # cues stay on top

    qtbot.keyClick(window, Qt.Key.Key_Home)
    qtbot.waitUntil(
        lambda: window.status.view_status.text() == "View: Standard image", timeout=10000
    )
    assert window.view._pixmap_item.pixmap().toImage() == standard
    window.close()


def test_shift_change_records_the_new_inspector(qtbot, tmp_path: Path, tiny_model: Path):
    window = _window(qtbot, FileListFeed(_scan_files(tmp_path, 2)), tmp_path, tiny_model)
    qtbot.waitUntil(lambda: window.current is not None and len(window.queue) == 1, timeout=15000)
    _decide_with_keys(qtbot, window, Qt.Key.Key_C)
    window.set_inspector("bram", "bram (inspector)")
    assert "bram (inspector)" in window.status.inspector_status.text()
    _decide_with_keys(qtbot, window, Qt.Key.Key_R)
    window.close()
    names = sqlite3.connect(tmp_path / "log.sqlite").execute(
        "SELECT inspector FROM decision_log ORDER BY decision_id"
    )
    assert [n for (n,) in names] == ["tester", "bram"]


def test_a_log_that_fails_its_start_check_stops_screening_and_says_why(
    qtbot, tmp_path: Path, tiny_model: Path
):
    window = _window(qtbot, FileListFeed(_scan_files(tmp_path, 1)), tmp_path, tiny_model)
    qtbot.waitUntil(lambda: window.current is not None, timeout=15000)
    _decide_with_keys(qtbot, window, Qt.Key.Key_C)
    window.close()
    with sqlite3.connect(tmp_path / "log.sqlite") as db:  # an edit behind the app's back
        db.execute("UPDATE decisions SET inspector = 'someone-else'")

    window = _window(qtbot, FileListFeed([]), tmp_path, tiny_model)
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=15000)
    assert "verify --acknowledge" in window.banner.text()
    status = window.status.model_status.text()
    assert "log check failed" in status and "NOT LOADED" not in status
    window.close()

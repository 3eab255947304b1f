"""Changing the model at the station: a good one takes over, a broken one is refused and the
current model stays in use; only supervisors may do it."""

from __future__ import annotations

from pathlib import Path

from window_factory import station_window

from inspector_app.feeds.files import FileListFeed
from inspector_app.qt.main_window import MainWindow


def _window(qtbot, tmp_path: Path, model: Path) -> MainWindow:
    window = station_window(FileListFeed([]), model, tmp_path, "sup")
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.model_ready, timeout=20000):
        window.start()
    return window


def test_a_valid_model_takes_over_and_is_reported(qtbot, tmp_path: Path, fixed_box_model):
    first = fixed_box_model([(0, 0.5, 0.5, 0.2, 0.2, 0.9)], ["knife"], "first")
    second = fixed_box_model([(0, 0.5, 0.5, 0.2, 0.2, 0.9)], ["knife", "handgun"], "second")
    window = _window(qtbot, tmp_path, first)
    before = window.model
    with qtbot.waitSignal(window.model_changed, timeout=30000) as changed:
        window.load_model(second)
    assert changed.args[0].sha256 != before.sha256 and window.model == changed.args[0]
    assert window.screening.screener.detector.class_names == ("knife", "handgun")
    assert window.model.sha256[:12] in window.status.model_status.text()
    window.close()


def test_a_broken_model_is_refused_and_the_current_one_stays(
    qtbot, tmp_path: Path, fixed_box_model
):
    good = fixed_box_model([(0, 0.5, 0.5, 0.2, 0.2, 0.9)], ["knife"])
    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"\x08\x07garbage")
    window = _window(qtbot, tmp_path, good)
    before = window.model
    with qtbot.waitSignal(window.model_refused, timeout=30000):
        window.load_model(broken)
    assert window.model == before and window.screening.screener.detector.info == before
    assert "current model stays in use" in window.banner.text()
    assert before.sha256[:12] in window.status.model_status.text()
    window.close()


def test_inspectors_cannot_change_the_model(qtbot, tmp_path: Path, fixed_box_model):
    window = _window(qtbot, tmp_path, fixed_box_model([], ["knife"]))
    window.may_change_model = lambda: False
    window._choose_model()
    assert "supervisor" in window.banner.text()
    window.close()

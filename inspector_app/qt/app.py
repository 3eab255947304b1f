"""Start the workstation: QApplication, theme, error hook and the main window."""

from __future__ import annotations

import sys
import threading
import traceback

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from inspector_app.feeds.base import Feed
from inspector_app.qt.main_window import MainWindow, StationConfig
from inspector_app.qt.theme import apply_dark_theme


def install_error_hook(window: MainWindow) -> None:
    """Uncaught errors, in any thread, reach the inspector as a message, not a dead window."""

    def show(exc_type, exc, tb) -> None:
        traceback.print_exception(exc_type, exc, tb)
        QTimer.singleShot(0, lambda: window.notify(f"Unexpected error: {exc}"))

    sys.excepthook = show
    threading.excepthook = lambda args: show(args.exc_type, args.exc_value, args.exc_traceback)


def run_gui(feed: Feed, config: StationConfig, exit_after_s: float | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("inspector-app")
    apply_dark_theme(app)
    window = MainWindow(feed, config)
    install_error_hook(window)
    window.resize(1400, 860)
    window.show()
    window.start()
    if exit_after_s is not None:
        QTimer.singleShot(int(exit_after_s * 1000), window.close)
    return app.exec()

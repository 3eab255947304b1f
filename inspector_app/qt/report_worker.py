"""Run one report job (export, statistics, a list for a filter) off the GUI thread.

Why a QThread per job and not the shared pool: report jobs are rare, run for seconds, must be
cancellable and must open their own SQLite connection in the thread that uses it (one
connection per thread, see DESIGN.md). The job is a plain function of the Qt-free core that
takes a progress callback and a cancel flag; this class only turns its outcome into signals,
which Qt delivers to the widgets on the GUI thread.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlite_utils
from PySide6.QtCore import QObject, QThread, Signal

from inspector_app.reports.progress import (
    CancelFlag,
    ExportCancelled,
    ExportError,
    ProgressCallback,
)

Job = Callable[[ProgressCallback, CancelFlag], Any]


class ReportWorker(QThread):
    """Signals: `progressed(fraction, message)`, then exactly one of `succeeded(result)`,
    `failed(message)` or `cancelled()`."""

    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, job: Job, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job = job
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the job to stop at its next step; it ends with `cancelled`."""
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            result = self._job(self.progressed.emit, self._cancel)
        except ExportCancelled:
            self.cancelled.emit()
        except ExportError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # shown to the supervisor: never a dead dialog
            traceback.print_exc()
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            if self._cancel.is_set():
                self.cancelled.emit()
            else:
                self.succeeded.emit(result)


def with_log(db_path: Path, work: Callable[[sqlite_utils.Database], Any]) -> Any:
    """Open the decision log in the calling (worker) thread, run `work`, close it."""
    from inspector_app.reports.records import open_log

    db = open_log(db_path)
    try:
        return work(db)
    finally:
        db.conn.close()

"""Background workers. The GUI thread only receives their results through signals.

FeedThread pulls scans from a feed. ScreeningWorker lives in its own thread and owns the
onnxruntime session and its own SQLite connection; Qt's queued connection is its queue, so
scans that arrive faster than inference are waited on, never dropped.
"""

from __future__ import annotations

import threading
import traceback
from pathlib import Path

from PySide6.QtCore import QMetaObject, QObject, Qt, QThread, Signal, Slot

from inspector_app.domain import Scan
from inspector_app.feeds.base import Feed, FeedItem, ScanFailure
from inspector_app.tip import TipInjector, TipSettings


class FeedThread(QThread):
    item = Signal(object)  # FeedItem
    failed = Signal(str)

    def __init__(self, feed: Feed, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.feed = feed
        self._stop = threading.Event()

    def run(self) -> None:
        try:
            for item in self.feed.items(self._stop):
                self.item.emit(item)
        except Exception as exc:  # a broken feed is reported, never fatal
            traceback.print_exc()
            self.failed.emit(
                self.tr("The {feed} feed stopped: {error}").format(feed=self.feed.name, error=exc)
            )

    def stop(self) -> None:
        self._stop.set()
        self.wait(5000)


class ScreeningWorker(QObject):
    ready = Signal(object, object)  # ModelInfo, tuple of class names
    model_switched = Signal(object, object)  # ModelInfo, tuple of class names
    model_switch_failed = Signal(str)
    load_failed = Signal(str)
    screened = Signal(object)  # ScreenedScan
    recovered = Signal(object)  # list[ScreenedScan] left undecided by an earlier session
    quarantined = Signal(object, str)  # ScanFailure, reason shown to the inspector
    problem = Signal(str)

    def __init__(
        self,
        model_path: Path,
        db_path: Path,
        evidence_dir: Path,
        conf: float | None,
        tip: TipSettings | None = None,
    ):
        super().__init__()
        self.model_path = model_path
        self.db_path = db_path
        self.evidence_dir = evidence_dir
        self.conf = conf
        self.tip = tip
        self.screener = None

    @Slot()
    def load(self) -> None:
        """Runs in the worker thread, so the session and the DB connection belong to it."""
        from inspector_app.detection import ModelLoadError, load_validated
        from inspector_app.screening import Screener
        from inspector_app.storage.decision_log import DecisionLog
        from inspector_app.storage.evidence import EvidenceStore

        try:
            # Validated in a child process first: a model that crashes onnxruntime cannot
            # take the workstation down.
            detector = load_validated(self.model_path)
        except ModelLoadError as exc:
            self.load_failed.emit(
                self.tr("The detection model could not be loaded: {error}").format(error=exc)
            )
            return
        try:
            log = DecisionLog(self.db_path)
        except Exception as exc:
            self.load_failed.emit(
                self.tr("The decision log could not be opened: {error}").format(error=exc)
            )
            return
        injector = TipInjector(self.tip) if self.tip is not None and self.tip.enabled else None
        self.screener = Screener(
            detector, log, EvidenceStore(self.evidence_dir), self.conf, injector
        )
        self.ready.emit(detector.info, tuple(detector.class_names))
        recovered, problems = self.screener.recover_undecided()
        for message in problems:
            self.problem.emit(message)
        if recovered:
            self.recovered.emit(recovered)

    @Slot(object, object)
    def update_screening(self, conf: float | None, tip: TipSettings) -> None:
        """New station settings apply from the next scan on."""
        self.conf, self.tip = conf, tip
        if self.screener is not None:
            self.screener.conf = conf
            self.screener.tip = TipInjector(tip) if tip.enabled else None

    @Slot(str)
    def switch_model(self, path: str) -> None:
        """Validate a new model out of process; only then replace the one in use."""
        from inspector_app.detection import ModelLoadError, load_validated

        try:
            detector = load_validated(Path(path))
        except ModelLoadError as exc:
            self.model_switch_failed.emit(str(exc))
            return
        self.model_path = Path(path)
        if self.screener is None:  # no model was usable before: start screening now
            self.load()
            return
        self.screener.detector = detector
        self.model_switched.emit(detector.info, tuple(detector.class_names))

    @Slot(object)
    def process(self, item: FeedItem) -> None:
        if self.screener is None:
            self.problem.emit(self.tr("Scans cannot be screened: no model is loaded."))
            return
        try:
            if isinstance(item, ScanFailure):
                self.screener.quarantine(item)
                self.quarantined.emit(item, item.reason)
                return
            assert isinstance(item, Scan)
            self.screened.emit(self.screener.screen(item))
        except Exception as exc:  # disk full, DB locked...: tell the inspector, keep going
            traceback.print_exc()
            scan_id = getattr(item, "scan_id", "?")
            self.problem.emit(
                self.tr("Scan {scan} could not be stored or screened: {error}").format(
                    scan=scan_id, error=exc
                )
            )

    @Slot()
    def close(self) -> None:
        """Runs in the worker thread: the SQLite connection must be closed where it was made."""
        if self.screener is not None:
            self.screener.log.close()
            self.screener = None


class WorkerThread:
    """A QThread hosting one QObject worker, started and stopped together."""

    def __init__(self, worker: QObject) -> None:
        self.thread = QThread()
        self.worker = worker
        worker.moveToThread(self.thread)
        self.thread.start()

    def stop(self) -> None:
        if hasattr(self.worker, "close") and self.thread.isRunning():
            QMetaObject.invokeMethod(
                self.worker, "close", Qt.ConnectionType.BlockingQueuedConnection
            )
        self.thread.quit()
        self.thread.wait(10000)

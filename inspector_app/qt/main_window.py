"""The inspector's main window: scan view, detections, queue and one-key decisions."""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QMetaObject, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain import Category, Decision, ModelInfo, Verdict
from inspector_app.feeds.base import Feed, FeedItem, ScanFailure, now
from inspector_app.qt.image_tools import TOOL_SHORTCUTS, ImageToolController
from inspector_app.qt.scan_view import ScanView
from inspector_app.qt.workers import FeedThread, ScreeningWorker, WorkerThread
from inspector_app.screening import ScreenedScan
from inspector_app.storage.decision_log import DecisionLog

CATEGORY_KEYS: list[tuple[str, Category]] = [
    (str(number), category) for number, category in enumerate(Category, start=1)
]


@dataclass(frozen=True)
class StationConfig:
    model_path: Path
    db_path: Path
    evidence_dir: Path
    inspector: str
    conf: float | None = None


class MainWindow(QMainWindow):
    decision_saved = Signal(int)  # decision row id
    scan_shown = Signal(str)  # scan id

    def __init__(self, feed: Feed, config: StationConfig) -> None:
        super().__init__()
        self.setWindowTitle("Inspector — X-ray parcel screening")
        self.feed = feed
        self.config = config
        self.queue: deque[ScreenedScan] = deque()
        self.current: ScreenedScan | None = None
        self.shown_at = 0.0
        self.in_screening = 0
        self.decided = 0
        self.model: ModelInfo | None = None
        self._queue_items: dict[str, QListWidgetItem] = {}
        self.inspector_label = config.inspector
        self.log = DecisionLog(config.db_path)

        self._build_widgets()
        self.image_tools = ImageToolController(self)
        self.image_tools.image_ready.connect(self._on_tool_image)
        self.image_tools.failed.connect(lambda _sid, _name, message: self.notify(message))
        self._build_actions()
        self._set_suspect_mode(False)
        self._update_status()

        self.worker = ScreeningWorker(
            config.model_path, config.db_path, config.evidence_dir, config.conf
        )
        self.worker.ready.connect(self._on_model_ready)
        self.worker.load_failed.connect(self._on_model_failed)
        self.worker.screened.connect(self._on_screened)
        self.worker.recovered.connect(self._on_recovered)
        self.worker.quarantined.connect(self._on_quarantined)
        self.worker.problem.connect(self.notify)
        self.worker_thread = WorkerThread(self.worker)
        self.feed_thread = FeedThread(feed)
        self.feed_thread.item.connect(self._on_feed_item)
        self.feed_thread.item.connect(self.worker.process)
        self.feed_thread.failed.connect(self.notify)

    # ----- construction -------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.view = ScanView()
        self.scan_title = QLabel("Waiting for the first scan…")
        self.scan_title.setWordWrap(True)
        self.scan_title.setObjectName("scanTitle")
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setObjectName("banner")
        self.banner.hide()
        self.detection_list = QListWidget()
        self.detection_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.queue_label = QLabel()
        self.queue_list = QListWidget()
        self.queue_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        decide_box = QGroupBox("Decision")
        decide_layout = QVBoxLayout(decide_box)
        self.clear_button = QPushButton("Clear  [C]")
        self.suspect_button = QPushButton("Suspect…  [S]")
        self.refer_button = QPushButton("Refer to manual search  [R]")
        for button in (self.clear_button, self.suspect_button, self.refer_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumHeight(36)
            decide_layout.addWidget(button)
        self.clear_button.setObjectName("clearButton")
        self.suspect_button.setObjectName("suspectButton")
        self.refer_button.setObjectName("referButton")
        self.clear_button.clicked.connect(lambda: self.decide(Verdict.CLEAR))
        self.suspect_button.clicked.connect(lambda: self._set_suspect_mode(True))
        self.refer_button.clicked.connect(lambda: self.decide(Verdict.REFER))

        self.category_box = QGroupBox("Suspect: choose a category (Esc to cancel)")
        grid = QGridLayout(self.category_box)
        self.category_buttons: dict[Category, QPushButton] = {}
        for index, (key, category) in enumerate(CATEGORY_KEYS):
            button = QPushButton(f"{key}  {category.value.replace('_', ' ').capitalize()}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, c=category: self.decide(Verdict.SUSPECT, c))
            grid.addWidget(button, index // 2, index % 2)
            self.category_buttons[category] = button
        decide_layout.addWidget(self.category_box)

        panel = QWidget()
        panel.setMinimumWidth(320)
        panel.setMaximumWidth(460)
        layout = QVBoxLayout(panel)
        layout.addWidget(self.banner)
        layout.addWidget(self.scan_title)
        layout.addWidget(QLabel("Detector cues"))
        layout.addWidget(self.detection_list, 2)
        layout.addWidget(decide_box)
        layout.addWidget(self.queue_label)
        layout.addWidget(self.queue_list, 3)

        splitter = QSplitter()
        splitter.addWidget(self.view)
        splitter.addWidget(panel)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([1040, 360])
        self.setCentralWidget(splitter)

        self.view_status = QLabel("View: standard")
        self.statusBar().addWidget(self.view_status)
        self.feed_status = QLabel(f"Feed: {self.feed.name}")
        self.model_status = QLabel("Model: loading…")
        self.backlog_status = QLabel()
        self.inspector_status = QLabel(f"Inspector: {self.config.inspector}")
        for widget in (self.feed_status, self.model_status, self.backlog_status):
            self.statusBar().addPermanentWidget(widget)
        self.statusBar().addPermanentWidget(self.inspector_status)

    def _action(self, text: str, key: str, slot) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.clear_action = self._action("Clear", "C", lambda: self.decide(Verdict.CLEAR))
        self.suspect_action = self._action("Suspect", "S", lambda: self._set_suspect_mode(True))
        self.refer_action = self._action("Refer", "R", lambda: self.decide(Verdict.REFER))
        self.cancel_action = self._action("Cancel", "Esc", lambda: self._set_suspect_mode(False))
        self.category_actions = [
            self._action(category.value, key, lambda _=False, c=category: self._pick(c))
            for key, category in CATEGORY_KEYS
        ]
        self._action("Fit to window", "F", self.view.fit)
        self._action("Actual size", "Ctrl+1", self.view.actual_size)
        self._action("Zoom in", "+", lambda: self.view.zoom(ScanView.ZOOM_STEP))
        self._action("Zoom in", "=", lambda: self.view.zoom(ScanView.ZOOM_STEP))
        self._action("Zoom out", "-", lambda: self.view.zoom(1 / ScanView.ZOOM_STEP))
        self.tool_labels = {name: label for name, label, _key in TOOL_SHORTCUTS}
        for name, label, key in TOOL_SHORTCUTS:
            self._action(label, key, lambda _=False, n=name: self.image_tools.toggle(n))
        self._action("Standard image", "Home", self.image_tools.reset)

    # ----- lifecycle ----------------------------------------------------------------------
    def start(self) -> None:
        """Load the model in the worker; the feed starts once screening can run."""
        QMetaObject.invokeMethod(self.worker, "load", Qt.ConnectionType.QueuedConnection)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        self.image_tools.shutdown()
        if self.feed_thread.isRunning():
            self.feed_thread.stop()
        self.worker_thread.stop()
        self.log.close()

    # ----- worker results -----------------------------------------------------------------
    def _on_model_ready(self, info: ModelInfo) -> None:
        self.model = info
        self.model_status.setText(f"Model: {info.name} {info.version} ({info.sha256[:12]})")
        self.model_status.setToolTip(f"SHA-256 {info.sha256}")
        self.feed_thread.start()

    def _on_model_failed(self, message: str) -> None:
        self.model_status.setText("Model: NOT LOADED")
        self.notify(message + " Scans are not being screened.")

    def _on_feed_item(self, item: FeedItem) -> None:
        self.in_screening += 1
        self._add_queue_entry(item.scan_id)
        self._update_status()

    def _add_queue_entry(self, scan_id: str) -> None:
        entry = QListWidgetItem(f"{scan_id}  — screening…")
        self.queue_list.addItem(entry)
        self._queue_items[scan_id] = entry

    def _on_screened(self, screened: ScreenedScan) -> None:
        self.in_screening -= 1
        entry = self._queue_items.get(screened.scan.scan_id)
        if entry is not None:
            cue = f"{len(screened.detections)} cue(s)" if screened.alarm else "no cue"
            entry.setText(f"{screened.scan.scan_id}  — {cue}")
        self.queue.append(screened)
        if self.current is None:
            self._show_next()
        self._update_status()

    def _on_recovered(self, scans: list[ScreenedScan]) -> None:
        """Undecided scans from an earlier session go first: they have waited longest."""
        for screened in scans:
            self.in_screening += 1  # balanced by _on_screened
            self._add_queue_entry(screened.scan.scan_id)
            self._on_screened(screened)
        self.notify(
            f"{len(scans)} scan(s) from an earlier session had no decision: "
            "they are back in the queue."
        )

    def _on_quarantined(self, failure: ScanFailure, reason: str) -> None:
        self.in_screening -= 1
        entry = self._queue_items.pop(failure.scan_id, None)
        if entry is not None:
            self.queue_list.takeItem(self.queue_list.row(entry))
        self.notify(f"A scan could not be read and was set aside: {reason}")
        self._update_status()

    def _on_tool_image(self, scan_id: str, name: str, rgb) -> None:
        if self.current is not None and self.current.scan.scan_id == scan_id:
            self.view.set_image(rgb)
            self.view_status.setText(f"View: {self.tool_labels.get(name, 'standard')}")

    # ----- review -------------------------------------------------------------------------
    def _show_next(self) -> None:
        self._set_suspect_mode(False)
        if not self.queue:
            self.current = None
            self.view.clear_scan()
            self.image_tools.set_scan(None)
            self.detection_list.clear()
            self.scan_title.setText("No scan waiting.")
            self._set_decision_enabled(False)
            return
        self.current = self.queue.popleft()
        scan = self.current.scan
        entry = self._queue_items.get(scan.scan_id)
        if entry is not None:
            entry.setText("▶ " + entry.text())
            self.queue_list.setCurrentItem(entry)
        self.view.show_scan(scan.image, self.current.detections)
        self.image_tools.set_scan(scan)
        self.view_status.setText("View: standard")
        self.detection_list.clear()
        for det in self.current.detections:
            self.detection_list.addItem(f"{det.label}  {det.score:.0%}")
        if not self.current.detections:
            self.detection_list.addItem("No detector cue — look at the whole scan.")
        received = scan.received_at.astimezone().strftime("%H:%M:%S")
        self.scan_title.setText(f"<b>{scan.scan_id}</b><br>{scan.source} · received {received}")
        if self.current.warning:
            self.notify(self.current.warning)
        self._set_decision_enabled(True)
        self.shown_at = time.monotonic()
        self.scan_shown.emit(scan.scan_id)

    def _set_decision_enabled(self, enabled: bool) -> None:
        for widget in (self.clear_button, self.suspect_button, self.refer_button):
            widget.setEnabled(enabled)
        for action in (self.clear_action, self.suspect_action, self.refer_action):
            action.setEnabled(enabled)

    def _set_suspect_mode(self, on: bool) -> None:
        on = on and self.current is not None
        self.category_box.setVisible(on)
        for action in self.category_actions:
            action.setEnabled(on)
        self.cancel_action.setEnabled(on)

    def _pick(self, category: Category) -> None:
        self.decide(Verdict.SUSPECT, category)

    def decide(self, verdict: Verdict, category: Category | None = None) -> None:
        if self.current is None:
            return
        if verdict is Verdict.SUSPECT and category is None:
            self._set_suspect_mode(True)
            return
        decision = Decision(
            scan_id=self.current.scan.scan_id,
            verdict=verdict,
            category=category,
            inspector=self.config.inspector,
            decided_at=now(),
            duration_s=time.monotonic() - self.shown_at,
        )
        try:
            row_id = self.log.record_decision(decision)
        except Exception as exc:  # the scan stays on screen: nothing is lost, retry is possible
            self.notify(f"The decision was NOT saved ({exc}). Please decide again.")
            return
        self.decided += 1
        entry = self._queue_items.pop(decision.scan_id, None)
        if entry is not None:
            self.queue_list.takeItem(self.queue_list.row(entry))
        self.statusBar().showMessage(
            f"Saved: {decision.scan_id} — {verdict.value}"
            + (f" ({category.value})" if category else ""),
            4000,
        )
        self.decision_saved.emit(row_id)
        self._show_next()
        self._update_status()

    # ----- feedback -----------------------------------------------------------------------
    def notify(self, message: str) -> None:
        """Problems are shown in words, on screen, and kept until the next one replaces them."""
        self.banner.setText(message)
        self.banner.show()
        self.statusBar().showMessage(message, 10000)

    def _update_status(self) -> None:
        waiting = len(self.queue)
        self.queue_label.setText(
            f"Queue — {waiting} waiting for you, {self.in_screening} being screened"
        )
        self.backlog_status.setText(f"Backlog: {waiting + self.in_screening}")
        self.inspector_status.setText(f"Inspector: {self.inspector_label} · {self.decided} decided")

    def set_inspector(self, name: str, label: str) -> None:
        """A new sign-in (shift change): later decisions carry the new name."""
        self.config = replace(self.config, inspector=name)
        self.inspector_label = label
        self.decided = 0
        self._update_status()

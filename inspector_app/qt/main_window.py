"""The inspector's main window: scan view, cues, parcel details, queue and one-key decisions.

The review rules live in inspector_app.review (Qt-free); this class turns keys and clicks
into calls on that state and renders it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from PySide6.QtCore import QMetaObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QListWidgetItem, QMainWindow, QSplitter

from inspector_app.domain import Box, Category, ModelInfo, Verdict
from inspector_app.feeds.base import Feed, FeedItem, ScanFailure, now
from inspector_app.qt.image_tools import TOOL_SHORTCUTS, ImageToolController
from inspector_app.qt.review_panel import CATEGORY_KEYS, ReviewPanel, category_text
from inspector_app.qt.scan_view import ScanView
from inspector_app.qt.workers import FeedThread, ScreeningWorker, WorkerThread
from inspector_app.review import ReviewDraft, ReviewQueue, UndoWindow
from inspector_app.screening import ScreenedScan
from inspector_app.storage.decision_log import DecisionLog
from inspector_app.storage.tip_log import TipLog
from inspector_app.tip import TipSettings

CUE_OPACITIES = (1.0, 0.6, 0.3)


@dataclass(frozen=True)
class Appearance:
    theme: str = "dark"
    font_pt: int = 10


@dataclass(frozen=True)
class StationConfig:
    model_path: Path
    db_path: Path
    evidence_dir: Path
    inspector: str
    conf: float | None = None
    look_first: bool = False  # cues appear only when asked for (against automation bias)
    alarms_first: bool = False
    undo_window_s: float = 10.0
    tip: TipSettings = field(default_factory=TipSettings)


class MainWindow(QMainWindow):
    decision_saved = Signal(int)  # decision row id
    decision_undone = Signal(int)
    tip_feedback = Signal(bool)  # True: the inspector flagged the projected threat
    appearance_changed = Signal(object)  # Appearance, for the app to apply and persist
    scan_shown = Signal(str)  # scan id

    def __init__(self, feed: Feed, config: StationConfig) -> None:
        super().__init__()
        self.setWindowTitle("Inspector — X-ray parcel screening")
        # The window, not a text field, holds the keyboard: single-key decisions must work.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.feed = feed
        self.config = config
        self.queue = ReviewQueue(alarms_first=config.alarms_first)
        self.draft: ReviewDraft | None = None
        self.undo = UndoWindow(config.undo_window_s)
        self.in_screening = 0
        self.decided = 0
        self.model: ModelInfo | None = None
        self.inspector_label = config.inspector
        self.appearance = Appearance()
        self._queue_items: dict[str, QListWidgetItem] = {}
        self.log = DecisionLog(config.db_path)
        self.tip_log = TipLog(self.log.db)
        self.tip_pending: ScreenedScan | None = None  # the real parcel behind a TIP image

        self._build_widgets()
        self.image_tools = ImageToolController(self)
        self.image_tools.image_ready.connect(self._on_tool_image)
        self.image_tools.failed.connect(lambda _sid, _name, message: self.notify(message))
        self._build_actions()
        self._set_suspect_mode(False)
        self._set_decision_enabled(False)
        self._update_status()
        self._undo_timer = QTimer(self, interval=500, timeout=self._update_undo_hint)
        self._undo_timer.start()

        self.worker = ScreeningWorker(
            config.model_path, config.db_path, config.evidence_dir, config.conf, config.tip
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

    @property
    def current(self) -> ScreenedScan | None:
        return self.draft.screened if self.draft else None

    # ----- construction -------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.view = ScanView()
        self.view.box_clicked.connect(self._select_box)
        self.view.region_drawn.connect(self._on_region_drawn)
        self.panel = ReviewPanel()
        panel = self.panel
        # Short names for the widgets tests and the session controller talk to.
        self.banner, self.scan_title = panel.banner, panel.scan_title
        self.detection_list, self.category_box = panel.detection_list, panel.category_box
        self.queue_label, self.queue_list = panel.queue_label, panel.queue_list
        panel.clear_button.clicked.connect(lambda: self.decide(Verdict.CLEAR))
        panel.suspect_button.clicked.connect(lambda: self._set_suspect_mode(True))
        panel.refer_button.clicked.connect(lambda: self.decide(Verdict.REFER))
        for category, button in panel.category_buttons.items():
            button.clicked.connect(lambda _=False, c=category: self.decide(Verdict.SUSPECT, c))
        for text_field in (panel.parcel_id, panel.note):
            text_field.returnPressed.connect(self._back_to_scan)
        for box in (panel.origin, panel.destination):
            box.lineEdit().returnPressed.connect(self._back_to_scan)

        splitter = QSplitter()
        splitter.addWidget(self.view)
        splitter.addWidget(panel)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([1040, 360])
        self.setCentralWidget(splitter)

        self.view_status = panel_label = self._status_label("View: standard")
        self.statusBar().addWidget(panel_label)
        self.feed_status = self._status_label(f"Feed: {self.feed.name}")
        self.model_status = self._status_label("Model: loading…")
        self.backlog_status = self._status_label("")
        self.inspector_status = self._status_label("")
        for widget in (
            self.feed_status,
            self.model_status,
            self.backlog_status,
            self.inspector_status,
        ):
            self.statusBar().addPermanentWidget(widget)

    def _status_label(self, text: str):
        from PySide6.QtWidgets import QLabel

        return QLabel(text)

    def _action(self, menu, text: str, keys: str | list[str], slot) -> QAction:
        """An action in a menu (for discovery and the F1 sheet) with its window-wide keys."""
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(k) for k in ([keys] if isinstance(keys, str) else keys)])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        decide = bar.addMenu(self.tr("&Decision"))
        self.clear_action = self._action(
            decide, self.tr("Clear"), "C", lambda: self.decide(Verdict.CLEAR)
        )
        self.suspect_action = self._action(
            decide, self.tr("Suspect…"), "S", lambda: self._set_suspect_mode(True)
        )
        self.refer_action = self._action(
            decide, self.tr("Refer to manual search"), "R", lambda: self.decide(Verdict.REFER)
        )
        categories = decide.addMenu(self.tr("Suspect category"))
        self.category_actions = [
            self._action(
                categories, category_text(category), key, lambda _=False, c=category: self._pick(c)
            )
            for key, category in CATEGORY_KEYS
        ]
        self.cancel_action = self._action(decide, self.tr("Cancel"), "Esc", self._cancel)
        decide.addSeparator()
        self._action(decide, self.tr("Undo last decision"), "Ctrl+Z", self.undo_last)
        self.continue_action = self._action(
            decide, self.tr("Continue after a TIP test"), "Return", self._after_tip
        )
        self.continue_action.setEnabled(False)
        decide.addSeparator()
        self._action(decide, self.tr("Parcel ID"), ["P", "F12"], lambda: self._focus_field("id"))
        self._action(decide, self.tr("Note"), "F2", lambda: self._focus_field("note"))
        self._action(decide, self.tr("Alarms first / arrival order"), "Q", self._toggle_order)

        cues = bar.addMenu(self.tr("C&ues"))
        self._action(cues, self.tr("Show / hide cues"), "Space", self.toggle_cues)
        self._action(cues, self.tr("Next cue"), "Tab", lambda: self._cycle_box(+1))
        self._action(cues, self.tr("Previous cue"), "Shift+Tab", lambda: self._cycle_box(-1))
        self._action(cues, self.tr("Confirm cue"), "A", lambda: self._judge_selected(True))
        self._action(cues, self.tr("Reject cue"), "X", lambda: self._judge_selected(False))
        self._action(cues, self.tr("Cue opacity"), "V", self._cycle_opacity)
        self._action(cues, self.tr("Draw a missed item"), "B", self._toggle_drawing)
        self._action(cues, self.tr("Remove last drawn item"), "Del", self._remove_last_mark)

        image = bar.addMenu(self.tr("&Image"))
        self._action(image, self.tr("Standard image"), "Home", self.image_tools.reset)
        self.tool_labels = {name: label for name, label, _key in TOOL_SHORTCUTS}
        for name, label, key in TOOL_SHORTCUTS:
            self._action(image, label, key, lambda _=False, n=name: self.image_tools.toggle(n))

        view = bar.addMenu(self.tr("&View"))
        self._action(view, self.tr("Fit to window"), "F", self.view.fit)
        self._action(view, self.tr("Actual size"), "Ctrl+1", self.view.actual_size)
        self._action(
            view, self.tr("Zoom in"), ["+", "="], lambda: self.view.zoom(ScanView.ZOOM_STEP)
        )
        self._action(view, self.tr("Zoom out"), "-", lambda: self.view.zoom(1 / ScanView.ZOOM_STEP))
        view.addSeparator()
        self._action(view, self.tr("Larger text"), "Ctrl++", lambda: self._change_font(+1))
        self._action(view, self.tr("Smaller text"), "Ctrl+-", lambda: self._change_font(-1))
        self._action(view, self.tr("Light / dark theme"), "Ctrl+Shift+T", self._toggle_theme)

        self.station_menu = bar.addMenu(self.tr("&Station"))
        help_menu = bar.addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("Keyboard shortcuts"), "F1", self.show_shortcuts)

    def show_shortcuts(self) -> None:
        from inspector_app.qt.shortcut_sheet import ShortcutSheet

        ShortcutSheet(self.menuBar(), self).exec()

    def _change_font(self, step: int) -> None:
        self.appearance = replace(
            self.appearance, font_pt=max(8, min(20, self.appearance.font_pt + step))
        )
        self.appearance_changed.emit(self.appearance)

    def _toggle_theme(self) -> None:
        theme = "light" if self.appearance.theme == "dark" else "dark"
        self.appearance = replace(self.appearance, theme=theme)
        self.appearance_changed.emit(self.appearance)

    # ----- lifecycle ----------------------------------------------------------------------
    def start(self) -> None:
        """Load the model in the worker; the feed starts once screening can run."""
        QMetaObject.invokeMethod(self.worker, "load", Qt.ConnectionType.QueuedConnection)
        self.setFocus()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        self._undo_timer.stop()
        self.image_tools.shutdown()
        if self.feed_thread.isRunning():
            self.feed_thread.stop()
        self.worker_thread.stop()
        self.log.close()

    # ----- worker results -----------------------------------------------------------------
    def _on_model_ready(self, info: ModelInfo, class_names: tuple[str, ...]) -> None:
        self.model = info
        self.model_status.setText(f"Model: {info.name} {info.version} ({info.sha256[:12]})")
        self.model_status.setToolTip(f"SHA-256 {info.sha256}")
        self.panel.mark_label.clear()
        self.panel.mark_label.addItems([*class_names, "other"])
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
            cue = f"⚠ {len(screened.detections)} cue(s)" if screened.alarm else "no cue"
            entry.setText(f"{screened.scan.scan_id}  — {cue}")
        self.queue.append(screened)
        if self.draft is None:
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
        if self.current is not None and scan_id in (
            self.current.scan.scan_id,
            f"{self.current.scan.scan_id}#tip",
        ):
            self.view.set_image(rgb)
            self.view_status.setText(f"View: {self.tool_labels.get(name, 'standard')}")

    # ----- showing a scan -------------------------------------------------------------------
    def _show_next(self) -> None:
        self._show(self.queue.pop_next())

    def _show(self, screened: ScreenedScan | None, draft: ReviewDraft | None = None) -> None:
        self._set_suspect_mode(False)
        self.panel.reset_details()
        if screened is None:
            self.draft = None
            self.view.clear_scan()
            self.image_tools.set_scan(None)
            self.detection_list.clear()
            self.scan_title.setText("No scan waiting.")
            self._set_decision_enabled(False)
            self._update_status()
            return
        self.draft = draft or ReviewDraft(
            screened, shown_at=time.monotonic(), cues_visible=not self.config.look_first
        )
        scan = screened.scan
        for entry in self._queue_items.values():
            entry.setText(entry.text().removeprefix("▶ "))
        entry = self._queue_items.get(scan.scan_id)
        if entry is not None:
            entry.setText("▶ " + entry.text())
            self.queue_list.setCurrentItem(entry)
        shown = scan
        if screened.tip is not None:  # a TIP test: the inspector sees the projected threat
            tip = screened.tip
            shown = replace(
                scan, scan_id=f"{scan.scan_id}#tip", image=tip.image, low=tip.low, high=tip.high
            )
        self.view.show_scan(shown.image, screened.detections, self.draft.cues_visible)
        self.view.set_cue_opacity(self.view.cue_opacity)
        for mark in self.draft.marks:
            self.view.add_mark(mark.label, mark.box)
        for index, confirmed in self.draft.box_verdicts.items():
            self.view.set_box_verdict(index, confirmed)
        self.panel.parcel_id.setText(self.draft.parcel_id)
        self.panel.origin.setEditText(self.draft.origin_country)
        self.panel.destination.setEditText(self.draft.destination_country)
        self.panel.note.setText(self.draft.note)
        self.image_tools.set_scan(shown)
        self.view_status.setText("View: standard")
        self._render_cue_list()
        received = scan.received_at.astimezone().strftime("%H:%M:%S")
        self.scan_title.setText(f"<b>{scan.scan_id}</b><br>{scan.source} · received {received}")
        if screened.warning:
            self.notify(screened.warning)
        self._set_decision_enabled(True)
        self._update_status()
        self.scan_shown.emit(scan.scan_id)

    def _render_cue_list(self) -> None:
        self.detection_list.clear()
        if self.draft is None:
            return
        detections = self.draft.screened.detections
        if not detections:
            self.detection_list.addItem("No detector cue — look at the whole scan.")
            return
        if not self.draft.cues_visible:
            self.detection_list.addItem(
                f"{len(detections)} cue(s) hidden — look first, then Space to show them."
            )
            return
        for index, det in enumerate(detections):
            verdict = self.draft.box_verdicts.get(index)
            mark = {True: "✓ ", False: "✗ ", None: "   "}[verdict]
            self.detection_list.addItem(f"{mark}{det.label}  {det.score:.0%}")
        if self.view.selected is not None:
            self.detection_list.setCurrentRow(self.view.selected)

    # ----- cues, boxes and drawn regions -----------------------------------------------------
    def toggle_cues(self) -> None:
        if self.draft is None:
            return
        if self.draft.cues_visible:
            self.draft.cues_visible = False
        else:
            self.draft.reveal_cues(time.monotonic())
        self.view.set_cues_visible(self.draft.cues_visible)
        self._render_cue_list()

    def _cycle_opacity(self) -> None:
        position = CUE_OPACITIES.index(self.view.cue_opacity)
        self.view.set_cue_opacity(CUE_OPACITIES[(position + 1) % len(CUE_OPACITIES)])

    def _cycle_box(self, step: int) -> None:
        if self.draft is None or not self.draft.cues_visible or not self.view.box_items:
            return
        count = len(self.view.box_items)
        current = self.view.selected
        self._select_box(0 if current is None else (current + step) % count)

    def _select_box(self, index: int) -> None:
        if self.draft is not None and self.draft.cues_visible:
            self.view.select_box(index)
            self._render_cue_list()

    def _judge_selected(self, confirmed: bool) -> None:
        if self.draft is None or self.view.selected is None or not self.draft.cues_visible:
            return
        self.draft.set_box_verdict(self.view.selected, confirmed)
        self.view.set_box_verdict(self.view.selected, confirmed)
        self._render_cue_list()

    def _toggle_drawing(self) -> None:
        self.view.set_drawing(not self.view.drawing)
        if self.view.drawing:
            self.statusBar().showMessage(
                f"Drag over the missed item to mark it as '{self.panel.mark_label.currentText()}'"
                " (B to stop drawing).",
                5000,
            )

    def _on_region_drawn(self, box: Box) -> None:
        if self.draft is None:
            return
        label = self.panel.mark_label.currentText() or "other"
        self.draft.add_mark(label, box)
        self.view.add_mark(label, box)

    def _remove_last_mark(self) -> None:
        if self.draft is not None and self.draft.marks:
            self.draft.marks.pop()
            self.view.remove_last_mark()

    # ----- parcel details --------------------------------------------------------------------
    def _focus_field(self, which: str) -> None:
        if self.draft is not None:
            widget = self.panel.parcel_id if which == "id" else self.panel.note
            widget.setFocus()
            widget.selectAll()

    def _back_to_scan(self) -> None:
        """Enter in a field (or the barcode scanner's Enter) returns the keys to the scan."""
        self._collect_details()
        self.setFocus()

    def _collect_details(self) -> None:
        if self.draft is None:
            return
        self.draft.parcel_id = self.panel.parcel_id.text()
        self.draft.origin_country = self.panel.origin.code()
        self.draft.destination_country = self.panel.destination.code()
        self.draft.note = self.panel.note.text()

    def _toggle_order(self) -> None:
        self.queue.alarms_first = not self.queue.alarms_first
        order = "alarms first" if self.queue.alarms_first else "arrival order"
        self.statusBar().showMessage(f"Queue order: {order}", 4000)
        self._update_status()

    # ----- deciding ---------------------------------------------------------------------------
    def _set_decision_enabled(self, enabled: bool) -> None:
        for widget in (self.panel.clear_button, self.panel.suspect_button, self.panel.refer_button):
            widget.setEnabled(enabled)
        for action in (self.clear_action, self.suspect_action, self.refer_action):
            action.setEnabled(enabled)

    def _set_suspect_mode(self, on: bool) -> None:
        on = on and self.draft is not None
        self.category_box.setVisible(on)
        for action in self.category_actions:
            action.setEnabled(on)

    def _cancel(self) -> None:
        self._set_suspect_mode(False)
        self.view.set_drawing(False)
        self.setFocus()

    def _pick(self, category: Category) -> None:
        self.decide(Verdict.SUSPECT, category)

    def decide(self, verdict: Verdict, category: Category | None = None) -> None:
        if self.draft is None:
            return
        if verdict is Verdict.SUSPECT and category is None:
            self._set_suspect_mode(True)
            return
        self._collect_details()
        if self.draft.screened.tip is not None:
            self._answer_tip(verdict)
            return
        decision = self.draft.to_decision(
            verdict, category, self.config.inspector, now(), time.monotonic()
        )
        try:
            row_id = self.log.record_decision(decision)
        except Exception as exc:  # the scan stays on screen: nothing is lost, retry is possible
            self.notify(f"The decision was NOT saved ({exc}). Please decide again.")
            return
        self.decided += 1
        self.undo.remember(row_id, self.draft)
        entry = self._queue_items.pop(decision.scan_id, None)
        if entry is not None:
            self.queue_list.takeItem(self.queue_list.row(entry))
        detail = f" ({category_text(category)})" if category else ""
        self.statusBar().showMessage(
            f"Saved: {decision.scan_id} — {verdict.value}{detail}. Ctrl+Z to undo.", 4000
        )
        self.decision_saved.emit(row_id)
        self.setFocus()
        self._show_next()

    def _answer_tip(self, verdict: Verdict) -> None:
        """The inspector answered a TIP image: log it apart, tell them, then the real parcel."""
        assert self.draft is not None and self.draft.screened.tip is not None
        screened, tip = self.draft.screened, self.draft.screened.tip
        try:
            hit = self.tip_log.record_response(
                scan_id=screened.scan.scan_id,
                inspector=self.config.inspector,
                label=tip.label,
                box=tip.box,
                response=verdict,
                decided_at=now(),
                duration_s=time.monotonic() - self.draft.shown_at,
            )
        except Exception as exc:
            self.notify(f"The TIP answer could not be saved ({exc}).")
            hit = verdict is not Verdict.CLEAR
        what = tip.label.replace("_", " ")
        if hit:
            message = f"TIP test: a projected {what} was in this image. You flagged it: HIT."
        else:
            message = (
                f"TIP test: a projected {what} was in this image (outlined). You cleared it: "
                "MISS. Look at the outlined area."
            )
        self.view.add_mark(f"TIP {what}", tip.box)
        self.panel.tip_banner.setText(message + " Press Enter for the real parcel.")
        self.panel.tip_banner.setProperty("hit", hit)
        self.panel.tip_banner.style().polish(self.panel.tip_banner)
        self.panel.tip_banner.show()
        self.tip_pending = replace(screened, tip=None)
        self._set_suspect_mode(False)
        self._set_decision_enabled(False)
        self.continue_action.setEnabled(True)
        self.tip_feedback.emit(hit)

    def _after_tip(self) -> None:
        """Show the real parcel (no projection) for its real decision."""
        if self.tip_pending is None:
            return
        pending, self.tip_pending = self.tip_pending, None
        self.continue_action.setEnabled(False)
        self.panel.tip_banner.hide()
        self._show(pending)

    def undo_last(self) -> None:
        """Bring the last decision back for review, if still inside the undo window."""
        last = self.undo.take()
        if last is None:
            self.statusBar().showMessage("Nothing to undo (only the last decision, briefly).", 4000)
            return
        try:
            self.log.revoke_decision(last.decision_id, now())
        except Exception as exc:
            self.notify(f"The decision could not be undone ({exc}).")
            return
        if self.draft is not None:
            self._collect_details()
            self.queue.push_front(self.draft.screened)
        screened = last.draft.screened
        self._add_queue_entry(screened.scan.scan_id)
        self.decided -= 1
        self.decision_undone.emit(last.decision_id)
        # The decision clock continues from where it stopped: time spent before undo counts.
        last.draft.shown_at = time.monotonic() - (last.saved_at - last.draft.shown_at)
        self._show(screened, last.draft)
        self.statusBar().showMessage(f"Undone: {screened.scan.scan_id} is back for review.", 4000)

    # ----- feedback -----------------------------------------------------------------------
    def notify(self, message: str) -> None:
        """Problems are shown in words, on screen, and kept until the next one replaces them."""
        self.banner.setText(message)
        self.banner.show()
        self.statusBar().showMessage(message, 10000)

    def _update_undo_hint(self) -> None:
        remaining = self.undo.remaining_s()
        self.panel.undo_hint.setText(
            f"Ctrl+Z undoes the last decision ({remaining:.0f} s)" if remaining > 0 else ""
        )

    def _update_status(self) -> None:
        waiting = len(self.queue)
        order = "alarms first" if self.queue.alarms_first else "arrival order"
        self.queue_label.setText(
            f"Queue ({order}) — {waiting} waiting for you, {self.in_screening} being screened"
        )
        self.backlog_status.setText(f"Backlog: {waiting + self.in_screening}")
        self.inspector_status.setText(f"Inspector: {self.inspector_label} · {self.decided} decided")

    def set_inspector(self, name: str, label: str) -> None:
        """A new sign-in (shift change): later decisions carry the new name."""
        self.config = replace(self.config, inspector=name)
        self.inspector_label = label
        self.decided = 0
        self._update_status()

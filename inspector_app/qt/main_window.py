"""The inspector's main window: scan view, cues, parcel details, queue and one-key decisions.

The review rules live in inspector_app.review (Qt-free); this class turns keys and clicks
into calls on that state and renders it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from PySide6.QtCore import QEvent, QMetaObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QSplitter

from inspector_app.config import Settings
from inspector_app.domain import Box, Category, ModelInfo, Verdict
from inspector_app.feeds.base import Feed, FeedItem, ScanFailure, now
from inspector_app.qt.dual_view import DualView
from inspector_app.qt.i18n import (
    LANGUAGES,
    category_text,
    current_language,
    function_label,
    install_language,
    threat_text,
    verdict_text,
)
from inspector_app.qt.image_tools import TOOL_SHORTCUTS, ImageToolController
from inspector_app.qt.review_panel import CATEGORY_KEYS, ReviewPanel
from inspector_app.qt.scan_view import TIP_COLOUR, ScanView
from inspector_app.qt.status_bar import StationStatusBar
from inspector_app.qt.workers import FeedThread, ScreeningWorker, WorkerThread
from inspector_app.review import ReviewDraft, ReviewQueue, UndoWindow
from inspector_app.screening import ScreenedScan
from inspector_app.storage.decision_log import DecisionLog
from inspector_app.storage.tip_log import TipLog
from inspector_app.tip import TipSettings

CUE_OPACITIES = (1.0, 0.6, 0.3)
Text = Callable[[], str]  # gives a label in the current language (called again on a switch)


@dataclass(frozen=True)
class Appearance:
    theme: str = "dark"
    font_pt: int = 10
    language: str = "en"  # a code of inspector_app.qt.i18n.LANGUAGES


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
    model_changed = Signal(object)  # ModelInfo now in use, for the audit log
    _switch_model = Signal(str)  # to the worker thread
    _update_screening = Signal(object, object)  # confidence, TipSettings: to the worker
    settings_requested = Signal()  # the app opens the settings dialog with the session's rights
    appearance_changed = Signal(object)  # Appearance (theme, text size, language) to persist
    scan_shown = Signal(str)  # scan id

    def __init__(self, feed: Feed, config: StationConfig) -> None:
        super().__init__()
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
        self.appearance = Appearance(language=current_language())
        self._labels: list[tuple[QAction | QMenu, Text]] = []  # re-labelled on a switch
        self._view_function: str | None = None  # None: the scan as it came, untouched
        self._model_failed = False
        self._shown_any = False
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
        self.retranslate()
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
        self.worker.model_switched.connect(self._on_model_switched)
        self.worker.model_switch_failed.connect(self._on_model_switch_failed)
        self._switch_model.connect(self.worker.switch_model)
        self._update_screening.connect(self.worker.update_screening)
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
        # Dual-view scanners: the side view sits under the top view (hidden for single views).
        self.dual = DualView()
        self.view, self.side_view, self.views = self.dual.top, self.dual.side, self.dual.views
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
        splitter.addWidget(self.dual)
        splitter.addWidget(panel)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([1040, 360])
        self.setCentralWidget(splitter)

        self.status = StationStatusBar()
        self.setStatusBar(self.status)
        self.view_status, self.model_status = self.status.view_status, self.status.model_status
        self.inspector_status = self.status.inspector_status

    def add_action(self, menu: QMenu, text: Text, keys: str | list[str], slot) -> QAction:
        """An action in a menu (for discovery and the F1 sheet) with its window-wide keys.

        `text` is called for the label now and after every language switch; the keys are
        the same in every language.
        """
        action = QAction(text(), self)
        action.setShortcuts([QKeySequence(k) for k in ([keys] if isinstance(keys, str) else keys)])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        self.addAction(action)
        self._labels.append((action, text))
        return action

    _action = add_action

    def _menu(self, parent, title: Text) -> QMenu:
        menu = parent.addMenu(title())
        self._labels.append((menu, title))
        return menu

    def _build_actions(self) -> None:
        bar = self.menuBar()
        decide = self._menu(bar, lambda: self.tr("&Decision"))
        self.clear_action = self._action(
            decide, lambda: self.tr("Clear"), "C", lambda: self.decide(Verdict.CLEAR)
        )
        self.suspect_action = self._action(
            decide, lambda: self.tr("Suspect…"), "S", lambda: self._set_suspect_mode(True)
        )
        self.refer_action = self._action(
            decide,
            lambda: self.tr("Refer to manual search"),
            "R",
            lambda: self.decide(Verdict.REFER),
        )
        categories = self._menu(decide, lambda: self.tr("Suspect category"))
        self.category_actions = [
            self._action(
                categories,
                lambda c=category: category_text(c),
                key,
                lambda _=False, c=category: self._pick(c),
            )
            for key, category in CATEGORY_KEYS
        ]
        self.cancel_action = self._action(decide, lambda: self.tr("Cancel"), "Esc", self._cancel)
        decide.addSeparator()
        self._action(decide, lambda: self.tr("Undo last decision"), "Ctrl+Z", self.undo_last)
        self.continue_action = self._action(
            decide, lambda: self.tr("Continue after a TIP test"), "Return", self._after_tip
        )
        self.continue_action.setEnabled(False)
        decide.addSeparator()
        self._action(
            decide, lambda: self.tr("Parcel ID"), ["P", "F12"], lambda: self._focus_field("id")
        )
        self._action(decide, lambda: self.tr("Note"), "F2", lambda: self._focus_field("note"))
        self._action(
            decide, lambda: self.tr("Alarms first / arrival order"), "Q", self._toggle_order
        )

        cues = self._menu(bar, lambda: self.tr("C&ues"))
        self._action(cues, lambda: self.tr("Show / hide cues"), "Space", self.toggle_cues)
        self._action(cues, lambda: self.tr("Next cue"), "Tab", lambda: self._cycle_box(+1))
        self._action(
            cues, lambda: self.tr("Previous cue"), "Shift+Tab", lambda: self._cycle_box(-1)
        )
        self._action(cues, lambda: self.tr("Confirm cue"), "A", lambda: self._judge_selected(True))
        self._action(cues, lambda: self.tr("Reject cue"), "X", lambda: self._judge_selected(False))
        self._action(cues, lambda: self.tr("Cue opacity"), "V", self._cycle_opacity)
        self._action(
            cues,
            lambda: self.tr("Show / hide the scanner's own alarms"),
            "W",
            lambda: self.view.set_vendor_visible(not self.view.vendor_visible),
        )
        self._action(cues, lambda: self.tr("Draw a missed item"), "B", self._toggle_drawing)
        self._action(cues, lambda: self.tr("Remove last drawn item"), "Del", self._remove_last_mark)

        image = self._menu(bar, lambda: self.tr("&Image"))
        self._action(image, lambda: self.tr("Standard image"), "Home", self.image_tools.reset)
        for name, label, key in TOOL_SHORTCUTS:
            self._action(
                image,
                lambda n=name, fallback=label: function_label(n, fallback),
                key,
                lambda _=False, n=name: self.image_tools.toggle(n),
            )

        view = self._menu(bar, lambda: self.tr("&View"))
        self._action(view, lambda: self.tr("Fit to window"), "F", lambda: self.dual.each("fit"))
        self._action(
            view, lambda: self.tr("Actual size"), "Ctrl+1", lambda: self.dual.each("actual_size")
        )
        self._action(
            view,
            lambda: self.tr("Zoom in"),
            ["+", "="],
            lambda: self.dual.each("zoom", ScanView.ZOOM_STEP),
        )
        self._action(
            view,
            lambda: self.tr("Zoom out"),
            "-",
            lambda: self.dual.each("zoom", 1 / ScanView.ZOOM_STEP),
        )
        view.addSeparator()
        self._action(view, lambda: self.tr("Larger text"), "Ctrl++", lambda: self._change_font(+1))
        self._action(view, lambda: self.tr("Smaller text"), "Ctrl+-", lambda: self._change_font(-1))
        self._action(
            view, lambda: self.tr("Light / dark theme"), "Ctrl+Shift+T", self._toggle_theme
        )
        # Each language under its own name, so anyone finds the way back to theirs.
        self.language_menu = self._menu(view, lambda: self.tr("Language"))
        self.language_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        group.setExclusive(True)
        for code, name in LANGUAGES.items():
            action = QAction(name, self, checkable=True)
            action.setData(code)
            action.triggered.connect(lambda _=False, c=code: self.set_language(c))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        self.language_actions[current_language()].setChecked(True)

        self.station_menu = self._menu(bar, lambda: self.tr("&Station"))
        self._action(
            self.station_menu, lambda: self.tr("Load another model…"), "Ctrl+M", self._choose_model
        )
        self._action(
            self.station_menu,
            lambda: self.tr("Station settings…"),
            "Ctrl+,",
            self.settings_requested.emit,
        )
        help_menu = self._menu(bar, lambda: self.tr("&Help"))
        self._action(help_menu, lambda: self.tr("Keyboard shortcuts"), "F1", self.show_shortcuts)

    # ----- language -----------------------------------------------------------------------
    def set_language(
        self, code: str, *, lrelease: Path | None = None, source_dir: Path | None = None
    ) -> bool:
        """Switch the app's language now and remember it; False (and a message) on failure,
        in which case the station is in English. `lrelease`/`source_dir`: for tests."""
        app = QApplication.instance()
        assert app is not None
        ok = install_language(
            app, code, lrelease=lrelease, source_dir=source_dir, report=self.notify
        )
        self.retranslate()
        active = current_language()
        if active != self.appearance.language:
            self.appearance = replace(self.appearance, language=active)
            self.appearance_changed.emit(self.appearance)
        return ok

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Every text of the window in the current language: menus, panel, status, queue."""
        self.setWindowTitle(self.tr("Inspector — X-ray parcel screening"))
        for item, text in self._labels:
            if isinstance(item, QMenu):
                item.setTitle(text())
            else:
                item.setText(text())
        self.language_actions[current_language()].setChecked(True)
        self.panel.retranslate()
        self.status.show_feed(self.feed.name)
        self._render_model_status()
        self._render_view_status()
        self._render_scan_title()
        self._render_cue_list()
        self.queue_list.retranslate()
        self._update_undo_hint()
        self._update_status()
        if self.current is not None:
            self.view.relabel()

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
        self._render_model_status()
        self.panel.set_mark_labels(class_names)
        self.feed_thread.start()

    def apply_station_settings(self, settings: Settings) -> None:
        """Review options apply at once; screening options from the next scan."""
        tip = TipSettings.from_settings(settings)
        self.config = replace(
            self.config,
            look_first=settings.look_first,
            alarms_first=settings.alarms_first,
            undo_window_s=settings.undo_window_s,
            conf=settings.confidence,
            tip=tip,
        )
        self.queue.alarms_first = settings.alarms_first
        self.undo.seconds = settings.undo_window_s
        self._update_screening.emit(settings.confidence, tip)
        self._update_status()

    def _choose_model(self) -> None:
        if not self.may_change_model():
            self.notify(self.tr("Only a supervisor or an administrator can change the model."))
            return
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Load a detection model"), "", self.tr("ONNX models (*.onnx)")
        )
        if path:
            self.load_model(Path(path))

    def load_model(self, path: Path) -> None:
        """Checked in a separate process by the worker; the current model stays until then."""
        self.status.show_model_checking(path.name)
        self._switch_model.emit(str(path))

    def _on_model_switched(self, info: ModelInfo, class_names: tuple[str, ...]) -> None:
        self.model = info
        self._render_model_status()
        self.panel.set_mark_labels(class_names)
        self.statusBar().showMessage(
            self.tr("Now screening with {name} {version}.").format(
                name=info.name, version=info.version
            ),
            6000,
        )
        self.model_changed.emit(info)

    def _on_model_switch_failed(self, message: str) -> None:
        self._render_model_status()
        self.notify(
            self.tr("The new model was refused: {reason}. The current model stays in use.").format(
                reason=message
            )
        )

    def _on_model_failed(self, message: str) -> None:
        self._model_failed = True
        self._render_model_status()
        self.notify(message + " " + self.tr("Scans are not being screened."))

    def _render_model_status(self) -> None:
        self.status.show_model(self.model, self._model_failed)

    def _on_feed_item(self, item: FeedItem) -> None:
        self.in_screening += 1
        self.queue_list.add_scan(item.scan_id)
        self._update_status()

    def _on_screened(self, screened: ScreenedScan) -> None:
        self.in_screening -= 1
        scan_id = screened.scan.scan_id
        self.queue_list.set_screened(scan_id, screened.alarm, len(screened.detections))
        self.queue.append(screened)
        if self.draft is None:
            self._show_next()
        self._update_status()

    def _on_recovered(self, scans: list[ScreenedScan]) -> None:
        """Undecided scans from an earlier session go first: they have waited longest."""
        for screened in scans:
            self.in_screening += 1  # balanced by _on_screened
            self.queue_list.add_scan(screened.scan.scan_id)
            self._on_screened(screened)
        self.notify(
            self.tr(
                "%n scan(s) from an earlier session had no decision: they are back in the queue.",
                "",
                len(scans),
            )
        )

    def _on_quarantined(self, failure: ScanFailure, reason: str) -> None:
        self.in_screening -= 1
        self.queue_list.remove_scan(failure.scan_id)
        self.notify(
            self.tr("A scan could not be read and was set aside: {reason}").format(reason=reason)
        )
        self._update_status()

    def _on_tool_image(self, scan_id: str, name: str, rgb) -> None:
        if self.current is not None and scan_id in (
            self.current.scan.scan_id,
            f"{self.current.scan.scan_id}#tip",
        ):
            self.view.set_image(rgb)
            self._view_function = name
            self._render_view_status()

    def _render_view_status(self) -> None:
        name, label = self._view_function, None
        if name is not None:
            function = self.image_tools.functions.get(name)
            label = function_label(name, function.label if function else name)
        self.status.show_view(label)

    # ----- showing a scan -------------------------------------------------------------------
    def _show_next(self) -> None:
        self._show(self.queue.pop_next())

    def _show(self, screened: ScreenedScan | None, draft: ReviewDraft | None = None) -> None:
        self._set_suspect_mode(False)
        self.panel.reset_details()
        self._shown_any = True
        self._view_function = None
        if screened is None:
            self.draft = None
            self.queue_list.set_shown(None)
            self.view.clear_scan()
            self.dual.show_second(None, True)
            self.image_tools.set_scan(None)
            self.detection_list.clear()
            self._render_scan_title()
            self._render_view_status()
            self._set_decision_enabled(False)
            self._update_status()
            return
        self.draft = draft or ReviewDraft(
            screened, shown_at=time.monotonic(), cues_visible=not self.config.look_first
        )
        scan = screened.scan
        self.queue_list.set_shown(scan.scan_id)
        shown = scan
        if screened.tip is not None:  # a TIP test: the inspector sees the projected threat
            tip = screened.tip
            shown = replace(
                scan, scan_id=f"{scan.scan_id}#tip", image=tip.image, low=tip.low, high=tip.high
            )
        self.view.show_scan(shown.image, screened.detections, self.draft.cues_visible)
        self.view.show_vendor_cues(scan.vendor_cues)
        self.view.set_cue_opacity(self.view.cue_opacity)
        self.dual.show_second(screened.second, self.draft.cues_visible)
        for mark in self.draft.marks:
            self.view.add_mark(mark.label, mark.box)
        for index, confirmed in self.draft.box_verdicts.items():
            self.view.set_box_verdict(index, confirmed)
        self.panel.parcel_id.setText(self.draft.parcel_id)
        self.panel.origin.setEditText(self.draft.origin_country)
        self.panel.destination.setEditText(self.draft.destination_country)
        self.panel.note.setText(self.draft.note)
        self.image_tools.set_scan(shown)
        self._render_view_status()
        self._render_cue_list()
        self._render_scan_title()
        if screened.warning:
            self.notify(screened.warning)
        self._set_decision_enabled(True)
        self._update_status()
        self.scan_shown.emit(scan.scan_id)

    def _render_scan_title(self) -> None:
        if self.draft is None:
            self.scan_title.setText(
                self.tr("No scan waiting.")
                if self._shown_any
                else self.tr("Waiting for the first scan…")
            )
            return
        scan = self.draft.screened.scan
        received = scan.received_at.astimezone().strftime("%H:%M:%S")
        line = self.tr("{source} · received {time}").format(source=scan.source, time=received)
        self.scan_title.setText(f"<b>{scan.scan_id}</b><br>{line}")

    def _render_cue_list(self) -> None:
        self.detection_list.clear()
        if self.draft is None:
            return
        detections = self.draft.screened.detections
        if not detections and not self.draft.screened.scan.vendor_cues:
            self.detection_list.addItem(self.tr("No detector cue — look at the whole scan."))
            return
        if not self.draft.cues_visible:
            self.detection_list.addItem(
                self.tr(
                    "%n cue(s) hidden — look first, then Space to show them.", "", len(detections)
                )
            )
            return
        for index, det in enumerate(detections):
            verdict = self.draft.box_verdicts.get(index)
            mark = {True: "✓ ", False: "✗ ", None: "   "}[verdict]
            self.detection_list.addItem(f"{mark}{threat_text(det.label)}  {det.score:.0%}")
        for cue in self.draft.screened.scan.vendor_cues:  # after ours: rows keep box indices
            text = self.tr("Scanner: {label}").format(label=cue.label)
            self.detection_list.addItem("⚑ " + text + (self.tr(" (alarm)") if cue.alarm else ""))
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
        self.dual.set_cues_visible(self.draft.cues_visible)
        self._render_cue_list()

    def _cycle_opacity(self) -> None:
        position = CUE_OPACITIES.index(self.view.cue_opacity)
        self.dual.set_cue_opacity(CUE_OPACITIES[(position + 1) % len(CUE_OPACITIES)])

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
                self.tr(
                    "Drag over the missed item to mark it as '{label}' (B to stop drawing)."
                ).format(label=self.panel.mark_label.currentText()),
                5000,
            )

    def _on_region_drawn(self, box: Box) -> None:
        if self.draft is None:
            return
        label = self.panel.mark_label_value()
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
        self.statusBar().showMessage(
            self.tr("Queue order: {order}").format(order=self._order_text()), 4000
        )
        self._update_status()

    def _order_text(self) -> str:
        return self.tr("alarms first") if self.queue.alarms_first else self.tr("arrival order")

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
            self.notify(
                self.tr("The decision was NOT saved ({error}). Please decide again.").format(
                    error=exc
                )
            )
            return
        self.decided += 1
        self.undo.remember(row_id, self.draft)
        self.queue_list.remove_scan(decision.scan_id)
        detail = f" ({category_text(category)})" if category else ""
        self.statusBar().showMessage(
            self.tr("Saved: {scan} — {verdict}. Ctrl+Z to undo.").format(
                scan=decision.scan_id, verdict=verdict_text(verdict) + detail
            ),
            4000,
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
            self.notify(self.tr("The TIP answer could not be saved ({error}).").format(error=exc))
            hit = verdict is not Verdict.CLEAR
        self.view.add_mark(tip.label, tip.box, prefix="TIP", colour=TIP_COLOUR)
        self.panel.show_tip_result(tip.label, hit)
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
        self.panel.hide_tip_result()
        self._show(pending)

    def undo_last(self) -> None:
        """Bring the last decision back for review, if still inside the undo window."""
        last = self.undo.take()
        if last is None:
            self.statusBar().showMessage(
                self.tr("Nothing to undo (only the last decision, briefly)."), 4000
            )
            return
        try:
            self.log.revoke_decision(last.decision_id, now())
        except Exception as exc:
            self.notify(self.tr("The decision could not be undone ({error}).").format(error=exc))
            return
        if self.draft is not None:
            self._collect_details()
            self.queue.push_front(self.draft.screened)
        screened = last.draft.screened
        self.queue_list.add_scan(screened.scan.scan_id)
        self.decided -= 1
        self.decision_undone.emit(last.decision_id)
        # The decision clock continues from where it stopped: time spent before undo counts.
        last.draft.shown_at = time.monotonic() - (last.saved_at - last.draft.shown_at)
        self._show(screened, last.draft)
        self.statusBar().showMessage(
            self.tr("Undone: {scan} is back for review.").format(scan=screened.scan.scan_id), 4000
        )

    # ----- feedback -----------------------------------------------------------------------
    def notify(self, message: str) -> None:
        """Problems are shown in words, on screen, and kept until the next one replaces them."""
        self.banner.setText(message)
        self.banner.show()
        self.statusBar().showMessage(message, 10000)

    def _update_undo_hint(self) -> None:
        remaining = self.undo.remaining_s()
        self.panel.undo_hint.setText(
            self.tr("Ctrl+Z undoes the last decision ({seconds} s)").format(
                seconds=f"{remaining:.0f}"
            )
            if remaining > 0
            else ""
        )

    def _update_status(self) -> None:
        waiting = len(self.queue)
        self.queue_label.setText(
            self.tr(
                "Queue ({order}) — {waiting} waiting for you, {screening} being screened"
            ).format(order=self._order_text(), waiting=waiting, screening=self.in_screening)
        )
        self.status.show_counts(waiting + self.in_screening, self.inspector_label, self.decided)

    def set_inspector(self, name: str, label: str) -> None:
        """A new sign-in (shift change): later decisions carry the new name."""
        self.config = replace(self.config, inspector=name)
        self.inspector_label = label
        self.decided = 0
        self._update_status()

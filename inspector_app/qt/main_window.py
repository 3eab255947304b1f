"""The inspector's main window: renders the station's review session and maps keys to it.

The station (feeds, screening, logs) is assembled in the core (`inspector_app.station`) and
the review rules live in its Qt-free `ReviewSession`; this window only turns the action
table's keys into session calls and shows what the session and the screening service report.
"""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QComboBox, QLineEdit, QMainWindow, QSplitter

from inspector_app.config import Settings
from inspector_app.domain import Category, ModelInfo, Verdict
from inspector_app.qt.actions import ActionBinder
from inspector_app.qt.cue_controller import CueController
from inspector_app.qt.dual_view import DualView
from inspector_app.qt.i18n import (
    category_text,
    function_label,
)
from inspector_app.qt.image_tools import TOOL_SHORTCUTS, ImageToolController
from inspector_app.qt.look_controller import LookController
from inspector_app.qt.review_panel import CATEGORY_KEYS, ReviewPanel
from inspector_app.qt.scan_presenter import ScanPresenter
from inspector_app.qt.scan_view import TIP_COLOUR, ScanView
from inspector_app.qt.station_events import Poster, StationEvents
from inspector_app.qt.status_bar import StationStatusBar
from inspector_app.station import Station

CUE_OPACITIES = (1.0, 0.6, 0.3)


class MainWindow(QMainWindow):
    decision_saved = Signal(int)  # decision row id
    decision_undone = Signal(int)
    tip_feedback = Signal(bool)  # True: the inspector flagged the projected threat
    model_ready = Signal(object)  # ModelInfo the station screens with
    model_changed = Signal(object)  # ModelInfo now in use, for the audit log
    model_refused = Signal(str)  # why a new model was not taken
    settings_requested = Signal()  # the app opens the settings dialog with the session's rights
    lock_requested = Signal()
    password_requested = Signal()  # the app opens the change-password dialog for the session
    scan_shown = Signal(str)  # scan id

    def __init__(self, station: Station, inspector: str) -> None:
        super().__init__()
        # The window, not a text field, holds the keyboard: single-key decisions must work.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.station = station
        self.model: ModelInfo | None = None
        self.inspector_label = inspector
        self.may_change_model = lambda: True  # the app narrows this to the signed-in role
        self._build_widgets()
        self.events = StationEvents(self)
        self.poster = Poster(self)
        self.session = station.open_session(inspector, self.events, self.poster.post)
        self.panel.set_aside.acknowledged.connect(self.session.acknowledge_set_aside)
        self.screening = station.screening(self.events, self.poster.post)
        self.cues = CueController(
            self.session, self.dual, self.panel, self.presenter, self.statusBar().showMessage
        )
        self.binder = ActionBinder(self, self._handlers())
        self.look = LookController(
            self.binder.menus["language"], self.retranslate, self.notify, self
        )
        self._add_registry_actions()
        self._set_suspect_mode(False)
        self._set_decision_enabled(False)
        self.binder.actions["decide.continue_tip"].setEnabled(False)
        self.retranslate()
        self._undo_timer = QTimer(self)
        self._undo_timer.timeout.connect(self._update_undo_hint)
        self._undo_timer.start(500)
        self._upload_timer = QTimer(self)  # the upload worker keeps the snapshot: a cheap read
        self._upload_timer.timeout.connect(self._render_upload_status)
        self._upload_timer.start(2000)

    @property
    def current(self):
        return self.session.current

    @property
    def queue(self):
        return self.session.queue

    # ----- construction -------------------------------------------------------------------
    def _build_widgets(self) -> None:
        # Dual-view scanners: the side view sits under the top view (hidden for single views).
        self.dual = DualView()
        self.view, self.side_view = self.dual.top, self.dual.side
        self.panel = panel = ReviewPanel()
        self.banner, self.detection_list = panel.banner, panel.detection_list
        self.category_box, self.queue_list = panel.category_box, panel.queue_list
        panel.clear_button.clicked.connect(lambda: self.decide(Verdict.CLEAR))
        panel.suspect_button.clicked.connect(lambda: self._set_suspect_mode(True))
        panel.refer_button.clicked.connect(lambda: self.decide(Verdict.REFER))
        for category, button in panel.category_buttons.items():
            button.clicked.connect(lambda _=False, c=category: self.decide(Verdict.SUSPECT, c))
        for text_field in (panel.parcel_id, panel.note):
            text_field.returnPressed.connect(self._back_to_scan)
        for box in (panel.origin, panel.destination):
            line = box.lineEdit()
            assert line is not None  # the country boxes are editable
            line.returnPressed.connect(self._back_to_scan)
        splitter = QSplitter()
        splitter.addWidget(self.dual)
        splitter.addWidget(panel)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([1040, 360])
        self.setCentralWidget(splitter)
        self.status = StationStatusBar()
        self.setStatusBar(self.status)
        self.image_tools = ImageToolController(self)
        self.image_tools.image_ready.connect(self._on_tool_image)
        self.image_tools.failed.connect(lambda _sid, _name, message: self.notify(message))
        self.presenter = ScanPresenter(self.dual, panel, self.image_tools)
        self._view_function: str | None = None  # None: the scan as it came, untouched

    def _handlers(self) -> dict:
        each = self.dual.each
        return {
            "decide.clear": lambda: self.decide(Verdict.CLEAR),
            "decide.suspect": lambda: self._set_suspect_mode(True),
            "decide.refer": lambda: self.decide(Verdict.REFER),
            "decide.cancel": self._cancel,
            "decide.undo": self.undo_last,
            "decide.continue_tip": self._continue_after_tip,
            "details.parcel_id": lambda: self._focus_field(self.panel.parcel_id),
            "details.note": lambda: self._focus_field(self.panel.note),
            "details.origin": lambda: self._focus_field(self.panel.origin),
            "details.destination": lambda: self._focus_field(self.panel.destination),
            "queue.order": self._toggle_order,
            "cues.toggle": lambda: self.cues.toggle(),
            "cues.next": lambda: self.cues.cycle(+1),
            "cues.previous": lambda: self.cues.cycle(-1),
            "cues.confirm": lambda: self.cues.judge(True),
            "cues.reject": lambda: self.cues.judge(False),
            "cues.opacity": lambda: self.cues.cycle_opacity(),
            "cues.vendor": lambda: self.cues.toggle_vendor(),
            "marks.draw": lambda: self.cues.toggle_drawing(),
            "marks.remove": lambda: self.cues.remove_last_mark(),
            "image.standard": self.image_tools.reset,
            "view.fit": lambda: each("fit"),
            "view.actual_size": lambda: each("actual_size"),
            "view.zoom_in": lambda: each("zoom", ScanView.ZOOM_STEP),
            "view.zoom_out": lambda: each("zoom", 1 / ScanView.ZOOM_STEP),
            "view.larger_text": lambda: self.look.change_font(+1),
            "view.smaller_text": lambda: self.look.change_font(-1),
            "view.theme": lambda: self.look.toggle_theme(),
            "station.model": self._choose_model,
            "station.settings": self.settings_requested.emit,
            "station.lock": self.lock_requested.emit,
            "station.password": self.password_requested.emit,
            "help.shortcuts": self.show_shortcuts,
        }

    def _add_registry_actions(self) -> None:
        """Families whose members come from a registry: customs categories, image functions."""
        binder, menus = self.binder, self.binder.menus
        self.category_actions = [
            binder.add(
                menus["categories"],
                functools.partial(category_text, category),
                key,
                functools.partial(self.decide, Verdict.SUSPECT, category),
            )
            for key, category in CATEGORY_KEYS
        ]
        for name, label, key in TOOL_SHORTCUTS:
            binder.add(
                menus["image"],
                functools.partial(function_label, name, label),
                key,
                functools.partial(self.image_tools.toggle, name),
            )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "binder"):
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Every text of the window in the current language: menus, panel, status, queue."""
        self.setWindowTitle(self.tr("Inspector — X-ray parcel screening"))
        self.binder.retranslate()
        self.look.check_current_language()
        self.panel.retranslate()
        self.status.show_feed(", ".join(feed.lane for feed in self.station.feeds))
        self._render_upload_status()
        self.status.show_model(self.model, self.events.model_failed)
        self._render_view_status()
        self.presenter.render_texts(self.session.draft)
        self.queue_list.retranslate()
        self._update_undo_hint()
        self.update_status()
        if self.current is not None:
            self.view.relabel()

    # ----- look, help and the image functions ------------------------------------------------
    def show_shortcuts(self) -> None:
        from inspector_app.qt.shortcut_sheet import ShortcutSheet

        ShortcutSheet(self.menuBar(), self).exec()

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

    def _render_upload_status(self) -> None:
        self.status.show_upload(self.station.upload_status.snapshot())

    # ----- lifecycle ----------------------------------------------------------------------
    def start(self) -> None:
        """Load the model off the GUI thread; the feeds start once screening can run."""
        self.screening.start()
        self.station.start_services()
        self.setFocus()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        self._undo_timer.stop()
        self._upload_timer.stop()
        self.image_tools.shutdown()
        self.screening.stop()
        self.station.stop_services()
        self.session.writer.close()
        self.poster.close()

    def apply_station_settings(self, settings: Settings) -> None:
        """Review options apply at once; screening options from the next scan."""
        review = settings.review
        self.session.configure(
            look_first=review.look_first,
            alarms_first=review.alarms_first,
            undo_window_s=review.undo_window_s,
        )
        self.screening.configure(settings.screening.confidence, settings.tip)

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
        """Checked in a separate process; the current model stays in use until then."""
        self.status.show_model_checking(path.name)
        self.screening.switch_model(path)

    # ----- the scan on screen -------------------------------------------------------------
    def render_shown(self) -> None:
        """The session changed the scan on screen: render it, reset the tools."""
        self._set_suspect_mode(False)
        self._view_function = None
        draft = self.session.draft
        self.presenter.show(draft)
        self._render_view_status()
        self._set_decision_enabled(draft is not None)
        if draft is not None:
            if draft.screened.warning:
                self.notify(draft.screened.warning)
            self.scan_shown.emit(draft.screened.scan.scan_id)
        self.update_status()

    def _focus_field(self, widget: QLineEdit | QComboBox) -> None:
        if self.session.draft is not None:
            widget.setFocus()
            line = widget if isinstance(widget, QLineEdit) else widget.lineEdit()
            if line is not None:
                line.selectAll()

    def _back_to_scan(self) -> None:
        """Enter in a field (or the barcode scanner's Enter) returns the keys to the scan."""
        self._collect_details()
        self.setFocus()

    def _collect_details(self) -> None:
        panel = self.panel
        self.session.set_details(
            panel.parcel_id.text(), panel.origin.code(), panel.destination.code(), panel.note.text()
        )

    def _toggle_order(self) -> None:
        self.session.toggle_order()
        self.statusBar().showMessage(
            self.tr("Queue order: {order}").format(order=self._order_text()), 4000
        )

    def _order_text(self) -> str:
        return self.tr("alarms first") if self.queue.alarms_first else self.tr("arrival order")

    # ----- deciding -------------------------------------------------------------------------
    def _set_decision_enabled(self, enabled: bool) -> None:
        for widget in (self.panel.clear_button, self.panel.suspect_button, self.panel.refer_button):
            widget.setEnabled(enabled)
        for name in ("decide.clear", "decide.suspect", "decide.refer"):
            self.binder.actions[name].setEnabled(enabled)

    def _set_suspect_mode(self, on: bool) -> None:
        on = on and self.session.draft is not None
        self.category_box.setVisible(on)
        for action in self.category_actions:
            action.setEnabled(on)

    def _cancel(self) -> None:
        self._set_suspect_mode(False)
        self.view.set_drawing(False)
        self.setFocus()

    def decide(self, verdict: Verdict, category: Category | None = None) -> None:
        if self.session.draft is None:
            return
        if verdict is Verdict.SUSPECT and category is None:
            self._set_suspect_mode(True)
            return
        self._collect_details()
        self.session.decide(verdict, category)
        self.setFocus()

    def show_tip_result(self, tip, hit: bool) -> None:
        """The inspector answered a TIP image: mark the threat, say if it was found."""
        self.view.add_mark(tip.label, tip.box, prefix="TIP", colour=TIP_COLOUR)
        self.panel.show_tip_result(tip.label, hit)
        self._set_suspect_mode(False)
        self._set_decision_enabled(False)
        self.binder.actions["decide.continue_tip"].setEnabled(True)
        self.tip_feedback.emit(hit)

    def _continue_after_tip(self) -> None:
        """Show the real parcel (no projection) for its real decision."""
        if self.session.continue_after_tip():
            self.binder.actions["decide.continue_tip"].setEnabled(False)
            self.panel.hide_tip_result()

    def undo_last(self) -> None:
        self._collect_details()
        self.session.undo_last()

    # ----- feedback -----------------------------------------------------------------------
    def notify(self, message: str) -> None:
        """Problems are shown in words, on screen, and kept until the next one replaces them."""
        self.banner.setText(message)
        self.banner.show()
        self.statusBar().showMessage(message, 10000)

    def _update_undo_hint(self) -> None:
        remaining = self.session.undo.remaining_s()
        self.panel.undo_hint.setText(
            self.tr("Ctrl+Z undoes the last decision ({seconds} s)").format(
                seconds=f"{remaining:.0f}"
            )
            if remaining > 0
            else ""
        )

    def update_status(self) -> None:
        waiting, screening = self.session.waiting, self.session.in_screening
        self.panel.queue_label.setText(
            self.tr(
                "Queue ({order}) — {waiting} waiting for you, {screening} being screened"
            ).format(order=self._order_text(), waiting=waiting, screening=screening)
        )
        self.status.show_counts(waiting + screening, self.inspector_label, self.session.decided)

    def set_inspector(self, name: str, label: str) -> None:
        """A new sign-in (shift change): later decisions carry the new name."""
        self.inspector_label = label
        self.session.set_inspector(name)

"""Archive search for supervisors: find past decisions, look at a scan again with its
overlays (read-only), and make the case dossier of a flagged one.

Why every step runs in a worker: the search reads the whole log, the recall decodes the
evidence file and checks its SHA-256, the dossier renders a PDF; none of it may stall the
station. The recalled scan is shown in the station's own `ScanView` with drawing off, so a
supervisor sees the cues, their verdicts and the drawn boxes exactly as the inspector left them
and cannot change anything.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain import Category, Verdict
from inspector_app.qt.i18n import category_text, verdict_text
from inspector_app.qt.report_worker import ReportWorker, with_log
from inspector_app.qt.scan_view import ScanView
from inspector_app.qt.worker_dialog import WorkerDialog, date_edit, day_of

DEFAULT_DAYS = 30


class ArchiveSearch(WorkerDialog):
    """Signals: `results_ready(int)` after a search, `scan_shown(int)` with the decision id on
    screen, `dossier_made(DossierExport)` once a dossier is written (the menu audits it)."""

    results_ready = Signal(int)
    scan_shown = Signal(int)
    dossier_made = Signal(object)

    def __init__(
        self,
        db_path: Path,
        *,
        station: str,
        user: str,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db_path, self.station, self.user = db_path, station, user
        self.workers: list[ReportWorker] = []
        self.hits: list = []
        self.shown = None  # the RecalledScan on screen
        today = today or date.today()
        self.setWindowTitle(self.tr("Archive search"))
        self.parcel_id = QLineEdit()
        self.parcel_id.setPlaceholderText(self.tr("any part of the ID"))
        self.parcel_id.returnPressed.connect(self.search)
        self.dated = QCheckBox(self.tr("Decided between"))
        self.dated.setChecked(True)
        self.first_day = date_edit(today - timedelta(days=DEFAULT_DAYS - 1))
        self.last_day = date_edit(today)
        self.dated.toggled.connect(self.first_day.setEnabled)
        self.dated.toggled.connect(self.last_day.setEnabled)
        self.lane, self.inspector, self.model = QComboBox(), QComboBox(), QComboBox()
        self.category, self.verdict = QComboBox(), QComboBox()
        self.category.addItem(self.tr("Any category"), None)
        for category in Category:
            self.category.addItem(category_text(category), category.value)
        self.verdict.addItem(self.tr("Any decision"), None)
        for verdict in Verdict:
            self.verdict.addItem(verdict_text(verdict), verdict.value)
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.search)
        self.table = QTableWidget(0, 8)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Decided at"),
                self.tr("Parcel ID"),
                self.tr("Lane"),
                self.tr("Decision"),
                self.tr("Category"),
                self.tr("Inspector"),
                self.tr("Model"),
                self.tr("Cues"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.view = ScanView()  # drawing stays off: a recalled scan is read-only
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.dossier_button = QPushButton(self.tr("Case dossier…"))
        self.dossier_button.setEnabled(False)
        self.dossier_button.clicked.connect(self._choose_dossier_file)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self._layout()
        self._fill_lists([], [], [])
        self._load_lists()
        self.resize(1300, 780)

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Parcel ID"), self.parcel_id)
        dates = QHBoxLayout()
        dates.addWidget(self.first_day)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.last_day)
        form.addRow(self.dated, dates)
        form.addRow(self.tr("Lane"), self.lane)
        form.addRow(self.tr("Category"), self.category)
        form.addRow(self.tr("Decision"), self.verdict)
        form.addRow(self.tr("Inspector"), self.inspector)
        form.addRow(self.tr("Model"), self.model)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addLayout(form)
        left_layout.addWidget(self.search_button, 0, Qt.AlignmentFlag.AlignRight)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.status)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.view, 1)
        right_layout.addWidget(self.details)
        right_layout.addWidget(self.dossier_button, 0, Qt.AlignmentFlag.AlignRight)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([640, 660])
        QVBoxLayout(self).addWidget(splitter)

    # ----- workers -----------------------------------------------------------------------------
    def _run(self, job, done) -> ReportWorker:
        worker = ReportWorker(job, self)
        worker.succeeded.connect(done)
        worker.failed.connect(
            lambda message: self.status.setText(
                self.tr("Not possible: {reason}").format(reason=message)
            )
        )
        worker.finished.connect(lambda: self.workers.remove(worker))
        self.workers.append(worker)
        worker.start()
        return worker

    def _load_lists(self) -> None:
        from inspector_app.reports.archive import known_models
        from inspector_app.reports.statistics import known_inspectors, known_lanes

        self._run(
            lambda _p, _c: with_log(
                self.db_path, lambda db: (known_lanes(db), known_inspectors(db), known_models(db))
            ),
            lambda lists: self._fill_lists(*lists),
        )

    def _fill_lists(self, lanes: list[str], inspectors: list[str], models: list[str]) -> None:
        for box, everyone, items in (
            (self.lane, self.tr("Any lane"), lanes),
            (self.inspector, self.tr("Any inspector"), inspectors),
            (self.model, self.tr("Any model"), models),
        ):
            chosen = box.currentData()
            box.clear()
            box.addItem(everyone, None)
            for item in items:
                box.addItem(item, item)
            box.setCurrentIndex(max(0, box.findData(chosen)))

    # ----- search ------------------------------------------------------------------------------
    def query(self):
        from inspector_app.reports.archive import ArchiveQuery
        from inspector_app.reports.records import Period

        period = None
        if self.dated.isChecked():
            start = datetime.combine(day_of(self.first_day), time()).astimezone()
            end = datetime.combine(day_of(self.last_day) + timedelta(days=1), time()).astimezone()
            period = Period(start, end)
        return ArchiveQuery(
            parcel_id=self.parcel_id.text().strip() or None,
            period=period,
            lane=self.lane.currentData(),
            category=self.category.currentData(),
            verdict=self.verdict.currentData(),
            inspector=self.inspector.currentData(),
            model=self.model.currentData(),
        )

    def search(self) -> None:
        from inspector_app.reports.archive import search_archive
        from inspector_app.reports.progress import ExportError

        try:
            query = self.query()
        except ExportError:
            self.status.setText(self.tr("The last day must not be before the first."))
            return
        self.status.setText(self.tr("Searching…"))
        self._run(
            lambda _p, _c: with_log(self.db_path, lambda db: search_archive(db, query)),
            self._show_hits,
        )

    def _show_hits(self, hits: list) -> None:
        self.hits = hits
        self.table.clearSelection()
        self.table.setRowCount(len(hits))
        for row, hit in enumerate(hits):
            cells = (
                hit.decided_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                hit.parcel_id or "—",
                hit.lane or "—",
                verdict_text(Verdict(hit.verdict)),
                category_text(Category(hit.category)) if hit.category else "—",
                hit.inspector,
                hit.model,
                str(hit.cues),
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.status.setText(self.tr("%n decision(s) found, newest first.", "", len(hits)))
        self.results_ready.emit(len(hits))

    # ----- recall --------------------------------------------------------------------------------
    def _selection_changed(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self.dossier_button.setEnabled(False)
        if rows:
            self.open_decision(self.hits[rows[0].row()].decision_id)

    def open_decision(self, decision_id: int) -> None:
        """Decode the evidence (hash checked) in a worker, then show it with its overlays."""
        from inspector_app.reports.archive import recall

        self.details.setText(self.tr("Opening…"))
        self._run(
            lambda _p, _c: with_log(self.db_path, lambda db: recall(db, decision_id)),
            self._show_scan,
        )

    def _show_scan(self, scan) -> None:
        self.shown = scan
        view, record = self.view, scan.record
        view.show_scan(scan.rgb, scan.detections)
        for index, verdict in record.reviews.items():
            if 0 <= index < len(scan.detections) and verdict in ("confirmed", "rejected"):
                view.set_box_verdict(index, verdict == "confirmed")
        for label, box in scan.marks:
            view.add_mark(label, box)
        category = category_text(Category(record.category)) if record.category else "—"
        self.details.setText(
            self.tr(
                "Decision {id}: {verdict} ({category}) by {inspector} at {time} · parcel "
                "{parcel} · model {model} · evidence SHA-256 checked"
            ).format(
                id=record.decision_id,
                verdict=verdict_text(Verdict(record.verdict)),
                category=category,
                inspector=record.inspector,
                time=record.decided_at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
                parcel=record.parcel_id or "—",
                model=" ".join(p for p in (record.model_name, record.model_version) if p),
            )
        )
        self.dossier_button.setEnabled(record.flagged)
        self.scan_shown.emit(record.decision_id)

    # ----- dossier -------------------------------------------------------------------------------
    def _choose_dossier_file(self) -> None:
        if self.shown is None:
            return
        record = self.shown.record
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the case dossier as"),
            str(Path.home() / f"dossier-{record.decision_id}.pdf"),
            self.tr("PDF files (*.pdf)"),
        )
        if path:
            self.make_dossier(Path(path))

    def make_dossier(self, out: Path) -> None:
        """The dossier of the scan on screen, written in a worker (the core checks it is a
        flagged decision in force)."""
        if self.shown is None:
            return
        from inspector_app.reports.dossier import export_dossier

        decision_id, station, user = self.shown.record.decision_id, self.station, self.user
        self.dossier_button.setEnabled(False)
        self.status.setText(self.tr("Writing the case dossier…"))

        def job(progress, cancel):
            return with_log(
                self.db_path,
                lambda db: export_dossier(
                    db,
                    decision_id,
                    out,
                    station=station,
                    made_by=user,
                    progress=progress,
                    cancel=cancel,
                ),
            )

        worker = self._run(job, self._dossier_done)
        worker.progressed.connect(lambda _f, message: self.status.setText(message))
        worker.finished.connect(
            lambda: self.dossier_button.setEnabled(bool(self.shown and self.shown.record.flagged))
        )

    def _dossier_done(self, done) -> None:
        self.status.setText(self.tr("Case dossier saved: {path}").format(path=done.path))
        self.dossier_made.emit(done)

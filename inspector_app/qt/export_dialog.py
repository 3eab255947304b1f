"""Export a shift log from the supervisor menu: period, lane, inspector and format.

Why a worker: a month's PDF with thumbnails takes seconds to minutes; the export runs the
same core call as `inspector-app export shift` (`reports.shift.export_shift`) in a
`ReportWorker` with its own log connection, shows its progress and stops on Cancel, leaving
no half-written file (the core writes atomically). The lists of lanes and inspectors are
read in a worker too, so opening the dialog never waits on a large log.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector_app.qt.report_worker import ReportWorker, with_log
from inspector_app.qt.worker_dialog import WorkerDialog
from inspector_app.reports.progress import ExportError
from inspector_app.reports.records import Filters, Period

FORMATS = ("pdf", "xlsx", "csv")
PROGRESS_STEPS = 1000


def shift_start(now: datetime) -> datetime:
    """The default period starts 8 hours before the current hour: a shift just finished."""
    return now.replace(minute=0, second=0, microsecond=0) - timedelta(hours=7)


def _edit(moment: datetime) -> QDateTimeEdit:
    edit = QDateTimeEdit(
        QDateTime(moment.year, moment.month, moment.day, moment.hour, moment.minute, 0)
    )
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    return edit


def chosen_time(edit: QDateTimeEdit) -> datetime:
    """The edit's local wall-clock time as an aware datetime in the station's time zone."""
    day, clock = edit.date(), edit.time()
    naive = datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute())
    return naive.astimezone()


class ExportDialog(WorkerDialog):
    """Signals `exported(ShiftExport)` once a file is written (the menu audits it)."""

    exported = Signal(object)

    def __init__(
        self,
        db_path: Path,
        *,
        station: str,
        user: str,
        out_dir: Path | None = None,
        now: datetime | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db_path, self.station, self.user = db_path, station, user
        self.out_dir = out_dir or Path.home()
        self.worker: ReportWorker | None = None
        now = (now or datetime.now()).astimezone()
        self.setWindowTitle(self.tr("Export shift log"))
        self.start = _edit(shift_start(now).replace(tzinfo=None))
        self.end = _edit(
            (now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)).replace(
                tzinfo=None
            )
        )
        self.lane = QComboBox()
        self.inspector = QComboBox()
        self.format = QComboBox()
        for fmt, text in zip(
            FORMATS,
            (self.tr("PDF report"), self.tr("Excel workbook (XLSX)"), self.tr("CSV table")),
            strict=True,
        ):
            self.format.addItem(text, fmt)
        self.path = QLineEdit()
        self.browse = QPushButton(self.tr("Browse…"))
        self.browse.clicked.connect(self._choose_file)
        self.progress = QProgressBar()
        self.progress.setRange(0, PROGRESS_STEPS)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.export_button = QPushButton(self.tr("Export"))
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self._cancel_or_close)
        self._layout()
        self._fill_choices([], [])
        self.format.currentIndexChanged.connect(self._suggest_path)
        self._suggest_path()
        self._load_choices()

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("From"), self.start)
        form.addRow(self.tr("To (not included)"), self.end)
        form.addRow(self.tr("Lane"), self.lane)
        form.addRow(self.tr("Inspector"), self.inspector)
        form.addRow(self.tr("Format"), self.format)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(self.browse)
        form.addRow(self.tr("Save as"), where)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.setMinimumWidth(640)

    # ----- choices ----------------------------------------------------------------------------
    def _load_choices(self) -> None:
        from inspector_app.reports.statistics import known_inspectors, known_lanes

        def job(_progress, _cancel):
            return with_log(self.db_path, lambda db: (known_lanes(db), known_inspectors(db)))

        worker = ReportWorker(job, self)
        worker.succeeded.connect(lambda lists: self._fill_choices(*lists))
        worker.failed.connect(self._show_error)
        self._choices = worker
        worker.start()

    def _fill_choices(self, lanes: list[str], inspectors: list[str]) -> None:
        for box, everyone, items in (
            (self.lane, self.tr("All lanes"), lanes),
            (self.inspector, self.tr("All inspectors"), inspectors),
        ):
            chosen = box.currentData()
            box.clear()
            box.addItem(everyone, None)
            for item in items:
                box.addItem(item, item)
            index = box.findData(chosen)
            box.setCurrentIndex(max(0, index))

    # ----- output file --------------------------------------------------------------------------
    @property
    def chosen_format(self) -> str:
        return str(self.format.currentData())

    def _suggest_path(self) -> None:
        current = self.path.text().strip()
        if current:
            self.path.setText(str(Path(current).with_suffix(f".{self.chosen_format}")))
            return
        stamp = chosen_time(self.start).strftime("%Y%m%d-%H%M")
        self.path.setText(str(self.out_dir / f"shift-log-{stamp}.{self.chosen_format}"))

    def _choose_file(self) -> None:
        fmt = self.chosen_format
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the shift log as"),
            self.path.text(),
            self.tr("{format} files (*.{suffix})").format(format=fmt.upper(), suffix=fmt),
        )
        if path:
            self.path.setText(path)

    # ----- the export ---------------------------------------------------------------------------
    def period(self) -> Period:
        """The chosen period in the station's local time zone (ExportError when empty)."""
        return Period(chosen_time(self.start), chosen_time(self.end))

    def filters(self) -> Filters:
        return Filters(lane=self.lane.currentData(), inspector=self.inspector.currentData())

    def start_export(self) -> None:
        if self.worker is not None:
            return
        from inspector_app.reports.shift import export_shift

        try:
            period = self.period()
        except ExportError:
            self._show_error(self.tr("The end of the period must be later than its start."))
            return
        text = self.path.text().strip()
        if not text:
            self._show_error(self.tr("Choose a file to save the shift log in."))
            return
        out, fmt, filters = Path(text), self.chosen_format, self.filters()
        station, user = self.station, self.user

        def job(progress, cancel):
            return with_log(
                self.db_path,
                lambda db: export_shift(
                    db,
                    out,
                    fmt,
                    period,
                    filters,
                    station=station,
                    generated_by=user,
                    progress=progress,
                    cancel=cancel,
                ),
            )

        worker = ReportWorker(job, self)
        worker.progressed.connect(self._show_progress)
        worker.succeeded.connect(self._done)
        worker.failed.connect(self._show_error)
        worker.cancelled.connect(self._cancelled)
        worker.finished.connect(self._finished)
        self.worker = worker
        self._set_running(True)
        self.progress.setValue(0)
        self.status.setText(self.tr("Exporting…"))
        worker.start()

    def _set_running(self, running: bool) -> None:
        for widget in (
            self.start,
            self.end,
            self.lane,
            self.inspector,
            self.format,
            self.path,
            self.browse,
            self.export_button,
        ):
            widget.setEnabled(not running)
        self.cancel_button.setText(self.tr("Cancel") if running else self.tr("Close"))

    def _show_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(round(fraction * PROGRESS_STEPS))
        self.status.setText(message)

    def _done(self, result) -> None:
        s = result.summary
        self.status.setText(
            self.tr("Saved {path}: {decided} decisions, {flagged} flagged.").format(
                path=result.path, decided=s.decided, flagged=s.flagged
            )
        )
        self.exported.emit(result)

    def _show_error(self, message: str) -> None:
        self.status.setText(self.tr("Not exported: {reason}").format(reason=message))

    def _cancelled(self) -> None:
        self.progress.setValue(0)
        self.status.setText(self.tr("Export cancelled; no file was written."))

    def _finished(self) -> None:
        self.worker = None
        self._set_running(False)

    def _cancel_or_close(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.status.setText(self.tr("Cancelling…"))
        else:
            self.reject()

    def running_workers(self) -> list[ReportWorker]:
        """The export and the loading of the filter choices."""
        return [w for w in (self.worker, getattr(self, "_choices", None)) if w is not None]

"""Statistics for supervisors: throughput, alarm and confirmation rates, decision times, TIP
hit rates per inspector, per-model precision per class, and their trends over days.

Why charts arrive as PNG bytes: the figures are computed and the charts drawn in a
`ReportWorker` (`reports.statistics` + `reports.statistics_charts`, Qt-free), so a year of
decisions never stalls the station; the GUI thread only turns the bytes into pixmaps. The
numbers are the shift log's own (`build_summary`), so the view and an export agree.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector_app.qt.report_worker import ReportWorker, with_log
from inspector_app.qt.worker_dialog import WorkerDialog, date_edit, day_of
from inspector_app.reports.statistics_charts import CHARTS, ChartText

DEFAULT_DAYS = 7


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.0f} %"


class StatisticsView(WorkerDialog):
    """Signals `ready()` when the charts of the chosen period are on screen."""

    ready = Signal()

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
        self.worker: ReportWorker | None = None
        self.statistics = None
        today = today or date.today()
        self.setWindowTitle(self.tr("Statistics"))
        self.first_day = date_edit(today - timedelta(days=DEFAULT_DAYS - 1))
        self.last_day = date_edit(today)
        self.refresh_button = QPushButton(self.tr("Show"))
        self.refresh_button.clicked.connect(self.refresh)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.charts: dict[str, QLabel] = {name: QLabel() for name in CHARTS}
        self.inspectors = QTableWidget(0, 6)
        self.inspectors.setHorizontalHeaderLabels(
            [
                self.tr("Inspector"),
                self.tr("Decided"),
                self.tr("Flag rate"),
                self.tr("Median decision"),
                self.tr("TIP tests"),
                self.tr("TIP hit rate"),
            ]
        )
        self.inspectors.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.inspectors.verticalHeader().setVisible(False)
        self.inspectors.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self._layout()
        self.refresh_button.setFocus()  # not the date field: a stray key must not change it
        self.resize(1140, 860)
        self.refresh()

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("From")))
        top.addWidget(self.first_day)
        top.addWidget(QLabel(self.tr("to (included)")))
        top.addWidget(self.last_day)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        grid_widget = QWidget()
        grid = QGridLayout(grid_widget)
        for n, name in enumerate(CHARTS):
            grid.addWidget(self.charts[name], n // 2, n % 2, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.inspectors, len(CHARTS) // 2, len(CHARTS) % 2)
        grid.setRowStretch(len(CHARTS) // 2 + 1, 1)  # spare height below, not between charts
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(grid_widget)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(scroll, 1)

    def chart_text(self) -> ChartText:
        """The words on the charts, in the current language."""
        return ChartText(
            throughput=self.tr("Parcels decided per day"),
            decided=self.tr("decided"),
            flagged=self.tr("flagged"),
            rates=self.tr("Alarm, confirmation and TIP hit rates per day"),
            alarm_rate=self.tr("model alarm rate"),
            confirmed_rate=self.tr("alarms confirmed"),
            tip_hit_rate=self.tr("TIP hit rate"),
            decision_time=self.tr("Median decision time per day"),
            seconds=self.tr("seconds"),
            median_time=self.tr("median decision time"),
            inspectors=self.tr("Per inspector: TIP hit rate and median decision time"),
            precision=self.tr("Model precision per class (confirmed / judged cues)"),
            no_data=self.tr("no data in this period"),
        )

    def period(self):
        """From the first day's midnight to the midnight after the last, local time."""
        from inspector_app.reports.records import Period

        first, last = (day_of(edit) for edit in (self.first_day, self.last_day))
        start = datetime.combine(first, time()).astimezone()
        end = datetime.combine(last + timedelta(days=1), time()).astimezone()
        return Period(start, end)

    def refresh(self) -> None:
        """Compute the chosen period's figures and charts in a worker."""
        if self.worker is not None:
            return
        from inspector_app.reports.progress import ExportError
        from inspector_app.reports.statistics import compute_statistics
        from inspector_app.reports.statistics_charts import render_all

        try:
            period = self.period()
        except ExportError:
            self.summary.setText(self.tr("The last day must not be before the first."))
            return
        text, station, user = self.chart_text(), self.station, self.user

        def job(_progress, _cancel):
            stats = with_log(
                self.db_path,
                lambda db: compute_statistics(db, period, station=station, generated_by=user),
            )
            return stats, render_all(stats, text)

        worker = ReportWorker(job, self)
        worker.succeeded.connect(self._show)
        worker.failed.connect(
            lambda message: self.summary.setText(
                self.tr("Statistics not available: {reason}").format(reason=message)
            )
        )
        worker.finished.connect(self._finished)
        self.worker = worker
        self.refresh_button.setEnabled(False)
        self.summary.setText(self.tr("Computing…"))
        worker.start()

    def _finished(self) -> None:
        self.worker = None
        self.refresh_button.setEnabled(True)

    def _show(self, result) -> None:
        stats, pngs = result
        self.statistics = stats
        s = stats.summary
        median = stats.median_decision_s
        per_day = stats.per_day
        self.summary.setText(
            self.tr(
                "{decided} decisions ({per_day} a day), {flagged} flagged · model alarm rate "
                "{alarm} · alarms confirmed {confirmed} · cues confirmed {cues} · median "
                "decision time {median} · TIP hit rate {tip} ({tips} tests)"
            ).format(
                decided=s.decided,
                per_day="—" if per_day is None else f"{per_day:.1f}",
                flagged=s.flagged,
                alarm=_pct(s.model_alarm_rate),
                confirmed=_pct(s.confirmed_rate),
                cues=_pct(s.cue_confirmation_rate),
                median="—" if median is None else f"{median:.1f} s",
                tip=_pct(s.tip_hit_rate),
                tips=s.tip_presented,
            )
        )
        self._fill_inspectors(s.inspectors)
        for name, label in self.charts.items():
            pixmap = QPixmap()
            pixmap.loadFromData(pngs[name], "PNG")
            label.setPixmap(pixmap)
        self.ready.emit()

    def _fill_inspectors(self, people) -> None:
        self.inspectors.setRowCount(len(people))
        for row, p in enumerate(people):
            median = "—" if p.median_decision_s is None else f"{p.median_decision_s:.1f} s"
            cells = (
                p.inspector,
                str(p.decided),
                _pct(p.flag_rate),
                median,
                str(p.tip_presented),
                _pct(p.tip_hit_rate),
            )
            for column, text in enumerate(cells):
                self.inspectors.setItem(row, column, QTableWidgetItem(text))

    def running_workers(self) -> list[ReportWorker]:
        return [self.worker] if self.worker is not None else []

"""The audit log for supervisors: the latest entries, filtered by user, and a chain check.

Why read-only and in a worker: the audit log is append-only and hash-chained; this view never
writes to it, and both the read and the chain check (which walks every entry) run in a
`ReportWorker` with their own connection so a long log never stalls the station.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector_app.qt.report_worker import ReportWorker, with_log
from inspector_app.qt.worker_dialog import WorkerDialog

SHOWN = 500  # the latest entries; the CLI (`users audit`) reads the rest


DETAILS_SHOWN, TOOLTIP_SHOWN = 200, 4000


def _shortened(text: str) -> str:
    return text if len(text) <= DETAILS_SHOWN else text[: DETAILS_SHOWN - 1] + "…"


class AuditViewer(WorkerDialog):
    cancel_on_close = False  # a read of the audit log is short: let it finish

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.workers: list[ReportWorker] = []
        self.setWindowTitle(self.tr("Audit log"))
        self.user = QLineEdit()
        self.user.setPlaceholderText(self.tr("every user"))
        self.user.returnPressed.connect(self.load)
        self.show_button = QPushButton(self.tr("Show"))
        self.show_button.clicked.connect(self.load)
        self.verify_button = QPushButton(self.tr("Verify the chain"))
        self.verify_button.clicked.connect(self.verify)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("User"), self.tr("Action"), self.tr("Details")]
        )
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.status = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("User")))
        top.addWidget(self.user)
        top.addWidget(self.show_button)
        top.addStretch(1)
        top.addWidget(self.verify_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self.resize(980, 600)
        self.load()

    def _run(self, job, done) -> None:
        worker = ReportWorker(job, self)
        worker.succeeded.connect(done)
        worker.failed.connect(self.status.setText)
        worker.finished.connect(lambda: self.workers.remove(worker))
        self.workers.append(worker)
        worker.start()

    def load(self) -> None:
        from inspector_app.accounts import read_audit

        user = self.user.text().strip() or None
        self._run(
            lambda _p, _c: with_log(self.db_path, lambda db: read_audit(db, user=user, last=SHOWN)),
            self._fill,
        )

    def _fill(self, entries) -> None:
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(reversed(entries)):  # newest first
            cells = (
                entry.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
                entry.user or "—",
                entry.action,
                json.dumps(entry.details, ensure_ascii=False, default=str),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(_shortened(text))
                if len(text) > DETAILS_SHOWN:  # e.g. the 500 SHA-256s of a retention run
                    item.setToolTip(text[:TOOLTIP_SHOWN])
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.status.setText(self.tr("%n entries shown, newest first.", "", len(entries)))

    def verify(self) -> None:
        from inspector_app.accounts import AuditTampered, verify_audit_chain

        def job(_progress, _cancel):
            try:
                return True, with_log(self.db_path, verify_audit_chain)
            except AuditTampered as exc:
                return False, str(exc)

        self.status.setText(self.tr("Checking the chain…"))
        self._run(job, self._verified)

    def _verified(self, result) -> None:
        intact, detail = result
        if intact:
            self.status.setText(
                self.tr("The audit chain is intact ({count} entries).").format(count=detail)
            )
        else:
            self.status.setText(
                self.tr("The audit log was changed after it was written: {reason}").format(
                    reason=detail
                )
            )

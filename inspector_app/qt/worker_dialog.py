"""Base for supervisor dialogs that run jobs on `ReportWorker` threads, and their date fields.

Closing a dialog (Esc, the window's close button, another user signing in) must never leave a
thread writing into a window that is gone: the dialog stops its workers first. Searches and
exports are cancelled; account changes are let finish (a half-done password change helps no one).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDateEdit, QDialog

from inspector_app.qt.report_worker import ReportWorker

STOP_WAIT_MS = 30000


class WorkerDialog(QDialog):
    cancel_on_close = True  # False: let running jobs finish (they write), only wait for them

    def running_workers(self) -> list[ReportWorker]:
        """The jobs to stop; dialogs keep them in `self.workers` or override this."""
        return list(getattr(self, "workers", []))

    def stop(self) -> None:
        """Cancel (or let finish) every job and wait for its thread."""
        for worker in self.running_workers():
            if self.cancel_on_close:
                worker.cancel()
            worker.wait(STOP_WAIT_MS)

    def reject(self) -> None:
        self.stop()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop()
        super().closeEvent(event)


def date_edit(day: date) -> QDateEdit:
    """An ISO-format date field with a calendar pop-up, set to `day`."""
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def day_of(edit: QDateEdit) -> date:
    chosen = edit.date()
    return date(chosen.year(), chosen.month(), chosen.day())

"""What the station core reports, turned into what the inspector sees (on the GUI thread).

The core sends facts (a scan was screened, a write failed, with the exception); the words,
in the inspector's language, are chosen here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal, Slot

from inspector_app.qt.i18n import category_text, verdict_text
from inspector_app.station import ScreeningListener, SessionListener

if TYPE_CHECKING:
    from inspector_app.qt.main_window import MainWindow


class Poster(QObject):
    """Runs callables posted from worker threads on the GUI thread (Qt's queued signal).

    The slot is this object's own method, so posts still queued when the window goes are
    dropped with it; after `close` nothing posted runs (the widgets may already be gone).
    """

    _call = Signal(object)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.closed = False
        self._call.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def post(self, callback) -> None:
        if not self.closed:
            self._call.emit(callback)

    @Slot(object)
    def _run(self, callback) -> None:
        if not self.closed:
            callback()

    def close(self) -> None:
        self.closed = True


class StationEvents(QObject, SessionListener, ScreeningListener):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.model_failed = False

    @property
    def session(self):
        return self.window.session

    # ----- review session -------------------------------------------------------------------
    def shown(self, draft) -> None:
        self.window.render_shown()

    def queue_changed(self) -> None:
        self.window.update_status()

    def saved(self, decision_id, scan_id, verdict, category) -> None:
        self.window.queue_list.remove_scan(scan_id)
        detail = f" ({category_text(category)})" if category else ""
        self.window.statusBar().showMessage(
            self.tr("Saved: {scan} — {verdict}. Ctrl+Z to undo.").format(
                scan=scan_id, verdict=verdict_text(verdict) + detail
            ),
            4000,
        )
        self.window.decision_saved.emit(decision_id)
        self.window.update_status()

    def save_failed(self, scan_id, error) -> None:
        self.window.notify(
            self.tr("The decision on {scan} was NOT saved ({error}). Please decide again.").format(
                scan=scan_id, error=error
            )
        )

    def undone(self, decision_id, scan_id) -> None:
        self.window.queue_list.add_scan(scan_id)
        self.window.decision_undone.emit(decision_id)
        self.window.statusBar().showMessage(
            self.tr("Undone: {scan} is back for review.").format(scan=scan_id), 4000
        )

    def nothing_to_undo(self) -> None:
        self.window.statusBar().showMessage(
            self.tr("Nothing to undo (only the last decision, briefly)."), 4000
        )

    def undo_failed(self, error) -> None:
        self.window.notify(
            self.tr("The decision could not be undone ({error}).").format(error=error)
        )

    def tip_answered(self, tip, hit) -> None:
        self.window.show_tip_result(tip, hit)

    def tip_save_failed(self, error) -> None:
        self.window.notify(
            self.tr("The TIP answer could not be saved ({error}).").format(error=error)
        )

    # ----- screening ------------------------------------------------------------------------
    def model_ready(self, info, class_names) -> None:
        self.model_failed = False
        self.window.model = info
        self.window.status.show_model(info)
        self.window.panel.set_mark_labels(class_names)
        self.window.model_ready.emit(info)

    def model_load_failed(self, error) -> None:
        from inspector_app.station.integrity import IntegrityRefused

        self.model_failed = True
        if isinstance(error, IntegrityRefused):  # a broken log, not a broken model
            self.window.status.show_screening_stopped()
            self.window.notify(str(error))
            return
        self.window.status.show_model(self.window.model, True)
        self.window.notify(
            self.tr("The detection model could not be loaded: {error}").format(error=error)
            + " "
            + self.tr("Scans are not being screened.")
        )

    def model_switched(self, info, class_names) -> None:
        self.window.model = info
        self.window.status.show_model(info)
        self.window.panel.set_mark_labels(class_names)
        self.window.statusBar().showMessage(
            self.tr("Now screening with {name} {version}.").format(
                name=info.name, version=info.version
            ),
            6000,
        )
        self.window.model_changed.emit(info)

    def model_switch_failed(self, error) -> None:
        self.window.status.show_model(self.window.model, self.model_failed)
        self.window.notify(
            self.tr("The new model was refused: {reason}. The current model stays in use.").format(
                reason=error
            )
        )
        self.window.model_refused.emit(str(error))

    def arrived(self, item) -> None:
        self.window.queue_list.add_scan(item.scan_id, item.lane)
        self.session.arrived()

    def screened(self, screened) -> None:
        scan_id = screened.scan.scan_id
        self.window.queue_list.set_screened(scan_id, screened.alarm, len(screened.detections))
        self.session.add_screened(screened)

    def recovered(self, scans, problems) -> None:
        """Undecided scans from an earlier session go first: they have waited longest."""
        for message in problems:
            self.window.notify(message)
        for screened in scans:
            self.window.queue_list.add_scan(screened.scan.scan_id, screened.scan.lane)
            self.window.queue_list.set_screened(
                screened.scan.scan_id, screened.alarm, len(screened.detections)
            )
        self.session.add_recovered(scans)
        if not scans:
            return
        text = self.tr(
            "%n scan(s) from an earlier session had no decision: they are back in the queue.",
            "",
            len(scans),
        )
        self.window.notify(text)

    def quarantined(self, failure) -> None:
        self.window.queue_list.remove_scan(failure.scan_id)
        self.session.screening_ended()
        self.window.panel.set_aside.add_failure(failure)  # listed until acknowledged
        self.window.notify(
            self.tr("A scan could not be read and was set aside: {reason}").format(
                reason=failure.reason
            )
        )

    def set_aside_pending(self, records) -> None:
        self.window.panel.set_aside.add_pending(records)

    def acknowledge_failed(self, scan_id, error) -> None:
        self.window.notify(
            self.tr("Acknowledging {scan} was not saved ({error}).").format(
                scan=scan_id, error=error
            )
        )

    def feed_status(self, status) -> None:
        """A lane's source went away or came back (a network share, a capture device)."""
        self.window.panel.set_aside.set_lane_status(status.lane, status.ok, status.text)
        if not status.ok:
            self.window.notify(
                self.tr("Lane {lane}: {text}").format(lane=status.lane, text=status.text)
            )

    def screening_failed(self, scan_id, error) -> None:
        self.window.queue_list.remove_scan(scan_id)
        self.session.screening_ended()
        self.window.notify(
            self.tr("Scan {scan} could not be stored or screened: {error}").format(
                scan=scan_id, error=error
            )
        )

    def appearance(self, verdict, median) -> None:
        self.window.status.show_domain(verdict, median)

    def feed_failed(self, feed, error) -> None:
        self.window.notify(
            self.tr("The {feed} feed stopped: {error}").format(feed=feed.lane, error=error)
        )

"""The inspector's review session, free of Qt: queue, the scan on screen, decisions, undo, TIP.

The window renders this state and turns keys into calls on it; the headless tests drive a
whole shift through the same calls. Every public method runs on one owner thread (the GUI
thread in the app). Writes go to the `LogWriter` thread; their outcome comes back through
`post`, a function that runs a callable on the owner thread (Qt's event loop in the app,
`process_pending` headless), so the listener is only ever called on the owner thread.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import replace

from inspector_app.accounts.audit import write_audit
from inspector_app.domain import Box, Category, Verdict
from inspector_app.feeds.base import now
from inspector_app.review import ReviewDraft, ReviewQueue, UndoWindow
from inspector_app.screening import ScreenedScan
from inspector_app.station.writer import LogWriter
from inspector_app.storage.set_aside import ACK_ACTION
from inspector_app.tip import TipProjection

Post = Callable[[Callable[[], None]], None]


def tip_hit(response: Verdict) -> bool:
    """A TIP threat counts as found when the inspector flagged the parcel in any way."""
    return response is not Verdict.CLEAR


class SessionListener:
    """What the session tells its view. Every method is optional (no-op by default)."""

    def shown(self, draft: ReviewDraft | None) -> None: ...
    def queue_changed(self) -> None: ...
    def saved(self, decision_id: int, scan_id: str, verdict: Verdict, category) -> None: ...
    def save_failed(self, scan_id: str, error: BaseException) -> None: ...
    def undone(self, decision_id: int, scan_id: str) -> None: ...
    def nothing_to_undo(self) -> None: ...
    def undo_failed(self, error: BaseException) -> None: ...
    def tip_answered(self, tip: TipProjection, hit: bool) -> None: ...
    def tip_save_failed(self, error: BaseException) -> None: ...
    def acknowledge_failed(self, scan_id: str, error: BaseException) -> None: ...


class ReviewSession:
    """One inspector's work at the station: what waits, what is shown, what was decided."""

    def __init__(
        self,
        writer: LogWriter,
        inspector: str,
        *,
        look_first: bool = False,
        alarms_first: bool = False,
        undo_window_s: float = 10.0,
        listener: SessionListener | None = None,
        post: Post | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.writer = writer
        self.inspector = inspector
        self.look_first = look_first
        self.queue = ReviewQueue(alarms_first=alarms_first)
        self.undo = UndoWindow(undo_window_s, clock=clock)
        self.listener = listener or SessionListener()
        self.clock = clock
        self.draft: ReviewDraft | None = None
        self.tip_pending: ScreenedScan | None = None  # the real parcel behind a TIP image
        self.decided = 0  # by this inspector since sign-in
        self.in_screening = 0  # arrived from a feed, not yet screened
        self._pending: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._post: Post = post or self._pending.put

    # ----- what the view reads ---------------------------------------------------------------
    @property
    def current(self) -> ScreenedScan | None:
        return self.draft.screened if self.draft else None

    @property
    def waiting(self) -> int:
        return len(self.queue)

    # ----- scans arriving ----------------------------------------------------------------------
    def arrived(self) -> None:
        """A feed delivered a scan that is now being screened (the backlog the view shows)."""
        self.in_screening += 1
        self.listener.queue_changed()

    def screening_ended(self) -> None:
        """A scan that arrived was set aside instead of screened."""
        self.in_screening = max(0, self.in_screening - 1)
        self.listener.queue_changed()

    def add_screened(self, screened: ScreenedScan, *, arrived: bool = True) -> None:
        if arrived:
            self.in_screening = max(0, self.in_screening - 1)
        self.queue.append(screened)
        if self.draft is None and self.tip_pending is None:
            self.show_next()
        else:
            self.listener.queue_changed()

    def add_recovered(self, scans: list[ScreenedScan]) -> None:
        """Undecided scans from an earlier session: queued like new arrivals."""
        for screened in scans:
            self.add_screened(screened, arrived=False)

    # ----- the scan on screen ----------------------------------------------------------------
    def show_next(self) -> None:
        self._show(self.queue.pop_next())

    def _show(self, screened: ScreenedScan | None, draft: ReviewDraft | None = None) -> None:
        if screened is None:
            self.draft = None
        else:
            self.draft = draft or ReviewDraft(
                screened, shown_at=self.clock(), cues_visible=not self.look_first
            )
        self.listener.shown(self.draft)
        self.listener.queue_changed()

    def toggle_cues(self) -> bool:
        """Show or hide the cues; the first showing is timed (look-first mode)."""
        if self.draft is None:
            return False
        if self.draft.cues_visible:
            self.draft.cues_visible = False
        else:
            self.draft.reveal_cues(self.clock())
        return self.draft.cues_visible

    def judge_cue(self, index: int, confirmed: bool) -> bool:
        if self.draft is None or not self.draft.cues_visible:
            return False
        self.draft.set_box_verdict(index, confirmed)
        return True

    def add_mark(self, label: str, box: Box) -> bool:
        if self.draft is None:
            return False
        self.draft.add_mark(label, box)
        return True

    def remove_last_mark(self) -> bool:
        if self.draft is None or not self.draft.marks:
            return False
        self.draft.marks.pop()
        return True

    def set_details(
        self, parcel_id: str, origin_country: str, destination_country: str, note: str
    ) -> None:
        if self.draft is not None:
            self.draft.parcel_id = parcel_id
            self.draft.origin_country = origin_country
            self.draft.destination_country = destination_country
            self.draft.note = note

    def toggle_order(self) -> bool:
        """Alarms first <-> arrival order; returns whether alarms now come first."""
        self.queue.alarms_first = not self.queue.alarms_first
        self.listener.queue_changed()
        return self.queue.alarms_first

    def configure(self, *, look_first: bool, alarms_first: bool, undo_window_s: float) -> None:
        """New review settings apply at once (look-first from the next scan shown)."""
        self.look_first = look_first
        self.queue.alarms_first = alarms_first
        self.undo.seconds = undo_window_s
        self.listener.queue_changed()

    def set_inspector(self, name: str) -> None:
        """A new sign-in (shift change): later decisions carry the new name."""
        self.inspector = name
        self.decided = 0
        self.listener.queue_changed()

    # ----- deciding ----------------------------------------------------------------------------
    def decide(self, verdict: Verdict, category: Category | None = None) -> bool:
        """Record the inspector's decision and move on; False when there is nothing to decide.

        The decision is written on the writer thread; `saved` or `save_failed` follows. A failed
        write brings the parcel straight back on screen, so nothing is ever silently lost.
        """
        if self.draft is None:
            return False
        if verdict is Verdict.SUSPECT and category is None:
            raise ValueError("a suspect decision needs a customs category")
        if self.draft.screened.tip is not None:
            self._answer_tip(verdict)
            return True
        draft = self.draft
        decision = draft.to_decision(verdict, category, self.inspector, now(), self.clock())
        written = self.writer.submit(lambda log, _tips: log.record_decision(decision))
        self.undo.remember(written, draft)
        self.decided += 1
        written.add_done_callback(
            lambda f: self._post(lambda: self._decision_written(f, draft, verdict, category))
        )
        self.show_next()
        return True

    def _decision_written(
        self, written: Future[int], draft: ReviewDraft, verdict: Verdict, category
    ) -> None:
        error = written.exception()
        scan_id = draft.screened.scan.scan_id
        if error is None:
            self.listener.saved(written.result(), scan_id, verdict, category)
            return
        self.decided -= 1
        self.undo.forget(written)
        self._bring_back(draft)
        self.listener.save_failed(scan_id, error)

    def _bring_back(self, draft: ReviewDraft) -> None:
        """Put what is on screen back at the head of the queue and show `draft` again."""
        if self.draft is not None:
            self.queue.push_front(self.draft.screened)
        self._show(draft.screened, draft)

    def acknowledge_set_aside(self, scan_id: str) -> Future[int]:
        """The inspector has seen that this scan was not screened: recorded (who, when) in the
        audit log, so the set-aside list stays as it was left after a restart."""
        inspector = self.inspector

        def write(log, _tips) -> int:
            return write_audit(
                log.db, at=now(), user=inspector, action=ACK_ACTION, details={"scan_id": scan_id}
            )

        def report(written: Future[int]) -> None:
            error = written.exception()
            if error is not None:
                self._post(lambda: self.listener.acknowledge_failed(scan_id, error))

        written = self.writer.submit(write)
        written.add_done_callback(report)
        return written

    def undo_last(self) -> bool:
        """Revoke the last decision (inside the undo window) and bring its parcel back."""
        last = self.undo.take()
        if last is None:
            self.listener.nothing_to_undo()
            return False
        decision = last.decision

        def revoke(log, _tips) -> int:
            decision_id = decision.result()  # FIFO: the decision's own job has already run
            log.revoke_decision(decision_id, now())
            return decision_id

        revoked = self.writer.submit(revoke)
        revoked.add_done_callback(lambda f: self._post(lambda: self._revoked(f, last)))
        return True

    def _revoked(self, revoked: Future[int], last) -> None:
        error = revoked.exception()
        if error is not None:
            self.listener.undo_failed(error)
            return
        self.decided -= 1
        draft = last.draft
        # The decision clock continues from where it stopped: time spent before undo counts.
        draft.shown_at = self.clock() - (last.saved_at - draft.shown_at)
        self._bring_back(draft)
        self.listener.undone(revoked.result(), draft.screened.scan.scan_id)

    # ----- Threat Image Projection -----------------------------------------------------------
    def _answer_tip(self, verdict: Verdict) -> None:
        """The inspector answered a TIP image: logged apart, told at once, then the real parcel."""
        assert self.draft is not None and self.draft.screened.tip is not None
        screened, tip = self.draft.screened, self.draft.screened.tip
        hit = tip_hit(verdict)
        scan_id, inspector, decided_at = screened.scan.scan_id, self.inspector, now()
        duration_s = self.clock() - self.draft.shown_at
        written = self.writer.submit(
            lambda _log, tips: tips.record_response(
                scan_id=scan_id,
                inspector=inspector,
                label=tip.label,
                box=tip.box,
                response=verdict,
                decided_at=decided_at,
                duration_s=duration_s,
            )
        )
        written.add_done_callback(lambda f: self._post(lambda: self._tip_written(f)))
        self.tip_pending = replace(screened, tip=None)
        self.draft = None
        self.listener.tip_answered(tip, hit)

    def _tip_written(self, written: Future[bool]) -> None:
        error = written.exception()
        if error is not None:
            self.listener.tip_save_failed(error)

    def continue_after_tip(self) -> bool:
        """Show the real parcel (no projection) for its real decision."""
        if self.tip_pending is None:
            return False
        pending, self.tip_pending = self.tip_pending, None
        self._show(pending)
        return True

    # ----- headless use ------------------------------------------------------------------------
    def process_pending(self) -> int:
        """Run the writer's completions queued for this thread (when no event loop posts them)."""
        count = 0
        while True:
            try:
                callback = self._pending.get_nowait()
            except queue.Empty:
                return count
            callback()
            count += 1

    def wait_idle(self) -> None:
        """Headless: wait for every write, then deliver their outcomes."""
        self.writer.flush()
        self.process_pending()

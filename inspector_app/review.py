"""The review workflow's state, free of Qt: the inspector's queue and the draft of one decision.

The window only renders this state and turns keys into calls, so ordering rules, undo timing
and what goes into a Decision are tested headless.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime

from inspector_app.domain import Box, BoxReview, Category, Decision, Mark, Verdict
from inspector_app.screening import ScreenedScan


class ReviewQueue:
    """Screened scans waiting for the inspector: arrival order, or alarms first.

    Alarms-first never starves clean parcels of a record: every scan stays queued until decided,
    it is only shown later.
    """

    def __init__(self, alarms_first: bool = False) -> None:
        self.alarms_first = alarms_first
        self._items: list[ScreenedScan] = []

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[ScreenedScan]:
        return iter(self.ordered())

    def __getitem__(self, index: int) -> ScreenedScan:
        return self.ordered()[index]

    def append(self, screened: ScreenedScan) -> None:
        self._items.append(screened)

    def push_front(self, screened: ScreenedScan) -> None:
        """Put a scan back at the head (undo, or the scan that was on screen during undo)."""
        self._items.insert(0, screened)

    def ordered(self) -> list[ScreenedScan]:
        if not self.alarms_first:
            return list(self._items)
        return sorted(self._items, key=lambda s: not s.alarm)  # stable: arrival within groups

    def pop_next(self) -> ScreenedScan | None:
        if not self._items:
            return None
        chosen = self.ordered()[0]
        self._items.remove(chosen)
        return chosen


@dataclass
class ReviewDraft:
    """What the inspector has said so far about the scan on screen."""

    screened: ScreenedScan
    shown_at: float
    cues_visible: bool
    box_verdicts: dict[int, bool] = field(default_factory=dict)
    marks: list[Mark] = field(default_factory=list)
    parcel_id: str = ""
    origin_country: str = ""
    destination_country: str = ""
    note: str = ""
    cues_shown_after_s: float | None = None

    def reveal_cues(self, at: float) -> None:
        """Look-first mode: record when the inspector first asked for the cues."""
        if self.cues_shown_after_s is None:
            self.cues_shown_after_s = round(at - self.shown_at, 3)
        self.cues_visible = True

    def set_box_verdict(self, index: int, confirmed: bool) -> None:
        if not 0 <= index < len(self.screened.detections):
            raise IndexError(f"no detector box {index}")
        self.box_verdicts[index] = confirmed

    def add_mark(self, label: str, box: Box) -> None:
        self.marks.append(Mark(label, box))

    def to_decision(
        self,
        verdict: Verdict,
        category: Category | None,
        inspector: str,
        decided_at: datetime,
        at: float,
    ) -> Decision:
        detections = self.screened.detections
        return Decision(
            scan_id=self.screened.scan.scan_id,
            verdict=verdict,
            category=category,
            inspector=inspector,
            decided_at=decided_at,
            duration_s=max(0.0, at - self.shown_at),
            note=self.note.strip(),
            parcel_id=self.parcel_id.strip(),
            origin_country=self.origin_country.strip().upper(),
            destination_country=self.destination_country.strip().upper(),
            box_reviews=tuple(
                BoxReview(index, detections[index].label, confirmed)
                for index, confirmed in sorted(self.box_verdicts.items())
            ),
            marks=tuple(self.marks),
            cues_shown_after_s=self.cues_shown_after_s,
        )


@dataclass(frozen=True)
class UndoableDecision:
    decision: Future[int]  # the row id, once the writer thread has committed it
    draft: ReviewDraft
    saved_at: float


class UndoWindow:
    """Only the last decision can be undone, and only for `seconds` after it was saved."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self.clock = clock
        self._last: UndoableDecision | None = None

    def remember(self, decision: Future[int], draft: ReviewDraft) -> None:
        self._last = UndoableDecision(decision, draft, self.clock())

    def forget(self, decision: Future[int]) -> None:
        """A decision that failed to save cannot be undone."""
        if self._last is not None and self._last.decision is decision:
            self._last = None

    def take(self) -> UndoableDecision | None:
        """The decision to undo, or None when there is none or its window has passed."""
        last, self._last = self._last, None
        if last is None or self.clock() - last.saved_at > self.seconds:
            return None
        return last

    def remaining_s(self) -> float:
        if self._last is None:
            return 0.0
        return max(0.0, self.seconds - (self.clock() - self._last.saved_at))

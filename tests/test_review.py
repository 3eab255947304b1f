"""Review rules without Qt: queue order, the decision draft, the undo window."""

from __future__ import annotations

from concurrent.futures import Future
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from inspector_app.domain import Box, Category, Detection, ModelInfo, Scan, Verdict
from inspector_app.review import ReviewDraft, ReviewQueue, UndoWindow
from inspector_app.screening import ScreenedScan
from inspector_app.storage.evidence import StoredImage


def _saved(row_id: int) -> Future[int]:
    future: Future[int] = Future()
    future.set_result(row_id)
    return future


T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
MODEL = ModelInfo("m", "1", "0" * 64)


def _screened(scan_id: str, labels: list[str]) -> ScreenedScan:
    scan = Scan(scan_id, np.zeros((10, 10, 3), np.uint8), "demo", T0)
    detections = tuple(
        Detection(label, 0.9, Box(i, i, i + 5, i + 5), i) for i, label in enumerate(labels)
    )
    return ScreenedScan(scan, detections, MODEL, StoredImage("x", Path("x.png")), 1.0)


def test_alarms_first_keeps_arrival_order_within_each_group() -> None:
    queue = ReviewQueue()
    for scan_id, labels in [("a", []), ("b", ["knife"]), ("c", []), ("d", ["pill_pack"])]:
        queue.append(_screened(scan_id, labels))
    assert [s.scan.scan_id for s in queue] == ["a", "b", "c", "d"]
    queue.alarms_first = True
    assert [s.scan.scan_id for s in queue] == ["b", "d", "a", "c"]
    assert queue.pop_next().scan.scan_id == "b"
    queue.alarms_first = False
    assert queue.pop_next().scan.scan_id == "a"
    assert len(queue) == 2


def test_draft_turns_into_a_full_decision() -> None:
    draft = ReviewDraft(_screened("s", ["knife", "ammunition"]), shown_at=100.0, cues_visible=False)
    draft.reveal_cues(102.5)
    draft.reveal_cues(109.0)  # only the first reveal counts
    draft.set_box_verdict(1, True)
    draft.set_box_verdict(0, False)
    draft.add_mark("pill_pack", Box(1, 2, 3, 4))
    draft.parcel_id, draft.origin_country, draft.destination_country = " CX1 ", "nl", "au"
    decision = draft.to_decision(Verdict.SUSPECT, Category.WEAPONS, "anna", T0, at=112.0)
    assert decision.duration_s == 12.0 and decision.cues_shown_after_s == 2.5
    assert [(r.detection_index, r.label, r.confirmed) for r in decision.box_reviews] == [
        (0, "knife", False),
        (1, "ammunition", True),
    ]
    assert decision.marks[0].label == "pill_pack"
    assert (decision.parcel_id, decision.origin_country, decision.destination_country) == (
        "CX1",
        "NL",
        "AU",
    )
    with pytest.raises(IndexError):
        draft.set_box_verdict(5, True)


def test_undo_only_within_its_window_and_only_once() -> None:
    clock = [0.0]
    undo = UndoWindow(10.0, clock=lambda: clock[0])
    draft = ReviewDraft(_screened("s", []), shown_at=0.0, cues_visible=True)
    undo.remember(_saved(7), draft)
    clock[0] = 9.0
    assert undo.remaining_s() == pytest.approx(1.0)
    taken = undo.take()
    assert taken is not None and taken.decision.result() == 7
    assert undo.take() is None  # once
    undo.remember(_saved(8), draft)
    clock[0] = 25.0
    assert undo.take() is None  # too late

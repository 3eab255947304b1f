"""The statistics view's figures and charts, from a real log, checked against what it holds."""

from __future__ import annotations

import statistics
from datetime import UTC, datetime

import cv2
import numpy as np
import pytest
from report_log import LANES, MODEL, Facts, lanes_supported

from inspector_app.reports.records import Period, open_log
from inspector_app.reports.statistics import compute_statistics, known_inspectors, known_lanes
from inspector_app.reports.statistics_charts import CHARTS, ChartText, render_all
from inspector_app.storage.decision_log import DecisionLog

TWO_DAYS = Period(datetime(2026, 11, 23, tzinfo=UTC), datetime(2026, 11, 25, tzinfo=UTC))


def _stats(facts: Facts, period: Period = TWO_DAYS):
    db = open_log(facts.path)
    try:
        return compute_statistics(db, period, station="ST-1", generated_by="sue")
    finally:
        db.conn.close()


def test_one_row_per_day_with_the_day_s_decisions_alarms_times_and_tip(shift_log: Facts):
    stats = _stats(shift_log)
    assert [d.day.isoformat() for d in stats.days] == ["2026-11-23", "2026-11-24"]
    shift_day, next_day = stats.days
    assert shift_day.decided == len(shift_log.in_shift)
    flagged = [d for d in shift_log.in_shift if shift_log.verdicts[d] != "clear"]
    assert shift_day.flagged == len(flagged)
    assert shift_day.alarmed == len(shift_log.alarmed)
    assert shift_day.alarmed_and_flagged == len(shift_log.alarmed & set(flagged))
    assert shift_day.median_decision_s == pytest.approx(
        statistics.median(shift_log.durations[d] for d in shift_log.in_shift)
    )
    assert (shift_day.tip_presented, shift_day.tip_hits) == (
        len(shift_log.tips),
        sum(hit for _, hit in shift_log.tips),
    )
    # the decision taken the next morning, outside the shift, lands on its own day
    assert (next_day.decided, next_day.flagged, next_day.tip_presented) == (1, 1, 0)
    assert next_day.median_decision_s == pytest.approx(3.0)
    assert stats.summary.decided == len(shift_log.in_shift) + 1
    assert stats.per_day == pytest.approx(stats.summary.decided / 2)


def test_precision_per_model_and_class_counts_the_inspectors_verdicts(shift_log: Facts):
    # report_log's plan: handgun cues judged confirmed 3x, rejected 2x, one left unjudged;
    # the one powder_pack cue was rejected.
    stats = _stats(shift_log)
    model = f"{MODEL.name} {MODEL.version}"
    by_class = {(p.model, p.label): p for p in stats.precision}
    assert set(by_class) == {(model, "handgun"), (model, "powder_pack")}
    handgun, powder = by_class[(model, "handgun")], by_class[(model, "powder_pack")]
    assert (handgun.shown, handgun.confirmed, handgun.rejected) == (6, 3, 2)
    assert handgun.precision == pytest.approx(3 / 5)
    assert (powder.shown, powder.confirmed, powder.rejected, powder.precision) == (1, 0, 1, 0.0)


def test_filter_lists_name_every_inspector_and_lane(shift_log: Facts):
    db = open_log(shift_log.path)
    try:
        assert known_inspectors(db) == ["ann", "bob", "ian"]
        log = DecisionLog(shift_log.path)
        try:
            expected = sorted(LANES) if lanes_supported(log) else []
        finally:
            log.close()
        assert known_lanes(db) == expected
    finally:
        db.conn.close()


def _decode(png: bytes) -> np.ndarray:
    image = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)
    assert image is not None
    return image


def test_every_chart_renders_with_the_words_it_is_given(shift_log: Facts):
    stats = _stats(shift_log)
    pngs = render_all(stats, ChartText(throughput="Colis par jour"), width=5.0, dpi=80)
    assert set(pngs) == set(CHARTS)
    for png in pngs.values():
        image = _decode(png)
        assert image.shape[1] == 400 and image.shape[0] >= 200  # 5 in x 80 dpi
        assert image.std() > 10  # something is drawn, not a blank canvas


def test_an_empty_period_renders_charts_that_say_so(shift_log: Facts):
    empty = Period(datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 1, 3, tzinfo=UTC))
    stats = _stats(shift_log, empty)
    assert stats.summary.decided == 0 and stats.per_day == 0
    assert [d.decided for d in stats.days] == [0, 0]
    assert stats.median_decision_s is None and stats.precision == []
    for png in render_all(stats).values():
        _decode(png)

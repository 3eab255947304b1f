"""Figures for the supervisor's statistics view: the shift summary plus trends over days and
per-model precision.

Why on top of the shift summary: the view and the shift log must print the same numbers for
the same period, so the view reuses `build_summary` and only adds what a single shift report
does not need — one row per day (throughput, alarm and confirmation rates, median decision
time, TIP hit rate) and, per model version and detector class, how many cues the inspectors
confirmed or rejected (the model's precision as judged at the station). Qt-free: the GUI
computes it in a worker thread, the tests against a real log.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

import sqlite_utils

from inspector_app.reports.records import DecisionRecord, Filters, Period, TipRecord
from inspector_app.reports.shift import build_summary
from inspector_app.reports.shift_summary import ShiftSummary, rate


@dataclass(frozen=True)
class DayFigures:
    """One calendar day of the period, in the period's clock."""

    day: date
    decided: int
    flagged: int
    alarmed: int  # parcels with at least one model cue
    alarmed_and_flagged: int
    median_decision_s: float | None
    tip_presented: int
    tip_hits: int

    @property
    def alarm_rate(self) -> float | None:
        return rate(self.alarmed, self.decided)

    @property
    def confirmed_rate(self) -> float | None:
        """Share of model alarms the inspector confirmed by flagging the parcel."""
        return rate(self.alarmed_and_flagged, self.alarmed)

    @property
    def tip_hit_rate(self) -> float | None:
        return rate(self.tip_hits, self.tip_presented)


@dataclass(frozen=True)
class ClassPrecision:
    """Cues of one detector class from one model version, as the inspectors judged them."""

    model: str  # "name version"
    label: str
    shown: int
    confirmed: int
    rejected: int

    @property
    def precision(self) -> float | None:
        """confirmed / (confirmed + rejected): cues nobody judged one by one do not count."""
        return rate(self.confirmed, self.confirmed + self.rejected)


@dataclass(frozen=True)
class Statistics:
    summary: ShiftSummary
    days: list[DayFigures]
    precision: list[ClassPrecision]

    @property
    def median_decision_s(self) -> float | None:
        times = [r.duration_s for r in self.summary.records]
        return statistics.median(times) if times else None

    @property
    def per_day(self) -> float | None:
        """Mean decisions per day over the days of the period."""
        return self.summary.decided / len(self.days) if self.days else None


def _model(record: DecisionRecord) -> str:
    name = record.model_name or "unknown model"
    return f"{name} {record.model_version}" if record.model_version else name


def days_of(
    period: Period, records: list[DecisionRecord], tips: list[TipRecord]
) -> list[DayFigures]:
    """One row per calendar day from the period's start to its end, empty days included."""
    clock = period.start.tzinfo
    by_day: dict[date, list[DecisionRecord]] = defaultdict(list)
    for r in records:
        by_day[r.decided_at.astimezone(clock).date()].append(r)
    tips_by_day: dict[date, list[TipRecord]] = defaultdict(list)
    for t in tips:
        tips_by_day[t.decided_at.astimezone(clock).date()].append(t)
    first = period.start.astimezone(clock).date()
    last = (period.end.astimezone(clock) - _EPSILON).date()
    out: list[DayFigures] = []
    day = first
    while day <= last and len(out) < 3 * 366:  # at most three years of daily rows
        rows, answers = by_day.get(day, []), tips_by_day.get(day, [])
        out.append(
            DayFigures(
                day=day,
                decided=len(rows),
                flagged=sum(r.flagged for r in rows),
                alarmed=sum(r.model_alarmed for r in rows),
                alarmed_and_flagged=sum(r.model_alarmed and r.flagged for r in rows),
                median_decision_s=(statistics.median(r.duration_s for r in rows) if rows else None),
                tip_presented=len(answers),
                tip_hits=sum(t.hit for t in answers),
            )
        )
        day = date.fromordinal(day.toordinal() + 1)
    return out


def precision_of(records: list[DecisionRecord]) -> list[ClassPrecision]:
    """Per (model version, detector class): cues shown, confirmed and rejected."""
    counts: dict[tuple[str, str], list[int]] = {}
    for r in records:
        model = _model(r)
        for i, det in enumerate(r.detections):
            entry = counts.setdefault((model, str(det.get("label", "?"))), [0, 0, 0])
            entry[0] += 1
            verdict = r.reviews.get(i)
            entry[1] += verdict == "confirmed"
            entry[2] += verdict == "rejected"
    # By class, then model version: the versions of one class sit side by side to compare.
    return [
        ClassPrecision(model, label, shown, ok, bad)
        for (model, label), (shown, ok, bad) in sorted(
            counts.items(), key=lambda item: (item[0][1], item[0][0])
        )
    ]


def compute_statistics(
    db: sqlite_utils.Database,
    period: Period,
    filters: Filters = Filters(),  # noqa: B008 - frozen
    *,
    station: str,
    generated_by: str,
    now: datetime | None = None,
) -> Statistics:
    """Every figure of the statistics view for `period`, read once from the log."""
    summary = build_summary(
        db, period, filters, station=station, generated_by=generated_by, now=now
    )
    return Statistics(
        summary=summary,
        days=days_of(period, summary.records, summary.tips),
        precision=precision_of(summary.records),
    )


def known_inspectors(db: sqlite_utils.Database) -> list[str]:
    """Everyone who ever decided a parcel, for the dialogs' inspector filter."""
    rows = db.execute("SELECT DISTINCT inspector FROM decision_log").fetchall()
    return sorted({str(name) for (name,) in rows if name}, key=str.casefold)


def known_lanes(db: sqlite_utils.Database) -> list[str]:
    """Every lane the log has seen (empty when the log predates lanes)."""
    if "lane" not in {row[1] for row in db.execute("PRAGMA table_info(scans)").fetchall()}:
        return []
    rows = db.execute("SELECT DISTINCT lane FROM scans WHERE lane IS NOT NULL").fetchall()
    return sorted({str(lane) for (lane,) in rows if lane}, key=str.casefold)


_EPSILON = datetime.resolution

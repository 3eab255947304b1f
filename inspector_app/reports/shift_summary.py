"""The figures of a shift log, computed once from the period's records.

Why a separate step: CSV, XLSX and PDF writers must print the same numbers, and tests check
these numbers against the log independently of any file format.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

from inspector_app.reports.categories import CUSTOMS_LABELS, REFER_LABEL
from inspector_app.reports.records import DecisionRecord, Filters, Period, ScanCounts, TipRecord


def rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class InspectorFigures:
    inspector: str
    decided: int
    flagged: int
    median_decision_s: float | None
    tip_presented: int
    tip_hits: int

    @property
    def flag_rate(self) -> float | None:
        return rate(self.flagged, self.decided)

    @property
    def tip_hit_rate(self) -> float | None:
        return rate(self.tip_hits, self.tip_presented)


@dataclass(frozen=True)
class ShiftSummary:
    """Everything a shift report shows; every figure is derived from `records` and `tips`."""

    period: Period
    filters: Filters
    station: str
    generated_at: datetime
    generated_by: str
    records: list[DecisionRecord]
    tips: list[TipRecord]
    scans: ScanCounts
    by_verdict: dict[str, int]
    by_category: dict[str, int]  # customs label -> suspect decisions (+ referrals)
    per_hour: list[tuple[datetime, int]]  # hour start (report clock) -> decisions
    inspectors: list[InspectorFigures]
    model_alarmed: int  # decided parcels where the detector showed at least one cue
    alarmed_and_flagged: int  # ... of which the inspector flagged the parcel
    flagged_without_alarm: int  # inspector flagged a parcel the model did not alarm on
    cues_shown: int
    cues_confirmed: int
    cues_rejected: int
    marks_drawn: int
    tip_by_label: dict[str, tuple[int, int]] = field(default_factory=dict)  # label -> (n, hits)
    cues_by_label: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    """Detector class -> (cues shown, confirmed, rejected): per-class precision as judged."""

    @property
    def decided(self) -> int:
        return len(self.records)

    @property
    def flagged(self) -> int:
        return self.by_verdict.get("suspect", 0) + self.by_verdict.get("refer", 0)

    @property
    def model_alarm_rate(self) -> float | None:
        """Share of decided parcels on which the detector alarmed."""
        return rate(self.model_alarmed, self.decided)

    @property
    def confirmed_rate(self) -> float | None:
        """Share of model alarms that the inspector confirmed by flagging the parcel."""
        return rate(self.alarmed_and_flagged, self.model_alarmed)

    @property
    def cue_confirmation_rate(self) -> float | None:
        """Of the cues the inspector judged one by one, the share confirmed."""
        return rate(self.cues_confirmed, self.cues_confirmed + self.cues_rejected)

    @property
    def tip_presented(self) -> int:
        return len(self.tips)

    @property
    def tip_hits(self) -> int:
        return sum(t.hit for t in self.tips)

    @property
    def tip_hit_rate(self) -> float | None:
        return rate(self.tip_hits, self.tip_presented)

    @property
    def finds(self) -> list[DecisionRecord]:
        """Confirmed finds: parcels the inspector sent to suspect or refer."""
        return [r for r in self.records if r.flagged]

    @property
    def clock(self) -> tzinfo:
        tz = self.period.start.tzinfo
        assert tz is not None
        return tz


def _hours(period: Period, records: list[DecisionRecord]) -> list[tuple[datetime, int]]:
    tz = period.start.tzinfo
    counts = Counter(
        r.decided_at.astimezone(tz).replace(minute=0, second=0, microsecond=0) for r in records
    )
    hour = period.start.astimezone(tz).replace(minute=0, second=0, microsecond=0)
    out: list[tuple[datetime, int]] = []
    while hour < period.end and len(out) < 24 * 62:  # at most two months of hourly bars
        out.append((hour, counts.get(hour, 0)))
        hour += timedelta(hours=1)
    return out


def summarise(
    *,
    period: Period,
    filters: Filters,
    station: str,
    generated_by: str,
    records: list[DecisionRecord],
    tips: list[TipRecord],
    scans: ScanCounts,
    generated_at: datetime,
) -> ShiftSummary:
    by_verdict = Counter(r.verdict for r in records)
    by_category: dict[str, int] = dict.fromkeys(CUSTOMS_LABELS.values(), 0)
    for r in records:
        if r.verdict == "suspect":
            label = CUSTOMS_LABELS.get(r.category or "", f"Unknown category ({r.category})")
            by_category[label] = by_category.get(label, 0) + 1
    by_category[REFER_LABEL] = by_verdict.get("refer", 0)

    durations: dict[str, list[float]] = defaultdict(list)
    flagged: Counter[str] = Counter()
    for r in records:
        durations[r.inspector].append(r.duration_s)
        flagged[r.inspector] += r.flagged
    tip_n: Counter[str] = Counter(t.inspector for t in tips)
    tip_hits: Counter[str] = Counter(t.inspector for t in tips if t.hit)
    names = sorted(set(durations) | set(tip_n), key=str.casefold)
    inspectors = [
        InspectorFigures(
            name,
            len(durations.get(name, [])),
            flagged[name],
            statistics.median(durations[name]) if durations.get(name) else None,
            tip_n[name],
            tip_hits[name],
        )
        for name in names
    ]
    tip_by_label: dict[str, tuple[int, int]] = {}
    for t in tips:
        n, hits = tip_by_label.get(t.label, (0, 0))
        tip_by_label[t.label] = (n + 1, hits + int(t.hit))

    cues: dict[str, list[int]] = {}
    for r in records:
        for i, det in enumerate(r.detections):
            entry = cues.setdefault(str(det.get("label", "?")), [0, 0, 0])
            entry[0] += 1
            verdict = r.reviews.get(i)
            entry[1] += verdict == "confirmed"
            entry[2] += verdict == "rejected"

    return ShiftSummary(
        period=period,
        filters=filters,
        station=station,
        generated_at=generated_at,
        generated_by=generated_by,
        records=records,
        tips=tips,
        scans=scans,
        by_verdict={v: by_verdict.get(v, 0) for v in ("clear", "suspect", "refer")},
        by_category=by_category,
        per_hour=_hours(period, records),
        inspectors=inspectors,
        model_alarmed=sum(r.model_alarmed for r in records),
        alarmed_and_flagged=sum(r.model_alarmed and r.flagged for r in records),
        flagged_without_alarm=sum(r.flagged and not r.model_alarmed for r in records),
        cues_shown=sum(len(r.detections) for r in records),
        cues_confirmed=sum(r.confirmed_cues for r in records),
        cues_rejected=sum(r.rejected_cues for r in records),
        marks_drawn=sum(len(r.marks) for r in records),
        tip_by_label=dict(sorted(tip_by_label.items())),
        cues_by_label={k: (v[0], v[1], v[2]) for k, v in sorted(cues.items())},
    )

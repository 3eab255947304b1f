"""PDF shift report: summary tables, charts and thumbnails of the confirmed finds.

Why thumbnails are capped: a month's report could hold thousands of finds; decoding each
evidence image costs tens of milliseconds, so the report shows the first `max_thumbnails`
and says how many more are in the detail export. A missing or altered evidence file is shown
as such in its tile instead of failing the whole report.
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import (
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from inspector_app.reports import charts
from inspector_app.reports.categories import customs_label
from inspector_app.reports.pdf_style import MARGIN, PAGE, page_frame, para, pct, styles, table
from inspector_app.reports.progress import Steps
from inspector_app.reports.records import DecisionRecord
from inspector_app.reports.scan_images import EvidenceProblem, annotate, jpeg_bytes, load_evidence
from inspector_app.reports.shift_summary import ShiftSummary
from inspector_app.reports.shift_xlsx import offset_label

CONTENT_WIDTH = PAGE[0] - 2 * MARGIN
THUMB_COLUMNS = 3


def _chart(png: bytes, height_mm: float) -> Image:
    img = Image(io.BytesIO(png))
    ratio = img.imageWidth / img.imageHeight
    h = height_mm * mm
    w = min(CONTENT_WIDTH, h * ratio)
    return Image(io.BytesIO(png), width=w, height=w / ratio)


def _header(s: ShiftSummary) -> list:
    zone = offset_label(s.clock, s.period.start)
    start = s.period.start.astimezone(s.clock).strftime("%Y-%m-%d %H:%M")
    end = s.period.end.astimezone(s.clock).strftime("%Y-%m-%d %H:%M")
    f = s.filters
    filters = (
        ", ".join(
            f"{k} {v}"
            for k, v in (("station", f.station), ("lane", f.lane), ("inspector", f.inspector))
            if v
        )
        or "none"
    )
    generated = s.generated_at.astimezone(s.clock).strftime("%Y-%m-%d %H:%M")
    return [
        Paragraph(f"Shift log — {para(s.station).text}", styles()["title"]),
        para(
            f"{start} → {end} ({zone}) · filters: {filters} · generated {generated} "
            f"by {s.generated_by}"
        ),
        Spacer(1, 4 * mm),
    ]


def _totals(s: ShiftSummary) -> list:
    rows: list[list[object]] = [
        ["Totals", "Count"],
        ["Parcels received (screened)", s.scans.screened],
        ["Scans quarantined (unreadable)", s.scans.quarantined],
        ["Decisions in force", s.decided],
        ["Cleared", s.by_verdict["clear"]],
        ["Suspect", s.by_verdict["suspect"]],
        ["Referred to manual search", s.by_verdict["refer"]],
        ["Decisions undone in the period", s.scans.undone],
    ]
    cats: list[list[object]] = [
        ["Customs category", "Parcels"],
        *[[k, v] for k, v in s.by_category.items()],
    ]
    side = Table(
        [[table(rows, [55 * mm, 22 * mm]), table(cats, [60 * mm, 22 * mm])]],
        colWidths=[CONTENT_WIDTH / 2] * 2,
        hAlign="LEFT",
    )
    side.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    return [
        para("Totals and customs categories", "h2"),
        side,
        Spacer(1, 3 * mm),
        _chart(charts.category_chart(s), 60),
        KeepTogether([para("Throughput", "h2"), _chart(charts.per_hour_chart(s), 56)]),
    ]


def _alarms(s: ShiftSummary) -> list:
    rows: list[list[object]] = [
        ["Model alarms vs inspector confirmations", "Value"],
        ["Parcels with model cues", s.model_alarmed],
        ["Model alarm rate (of decided parcels)", pct(s.model_alarm_rate)],
        ["Alarmed parcels flagged by the inspector", s.alarmed_and_flagged],
        ["Confirmed rate (of model alarms)", pct(s.confirmed_rate)],
        ["Flagged without a model cue", s.flagged_without_alarm],
        [
            "Cues shown / confirmed / rejected",
            f"{s.cues_shown} / {s.cues_confirmed} / {s.cues_rejected}",
        ],
        ["Cue confirmation rate", pct(s.cue_confirmation_rate)],
        ["Boxes drawn on missed items", s.marks_drawn],
    ]
    per_class: list[list[object]] = [
        ["Detector class", "Cues shown", "Confirmed", "Rejected", "Confirmed share"]
    ]
    for label, (shown, ok, bad) in s.cues_by_label.items():
        per_class.append([label, shown, ok, bad, pct(ok / (ok + bad) if ok + bad else None)])
    tip: list[list[object]] = [
        ["Threat Image Projection", "Presented", "Hits", "Hit rate"],
        ["All TIP images", s.tip_presented, s.tip_hits, pct(s.tip_hit_rate)],
    ]
    for label, (n, hits) in s.tip_by_label.items():
        tip.append([label, n, hits, pct(hits / n if n else None)])
    return [
        KeepTogether(
            [
                para("Model alarms and Threat Image Projection", "h2"),
                table(rows, [80 * mm, 35 * mm]),
                Spacer(1, 2 * mm),
                _chart(charts.alarm_chart(s), 52),
            ]
        ),
        Spacer(1, 3 * mm),
        table(per_class, [60 * mm, 25 * mm, 22 * mm, 22 * mm, 30 * mm]),
        para(
            "Confirmed share = confirmed / (confirmed + rejected) among the cues the inspectors "
            "judged one by one: the model's precision as the inspectors saw it.",
            "small",
        ),
        Spacer(1, 3 * mm),
        table(tip, [60 * mm, 25 * mm, 20 * mm, 25 * mm]),
    ]


def _inspectors(s: ShiftSummary) -> list:
    rows: list[list[object]] = [
        ["Inspector", "Decided", "Flagged", "Flag rate", "Median decision", "TIP", "TIP hit rate"]
    ]
    for p in s.inspectors:
        med = "—" if p.median_decision_s is None else f"{p.median_decision_s:.1f} s"
        rows.append(
            [
                p.inspector,
                p.decided,
                p.flagged,
                pct(p.flag_rate),
                med,
                p.tip_presented,
                pct(p.tip_hit_rate),
            ]
        )
    out = [
        para("Per inspector", "h2"),
        table(rows, [45 * mm, 18 * mm, 18 * mm, 20 * mm, 28 * mm, 14 * mm, 24 * mm]),
    ]
    if s.inspectors:
        out += [Spacer(1, 3 * mm), _chart(charts.inspector_chart(s), 60)]
    return out


def _tile(record: DecisionRecord, clock, width: float) -> list:
    caption = (
        f"#{record.decision_id} · {customs_label(record.verdict, record.category)} · "
        f"{record.inspector} · {record.decided_at.astimezone(clock).strftime('%d %b %H:%M')}"
        f"<br/>parcel {para(record.parcel_id or '—').text} · "
        f"{record.origin or '?'} → {record.destination or '?'}"
    )
    try:
        evidence = load_evidence(record)
        rgb = annotate(evidence.image.rgb, record, max_side=420)
        data = jpeg_bytes(rgb)
        ratio = rgb.shape[1] / rgb.shape[0]
        h = min(width / ratio, 48 * mm)
        picture = Image(io.BytesIO(data), width=h * ratio, height=h)
    except EvidenceProblem as exc:
        picture = para(f"[{exc}]", "small")
    return [picture, Paragraph(caption, styles()["small"])]


def _finds(s: ShiftSummary, steps: Steps, max_thumbnails: int) -> list:
    finds = s.finds
    out: list = [PageBreak(), para("Confirmed finds", "h2")]
    if not finds:
        return [*out, para("No parcel was flagged in this period.")]
    shown = finds[:max_thumbnails]
    legend = (
        "Boxes: red = cue confirmed by the inspector, grey = cue rejected, amber = cue "
        "not judged, dashed magenta = box drawn by the inspector on a missed item."
    )
    out.append(para(legend, "small"))
    if len(finds) > len(shown):
        out.append(
            para(
                f"Showing the first {len(shown)} of {len(finds)} finds; all are in the "
                "CSV/XLSX detail export.",
                "small",
            )
        )
    out.append(Spacer(1, 2 * mm))
    width = CONTENT_WIDTH / THUMB_COLUMNS - 4 * mm
    cells = []
    for i, record in enumerate(shown):
        cells.append(_tile(record, s.clock, width))
        steps.report(0.3 + 0.6 * (i + 1) / len(shown), f"thumbnail {i + 1} of {len(shown)}")
    grid = []
    for r in range(0, len(cells), THUMB_COLUMNS):
        row = cells[r : r + THUMB_COLUMNS]
        grid.append(row + [""] * (THUMB_COLUMNS - len(row)))
    t = Table(grid, colWidths=[CONTENT_WIDTH / THUMB_COLUMNS] * THUMB_COLUMNS, hAlign="LEFT")
    t.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)])
    )
    out.append(t)
    return out


def write_pdf(summary: ShiftSummary, path: Path, steps: Steps, max_thumbnails: int = 48) -> None:
    story: list = _header(summary)
    story += _totals(summary)
    steps.report(0.1, "charts")
    story += _alarms(summary)
    story += [KeepTogether(_inspectors(summary))]
    steps.report(0.3, "thumbnails")
    story += _finds(summary, steps, max_thumbnails)
    doc = SimpleDocTemplate(
        str(path),
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"Shift log — {summary.station}",
        author=summary.generated_by,
        subject="inspector-app shift log",
        creator="inspector-app",
    )
    frame = page_frame(f"Shift log · {summary.station}")
    steps.report(0.92, "laying out pages")
    doc.build(story, onFirstPage=frame, onLaterPages=frame)

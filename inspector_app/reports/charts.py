"""Charts for the PDF shift report, drawn with matplotlib's Agg canvas into PNG bytes.

Why `Figure` and not pyplot: pyplot keeps global state and is not safe in a GUI worker
thread; a bare Figure with an Agg canvas is, and needs no display.
"""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from inspector_app.reports.shift_summary import ShiftSummary

BLUE = "#1f3a5f"
RED = "#c0392b"
AMBER = "#e69f00"
GREY = "#8c8c8c"


def _png(fig: Figure) -> bytes:
    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    return buffer.getvalue()


def _figure(width: float = 7.0, height: float = 2.6) -> Figure:
    fig = Figure(figsize=(width, height), layout="constrained")
    return fig


def per_hour_chart(s: ShiftSummary) -> bytes:
    fig = _figure()
    ax = fig.add_subplot()
    hours = s.per_hour
    ax.bar(range(len(hours)), [c for _, c in hours], color=BLUE, width=0.8)
    step = max(1, len(hours) // 12)
    ticks = list(range(0, len(hours), step))
    fmt = "%H:%M" if len(hours) <= 24 else "%d %H:%M"
    ax.set_xticks(ticks, [hours[i][0].strftime(fmt) for i in ticks], fontsize=7)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("decisions", fontsize=8)
    ax.set_title("Scans decided per hour", fontsize=9)
    ax.tick_params(axis="y", labelsize=7)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def category_chart(s: ShiftSummary) -> bytes:
    fig = _figure(height=2.8)
    ax = fig.add_subplot()
    items = list(s.by_category.items())[::-1]
    values = [v for _, v in items]
    bars = ax.barh([k for k, _ in items], values, color=RED)
    ax.bar_label(bars, fontsize=7, padding=2)
    ax.set_title("Flagged parcels by customs category", fontsize=9)
    ax.tick_params(labelsize=7)
    ax.set_xlim(0, max([*values, 1]) * 1.15)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def inspector_chart(s: ShiftSummary) -> bytes:
    fig = _figure(height=2.6)
    left, right = fig.subplots(1, 2)
    names = [p.inspector for p in s.inspectors]
    flag = [100 * (p.flag_rate or 0.0) for p in s.inspectors]
    tip = [100 * (p.tip_hit_rate or 0.0) for p in s.inspectors]
    x = range(len(names))
    left.bar([i - 0.2 for i in x], flag, width=0.4, color=RED, label="flag rate")
    left.bar([i + 0.2 for i in x], tip, width=0.4, color=BLUE, label="TIP hit rate")
    left.set_xticks(list(x), names, fontsize=7, rotation=30, ha="right")
    left.set_ylabel("%", fontsize=8)
    left.set_ylim(0, 105)
    left.legend(fontsize=7, frameon=False)
    left.set_title("Flag rate and TIP hit rate", fontsize=9)
    med = [p.median_decision_s or 0.0 for p in s.inspectors]
    right.bar(list(x), med, color=GREY)
    right.set_xticks(list(x), names, fontsize=7, rotation=30, ha="right")
    right.set_ylabel("seconds", fontsize=8)
    right.set_title("Median decision time", fontsize=9)
    for ax in (left, right):
        ax.tick_params(axis="y", labelsize=7)
        ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def alarm_chart(s: ShiftSummary) -> bytes:
    fig = _figure(height=2.2)
    ax = fig.add_subplot()
    labels = [
        "Decided",
        "Model alarmed",
        "Alarm confirmed\nby inspector",
        "Flagged without\nmodel cue",
    ]
    values = [s.decided, s.model_alarmed, s.alarmed_and_flagged, s.flagged_without_alarm]
    bars = ax.bar(labels, values, color=[GREY, AMBER, RED, BLUE])
    ax.bar_label(bars, fontsize=7, padding=2)
    ax.set_ylim(0, max([*values, 1]) * 1.18)
    ax.tick_params(labelsize=7)
    ax.set_title("Model alarms vs inspector confirmations (parcels)", fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)

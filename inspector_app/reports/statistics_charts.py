"""Charts of the statistics view, drawn with matplotlib's Agg canvas into PNG bytes.

Why PNG bytes and not a Qt canvas: the charts are drawn in the worker thread that computed
the figures (a bare `Figure` with an Agg canvas is thread-safe, pyplot is not), so the GUI
thread only turns finished bytes into pixmaps. The words on the charts come in as a
`ChartText`, so the Qt side hands over its translations and this module stays Qt-free.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from inspector_app.reports.charts import AMBER, BLUE, GREY, RED
from inspector_app.reports.statistics import Statistics

GREEN = "#2e7d32"


@dataclass(frozen=True)
class ChartText:
    """Every word drawn on the charts; English by default, the GUI passes its translations."""

    throughput: str = "Parcels decided per day"
    decided: str = "decided"
    flagged: str = "flagged"
    rates: str = "Alarm, confirmation and TIP hit rates per day"
    alarm_rate: str = "model alarm rate"
    confirmed_rate: str = "alarms confirmed"
    tip_hit_rate: str = "TIP hit rate"
    decision_time: str = "Median decision time per day"
    seconds: str = "seconds"
    median_time: str = "median decision time"
    inspectors: str = "Per inspector: TIP hit rate and median decision time"
    precision: str = "Model precision per class (confirmed / judged cues)"
    no_data: str = "no data in this period"


CHARTS = ("throughput", "rates", "decision_time", "inspectors", "precision")


def _png(fig: Figure, dpi: int) -> bytes:
    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def _figure(title: str, width: float, height: float) -> tuple[Figure, Axes]:
    fig = Figure(figsize=(width, height), layout="constrained")
    ax = fig.add_subplot()
    ax.set_title(title, fontsize=9)
    ax.tick_params(labelsize=7)
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def _empty(ax, text: ChartText) -> None:
    ax.text(0.5, 0.5, text.no_data, ha="center", va="center", fontsize=8, color=GREY)
    ax.set_xticks([])
    ax.set_yticks([])


def _day_ticks(ax, stats: Statistics) -> None:
    n = len(stats.days)
    step = max(1, n // 10)
    ticks = list(range(0, n, step))
    ax.set_xticks(ticks, [stats.days[i].day.strftime("%d.%m") for i in ticks], fontsize=7)
    ax.set_xlim(-0.6, n - 0.4)


def throughput_chart(stats: Statistics, text: ChartText, width: float, dpi: int) -> bytes:
    fig, ax = _figure(text.throughput, width, 2.5)
    if not stats.summary.decided:
        _empty(ax, text)
        return _png(fig, dpi)
    x = range(len(stats.days))
    ax.bar(x, [d.decided for d in stats.days], color=BLUE, width=0.75, label=text.decided)
    ax.bar(x, [d.flagged for d in stats.days], color=RED, width=0.45, label=text.flagged)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    _day_ticks(ax, stats)
    ax.legend(fontsize=7, frameon=False)
    return _png(fig, dpi)


def rates_chart(stats: Statistics, text: ChartText, width: float, dpi: int) -> bytes:
    fig, ax = _figure(text.rates, width, 2.5)
    if not stats.summary.decided and not stats.summary.tip_presented:
        _empty(ax, text)
        return _png(fig, dpi)
    x = list(range(len(stats.days)))
    series = (
        (text.alarm_rate, AMBER, [d.alarm_rate for d in stats.days]),
        (text.confirmed_rate, RED, [d.confirmed_rate for d in stats.days]),
        (text.tip_hit_rate, GREEN, [d.tip_hit_rate for d in stats.days]),
    )
    for label, colour, values in series:
        points = [(i, 100 * v) for i, v in zip(x, values, strict=True) if v is not None]
        if points:
            ax.plot(*zip(*points, strict=True), marker="o", ms=3, color=colour, label=label)
    ax.set_ylim(0, 105)
    ax.yaxis.set_major_formatter(PercentFormatter())
    _day_ticks(ax, stats)
    ax.legend(fontsize=7, frameon=False, loc="lower left")
    return _png(fig, dpi)


def decision_time_chart(stats: Statistics, text: ChartText, width: float, dpi: int) -> bytes:
    fig, ax = _figure(text.decision_time, width, 2.5)
    points = [
        (i, d.median_decision_s)
        for i, d in enumerate(stats.days)
        if d.median_decision_s is not None
    ]
    if not points:
        _empty(ax, text)
        return _png(fig, dpi)
    ax.plot(*zip(*points, strict=True), marker="o", ms=3, color=GREY)
    ax.set_ylim(0, max(v for _, v in points) * 1.2)
    ax.set_ylabel(text.seconds, fontsize=8)
    _day_ticks(ax, stats)
    return _png(fig, dpi)


def inspector_chart(stats: Statistics, text: ChartText, width: float, dpi: int) -> bytes:
    fig = Figure(figsize=(width, 2.5), layout="constrained")
    fig.suptitle(text.inspectors, fontsize=9)
    people = stats.summary.inspectors
    left, right = fig.subplots(1, 2)
    for ax in (left, right):
        ax.tick_params(labelsize=7)
        ax.spines[["top", "right"]].set_visible(False)
    if not people:
        _empty(left, text)
        right.set_axis_off()
        return _png(fig, dpi)
    names = [p.inspector for p in people]
    x = list(range(len(names)))
    left.bar(x, [100 * (p.tip_hit_rate or 0.0) for p in people], color=GREEN)
    left.set_ylim(0, 105)
    left.yaxis.set_major_formatter(PercentFormatter())
    left.set_title(text.tip_hit_rate, fontsize=8)
    right.bar(x, [p.median_decision_s or 0.0 for p in people], color=GREY)
    right.set_ylabel(text.seconds, fontsize=8)
    right.set_title(text.median_time, fontsize=8)
    for ax in (left, right):
        ax.set_xticks(x, names, fontsize=7, rotation=30, ha="right")
    return _png(fig, dpi)


def precision_chart(stats: Statistics, text: ChartText, width: float, dpi: int) -> bytes:
    rows = [p for p in stats.precision if p.precision is not None]
    height = max(2.5, 0.9 + 0.28 * len(rows))
    fig, ax = _figure(text.precision, width, height)
    if not rows:
        _empty(ax, text)
        return _png(fig, dpi)
    rows = rows[::-1]  # first row on top
    labels = [f"{p.label} · {p.model}" for p in rows]
    values = [100 * (p.precision or 0.0) for p in rows]
    bars = ax.barh(labels, values, color=BLUE)
    ax.bar_label(
        bars,
        [f"{p.confirmed}/{p.confirmed + p.rejected}" for p in rows],
        fontsize=7,
        padding=2,
    )
    ax.set_xlim(0, 115)
    ax.xaxis.set_major_formatter(PercentFormatter())
    return _png(fig, dpi)


def render_all(
    stats: Statistics, text: ChartText = ChartText(), *, width: float = 5.4, dpi: int = 96
) -> dict[str, bytes]:
    """Every chart of the view as PNG bytes, keyed by the names in CHARTS."""
    return {
        "throughput": throughput_chart(stats, text, width, dpi),
        "rates": rates_chart(stats, text, width, dpi),
        "decision_time": decision_time_chart(stats, text, width, dpi),
        "inspectors": inspector_chart(stats, text, width, dpi),
        "precision": precision_chart(stats, text, width, dpi),
    }

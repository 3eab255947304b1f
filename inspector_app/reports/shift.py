"""Export a shift log (CSV, XLSX or PDF): the one call the CLI and the GUI menu make.

Why one entry point: reading the period, computing figures, writing atomically, progress and
cancel are the same for every format; only the writer differs (a registry, no elif chain).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from inspector_app.reports.progress import (
    CancelFlag,
    ExportError,
    ProgressCallback,
    Steps,
    atomic_output,
)
from inspector_app.reports.records import (
    Filters,
    Period,
    count_scans,
    load_decisions,
    load_tip_events,
)
from inspector_app.reports.shift_summary import ShiftSummary, summarise


def _csv(s: ShiftSummary, path: Path, steps: Steps) -> None:
    from inspector_app.reports.shift_csv import write_csv

    write_csv(s, path, steps)


def _xlsx(s: ShiftSummary, path: Path, steps: Steps) -> None:
    from inspector_app.reports.shift_xlsx import write_xlsx

    write_xlsx(s, path, steps)


def _pdf(s: ShiftSummary, path: Path, steps: Steps) -> None:
    from inspector_app.reports.shift_pdf import write_pdf

    write_pdf(s, path, steps)


WRITERS: dict[str, Callable[[ShiftSummary, Path, Steps], None]] = {
    "csv": _csv,
    "xlsx": _xlsx,
    "pdf": _pdf,
}


@dataclass(frozen=True)
class ShiftExport:
    path: Path
    format: str
    summary: ShiftSummary


def build_summary(
    db: sqlite_utils.Database,
    period: Period,
    filters: Filters,
    *,
    station: str,
    generated_by: str,
    now: datetime | None = None,
) -> ShiftSummary:
    """Read the period from the log and compute every figure of the report."""
    records = load_decisions(db, period, filters, station_name=station)
    tips = load_tip_events(db, period, filters.inspector)
    return summarise(
        period=period,
        filters=filters,
        station=station,
        generated_by=generated_by,
        records=records,
        tips=tips,
        scans=count_scans(db, period),
        generated_at=now or datetime.now(UTC),
    )


def export_shift(
    db: sqlite_utils.Database,
    out: Path,
    fmt: str,
    period: Period,
    filters: Filters = Filters(),  # noqa: B008 - frozen
    *,
    station: str,
    generated_by: str,
    progress: ProgressCallback | None = None,
    cancel: CancelFlag | None = None,
) -> ShiftExport:
    """Write the shift log of `period` to `out` in `fmt`; raises ExportError/ExportCancelled."""
    fmt = fmt.lower()
    writer = WRITERS.get(fmt)
    if writer is None:
        raise ExportError(f"unknown format {fmt!r}: choose one of {', '.join(WRITERS)}")
    steps = Steps(progress, cancel)
    steps.report(0.0, "reading the decision log")
    summary = build_summary(db, period, filters, station=station, generated_by=generated_by)
    steps.report(0.15, f"{summary.decided} decisions read")
    with atomic_output(Path(out), suffix=f".{fmt}") as tmp:
        writer(summary, tmp, steps)
        steps.check()
    steps.report(1.0, "done")
    return ShiftExport(Path(out), fmt, summary)

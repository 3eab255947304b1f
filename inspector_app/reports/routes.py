"""Route intelligence: origin × destination × category counts over a period.

Why counts only: the table is meant to be handed to a partner country's single point of
contact, so it carries no inspector, parcel ID, note or time finer than the period, just how
many parcels on each route were cleared, referred, or flagged in each customs category.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlite_utils

from inspector_app.reports.categories import CLEAR_LABEL, CUSTOMS_LABELS, REFER_LABEL, customs_label
from inspector_app.reports.progress import (
    CancelFlag,
    ExportError,
    ProgressCallback,
    Steps,
    atomic_output,
)
from inspector_app.reports.records import Filters, Period, load_decisions

UNKNOWN = "unknown"
OUTCOMES = (CLEAR_LABEL, REFER_LABEL, *CUSTOMS_LABELS.values())


@dataclass(frozen=True)
class RouteTable:
    period: Period
    station: str
    counts: dict[tuple[str, str, str], int]  # (origin, destination, outcome) -> parcels

    def routes(self) -> list[tuple[str, str]]:
        totals: Counter[tuple[str, str]] = Counter()
        for (o, d, _), n in self.counts.items():
            totals[(o, d)] += n
        return sorted(totals, key=lambda r: (-totals[r], r))

    def total(self, origin: str, destination: str, outcome: str | None = None) -> int:
        return sum(
            n
            for (o, d, c), n in self.counts.items()
            if o == origin and d == destination and (outcome is None or c == outcome)
        )

    def outcomes(self) -> list[str]:
        seen = {c for _, _, c in self.counts}
        return [c for c in OUTCOMES if c in seen] + sorted(seen - set(OUTCOMES))


def route_table(db: sqlite_utils.Database, period: Period, station: str) -> RouteTable:
    counts: Counter[tuple[str, str, str]] = Counter()
    for r in load_decisions(db, period, Filters(), station_name=station):
        origin = (r.origin or "").strip().upper() or UNKNOWN
        destination = (r.destination or "").strip().upper() or UNKNOWN
        counts[(origin, destination, customs_label(r.verdict, r.category))] += 1
    return RouteTable(period, station, dict(counts))


def _long_rows(table: RouteTable) -> list[list[object]]:
    rows = []
    for origin, destination in table.routes():
        for outcome in table.outcomes():
            n = table.total(origin, destination, outcome)
            if n:
                rows.append([origin, destination, outcome, n])
    return rows


def _write_csv(table: RouteTable, path: Path) -> None:
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Origin", "Destination", "Outcome", "Parcels"])
        writer.writerows(_long_rows(table))


def _write_xlsx(table: RouteTable, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    from inspector_app.reports.shift_xlsx import cell, header_cells

    wb = Workbook(write_only=True)
    outcomes = table.outcomes()
    matrix = wb.create_sheet("Routes")
    titles = ["Origin", "Destination", "Parcels", "Flagged", *outcomes]
    for i, width in enumerate([10, 12, 9, 9, *[14] * len(outcomes)], start=1):
        matrix.column_dimensions[get_column_letter(i)].width = width
    matrix.freeze_panes = "C2"
    routes = table.routes()
    matrix.auto_filter.ref = f"A1:{get_column_letter(len(titles))}{len(routes) + 1}"
    matrix.append(header_cells(matrix, titles))
    for origin, destination in routes:
        total = table.total(origin, destination)
        flagged = total - table.total(origin, destination, CLEAR_LABEL)
        matrix.append(
            [
                cell(matrix, origin),
                cell(matrix, destination),
                cell(matrix, total),
                cell(matrix, flagged),
                *[cell(matrix, table.total(origin, destination, c)) for c in outcomes],
            ]
        )
    long = wb.create_sheet("Counts")
    for i, width in enumerate([10, 12, 28, 9], start=1):
        long.column_dimensions[get_column_letter(i)].width = width
    long.freeze_panes = "A2"
    long.append(header_cells(long, ["Origin", "Destination", "Outcome", "Parcels"]))
    for row in _long_rows(table):
        long.append([cell(long, v) for v in row])
    about = wb.create_sheet("About")
    about.column_dimensions["A"].width = 90
    for line in (
        f"Route × category counts, station {table.station}",
        f"From {table.period.start.isoformat()} to {table.period.end.isoformat()} (end excluded)",
        f"Made {datetime.now().astimezone().isoformat(timespec='seconds')}",
        "Parcels decided in the period, by origin and destination country as logged at the "
        "station; no personal data.",
    ):
        about.append([cell(about, line)])
    wb.save(path)


WRITERS = {"csv": _write_csv, "xlsx": _write_xlsx}


def export_routes(
    db: sqlite_utils.Database,
    period: Period,
    out: Path,
    fmt: str = "csv",
    *,
    station: str,
    progress: ProgressCallback | None = None,
    cancel: CancelFlag | None = None,
) -> RouteTable:
    writer = WRITERS.get(fmt)
    if writer is None:
        raise ExportError(f"unknown format {fmt!r}: choose one of {', '.join(WRITERS)}")
    steps = Steps(progress, cancel)
    steps.report(0.0, "reading the decision log")
    table = route_table(db, period, station)
    steps.report(0.5, f"{len(table.routes())} routes")
    with atomic_output(Path(out), suffix=f".{fmt}") as tmp:
        writer(table, tmp)
        steps.check()
    steps.report(1.0, "done")
    return table

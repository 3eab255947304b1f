"""CSV shift log: one detail row per decision, UTF-8 with a BOM so spreadsheet apps read
accents, ISO times with their offset so the file is unambiguous anywhere.

Text typed at the station (parcel IDs, notes) could start with `=`, `+`, `-` or `@` and be run
as a formula by a spreadsheet; such cells get a leading apostrophe (OWASP's advice).
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path
from typing import Any

from inspector_app.reports.detail import columns_for, rows
from inspector_app.reports.progress import Steps
from inspector_app.reports.shift_summary import ShiftSummary

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(summary: ShiftSummary, path: Path, steps: Steps) -> None:
    columns = columns_for(summary.records)
    total = max(1, len(summary.records))
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow([c.title for c in columns])
        for i, values in enumerate(rows(summary.records, columns, summary.clock)):
            writer.writerow([csv_cell(v) for v in values])
            if i % 1000 == 0:
                steps.report(0.2 + 0.8 * i / total, "writing rows")

"""Route table: origin × destination × category counts checked against the log."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections import Counter
from pathlib import Path

from openpyxl import load_workbook
from report_log import PASSWORDS, SHIFT_END, SHIFT_START, Facts

from inspector_app.reports.categories import customs_label
from inspector_app.reports.records import Period, open_log
from inspector_app.reports.routes import export_routes


def _expected(facts: Facts) -> Counter[tuple[str, str, str]]:
    return Counter(
        (*facts.routes[d], customs_label(facts.verdicts[d], facts.categories[d]))
        for d in facts.in_shift
    )


def test_csv_counts_match_the_log_and_carry_no_personal_data(
    shift_log: Facts, tmp_path: Path
) -> None:
    db = open_log(shift_log.path)
    out = tmp_path / "routes.csv"
    export_routes(db, Period(SHIFT_START, SHIFT_END), out, "csv", station="ST-1")
    db.conn.close()
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    got = Counter({(r["Origin"], r["Destination"], r["Outcome"]): int(r["Parcels"]) for r in rows})
    assert got == _expected(shift_log)
    text = out.read_text(encoding="utf-8-sig")
    for personal in ("ian", "ann", "bob", "P-10", "shoes"):
        assert personal not in text


def test_xlsx_matrix_through_the_cli(shift_log: Facts, tmp_path: Path) -> None:
    out = tmp_path / "routes.xlsx"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "inspector_app",
            "export",
            "routes",
            "--from",
            SHIFT_START.isoformat(),
            "--to",
            SHIFT_END.isoformat(),
            "--out",
            str(out),
            "--as",
            "sue",
            "--password-stdin",
            "--quiet",
        ],
        input=PASSWORDS["sue"] + "\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    wb = load_workbook(out)
    assert wb.sheetnames == ["Routes", "Counts", "About"]
    sheet = wb["Routes"]
    header = [c.value for c in sheet[1]]
    expected = _expected(shift_log)
    per_route = Counter()
    for (o, d, _), n in expected.items():
        per_route[(o, d)] += n
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert {(r[0], r[1]): r[2] for r in rows} == dict(per_route)
    cn_be = next(r for r in rows if r[:2] == ("CN", "BE"))
    assert (
        cn_be[header.index("Referred to manual search")]
        == expected[("CN", "BE", "Referred to manual search")]
    )
    assert cn_be[3] == cn_be[2] - expected[("CN", "BE", "Cleared")]
    assert sheet.freeze_panes == "C2"

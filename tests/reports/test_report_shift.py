"""Shift logs from a real log, read back with csv, openpyxl and pypdf and checked against it."""

from __future__ import annotations

import csv
import statistics
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from report_log import SHIFT_END, SHIFT_START, Facts

from inspector_app.reports.progress import ExportCancelled, ExportError
from inspector_app.reports.records import Filters, Period, open_log
from inspector_app.reports.shift import export_shift

PERIOD = Period(SHIFT_START, SHIFT_END)


def _export(facts: Facts, out: Path, fmt: str, filters: Filters = Filters(), **kw):  # noqa: B008
    db = open_log(facts.path)
    try:
        return export_shift(db, out, fmt, PERIOD, filters, station="ST-1", generated_by="sue", **kw)
    finally:
        db.conn.close()


def test_csv_has_one_row_per_decision_in_force_in_the_shift(
    shift_log: Facts, tmp_path: Path
) -> None:
    calls: list[float] = []
    out = tmp_path / "shift.csv"
    _export(shift_log, out, "csv", progress=lambda f, _m: calls.append(f))
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    ids = [int(r["Decision"]) for r in rows]
    assert sorted(ids) == sorted(shift_log.in_shift)
    assert shift_log.undone not in ids and shift_log.outside not in ids
    for r in rows:
        d = int(r["Decision"])
        assert r["Verdict"] == shift_log.verdicts[d]
        assert r["Inspector"] == shift_log.inspectors[d]
        assert float(r["Decision time (s)"]) == pytest.approx(shift_log.durations[d])
        assert (r["Origin"], r["Destination"]) == shift_log.routes[d]
        assert datetime.fromisoformat(r["Decided at"]).tzinfo is not None
    by_parcel = {r["Parcel ID"]: r for r in rows}
    assert "'=HYPERLINK(1)" in by_parcel  # formula-like text is neutralised
    assert by_parcel["P-102"]["Customs category"] == "Weapons"
    assert calls[0] == 0.0 and calls[-1] == 1.0 and calls == sorted(calls)


def test_xlsx_summary_and_detail_match_the_log(shift_log: Facts, tmp_path: Path) -> None:
    out = tmp_path / "shift.xlsx"
    _export(shift_log, out, "xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == ["Summary", "Detail"]
    summary = {
        row[0]: row[1] for row in wb["Summary"].iter_rows(values_only=True) if row and row[0]
    }
    verdicts = list(shift_log.verdicts.values())
    assert summary["Decisions in force"] == len(shift_log.in_shift)
    assert summary["Cleared"] == verdicts.count("clear")
    assert summary["Suspect"] == verdicts.count("suspect")
    assert summary["Referred to manual search"] == verdicts.count("refer")
    assert summary["Weapons"] == 1 and summary["CITES wildlife"] == 1
    assert summary["Duties / excise"] == 1 and summary["Counterfeit goods"] == 1
    assert summary["Drugs"] == 1  # the drugs decision outside the shift is not counted
    assert summary["Scans quarantined (unreadable)"] == 1
    assert summary["Decisions undone in the period"] == 1
    alarmed = len(shift_log.alarmed)
    assert summary["Parcels with model cues"] == alarmed
    assert summary["Model alarm rate"] == pytest.approx(alarmed / len(shift_log.in_shift))
    flagged_alarmed = sum(1 for d in shift_log.alarmed if shift_log.verdicts[d] != "clear")
    assert summary["Confirmed rate (of model alarms)"] == pytest.approx(flagged_alarmed / alarmed)
    assert summary["handgun"] == 6 and summary["powder_pack"] == 1  # cues shown per class
    assert summary["TIP images presented"] == len(shift_log.tips)
    hits = sum(h for _, h in shift_log.tips)
    assert summary["TIP hit rate"] == pytest.approx(hits / len(shift_log.tips))

    rows = list(wb["Summary"].iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "Inspector")
    per = {r[0]: r for r in rows[start + 1 : start + 4]}
    for name, row in per.items():
        mine = [d for d, who in shift_log.inspectors.items() if who == name]
        flagged = sum(shift_log.verdicts[d] != "clear" for d in mine)
        assert row[1] == len(mine) and row[2] == flagged
        assert row[3] == pytest.approx(flagged / len(mine))
        assert row[4] == pytest.approx(statistics.median(shift_log.durations[d] for d in mine))

    detail = wb["Detail"]
    assert detail.freeze_panes == "A2"
    last = "V" if shift_log.lanes else "U"  # a Lane column when the log records lanes
    assert detail.auto_filter.ref == f"A1:{last}{len(shift_log.in_shift) + 1}"
    header = [c.value for c in detail[1]]
    assert header[0] == "Decision" and detail["A1"].font.bold
    assert detail.column_dimensions["B"].width > 15
    decided = detail["B2"]
    assert decided.is_date and isinstance(decided.value, datetime)
    ids = [r[0] for r in detail.iter_rows(min_row=2, values_only=True)]
    assert sorted(ids) == sorted(shift_log.in_shift)
    parcel_col = header.index("Parcel ID") + 1
    formula = [
        c
        for c in detail.iter_rows(min_row=2, min_col=parcel_col, max_col=parcel_col)
        if c[0].value == "=HYPERLINK(1)"
    ]
    assert formula and formula[0][0].data_type == "s"  # text, never a live formula


def test_pdf_report_shows_the_figures_and_thumbnails(shift_log: Facts, tmp_path: Path) -> None:
    out = tmp_path / "shift.pdf"
    _export(shift_log, out, "pdf")
    reader = PdfReader(out)
    assert len(reader.pages) >= 3
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Shift log — ST-1" in text
    assert "Decisions in force 11" in text and "Suspect 5" in text
    assert "CITES wildlife 1" in text and "Referred to manual search 2" in text
    assert "Model alarm rate (of decided parcels) 54.5 %" in text
    assert "All TIP images 4 3 75.0 %" in text
    assert "handgun 6 3 2 60.0 %" in text and "powder_pack 1 0 1 0.0 %" in text
    assert "ian 4 2 50.0 % 3.5 s 2 50.0 %" in text
    assert "Confirmed finds" in text and "#3 · Weapons · ian" in text
    images = sum(len(page.images) for page in reader.pages)
    flagged = sum(v != "clear" for v in shift_log.verdicts.values())
    assert images >= flagged + 3  # one thumbnail per find plus the charts


def test_filters_and_missing_columns(shift_log: Facts, tmp_path: Path) -> None:
    done = _export(shift_log, tmp_path / "ian.csv", "csv", Filters(inspector="IAN"))
    assert {r.inspector for r in done.summary.records} == {"ian"}
    assert done.summary.tip_presented == 2
    if shift_log.lanes:  # the log records lanes: the filter applies
        lane = _export(shift_log, tmp_path / "lane.csv", "csv", Filters(lane="l1"))
        expected = {d for d, name in shift_log.lanes.items() if name == "L1"}
        assert {r.decision_id for r in lane.summary.records} == expected
        with open(tmp_path / "lane.csv", encoding="utf-8-sig") as handle:
            assert "Lane" in handle.readline()
    else:  # not yet: refuse rather than silently report every lane
        with pytest.raises(ExportError, match="no lane"):
            _export(shift_log, tmp_path / "lane.csv", "csv", Filters(lane="2"))
        assert not (tmp_path / "lane.csv").exists()
    with pytest.raises(ExportError, match="matches nothing"):
        _export(shift_log, tmp_path / "st.csv", "csv", Filters(station="ST-9"))
    same = _export(shift_log, tmp_path / "st.csv", "csv", Filters(station="st-1"))
    assert same.summary.decided == len(shift_log.in_shift)


def test_cancel_leaves_no_file(shift_log: Facts, tmp_path: Path) -> None:
    flag = threading.Event()

    def progress(fraction: float, _message: str) -> None:
        if fraction > 0.1:
            flag.set()

    out = tmp_path / "shift.pdf"
    with pytest.raises(ExportCancelled):
        _export(shift_log, out, "pdf", progress=progress, cancel=flag)
    assert list(tmp_path.glob("*shift.pdf*")) == []


def test_an_empty_period_still_gives_readable_reports(shift_log: Facts, tmp_path: Path) -> None:
    db = open_log(shift_log.path)
    quiet = Period(SHIFT_END + timedelta(days=5), SHIFT_END + timedelta(days=6))
    try:
        for fmt in ("csv", "xlsx", "pdf"):
            done = export_shift(
                db, tmp_path / f"e.{fmt}", fmt, quiet, station="ST-1", generated_by="sue"
            )
            assert done.summary.decided == 0 and (tmp_path / f"e.{fmt}").stat().st_size > 0
    finally:
        db.conn.close()
    text = " ".join(PdfReader(tmp_path / "e.pdf").pages[-1].extract_text().split())
    assert "No parcel was flagged in this period." in text

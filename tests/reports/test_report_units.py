"""Small pure pieces of the reports: category labels, splits, CSV cells, station name, times."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from inspector_app.domain import Category
from inspector_app.reports.categories import CUSTOMS_LABELS, customs_label
from inspector_app.reports.dataset_export import split_of
from inspector_app.reports.progress import ExportError
from inspector_app.reports.records import Period, parse_user_time
from inspector_app.reports.shift_csv import csv_cell
from inspector_app.reports.station import station_name


def test_every_app_category_has_a_customs_label() -> None:
    assert set(CUSTOMS_LABELS) == {c.value for c in Category}
    assert customs_label("suspect", "wildlife") == "CITES wildlife"
    assert customs_label("suspect", "excise") == "Duties / excise"
    assert customs_label("refer", None) == "Referred to manual search"
    assert customs_label("clear", None) == "Cleared"


def test_split_is_stable_and_near_the_fraction() -> None:
    groups = [f"P-{i}" for i in range(4000)]
    first = [split_of(g, 0.2) for g in groups]
    assert first == [split_of(g, 0.2) for g in groups]
    assert 0.17 < first.count("val") / len(groups) < 0.23
    assert all(split_of(g, 0.0) == "train" for g in groups[:50])


def test_csv_cells_never_start_a_formula() -> None:
    for text in ("=1+1", "+31", "-2", "@SUM(A1)"):
        assert csv_cell(text) == "'" + text
    assert csv_cell("P-100") == "P-100" and csv_cell(None) == "" and csv_cell(-2) == -2
    assert csv_cell(datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)) == "2026-01-02T03:04:05+00:00"


def test_station_name_from_settings_or_host() -> None:
    section = SimpleNamespace(display_name=lambda: "Liège hub X2")
    assert station_name(SimpleNamespace(station=section)) == "Liège hub X2"
    assert station_name(SimpleNamespace(station_name="Lane hall")) == "Lane hall"
    assert station_name(None)


def test_user_times() -> None:
    aware = parse_user_time("2026-11-23T06:00+01:00", "--from")
    assert aware.utcoffset().total_seconds() == 3600
    assert parse_user_time("2026-11-23", "--from").tzinfo is not None  # local time
    with pytest.raises(ExportError, match="not an ISO date"):
        parse_user_time("monday", "--from")
    with pytest.raises(ExportError, match="period is empty"):
        Period(aware, aware)

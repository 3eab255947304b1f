"""The window under test runs a real station: `build_station` with real feeds, model and log."""

from __future__ import annotations

from pathlib import Path

from inspector_app.config import ReviewSection, ScreeningSection, Settings, TipSection
from inspector_app.qt.main_window import MainWindow
from inspector_app.station import build_station


def station_window(
    feed,
    model: Path,
    tmp_path: Path,
    inspector: str = "tester",
    *,
    db_name: str = "log.sqlite",
    conf: float | None = None,
    tip: TipSection | None = None,
    **review,
) -> MainWindow:
    """A MainWindow on a station with one feed object, logging to tmp_path/db_name."""
    settings = Settings(
        screening=ScreeningSection(model_path=model, confidence=conf),
        review=ReviewSection(**review),
        tip=tip or TipSection(),
    )
    station = build_station(
        settings,
        feeds=[feed],
        demo=False,
        db_path=tmp_path / db_name,
        evidence_dir=tmp_path / "ev",
    )
    return MainWindow(station, inspector)

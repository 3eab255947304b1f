"""Whether this scanner's pictures look like the model's training scans: the statistics, the
distance, the rolling verdict, and the station telling its view when the verdict changes."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
import yaml

from inspector_app.config import FilesFeedSection, ScreeningSection, Settings
from inspector_app.detection.appearance import (
    FEATURES,
    AppearanceMonitor,
    appearance_stats,
    distance,
    reference_from,
)
from inspector_app.station import EventQueue, ScreeningListener, build_station


def _parcel(rng: np.random.Generator, hue_bgr: tuple[int, int, int]) -> np.ndarray:
    """A light background with a few coloured blocks, like a pseudo-colour scan."""
    image = np.full((300, 500, 3), 250, np.uint8)
    for _ in range(6):
        x, y = int(rng.integers(0, 420)), int(rng.integers(0, 240))
        w, h = int(rng.integers(30, 80)), int(rng.integers(20, 60))
        cv2.rectangle(image, (x, y), (x + w, y + h), hue_bgr, -1)
    return cv2.cvtColor(image, cv2.COLOR_BGR2RGB)


ORANGE, BLUE = (40, 140, 240), (170, 60, 20)


def test_statistics_follow_what_is_in_the_picture() -> None:
    white = appearance_stats(np.full((100, 200, 3), 255, np.uint8))
    assert set(white) == set(FEATURES) and white["background"] == 1.0
    orange = appearance_stats(_parcel(np.random.default_rng(1), ORANGE))
    blue = appearance_stats(_parcel(np.random.default_rng(1), BLUE))
    assert orange["orange"] > 0.9 and blue["blue"] > 0.9
    assert 0.0 < orange["background"] < 1.0 and orange["edges"] > 0.0
    with pytest.raises(ValueError, match="RGB uint8"):
        appearance_stats(np.zeros((10, 10), np.uint16))


def test_distance_is_small_within_a_kind_of_scan_and_large_across() -> None:
    rng = np.random.default_rng(7)
    reference = reference_from(appearance_stats(_parcel(rng, ORANGE)) for _ in range(20))
    same = [distance(appearance_stats(_parcel(rng, ORANGE)), reference) for _ in range(10)]
    other = [distance(appearance_stats(_parcel(rng, BLUE)), reference) for _ in range(10)]
    assert max(same) < min(other)
    with pytest.raises(ValueError, match="at least two"):
        reference_from([appearance_stats(_parcel(rng, ORANGE))])


def test_the_monitor_needs_a_few_scans_then_judges_the_median() -> None:
    rng = np.random.default_rng(3)
    reference = reference_from(appearance_stats(_parcel(rng, ORANGE)) for _ in range(20))
    assert AppearanceMonitor(None).add(_parcel(rng, ORANGE)) is None
    monitor = AppearanceMonitor(reference, window=9, minimum=5)
    for _ in range(4):
        monitor.add(_parcel(rng, ORANGE))
    assert monitor.verdict == "unknown"
    monitor.add(_parcel(rng, ORANGE))
    assert monitor.verdict == "similar"
    for _ in range(9):  # the scanner changes: the window fills with unlike scans
        monitor.add(_parcel(rng, BLUE))
    assert monitor.verdict == "unlike" and monitor.median is not None


def test_the_station_reports_scans_unlike_the_models_reference(
    isolated_dirs: Path, tmp_path: Path, fixed_box_model
) -> None:
    rng = np.random.default_rng(11)
    model = fixed_box_model([], ["knife"])
    manifest = yaml.safe_load(model.with_suffix(".yaml").read_text())
    reference = reference_from(appearance_stats(_parcel(rng, ORANGE)) for _ in range(20))
    manifest["appearance"] = {name: list(pair) for name, pair in reference.items()}
    model.with_suffix(".yaml").write_text(yaml.safe_dump(manifest))
    files = []
    for index in range(6):  # this "scanner" shows everything blue
        path = tmp_path / f"scan{index}.png"
        cv2.imwrite(str(path), cv2.cvtColor(_parcel(rng, BLUE), cv2.COLOR_RGB2BGR))
        files.append(path)
    settings = Settings(
        screening=ScreeningSection(model_path=model),
        feeds=[FilesFeedSection(paths=files)],
    )
    verdicts: list[str] = []

    class Listener(ScreeningListener):
        def appearance(self, verdict, median) -> None:
            verdicts.append(verdict)

    events = EventQueue()
    service = build_station(settings).screening(Listener(), events.post)
    service.start()
    try:
        events.run_until(lambda: "unlike" in verdicts, timeout_s=60)
    finally:
        service.stop()
    assert verdicts == ["unknown", "unlike"]

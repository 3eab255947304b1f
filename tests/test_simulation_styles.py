"""Scanner display styles (domain randomisation) and the second-generation parcel metadata."""

from __future__ import annotations

import numpy as np
import pytest

from inspector_app.imaging.dual_energy import pseudocolor
from inspector_app.simulation import simulate_parcel
from inspector_app.simulation.styles import STYLE_NAMES, STYLES, pick_style, render, style_lut


def _wedge() -> tuple[np.ndarray, np.ndarray]:
    """Organic-like and steel-like ramps as 16-bit pairs (air at the left)."""
    a = np.linspace(0, 4, 256, dtype=np.float64)
    low = np.vstack([np.exp(-1.3 * a), np.exp(-3.0 * a)])
    high = np.vstack([np.exp(-a), np.exp(-a)])
    to16 = lambda t: np.repeat(np.round(t * 65535).astype(np.uint16), 8, axis=0)  # noqa: E731
    return to16(low), to16(high)


def test_standard_style_is_the_apps_own_palette() -> None:
    low, high = _wedge()
    assert np.array_equal(render(low, high, None), pseudocolor(low, high))
    assert np.array_equal(render(low, high, {"style": "standard"}), pseudocolor(low, high))


@pytest.mark.parametrize("name", list(STYLES))
def test_styles_keep_the_colour_convention(name: str) -> None:
    low, high = _wedge()
    rgb = render(low, high, {"style": name}).astype(int)
    assert rgb[0, 0].min() > 240  # air is near-white
    organic = rgb[2, 100]  # first row: organic ramp, mid thickness -> orange (R > B)
    metal = rgb[12, 100]  # second row: high ratio -> blue (B > R)
    assert organic[0] > organic[2] + 30
    assert metal[2] > metal[0] + 30
    assert not np.array_equal(style_lut(name), style_lut("deep" if name != "deep" else "cool"))


def test_unknown_style_is_a_clear_error() -> None:
    low, high = _wedge()
    with pytest.raises(ValueError, match="unknown display style"):
        render(low, high, {"style": "vendor-x"})


def test_display_processing_is_deterministic_and_drawn_from_rng() -> None:
    a = [pick_style(np.random.default_rng(k)) for k in range(60)]
    b = [pick_style(np.random.default_rng(k)) for k in range(60)]
    assert a == b
    assert {d["style"] for d in a} == set(STYLE_NAMES)
    low, high = _wedge()
    style = {"style": "bright", "gamma": 1.1, "sharpen": 0.8, "clean_air": 0.95, "jpeg": 70}
    assert np.array_equal(render(low, high, style), render(low, high, style))


def test_parcel_metadata_records_scanner_and_display() -> None:
    scan = simulate_parcel(321, 0.7)
    again = simulate_parcel(321, 0.7)
    assert np.array_equal(scan.low, again.low) and np.array_equal(scan.high, again.high)
    assert scan.meta == again.meta
    assert scan.meta["generator"] == 2
    assert {"sdd_mm", "quanta_low", "resolution", "bad_rows"} <= set(scan.meta["scanner"])
    assert scan.meta["display"]["style"] in STYLE_NAMES


def test_parcels_are_dense() -> None:
    """Real bags and boxes are full: many overlapping items, a large share of the image covered."""
    counts, cover = [], []
    seed = 7000
    while len(counts) < 6:
        scan = simulate_parcel(seed, 0.0)
        seed += 1
        if scan.meta["container"] == "envelope":  # a padded envelope holds a few small things
            continue
        counts.append(len(scan.objects))
        cover.append(float((scan.high < 0.97 * 65535).mean()))
    assert np.median(counts) >= 12
    assert np.median(cover) > 0.25


def test_dataset_without_channels_writes_the_same_images(tmp_path) -> None:
    from inspector_app.simulation.dataset import write_dataset

    full, lean = tmp_path / "full", tmp_path / "lean"
    write_dataset(full, 2, seed=40, workers=1, progress=False)
    write_dataset(lean, 2, seed=40, workers=1, progress=False, channels=False)
    assert not (lean / "channels").exists()
    assert len(list((full / "channels").glob("*.tif"))) == 4
    for sub in ("images", "labels", "meta"):
        for f in sorted((full / sub).iterdir()):
            assert f.read_bytes() == (lean / sub / f.name).read_bytes()

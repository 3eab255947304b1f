"""Threat Image Projection: signatures multiply into simulated and real 16-bit scans."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pydicom
import pytest

from inspector_app.simulation import THREAT_CLASSES, simulate_parcel
from inspector_app.simulation.tip import (
    ThreatSignature,
    export_library,
    make_signature,
    project_threat,
)

DX = Path(__file__).resolve().parents[2] / "shared" / "samples" / "dicos" / "SimpleProcessingDX.dcs"


def _check_log_attenuations_add(low: np.ndarray, high: np.ndarray, sig: ThreatSignature,
                                x: int, y: int) -> None:
    new_low, new_high, box = project_threat(low, high, sig, x, y)
    sh, sw = sig.low.shape
    region = (slice(y, y + sh), slice(x, x + sw))
    for bag, new, t in ((low, new_low, sig.low), (high, new_high, sig.high)):
        b = bag[region].astype(np.float64)
        n = new[region].astype(np.float64)
        ok = (b > 200) & (n > 200)  # away from the 16-bit floor, quantisation stays small
        assert ok.sum() > 0.3 * ok.size
        a_bag = -np.log(b[ok] / 65535.0)
        a_new = -np.log(n[ok] / 65535.0)
        a_threat = -np.log(t[ok].astype(np.float64))
        # Beer–Lambert: attenuations add; tolerance = rounding to one count
        assert np.abs(a_new - (a_bag + a_threat)).max() < 1.0 / n[ok].min() + 1e-6
        # outside the patch nothing changes
        outside = new.copy()
        outside[region] = bag[region]
        assert np.array_equal(outside, bag)
    ys, xs = np.nonzero(sig.mask)
    assert box.as_list() == [x + xs.min(), y + ys.min(), x + xs.max() + 1, y + ys.max() + 1]


def test_projection_into_simulated_scan_adds_log_attenuations() -> None:
    scan = simulate_parcel(3, threat_rate=0.0)
    sig = make_signature("knife", seed=1)
    _check_log_attenuations_add(scan.low, scan.high, sig, 100, 80)


def test_projection_into_real_scanner_file_adds_log_attenuations() -> None:
    """A real 16-bit DICOS DX image (pyDICOS sample) as both channels of a pair."""
    if not DX.exists():
        pytest.skip(f"DICOS sample not found at {DX}")
    dx = pydicom.dcmread(DX).pixel_array
    assert dx.dtype == np.uint16
    low = dx.copy()
    high = np.clip(dx.astype(np.float64) ** 0.9 * 65535.0 ** 0.1, 0, 65535).astype(np.uint16)
    sig = make_signature("ammunition", seed=4, pixels_per_mm=0.6)
    assert sig.low.shape[0] < dx.shape[0] and sig.low.shape[1] < dx.shape[1]
    _check_log_attenuations_add(low, high, sig, 10, 10)


def test_library_export_has_every_class_and_round_trips(tmp_path: Path) -> None:
    paths = export_library(tmp_path, per_class=1, seed=7)
    assert sorted(p.name for p in paths) == sorted(f"{c}_000.npz" for c in THREAT_CLASSES)
    for path in paths:
        sig = ThreatSignature.load(path)
        assert path.name.startswith(sig.label)
        assert sig.mask.any() and sig.low.dtype == np.float32
        # the low channel is attenuated at least as much as the high one
        assert np.all((sig.low > 0) & (sig.low <= 1)) and np.all(sig.high >= sig.low - 1e-6)
    with pytest.raises(ValueError, match="not a threat signature"):
        ThreatSignature.load(tmp_path / "missing.npz")


def test_projection_is_deterministic_and_noise_is_optional() -> None:
    scan = simulate_parcel(5, threat_rate=0.0)
    sig = make_signature("handgun", seed=2)
    a = project_threat(scan.low, scan.high, sig, 50, 40)
    b = project_threat(scan.low, scan.high, sig, 50, 40)
    assert np.array_equal(a[0], b[0]) and a[2] == b[2]
    noisy = project_threat(scan.low, scan.high, sig, 50, 40, rng=np.random.default_rng(0))
    assert not np.array_equal(noisy[0], a[0])
    # the extra quantum noise is small: mean agrees with the noise-free projection
    assert abs(float(noisy[0].mean()) - float(a[0].mean())) < 50


def test_bad_projection_inputs_are_rejected() -> None:
    sig = make_signature("pill_pack", seed=0)
    img = np.full((100, 120), 65535, np.uint16)
    with pytest.raises(ValueError, match="outside"):
        project_threat(img, img, sig, 500, 500)
    with pytest.raises(ValueError, match="uint16"):
        project_threat(img.astype(np.float32), img, sig, 0, 0)
    with pytest.raises(ValueError, match="unknown threat class"):
        make_signature("grenade", seed=0)


def test_partly_outside_projection_is_clipped_and_box_stays_inside() -> None:
    sig = make_signature("banknote_stack", seed=3)
    img = np.full((120, 160), 60000, np.uint16)
    new_low, _, box = project_threat(img, img, sig, 160 - sig.low.shape[1] // 2, -5)
    assert new_low.shape == img.shape
    assert 0 <= box.x1 < box.x2 <= 160 and 0 <= box.y1 < box.y2 <= 120

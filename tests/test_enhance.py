"""Operator image functions on synthetic dual-energy pairs built from known attenuations."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from inspector_app.imaging import enhance
from inspector_app.imaging.dual_energy import effective_z, pseudocolor
from inspector_app.imaging.enhance import FUNCTIONS, NoMaterialInfo, ScanImage
from inspector_app.imaging.material_map import Material

# (−ln T low, −ln T high) of real slabs through the simulator's 100 kVp sandwich-detector model
# (xraydb attenuation, polychromatic): what a scanner would measure behind each material.
POLYETHYLENE_30MM = (0.615, 0.531)  # Zeff ≈ 6: organic
WATER_50MM = (1.217, 0.964)  # Zeff ≈ 7.4: organic, denser
ALUMINIUM_5MM = (0.605, 0.317)  # Zeff ≈ 13: inorganic
STEEL_3MM = (2.988, 1.709)  # Zeff ≈ 26: metal
LEAD = (11.0, 11.0)  # nothing gets through

PATCH = 40


def make_pair(
    patches: list[tuple[float, float]], noise: float = 0.004, seed: int = 0, gap: int = 20
) -> tuple[np.ndarray, np.ndarray, list[tuple[slice, slice]]]:
    """A belt with one square patch per (a_low, a_high), left to right, plus detector noise."""
    rng = np.random.default_rng(seed)
    h = PATCH + 2 * gap
    w = len(patches) * (PATCH + gap) + gap
    a_low = np.full((h, w), 0.002, np.float64)
    a_high = np.full((h, w), 0.002, np.float64)
    where = []
    for index, (low, high) in enumerate(patches):
        x0 = gap + index * (PATCH + gap)
        sl = (slice(gap, gap + PATCH), slice(x0, x0 + PATCH))
        a_low[sl] += low
        a_high[sl] += high
        where.append(sl)

    def to_u16(a: np.ndarray) -> np.ndarray:
        a = a + rng.normal(0.0, noise, a.shape)
        return np.clip(np.round(65535 * np.exp(-a)), 1, 65535).astype(np.uint16)

    return to_u16(a_low), to_u16(a_high), where


def inner(sl: tuple[slice, slice], margin: int = 4) -> tuple[slice, slice]:
    """A patch without its border, where a 5x5 smoothing mixes in the neighbours."""
    return tuple(slice(s.start + margin, s.stop - margin) for s in sl)


def scan_image(patches, **kw) -> tuple[ScanImage, list[tuple[slice, slice]]]:
    low, high, where = make_pair(patches, **kw)
    return ScanImage(pseudocolor(low, high), low, high), where


def saturation(rgb: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2HSV)[..., 1].astype(float)


def value(rgb: np.ndarray) -> np.ndarray:
    return rgb.max(axis=-1).astype(float)


def luma(rgb: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY).astype(float)


MATERIALS = [POLYETHYLENE_30MM, ALUMINIUM_5MM, STEEL_3MM, LEAD]


def test_fixture_attenuations_are_what_the_calibration_says() -> None:
    low, high, where = make_pair(MATERIALS[:3], noise=0.0)
    z = effective_z(low, high)
    assert [round(float(np.median(z[sl]))) for sl in where] == [6, 13, 26]


# ----- material tools -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "kept"), [("organic", 0), ("inorganic", 1), ("metal", 2)]
)
@pytest.mark.parametrize("rgb_only", [False, True])
def test_material_only_keeps_its_material_and_fades_the_others(
    name: str, kept: int, rgb_only: bool
) -> None:
    img, where = scan_image(MATERIALS)
    if rgb_only:
        img = ScanImage(img.rgb)  # hue-band fallback, no channels
    out = FUNCTIONS[name](img)
    for index, sl in enumerate(where[:3]):
        patch = inner(sl)
        if index == kept:
            assert np.array_equal(out[patch], img.rgb[patch]), f"{name} lost its own material"
        else:
            assert saturation(out[patch]).mean() < 15, f"{name} kept colour of patch {index}"
            assert luma(out[patch]).mean() > luma(img.rgb[patch]).mean()
    lead = inner(where[3])
    assert value(out[lead]).max() < 40, "impenetrable areas must stay black in every mode"


def test_rgb_fallback_agrees_with_channels_on_clear_materials() -> None:
    img, where = scan_image([*MATERIALS, WATER_50MM])
    from_hue = ScanImage(img.rgb).materials
    for sl in where:
        patch = inner(sl)
        agree = np.mean(from_hue[patch] == img.materials[patch])
        assert agree > 0.95


def test_material_classes_from_channels() -> None:
    img, where = scan_image([*MATERIALS, WATER_50MM])
    expected = [Material.ORGANIC, Material.INORGANIC, Material.METAL, Material.IMPENETRABLE,
                Material.ORGANIC]
    for sl, material in zip(where, expected, strict=True):
        assert np.all(img.materials[inner(sl)] == material)
    assert np.all(img.materials[:5, :5] == Material.NONE)


def test_too_dense_to_read_is_never_called_organic() -> None:
    # Thick steel: the low/high ratio converges towards the organic curve and noise dominates.
    img, where = scan_image([(7.2, 6.2), (7.5, 6.6)], noise=0.05)
    for sl in where:
        assert np.all(img.materials[inner(sl)] == Material.IMPENETRABLE)
    out = enhance.organic_only(img)
    for sl in where:
        assert np.array_equal(out[inner(sl)], img.rgb[inner(sl)])  # shown as is: near black
        assert value(out[inner(sl)]).max() < 60


def test_material_tools_refuse_a_colourless_scan() -> None:
    grey = np.repeat(np.linspace(0, 255, 64, dtype=np.uint8)[None, :, None], 3, axis=2)
    grey = np.repeat(grey, 32, axis=0)
    with pytest.raises(NoMaterialInfo, match="no dual-energy or colour"):
        enhance.organic_only(grey)
    with pytest.raises(NoMaterialInfo):
        enhance.density_band(grey)


def test_density_band_highlights_dense_organics_only() -> None:
    thin_organic = (0.08, 0.07)
    img, where = scan_image([WATER_50MM, thin_organic, STEEL_3MM, ALUMINIUM_5MM])
    out = enhance.density_band(img)  # default: dense organic band
    water, thin, steel, alu = (inner(sl) for sl in where)
    assert np.array_equal(out[water], img.rgb[water])
    for patch in (thin, steel, alu):
        assert saturation(out[patch]).mean() < 5
        assert value(out[patch]).mean() < 0.5 * value(img.rgb[patch]).mean()
    # The metal preset picks the steel instead.
    metal = enhance.apply("density", img, **enhance.DENSITY_BANDS["metal"])
    assert np.array_equal(metal[steel], img.rgb[steel])
    assert saturation(metal[water]).mean() < 5


# ----- brightness tools ---------------------------------------------------------------------
def test_inverse_twice_is_identity_and_inverts_brightness() -> None:
    img, where = scan_image([*MATERIALS, WATER_50MM])
    once = enhance.inverse(img)
    twice = enhance.inverse(once)
    diff = np.abs(twice.astype(int) - img.rgb.astype(int))
    assert diff.mean() < 1.0 and diff.max() <= 3
    assert value(once[:5, :5]).mean() < 10  # bright belt -> dark
    assert value(once[inner(where[3])]).mean() > 240  # impenetrable -> bright
    organic = inner(where[0])
    assert cv2.cvtColor(once, cv2.COLOR_RGB2HSV)[organic][..., 0].mean() < 20  # still orange
    # grey input inverts exactly
    ramp = np.repeat(np.arange(256, dtype=np.uint8)[None, :, None], 3, axis=2)
    assert np.abs(enhance.inverse(ramp).astype(int) - (255 - ramp.astype(int))).max() <= 1


def test_grey_is_colourless_and_ranks_by_attenuation_not_hue() -> None:
    # organic and metal with the same mean attenuation look alike in grey
    img, where = scan_image([(1.1, 0.9), (1.3, 0.7), STEEL_3MM])
    out = enhance.grey(img)
    assert np.array_equal(out[..., 0], out[..., 1]) and np.array_equal(out[..., 1], out[..., 2])
    a, b, steel = (out[inner(sl)][..., 0].mean() for sl in where)
    assert abs(a - b) < 3
    assert steel < a - 40
    # RGB only: luminance
    rgb_out = enhance.grey(img.rgb)
    assert np.array_equal(rgb_out[..., 0], cv2.cvtColor(img.rgb, cv2.COLOR_RGB2GRAY))


@pytest.mark.parametrize(
    ("thinner", "thicker", "gain"),
    [((6.0, 4.0), (7.0, 5.0), 2.5), ((8.5, 6.0), (9.5, 6.8), 3.0)],
)
def test_high_penetration_separates_dense_objects(thinner, thicker, gain) -> None:
    img, where = scan_image([thinner, thicker])
    out = enhance.high_penetration(img)
    before = abs(value(img.rgb[where[0]]).mean() - value(img.rgb[where[1]]).mean())
    after = abs(value(out[where[0]]).mean() - value(out[where[1]]).mean())
    assert after > gain * before and after > 30
    # thin material saturates to white
    assert value(out[:5, :5]).mean() > 250


def test_high_penetration_rgb_only_stretches_the_dark_range() -> None:
    img, where = scan_image([(6.0, 4.0), (7.0, 5.0)])
    out = enhance.high_penetration(img.rgb)
    before = abs(value(img.rgb[where[0]]).mean() - value(img.rgb[where[1]]).mean())
    after = abs(value(out[where[0]]).mean() - value(out[where[1]]).mean())
    assert after > 1.8 * before


def test_low_penetration_separates_thin_organics() -> None:
    img, where = scan_image([(0.05, 0.045), (0.12, 0.10), STEEL_3MM])
    out = enhance.low_penetration(img)
    lum = cv2.cvtColor(img.rgb, cv2.COLOR_RGB2GRAY).astype(float)
    lum_out = cv2.cvtColor(out, cv2.COLOR_RGB2GRAY).astype(float)
    before = lum[where[0]].mean() - lum[where[1]].mean()
    after = lum_out[where[0]].mean() - lum_out[where[1]].mean()
    assert after > 3 * before and after > 15
    assert value(out[inner(where[2])]).mean() < 10  # dense goes black


def test_clahe_raises_local_contrast_in_a_flat_region() -> None:
    # a thick organic slab with a faint 3 % thickness ripple (a hidden layer)
    rng = np.random.default_rng(1)
    slab = np.zeros((200, 300), np.float64)
    slab[:, 150:] = 0.03
    a_low, a_high = WATER_50MM[0] * (1 + slab), WATER_50MM[1] * (1 + slab)
    low = np.round(65535 * np.exp(-a_low - rng.normal(0, 0.002, slab.shape))).astype(np.uint16)
    high = np.round(65535 * np.exp(-a_high - rng.normal(0, 0.002, slab.shape))).astype(np.uint16)
    img = ScanImage(pseudocolor(low, high), low, high)
    out = enhance.clahe(img)
    region = np.s_[50:150, 100:200]
    before = np.std(cv2.cvtColor(img.rgb, cv2.COLOR_RGB2GRAY)[region].astype(float))
    after = np.std(cv2.cvtColor(out, cv2.COLOR_RGB2GRAY)[region].astype(float))
    assert after > 2 * before
    # colour kept: still orange (organic)
    hue = cv2.cvtColor(out, cv2.COLOR_RGB2HSV)[..., 0][region]
    assert np.median(hue) < 24


def test_edges_sharpen_a_step_and_leave_flat_areas() -> None:
    rgb = np.full((60, 60, 3), 200, np.uint8)
    rgb[:, 30:] = 100
    rgb = cv2.GaussianBlur(rgb, (0, 0), 2.0)
    out = enhance.edges(rgb)
    grad_before = np.abs(np.diff(rgb[30, :, 0].astype(int))).max()
    grad_after = np.abs(np.diff(out[30, :, 0].astype(int))).max()
    assert grad_after > 1.3 * grad_before
    # the halo that makes outlines pop: over- and undershoot beside the step
    assert out[30].max() > 203 and out[30].min() < 97
    assert np.array_equal(out[:, :10], rgb[:, :10])


def test_gamma_and_brightness() -> None:
    img, _ = scan_image([WATER_50MM])
    assert np.array_equal(enhance.gamma(img, gamma=1.0), img.rgb)
    lighter, darker = enhance.apply("lighter", img), enhance.apply("darker", img)
    assert lighter.mean() > img.rgb.mean() > darker.mean()
    assert enhance.gamma(img, brightness=40).mean() > img.rgb.mean() + 10
    with pytest.raises(ValueError, match="gamma must be positive"):
        enhance.gamma(img, gamma=0)


def test_standard_is_the_unmodified_image() -> None:
    img, _ = scan_image([WATER_50MM])
    assert enhance.apply("standard", img) is img.rgb


# ----- registry and input checks ------------------------------------------------------------
LEAD_KEYS = {"C", "S", "R", "ESC", "F", "+", "-", "=", "CTRL+1", *map(str, range(1, 10))}


def test_registry_hotkeys_are_unique_and_clear_of_the_main_window() -> None:
    keys = [f.hotkey.upper() for f in FUNCTIONS.values()]
    assert len(keys) == len(set(keys))
    assert not set(keys) & LEAD_KEYS
    required = {"standard", "grey", "inverse", "organic", "inorganic", "metal", "high_pen",
                "low_pen", "edges", "clahe", "lighter", "darker", "density"}
    assert required <= set(FUNCTIONS)


def test_unknown_function_and_bad_input_are_explained() -> None:
    with pytest.raises(KeyError, match="unknown image function 'sharpen'"):
        enhance.apply("sharpen", np.zeros((4, 4, 3), np.uint8))
    with pytest.raises(ValueError, match="8-bit RGB"):
        enhance.inverse(np.zeros((4, 4, 3), np.float32))
    with pytest.raises(ValueError, match="RGB image"):
        enhance.inverse(np.zeros((4, 4), np.uint8))
    low = np.zeros((4, 5), np.uint16)
    with pytest.raises(ValueError, match="must match"):
        ScanImage(np.zeros((4, 4, 3), np.uint8), low, low)
    with pytest.raises(ValueError, match="both the low and the high"):
        ScanImage(np.zeros((4, 5, 3), np.uint8), low, None)
    with pytest.raises(ValueError, match="window"):
        enhance.high_penetration(np.zeros((4, 4, 3), np.uint8), window=(3.0, 1.0))


def test_accepts_a_domain_scan() -> None:
    from datetime import UTC, datetime

    from inspector_app.domain import Scan

    low, high, where = make_pair([STEEL_3MM])
    scan = Scan("s1", pseudocolor(low, high), "test", datetime.now(UTC), low=low, high=high)
    out = enhance.metal_only(scan)
    assert np.array_equal(out[inner(where[0])], scan.image[inner(where[0])])


@st.composite
def scans(draw):
    h = draw(st.integers(1, 48))
    w = draw(st.integers(1, 48))
    rgb = draw(arrays(np.uint8, (h, w, 3)))
    if draw(st.booleans()):
        low = draw(arrays(np.uint16, (h, w)))
        high = draw(arrays(np.uint16, (h, w)))
        return ScanImage(rgb, low, high)
    return ScanImage(rgb)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(img=scans())
def test_every_function_keeps_shape_and_dtype_and_leaves_input_alone(img: ScanImage) -> None:
    before = img.rgb.copy()
    for name, function in FUNCTIONS.items():
        try:
            out = function(img)
        except NoMaterialInfo:
            assert not img.has_material_info
            continue
        assert out.shape == img.rgb.shape and out.dtype == np.uint8, name
        assert np.array_equal(img.rgb, before), f"{name} modified its input"

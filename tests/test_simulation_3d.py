"""Second-generation simulator: 3-D solids, fan-beam projection, threat and clutter families.

Every check renders real objects through the real physics; numbers are compared with what the
geometry requires (chord lengths, magnification, mass conservation), not with stored outputs.
"""

from __future__ import annotations

import numpy as np
import pytest

from inspector_app.simulation import clutter3d, objects, physics, threats3d
from inspector_app.simulation import shapes as sh
from inspector_app.simulation.parcel import CONCEALMENTS, _concealer, _group_extent
from inspector_app.simulation.projection import FanBeam, Pose
from inspector_app.simulation.scene import Canvas, DetectorModel, new_item, render_channels

S = 1.5  # pixels per millimetre


def _plate(t_mm: float = 10.0, w_mm: float = 120.0, h_mm: float = 40.0):
    it = new_item("plate", sh.px(h_mm, S), sh.px(w_mm, S))
    it.add("steel", sh.box(*it.shape, t_mm))
    return it


def _parallel(h: int = 400, w: int = 400) -> Canvas:
    return Canvas(h, w, geometry=FanBeam(s=S, sdd_mm=1e7, src_row=h / 2))


def _h(box) -> float:
    return box.y2 - box.y1


def _w(box) -> float:
    return box.x2 - box.x1


def _items_materials(item) -> set[str]:
    return {name for _, name, t in item.all_layers() if np.any(t > 0)}


@pytest.mark.parametrize("tilt", [0.0, 30.0, 60.0, 89.0])
def test_tilting_conserves_mass(tilt: float) -> None:
    """A rigid plate holds the same material whichever way it is turned (parallel beam)."""
    flat = _parallel()
    flat.place(_plate(), 200, 200, 0, pose=Pose(0, 0, 0, 100))
    tilted = _parallel()
    tilted.place(_plate(), 200, 200, 0, pose=Pose(0, tilt, 0, 100))
    assert tilted.c.sum() == pytest.approx(flat.c.sum(), rel=0.03)


def test_plate_on_its_side_shows_its_width_as_thickness() -> None:
    """10 mm plate, 40 mm wide, rolled onto its edge: a 10 mm band with a 40 mm chord."""
    canvas = _parallel()
    box = canvas.place(_plate(), 200, 200, 0, pose=Pose(0, 90, 0, 100))
    assert box is not None
    assert _h(box) == pytest.approx(10 * S, abs=3)
    _, bc = physics.basis("steel")
    peak_chord = canvas.c[:, 200].max() / bc
    assert peak_chord == pytest.approx(40.0, rel=0.08)


def test_fan_beam_magnifies_across_the_belt_only() -> None:
    """An item high above the belt looks taller (rows), not wider (columns)."""
    geom = FanBeam(s=S, sdd_mm=1200, src_row=50, ref_z_mm=0)
    boxes = {}
    for z in (10.0, 300.0):
        canvas = Canvas(500, 400, geometry=geom)
        boxes[z] = canvas.place(_plate(2.0, 100, 100), 200, 250, 0, pose=Pose(0, 0, 0, z))
    low, high = boxes[10.0], boxes[300.0]
    expected = (1200 - 10) / (1200 - 300)
    assert _h(high) / _h(low) == pytest.approx(expected, rel=0.04)
    assert _w(high) == pytest.approx(_w(low), abs=2)


def test_raycast_agrees_with_the_affine_path_when_nearly_flat() -> None:
    from inspector_app.simulation.projection import project_affine, project_raycast, rotation

    item = _plate()
    slabs, _ = item.line_integral_slabs()
    geom = FanBeam(s=S, sdd_mm=1800, src_row=200)
    rot = rotation(Pose(10, 4, 2, 80))
    centre = np.array([200 / S, 200 / S, 80.0])
    pa = project_affine(slabs, rot, centre, geom, item.shape, (400, 400))
    pr = project_raycast(slabs, rot, centre, geom, item.shape, (400, 400))
    assert pa is not None and pr is not None
    assert pr[1].sum() == pytest.approx(pa[1].sum(), rel=0.03)
    assert pr[1].max() == pytest.approx(pa[1].max(), rel=0.05)


def _render_alone(item, pose: Pose) -> tuple[np.ndarray, np.ndarray]:
    canvas = Canvas(420, 520, geometry=FanBeam(s=S, sdd_mm=1800, src_row=210, ref_z_mm=100))
    canvas.place(item, 260, 210, 0, pose=pose)
    low, high = render_channels(canvas, np.random.default_rng(0))
    return low, high


@pytest.mark.parametrize("seed", range(4))
def test_pistol_has_anatomy_and_varying_thickness(seed: int) -> None:
    gun = threats3d.pistol(np.random.default_rng(seed), S)
    assert gun.label == "handgun" and gun.is_threat
    # slide walls (and magazine sides / grip panels) are their own slabs across the gun
    assert len(gun.slabs) >= 2
    offsets = sorted({round(z, 1) for z, _ in gun.slabs})
    assert offsets[0] < 0 < offsets[-1]
    assert "steel" in _items_materials(gun)
    _low, high = _render_alone(gun, Pose(15, 0, 0, 100))
    a_high = -np.log(np.maximum(high, 1) / 65535.0)
    inside = a_high > 0.05
    assert inside.sum() > 2000
    # thickness (so darkness) varies across the object: slide, grip, guard, magazine
    assert np.percentile(a_high[inside], 90) > 2.5 * np.percentile(a_high[inside], 10)


def test_pistol_rolled_on_its_back_is_narrower() -> None:
    gun_flat = threats3d.pistol(np.random.default_rng(5), S)
    gun_side = threats3d.pistol(np.random.default_rng(5), S)
    flat = _parallel(500, 500).place(gun_flat, 250, 250, 0, pose=Pose(0, 0, 0, 100))
    side = _parallel(500, 500).place(gun_side, 250, 250, 0, pose=Pose(0, 90, 0, 100))
    assert flat is not None and side is not None
    assert _h(side) < 0.6 * _h(flat)  # ~30 mm across instead of ~130 mm tall
    assert _w(side) == pytest.approx(_w(flat), rel=0.1)


def test_magazine_carries_cartridges() -> None:
    gun = threats3d.pistol(np.random.default_rng(11), S, magazine=True)
    mats = _items_materials(gun)
    assert {"brass", "lead"} <= mats
    empty = threats3d.pistol(np.random.default_rng(11), S, magazine=False)
    assert "brass" not in _items_materials(empty)


def test_revolver_cylinder_has_chambers() -> None:
    for seed in range(6):
        rev = threats3d.revolver(np.random.default_rng(seed), S)
        assert rev.label == "handgun"
        assert "steel" in _items_materials(rev)
        assert _items_materials(rev) & {"wood", "rubber"}


def test_every_knife_kind_is_built_with_a_ground_blade() -> None:
    kinds = set()
    for seed in range(40):
        rng = np.random.default_rng(seed)
        (item, _, _), = threats3d.knife(rng, S)
        assert item.label == "knife" and item.is_threat
        mats = _items_materials(item)
        blade = "zirconia" if "zirconia" in mats else "steel"
        t = np.concatenate([lay[blade][lay[blade] > 0].ravel() for _, lay in
                            [(0, item.layers), *item.slabs] if blade in lay])
        assert t.max() > 3 * np.percentile(t, 5)  # spine thick, edge thin
        kinds.add("ceramic" if "zirconia" in mats else ("folding" if item.slabs else "other"))
    assert {"ceramic", "folding", "other"} <= kinds


@pytest.mark.parametrize(("builder", "material"), [
    (threats3d.reptile, "bone"), (threats3d.bird, "bone"), (threats3d.eggs, "eggshell"),
    (threats3d.scales, "keratin")])
def test_new_wildlife_families(builder, material: str) -> None:
    item = builder(np.random.default_rng(3), S)
    assert item.label == "wildlife" and item.is_threat
    assert material in _items_materials(item)
    low, _ = _render_alone(item, Pose(0, 0, 0, 100))
    assert (low < 60000).sum() > 200


@pytest.mark.parametrize(("builder", "material"), [
    (clutter3d.device, "fr4"), (clutter3d.cable_bundle, "copper"),
    (clutter3d.toiletry_bag, "brass")])
def test_benign_clutter_families(builder, material: str) -> None:
    found = False
    for seed in range(6):
        group = builder(np.random.default_rng(seed), S)
        assert all(not item.is_threat for item, _, _ in group)
        found |= any(material in _items_materials(item) for item, _, _ in group)
    assert found or material == "brass"


def test_hard_negative_tools_are_not_threats() -> None:
    for seed in range(10):
        group = objects.tool(np.random.default_rng(seed), S)
        assert all(not item.is_threat and item.label == "tool" for item, _, _ in group)


@pytest.mark.parametrize("kind", CONCEALMENTS)
def test_every_concealment_covers_the_threat(kind: str) -> None:
    th, tw = 60, 90
    cover = _concealer(kind, np.random.default_rng(1), S, (th, tw))
    ch, cw = _group_extent(cover)
    assert ch >= th and cw >= tw
    assert all(not item.is_threat for item, _, _ in cover)


def test_detector_artefacts_make_row_streaks() -> None:
    canvas = Canvas(200, 300)
    det = DetectorModel(bad_rows=6, gain_spread=0.0)
    low, _ = render_channels(canvas, np.random.default_rng(2), det)
    row_means = low.astype(np.float64).mean(1)
    assert (np.abs(row_means - np.median(row_means)) > 0.05 * 65535).sum() >= 3


FAMILY_MATERIALS = {
    "handgun": {"steel"},
    "knife": {"steel", "zirconia"},
    "ammunition": {"brass"},
    "powder_pack": {"mdma_hcl", "ketamine_hcl", "cocaine_hcl", "heroin", "cannabis_resin"},
    "pill_pack": {"paracetamol", "mdma_hcl", "ketamine_hcl"},
    "liquid_container": {"alcohol", "water"},
    "banknote_stack": {"banknote"},
    "cigarette_carton": {"tobacco"},
    "lithium_battery": {"li_ion_cell"},
    "wildlife": {"ivory", "bone", "keratin", "skin", "eggshell"},
}


@pytest.mark.parametrize("label", list(FAMILY_MATERIALS))
def test_every_threat_family_builds_labelled_solids_of_its_materials(label: str) -> None:
    for seed in range(5):
        group = objects.THREATS[label](np.random.default_rng(seed), S)
        threats = [item for item, _, _ in group if item.is_threat]
        assert threats and all(item.label == label for item in threats)
        mats = set().union(*(_items_materials(item) for item in threats))
        assert mats & FAMILY_MATERIALS[label], (label, seed, mats)
        canvas = Canvas(700, 900, geometry=FanBeam(s=S, sdd_mm=1800, src_row=350, ref_z_mm=80))
        pose_rng = np.random.default_rng(seed + 100)
        for item, dx, dy in group:
            box = canvas.place(item, 450 + dx, 350 + dy, float(pose_rng.uniform(0, 360)),
                               pose=Pose(float(pose_rng.uniform(0, 360)),
                                         float(pose_rng.uniform(-60, 60)), 0.0, 80.0))
            assert box is not None


def test_tablet_cells_are_labelled_lithium_and_sit_inside_the_body() -> None:
    group = clutter3d.tablet(np.random.default_rng(2), S)
    body, cells = group[0][0], [(it, dx) for it, dx, _ in group[1:]]
    assert body.label == "tablet" and not body.is_threat
    assert len(cells) == 2 and all(it.label == "lithium_battery" and it.is_threat
                                   for it, _ in cells)
    half = body.shape[1] / 2
    for it, dx in cells:
        assert abs(dx) + it.shape[1] / 2 <= half


@pytest.mark.parametrize("scale", [0.9, 1.7])
def test_every_builder_survives_many_seeds(scale: float) -> None:
    """Every clutter and threat builder, 25 seeds at the smallest and largest pixel pitch."""
    builders = [b for b, _ in objects.CLUTTER.values()] + list(objects.THREATS.values())
    for build in builders:
        for seed in range(25):
            group = build(np.random.default_rng(seed), scale)
            assert group and all(min(item.shape) >= 1 for item, _, _ in group)

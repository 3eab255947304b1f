"""Real materials by chemical composition and density, attenuation from xraydb.

A material is a mass-fraction mix of chemical formulas (xraydb parses each formula) at a bulk
density. Every attenuation the simulator uses comes from here, so the physics tests can compare
the rendered transmissions with xraydb directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np


@dataclass(frozen=True)
class Material:
    """A named material: components are (formula, mass fraction); density in g/cm³."""

    name: str
    components: tuple[tuple[str, float], ...]
    density: float

    def mass_mu(self, energies_kev: np.ndarray) -> np.ndarray:
        """Mass attenuation coefficient μ/ρ in cm²/g (total, with coherent scattering)."""
        return _mass_mu(self.components, tuple(float(e) for e in energies_kev))


@cache
def _mass_mu(components: tuple[tuple[str, float], ...], energies: tuple[float, ...]) -> np.ndarray:
    import xraydb

    e_ev = np.asarray(energies) * 1000.0
    total = sum(f for _, f in components)
    mu = np.zeros(len(energies))
    for formula, fraction in components:
        mu += fraction / total * np.asarray(xraydb.material_mu(formula, e_ev, density=1.0))
    return mu


def _m(name: str, density: float, *components: tuple[str, float]) -> Material:
    return Material(name, tuple(components), density)


# Organic compositions by mass (approximate, literature values).
_COLLAGEN = (("C", 0.50), ("H", 0.07), ("N", 0.18), ("O", 0.25))
_KERATIN = (("C", 0.50), ("H", 0.07), ("N", 0.16), ("O", 0.22), ("S", 0.05))

MATERIALS: dict[str, Material] = {
    m.name: m
    for m in (
        # packaging and everyday goods
        _m("cardboard", 0.70, ("C6H10O5", 1.0)),
        _m("paper", 0.80, ("C6H10O5", 0.92), ("CaCO3", 0.08)),
        _m("cotton", 1.54, ("C6H10O5", 1.0)),
        _m("polyester", 1.38, ("C10H8O4", 1.0)),
        _m("polyethylene", 0.94, ("C2H4", 1.0)),
        _m("polypropylene", 0.90, ("C3H6", 1.0)),
        _m("pvc", 1.38, ("C2H3Cl", 1.0)),
        _m("abs", 1.05, ("C15H17N", 1.0)),
        _m("rubber", 1.15, ("C5H8", 0.85), ("ZnO", 0.03), ("SiO2", 0.12)),
        _m("wood", 0.60, ("C6H10O5", 1.0)),
        _m("water", 1.00, ("H2O", 1.0)),
        _m("alcohol", 0.95, ("H2O", 0.60), ("C2H5OH", 0.40)),  # 40 % spirits
        _m("food", 1.05, ("H2O", 0.70), ("C6H12O6", 0.25), ("NaCl", 0.05)),
        _m("cosmetic", 1.00, ("H2O", 0.65), ("C16H34", 0.30), ("TiO2", 0.05)),
        _m("glass", 2.50, ("SiO2", 0.73), ("Na2O", 0.14), ("CaO", 0.09), ("MgO", 0.04)),
        _m("ceramic", 2.30, ("SiO2", 0.60), ("Al2O3", 0.35), ("K2O", 0.05)),
        _m("fr4", 1.85, ("SiO2", 0.45), ("C18H20O3", 0.55)),
        _m("silicon", 2.33, ("Si", 1.0)),
        # metals
        _m("aluminium", 2.70, ("Al", 1.0)),
        _m("copper", 8.96, ("Cu", 1.0)),
        _m("steel", 7.85, ("Fe", 0.98), ("Mn", 0.01), ("C", 0.01)),
        _m("brass", 8.50, ("Cu", 0.65), ("Zn", 0.35)),
        _m("lead", 11.34, ("Pb", 1.0)),
        _m("zirconia", 6.05, ("ZrO2", 0.95), ("Y2O3", 0.05)),  # ceramic knife blades
        _m("polymer_frame", 1.45, ("C12H22N2O2", 0.70), ("SiO2", 0.30)),  # glass-filled nylon
        _m("zinc", 7.14, ("Zn", 1.0)),
        _m("ferrite", 4.80, ("Fe2O3", 0.70), ("MnO", 0.20), ("ZnO", 0.10)),
        # lithium-ion cell jelly roll: cathode, anode, foils, electrolyte, separator
        _m(
            "li_ion_cell",
            2.60,
            ("LiCoO2", 0.38),
            ("C", 0.20),
            ("Cu", 0.14),
            ("Al", 0.08),
            ("C3H4O3", 0.15),
            ("LiPF6", 0.02),
            ("C2H4", 0.03),
        ),
        # wildlife
        _m("bone", 1.90, ("Ca10P6O26H2", 0.62), *(( f, 0.28 * w) for f, w in _COLLAGEN),
           ("H2O", 0.10)),
        _m("ivory", 1.85, ("Ca10P6O26H2", 0.58), *((f, 0.32 * w) for f, w in _COLLAGEN),
           ("H2O", 0.10)),
        _m("keratin", 1.30, *_KERATIN),
        _m("eggshell", 2.40, ("CaCO3", 0.95), *((f, 0.05 * w) for f, w in _COLLAGEN)),
        _m("skin", 1.10, *((f, 0.6 * w) for f, w in _COLLAGEN), ("H2O", 0.40)),
        # currency, excise, drugs and medicines
        _m("banknote", 0.85, ("C6H10O5", 0.97), ("CaCO3", 0.03)),
        _m("tobacco", 0.30, ("C6H10O5", 0.84), ("K2CO3", 0.06), ("CaCO3", 0.10)),
        _m("mdma_hcl", 1.20, ("C11H16ClNO2", 1.0)),
        _m("ketamine_hcl", 1.25, ("C13H17Cl2NO", 1.0)),
        _m("cocaine_hcl", 1.25, ("C17H22ClNO4", 1.0)),
        _m("heroin", 1.25, ("C21H23NO5", 1.0)),
        _m("cannabis_resin", 1.10, ("C21H30O2", 0.25), ("C6H10O5", 0.70), ("CaCO3", 0.05)),
        _m("paracetamol", 1.30, ("C8H9NO2", 0.85), ("C6H10O5", 0.12), ("MgC36H70O4", 0.03)),
        # detector scintillators
        _m("csi", 4.51, ("CsI", 1.0)),
        _m("gos", 7.32, ("Gd2O2S", 1.0)),
    )
}

DRUGS = ("mdma_hcl", "ketamine_hcl", "cocaine_hcl", "heroin", "cannabis_resin")


def material(name: str) -> Material:
    """Look up a material by name with a clear error for typos."""
    try:
        return MATERIALS[name]
    except KeyError:
        known = ", ".join(sorted(MATERIALS))
        raise KeyError(f"unknown material {name!r}; known: {known}") from None

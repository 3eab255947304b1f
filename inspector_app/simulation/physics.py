"""Dual-energy line-scanner physics: spectra, detector response, basis decomposition, LUT.

Scanner model (the common parcel-scanner design): one tungsten tube at 100 kVp with 2.5 mm Al
filtration and a *sandwich* detector. The front layer (0.3 mm CsI) absorbs mostly the soft part
of the beam and gives the LOW channel; a 0.5 mm Cu filter then hardens the beam for the rear layer
(4 mm CsI) which gives the HIGH channel. Both layers are energy-integrating, so each channel's
spectral weight is  Φ(E) · E · η_layer(E).

Speed trick (basis-material decomposition, Alvarez–Macovski): every material's μ/ρ(E) is fitted as
a_p·(E0/E)³ + a_c·KN(E)/KN(E0) (photo-electric + Klein–Nishina Compton). A ray through any stack of
materials is then summarised by two line integrals P = Σ a_p ρ t and C = Σ a_c ρ t, and the
polychromatic channel attenuations −ln T(P, C) are read from a 2-D table computed once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from inspector_app.simulation.materials import Material, material

E0_KEV = 60.0
TUBE_KVP = 100.0
TUBE_AL_MM = 2.5
FRONT_CSI_MM = 0.3
MID_CU_MM = 0.5
REAR_CSI_MM = 4.0

# LUT axes: P and C in units of attenuation at E0 (dimensionless), sampled on sqrt-spaced grids
# so thin objects (small P, C) get the finest steps.
P_MAX = 60.0
C_MAX = 14.0
LUT_N = 384

SPECTRA_FILE = Path(__file__).with_name("data") / "spectra.npz"


def tube_spectrum() -> tuple[np.ndarray, np.ndarray]:
    """(energies keV, photon fluence per keV) of the filtered tube, cached in data/spectra.npz.

    spekpy is only needed to (re)generate the file: `python -m inspector_app.simulation.physics`.
    """
    if SPECTRA_FILE.exists():
        with np.load(SPECTRA_FILE) as data:
            return data["energy_kev"].astype(np.float64), data["fluence"].astype(np.float64)
    return _spekpy_spectrum()


def _spekpy_spectrum() -> tuple[np.ndarray, np.ndarray]:
    import spekpy

    spek = spekpy.Spek(kvp=TUBE_KVP, th=12.0, dk=1.0)
    spek.filter("Al", TUBE_AL_MM)
    energy, fluence = spek.get_spectrum()
    return np.asarray(energy, dtype=np.float64), np.asarray(fluence, dtype=np.float64)


def write_spectrum_file(path: Path = SPECTRA_FILE) -> Path:
    """Regenerate the cached tube spectrum with spekpy (offline; spekpy ships its data)."""
    energy, fluence = _spekpy_spectrum()
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, energy_kev=energy.astype(np.float32),
                        fluence=fluence.astype(np.float32), kvp=TUBE_KVP, al_mm=TUBE_AL_MM)
    return path


def _slab_transmission(mat: Material, thickness_mm: float, energies: np.ndarray) -> np.ndarray:
    return np.exp(-mat.mass_mu(energies) * mat.density * thickness_mm / 10.0)


@dataclass(frozen=True, eq=False)
class Scanner:
    """Spectral weights of the two channels plus the basis functions on the same energy grid."""

    energies: np.ndarray  # keV
    w_low: np.ndarray  # normalised detected-energy weight per bin (sums to 1)
    w_high: np.ndarray
    f_photo: np.ndarray  # (E0/E)^3
    f_compton: np.ndarray  # KN(E)/KN(E0)

    def mu_basis(self, mat: Material) -> tuple[float, float]:
        """Fitted (a_p, a_c) in cm²/g for a material (see module docstring)."""
        return _fit_basis(self, mat)

    def exact_attenuation(self, layers: list[tuple[Material, float]]) -> tuple[float, float]:
        """Polychromatic −ln T (low, high) of material slabs [(material, mm)] — no basis fit."""
        mu_t = np.zeros_like(self.energies)
        for mat, mm in layers:
            mu_t += mat.mass_mu(self.energies) * mat.density * mm / 10.0
        t = np.exp(-mu_t)
        return float(-np.log(self.w_low @ t)), float(-np.log(self.w_high @ t))


def _klein_nishina(e_kev: np.ndarray) -> np.ndarray:
    """Total Klein–Nishina cross-section per electron (arbitrary units)."""
    k = np.asarray(e_kev, dtype=np.float64) / 511.0
    a = (1 + k) / k**2 * (2 * (1 + k) / (1 + 2 * k) - np.log(1 + 2 * k) / k)
    b = np.log(1 + 2 * k) / (2 * k) - (1 + 3 * k) / (1 + 2 * k) ** 2
    return a + b


@cache
def scanner() -> Scanner:
    """The scanner model, built once per process (a few ms from the cached spectrum)."""
    energy, fluence = tube_spectrum()
    keep = (energy >= 10.0) & (fluence > 0)
    energy, fluence = energy[keep], fluence[keep]
    csi, cu = material("csi"), material("copper")
    eta_front = 1.0 - _slab_transmission(csi, FRONT_CSI_MM, energy)
    behind_front = _slab_transmission(csi, FRONT_CSI_MM, energy) * _slab_transmission(
        cu, MID_CU_MM, energy
    )
    eta_rear = behind_front * (1.0 - _slab_transmission(csi, REAR_CSI_MM, energy))
    w_low = fluence * energy * eta_front
    w_high = fluence * energy * eta_rear
    return Scanner(
        energies=energy,
        w_low=w_low / w_low.sum(),
        w_high=w_high / w_high.sum(),
        f_photo=(E0_KEV / energy) ** 3,
        f_compton=_klein_nishina(energy) / _klein_nishina(np.array([E0_KEV]))[0],
    )


_BASIS_CACHE: dict[str, tuple[float, float]] = {}


def _fit_basis(sc: Scanner, mat: Material) -> tuple[float, float]:
    if mat.name in _BASIS_CACHE:
        return _BASIS_CACHE[mat.name]
    mu = mat.mass_mu(sc.energies)
    # Weighted least squares on relative error, weighted by where the detectors see photons.
    weight = np.sqrt(sc.w_low + sc.w_high) / mu
    design = np.stack([sc.f_photo, sc.f_compton], axis=1) * weight[:, None]
    coef, *_ = np.linalg.lstsq(design, mu * weight, rcond=None)
    result = (max(float(coef[0]), 0.0), max(float(coef[1]), 0.0))
    _BASIS_CACHE[mat.name] = result
    return result


def basis(name: str) -> tuple[float, float]:
    """(a_p, a_c) for a named material, multiplied by density: per mm of material."""
    mat = material(name)
    a_p, a_c = scanner().mu_basis(mat)
    return a_p * mat.density / 10.0, a_c * mat.density / 10.0


@cache
def attenuation_lut() -> np.ndarray:
    """float32 [LUT_N (P axis), LUT_N (C axis), 2] of polychromatic −ln T for (low, high)."""
    sc = scanner()
    u = np.linspace(0.0, 1.0, LUT_N)
    p = (u**2 * P_MAX).astype(np.float64)
    c = (u**2 * C_MAX).astype(np.float64)
    lut = np.empty((LUT_N, LUT_N, 2), dtype=np.float32)
    # exp(-P f_p) and exp(-C f_c) factorise: T(P, C) = Σ_E w(E) e^{-P f_p(E)} e^{-C f_c(E)}
    ep = np.exp(-np.outer(p, sc.f_photo))  # [N, E]
    ec = np.exp(-np.outer(c, sc.f_compton))  # [N, E]
    for ch, w in enumerate((sc.w_low, sc.w_high)):
        t = (ep * w) @ ec.T  # [N_p, N_c]
        lut[:, :, ch] = -np.log(np.maximum(t, 1e-30))
    return lut


def attenuations(p: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Low and high −ln T for per-pixel line integrals P and C (float32 images)."""
    import cv2

    lut = attenuation_lut()
    scale = LUT_N - 1
    map_c = np.sqrt(np.clip(c, 0.0, C_MAX) * (1.0 / C_MAX)) * scale
    map_p = np.sqrt(np.clip(p, 0.0, P_MAX) * (1.0 / P_MAX)) * scale
    both = cv2.remap(lut, map_c.astype(np.float32), map_p.astype(np.float32),
                     interpolation=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return both[..., 0], both[..., 1]


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    print(f"wrote {write_spectrum_file()}")

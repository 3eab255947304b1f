"""Physics-based dual-energy parcel-scan simulator (demo feed, training data, TIP threats).

Public API::

    from inspector_app.simulation import THREAT_CLASSES, SimObject, SimulatedScan, simulate_parcel
    scan = simulate_parcel(seed=7)          # deterministic per seed
    scan.low, scan.high                     # uint16 transmissions, 65535 = air
    scan.threats()                          # labelled objects (class id = THREAT_CLASSES.index)

See docs/simulator.md for the physics model.
"""

from inspector_app.simulation.parcel import (
    THREAT_CLASSES,
    SimObject,
    SimulatedScan,
    simulate_parcel,
)

__all__ = ["THREAT_CLASSES", "SimObject", "SimulatedScan", "simulate_parcel"]

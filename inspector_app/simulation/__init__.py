"""Physics-based dual-energy parcel-scan simulator (demo feed, training data, TIP threats).

Public API::

    from inspector_app.simulation import THREAT_CLASSES, SimObject, SimulatedScan, simulate_parcel
    scan = simulate_parcel(seed=7)          # deterministic per seed
    scan.low, scan.high                     # uint16 transmissions, 65535 = air
    scan.threats()                          # labelled objects (class id = THREAT_CLASSES.index)

Second generation: objects are 3-D solids (projection.py) posed in 3-D and projected through a
line scanner's fan beam; threats with anatomy (threats3d.py), dense clutter (objects.py,
clutter3d.py), randomised scanners and display styles (styles.py). See docs/simulator.md.
"""

from inspector_app.simulation.parcel import (
    THREAT_CLASSES,
    SimObject,
    SimulatedScan,
    simulate_parcel,
)

__all__ = ["THREAT_CLASSES", "SimObject", "SimulatedScan", "simulate_parcel"]

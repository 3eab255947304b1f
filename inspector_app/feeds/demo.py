"""Built-in demo feed: physics-simulated parcels at a steady rate, so a station (or a trainer)
can run the full workflow with no scanner attached."""

from __future__ import annotations

import threading
from collections.abc import Iterator

from inspector_app.domain import Scan
from inspector_app.feeds.base import FeedItem, new_scan_id, now
from inspector_app.imaging.dual_energy import pseudocolor
from inspector_app.simulation import simulate_parcel


class DemoFeed:
    name = "demo"

    def __init__(
        self,
        interval_s: float = 4.0,
        threat_rate: float = 0.5,
        seed: int | None = None,
        limit: int | None = None,
    ) -> None:
        """seed=None draws a fresh base seed, so each session shows new parcels."""
        import secrets

        self.interval_s = interval_s
        self.threat_rate = threat_rate
        self.seed = secrets.randbelow(2**31) if seed is None else seed
        self.limit = limit

    def items(self, stop: threading.Event) -> Iterator[FeedItem]:
        index = 0
        while not stop.is_set() and (self.limit is None or index < self.limit):
            yield self.make_scan(self.seed + index)
            index += 1
            if stop.wait(self.interval_s):
                return

    def make_scan(self, seed: int) -> Scan:
        simulated = simulate_parcel(seed, threat_rate=self.threat_rate)
        return Scan(
            scan_id=new_scan_id("DEMO"),
            image=pseudocolor(simulated.low, simulated.high),
            source=self.name,
            received_at=now(),
            low=simulated.low,
            high=simulated.high,
            meta={
                "seed": seed,
                "simulated_threats": [obj.label for obj in simulated.threats()],
            },
        )

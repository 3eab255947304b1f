"""Built-in demo feed: physics-simulated parcels at a steady rate, so a station (or a trainer)
can run the full workflow with no scanner attached.

The simulator runs in a child process: its numpy work would otherwise hold the GIL long enough
to stall the GUI (measured: 50 ms gaps with it in a thread). The next parcel is rendered while
the current one waits out the interval, so scans arrive on time.
"""

from __future__ import annotations

import multiprocessing
import secrets
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

import numpy as np

from inspector_app.config import DemoFeedSection
from inspector_app.domain import Scan
from inspector_app.feeds.base import FeedItem, new_scan_id, now
from inspector_app.feeds.registry import register


def render_parcel(seed: int, threat_rate: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, list]:
    """(rgb, low, high, threat labels) for one simulated parcel; runs in the child process."""
    from inspector_app.imaging.dual_energy import pseudocolor
    from inspector_app.simulation import simulate_parcel

    simulated = simulate_parcel(seed, threat_rate=threat_rate)
    labels = [obj.label for obj in simulated.threats()]
    return pseudocolor(simulated.low, simulated.high), simulated.low, simulated.high, labels


class DemoFeed:
    name = "demo"
    lane = "demo"

    def __init__(
        self,
        interval_s: float = 4.0,
        threat_rate: float = 0.5,
        seed: int | None = None,
        limit: int | None = None,
    ) -> None:
        """seed=None draws a fresh base seed, so each session shows new parcels."""
        self.interval_s = interval_s
        self.threat_rate = threat_rate
        self.seed = secrets.randbelow(2**31) if seed is None else seed
        self.limit = limit

    def items(self, stop: threading.Event) -> Iterator[FeedItem]:
        context = multiprocessing.get_context("spawn")  # never fork a process running Qt
        pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
        try:
            index = 0
            pending = pool.submit(render_parcel, self.seed, self.threat_rate)
            while not stop.is_set() and (self.limit is None or index < self.limit):
                parts = self._wait(pending, stop)
                if parts is None:
                    return
                pending = pool.submit(render_parcel, self.seed + index + 1, self.threat_rate)
                yield self._scan(self.seed + index, parts)
                index += 1
                if stop.wait(self.interval_s):
                    return
        finally:
            pool.shutdown(wait=False, cancel_futures=True)

    @staticmethod
    def _wait(future: Future, stop: threading.Event):
        while not stop.is_set():
            try:
                return future.result(timeout=0.2)
            except FutureTimeout:
                continue
        return None

    def make_scan(self, seed: int) -> Scan:
        """One parcel rendered in this process (screenshots, tests)."""
        return self._scan(seed, render_parcel(seed, self.threat_rate))

    def _scan(self, seed: int, parts: tuple) -> Scan:
        rgb, low, high, labels = parts
        return Scan(
            scan_id=new_scan_id("DEMO"),
            image=rgb,
            source=self.name,
            received_at=now(),
            lane=self.lane,
            low=low,
            high=high,
            meta={"seed": seed, "simulated_threats": labels},
        )


@register("demo", demo=True)
def build_demo_feed(section: DemoFeedSection) -> DemoFeed:
    return DemoFeed(section.interval_s, section.threat_rate, section.seed)

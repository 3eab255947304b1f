"""A tiny event loop for running the station without Qt (tests, headless tools).

Worker threads `post` callables; the owner thread runs them with `run_until`, which is what
Qt's event loop does for the GUI.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Callable


class EventQueue:
    def __init__(self) -> None:
        self._events: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()

    def post(self, callback: Callable[[], None]) -> None:
        """Safe from any thread."""
        self._events.put(callback)

    def run_until(self, done: Callable[[], bool], timeout_s: float = 30.0) -> None:
        """Run posted callbacks until `done()` holds; TimeoutError after `timeout_s`."""
        deadline = time.monotonic() + timeout_s
        while not done():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"the station did not get there in {timeout_s:.0f} s")
            try:
                callback = self._events.get(timeout=min(remaining, 0.1))
            except queue.Empty:
                continue
            callback()

    def run_pending(self) -> int:
        count = 0
        while True:
            try:
                callback = self._events.get_nowait()
            except queue.Empty:
                return count
            callback()
            count += 1

"""The screening thread's inbox: control jobs first, then scans taken round-robin by lane.

One detector serves every lane. A single first-in-first-out queue would let a burst of 500
files on one lane hold another lane's parcel for minutes; taking one item per lane in turn
keeps each lane's wait bounded by the number of busy lanes, while each lane keeps its own
arrival order. Each lane holds at most `per_lane` decoded scans: a feed blocks (its files wait
on disk) instead of filling memory with full-size images.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, deque
from typing import Generic, TypeVar

T = TypeVar("T")
C = TypeVar("C")


class FairQueue(Generic[T, C]):
    def __init__(self, per_lane: int = 16) -> None:
        self.per_lane = per_lane
        self._lanes: OrderedDict[str, deque[T]] = OrderedDict()
        self._control: deque[C] = deque()
        self._cond = threading.Condition()

    def put(self, lane: str, item: T, stop: threading.Event | None = None) -> bool:
        """Queue a scan; blocks while the lane is full. False when `stop` was set first."""
        with self._cond:
            while stop is not None and len(self._lanes.get(lane, ())) >= self.per_lane:
                if stop.is_set():
                    return False
                self._cond.wait(0.1)
            self._lanes.setdefault(lane, deque()).append(item)
            self._cond.notify_all()
            return True

    def put_control(self, job: C) -> None:
        with self._cond:
            self._control.append(job)
            self._cond.notify_all()

    def get(self, scans: bool = True) -> C | T:
        """The next control job, else (when `scans`) the next lane's oldest scan; blocks."""
        with self._cond:
            while True:
                if self._control:
                    return self._control.popleft()
                if scans:
                    for lane, items in self._lanes.items():
                        if items:
                            item = items.popleft()
                            self._lanes.move_to_end(lane)  # this lane waits for the others
                            self._cond.notify_all()
                            return item
                self._cond.wait()

    def backlog(self) -> dict[str, int]:
        with self._cond:
            return {lane: len(items) for lane, items in self._lanes.items() if items}

"""X-ray image functions for the viewer: computed in a worker pool, cached, stale ones dropped.

The GUI thread only asks (`apply`, `toggle`, `reset`) and receives (`image_ready`); the numpy
work of `inspector_app.imaging.enhance` runs in a private QThreadPool. Results are cached per
(scan, function, parameters) in a byte-bounded LRU, so flicking between functions is instant
after the first press. A result that arrives after the inspector moved on — to another scan or to
another function — is never shown.

Wiring (main window)::

    self.image_tools = ImageToolController(self)
    self.image_tools.image_ready.connect(self._on_tool_image)
    self.image_tools.failed.connect(lambda _sid, _name, message: self.notify(message))
    for name, label, key in TOOL_SHORTCUTS:
        self._action(label, key, lambda _=False, n=name: self.image_tools.toggle(n))
    # when a scan is shown:  self.image_tools.set_scan(scan)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot

from inspector_app.domain import Scan
from inspector_app.imaging import material_map
from inspector_app.imaging.enhance import FUNCTIONS, ImageFunction, ScanImage

STANDARD = "standard"
# (function name, display label, default hotkey) for the main window to bind.
TOOL_SHORTCUTS: list[tuple[str, str, str]] = [
    (f.name, f.label, f.hotkey) for f in FUNCTIONS.values()
]

_STEP_RANGE = (0.2, 5.0)  # limits of a stepped parameter (gamma)

CacheKey = tuple[str, str, tuple[tuple[str, Any], ...]]


@dataclass(frozen=True)
class _Job:
    key: CacheKey
    scan_id: str
    name: str
    generation: int


@dataclass(frozen=True)
class _Outcome:
    job: _Job
    rgb: np.ndarray | None = None
    error: str | None = None
    skipped: bool = False


def _func_id(function: ImageFunction) -> str:
    """Cache identity of the computation: entries sharing a function (lighter/darker) share it."""
    func = function.func
    return getattr(func, "__qualname__", None) or type(func).__qualname__


class ImageToolController(QObject):
    """Applies operator image functions to the current scan without blocking the GUI thread.

    Signals carry the scan id so a receiver can double-check it still shows that scan.
    `functions` defaults to the product registry; tests pass their own.
    """

    image_ready = Signal(str, str, object)  # scan_id, function name, HxWx3 uint8 RGB
    failed = Signal(str, str, str)  # scan_id, function name, message for the inspector
    _finished = Signal(object)  # _Outcome, from a pool thread to the GUI thread

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        cache_bytes: int = 256 * 1024 * 1024,
        max_threads: int = 1,
        functions: Mapping[str, ImageFunction] = FUNCTIONS,
    ) -> None:
        super().__init__(parent)
        self.functions = functions
        self.cache_bytes = cache_bytes
        # One thread by default: the station has few cores and the detector needs them, and a
        # single worker lets the per-scan maps (Zeff, materials) be computed once, safely.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._cache: OrderedDict[CacheKey, np.ndarray] = OrderedDict()
        self._cached_bytes = 0
        self._in_flight: set[CacheKey] = set()
        self._lock = threading.Lock()
        self._generation = 0
        self._scan: Scan | None = None
        self._image: ScanImage | None = None
        self._wanted: CacheKey | None = None
        self._current = STANDARD
        self._running: dict[tuple[str, str], float] = {}
        self.computed = 0  # function runs completed (diagnostics, tests)
        self.cache_hits = 0
        self.dropped = 0  # results computed but not shown because the inspector moved on
        self._finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self._pool.start(material_map.warm_up)  # first material key then costs ~25 ms, not ~130

    # ----- state --------------------------------------------------------------------------
    @property
    def current_function(self) -> str:
        """The function the inspector last asked for on this scan ("standard" after set_scan)."""
        return self._current

    @property
    def scan_id(self) -> str | None:
        return self._scan.scan_id if self._scan is not None else None

    def set_scan(self, scan: Scan | None) -> None:
        """A new scan is on screen: back to the standard image, pending results become stale."""
        with self._lock:
            self._generation += 1
        self._scan = scan
        self._image = ScanImage.from_scan(scan) if scan is not None else None
        self._wanted = None
        self._current = STANDARD
        self._running.clear()

    # ----- requests -----------------------------------------------------------------------
    def apply(self, name: str, **params: Any) -> None:
        """Show function `name` on the current scan (params override the registry's)."""
        function = self._function(name)
        if self._scan is None or self._image is None:
            return
        scan_id = self._scan.scan_id
        self._current = name
        if name == STANDARD:
            self._wanted = None
            self.image_ready.emit(scan_id, name, self._scan.image)
            return
        args = self._arguments(function, params)
        key: CacheKey = (scan_id, _func_id(function), tuple(sorted(args.items())))
        self._wanted = key
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            self.cache_hits += 1
            self.image_ready.emit(scan_id, name, cached)
            return
        if key in self._in_flight:
            return  # already being computed; its result is now the wanted one
        self._in_flight.add(key)
        job = _Job(key, scan_id, name, self._generation)
        image, func = self._image, function.func
        self._pool.start(lambda: self._run(job, image, func, args))

    def toggle(self, name: str) -> None:
        """Hotkey behaviour: a second press of the active function's key returns to standard
        (stepping keys such as gamma keep stepping instead)."""
        function = self._function(name)
        if name == self._current and name != STANDARD and function.step is None:
            self.apply(STANDARD)
        else:
            self.apply(name)

    def reset(self) -> None:
        """One key back to the unmodified image."""
        self.apply(STANDARD)

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Drop pending work and wait for running work; call before the window closes."""
        with self._lock:
            self._generation += 1
        self._pool.clear()
        return self._pool.waitForDone(timeout_ms)

    def wait_for_done(self, timeout_ms: int = 5000) -> bool:
        return self._pool.waitForDone(timeout_ms)

    # ----- internals ----------------------------------------------------------------------
    def _function(self, name: str) -> ImageFunction:
        try:
            return self.functions[name]
        except KeyError:
            raise KeyError(
                f"unknown image function {name!r}; known: {', '.join(self.functions)}"
            ) from None

    def _arguments(self, function: ImageFunction, overrides: Mapping[str, Any]) -> dict[str, Any]:
        args = {**function.params, **overrides}
        if function.step is not None and function.params and not overrides:
            # Stepping key: multiply the running value (shared by e.g. lighter and darker).
            param = next(iter(function.params))
            slot = (_func_id(function), param)
            value = self._running.get(slot, 1.0) * function.step
            value = round(min(max(value, _STEP_RANGE[0]), _STEP_RANGE[1]), 4)
            self._running[slot] = value
            args[param] = value
        return args

    def _run(self, job: _Job, image: ScanImage, func: Any, args: dict[str, Any]) -> None:
        """Pool thread: compute unless the scan changed meanwhile; report to the GUI thread."""
        with self._lock:
            stale = job.generation != self._generation
        if stale:
            self._finished.emit(_Outcome(job, skipped=True))
            return
        try:
            rgb = np.asarray(func(image, **args))
            rgb.flags.writeable = False  # shared by the cache and every receiver
            self._finished.emit(_Outcome(job, rgb=rgb))
        except Exception as exc:  # a function failing must never take the viewer down
            self._finished.emit(_Outcome(job, error=str(exc)))

    @Slot(object)
    def _on_finished(self, outcome: _Outcome) -> None:
        job = outcome.job
        self._in_flight.discard(job.key)
        current = job.generation == self._generation
        if outcome.skipped:
            return
        if outcome.error is not None:
            if current and job.key == self._wanted:
                self.failed.emit(job.scan_id, job.name, outcome.error)
            return
        assert outcome.rgb is not None
        self.computed += 1
        if not current:
            self.dropped += 1
            return
        self._store(job.key, outcome.rgb)
        if job.key == self._wanted:
            self.image_ready.emit(job.scan_id, self._current, outcome.rgb)
        else:
            self.dropped += 1

    def _store(self, key: CacheKey, rgb: np.ndarray) -> None:
        if rgb.nbytes > self.cache_bytes:
            return
        self._cache[key] = rgb
        self._cached_bytes += rgb.nbytes
        while self._cached_bytes > self.cache_bytes:
            _, evicted = self._cache.popitem(last=False)
            self._cached_bytes -= evicted.nbytes

    def cached_keys(self) -> list[CacheKey]:
        """Oldest first (diagnostics, tests)."""
        return list(self._cache)

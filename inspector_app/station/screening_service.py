"""Screening off the GUI thread: feeds pump scans into one queue, one thread screens them.

One thread owns the detector session and its own log connection; every feed runs in a thread
of its own and only puts items on the queue, so a feed that blocks (a slow share, a scanner
that stalls) never holds up another lane, and scans that arrive faster than inference wait
in arrival order, never dropped. Results reach the owner thread through `post`.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from inspector_app.config import TipSection
from inspector_app.detection.appearance import AppearanceMonitor
from inspector_app.domain import ModelInfo
from inspector_app.feeds.base import Feed, FeedItem, ScanFailure
from inspector_app.feeds.status import FeedStatus
from inspector_app.screening import DetectorLike, ScreenedScan, Screener
from inspector_app.station.fair_queue import FairQueue
from inspector_app.storage.set_aside import SetAsideRecord, pending_set_aside

log = logging.getLogger(__name__)
Post = Callable[[Callable[[], None]], None]


class ScreeningListener:
    """What screening tells the station (called on the owner thread). All optional."""

    def model_ready(self, info: ModelInfo, class_names: tuple[str, ...]) -> None: ...
    def model_load_failed(self, error: Exception) -> None: ...
    def model_switched(self, info: ModelInfo, class_names: tuple[str, ...]) -> None: ...
    def model_switch_failed(self, error: Exception) -> None: ...
    def arrived(self, item: FeedItem) -> None: ...
    def screened(self, screened: ScreenedScan) -> None: ...
    def recovered(self, scans: list[ScreenedScan], problems: list[str]) -> None: ...
    def set_aside_pending(self, records: list[SetAsideRecord]) -> None: ...
    def quarantined(self, failure: ScanFailure) -> None: ...
    def screening_failed(self, scan_id: str, error: Exception) -> None: ...
    def feed_failed(self, feed: Feed, error: Exception) -> None: ...
    def feed_status(self, status: FeedStatus) -> None: ...
    def appearance(self, verdict: str, median: float | None) -> None: ...


@dataclass(frozen=True)
class _SwitchModel:
    path: Path


@dataclass(frozen=True)
class _Configure:
    confidence: float | None
    tip: TipSection


_STOP = None  # the inbox item that ends the screening thread


class ScreeningService:
    """Loads the model, recovers undecided scans, then screens every feed's items in order."""

    def __init__(
        self,
        load_detector: Callable[[Path | None], DetectorLike],
        make_screener: Callable[[DetectorLike], Screener],
        feeds: Sequence[Feed],
        listener: ScreeningListener,
        post: Post,
    ) -> None:
        self._load_detector = load_detector
        self._make_screener = make_screener
        self.feeds = list(feeds)
        self.listener = listener
        self._post = post
        # Scans round-robin by lane (one detector, fair to every lane); control jobs first.
        self._inbox: FairQueue[FeedItem, _SwitchModel | _Configure | None] = FairQueue()
        self._settlers = {f.lane: f for f in self.feeds if hasattr(f, "settled")}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="screening", daemon=True)
        self._pumps: list[threading.Thread] = []
        self.screener: Screener | None = None
        self.monitor = AppearanceMonitor(None)
        self._verdict = ""

    # ----- control (any thread) ----------------------------------------------------------------
    def start(self) -> None:
        self._thread.start()

    def switch_model(self, path: Path) -> None:
        """Validated out of process in the screening thread; the current model stays until then."""
        self._inbox.put_control(_SwitchModel(path))

    def configure(self, confidence: float | None, tip: TipSection) -> None:
        """New screening settings apply from the next scan on."""
        self._inbox.put_control(_Configure(confidence, tip))

    def submit(self, item: FeedItem) -> None:
        """Screen an item that did not come from a feed (tests, drop-in files)."""
        self._inbox.put(item.lane, item)

    def stop(self, timeout_s: float = 10.0) -> None:
        self._stop.set()
        self._inbox.put_control(_STOP)
        for pump in self._pumps:
            pump.join(timeout_s)
        if self._thread.is_alive():
            self._thread.join(timeout_s)

    # ----- the screening thread ----------------------------------------------------------------
    def _emit(self, method: Callable[..., None], *args: object) -> None:
        """Call a listener method on the owner thread, with the arguments bound now."""
        self._post(functools.partial(method, *args))

    def _run(self) -> None:
        detector: DetectorLike | None
        try:
            detector = self._load_detector(None)
        except Exception as exc:
            self._emit(self.listener.model_load_failed, exc)
            detector = self._wait_for_a_model()
        if detector is None:
            return
        try:
            self.screener = self._make_screener(detector)
        except Exception as exc:  # the log cannot be opened: nothing can be screened safely
            self._emit(self.listener.model_load_failed, exc)
            return
        info, names = detector.info, tuple(detector.class_names)
        self._watch_appearance(detector)
        self._emit(self.listener.model_ready, info, names)
        recovered, problems = self.screener.recover_undecided()
        if recovered or problems:
            self._emit(self.listener.recovered, recovered, problems)
        still_set_aside = pending_set_aside(self.screener.log.db.conn)
        if still_set_aside:
            self._emit(self.listener.set_aside_pending, still_set_aside)
        self._start_pumps()
        self._serve()

    def _wait_for_a_model(self) -> DetectorLike | None:
        """No usable model: wait for a supervisor to load one (None when stopped first)."""
        while True:
            job = self._inbox.get(scans=False)  # scans wait in their lanes for a model
            if job is _STOP:
                return None
            if isinstance(job, _SwitchModel):
                try:
                    return self._load_detector(job.path)
                except Exception as exc:
                    self._emit(self.listener.model_switch_failed, exc)

    def _serve(self) -> None:
        assert self.screener is not None
        while True:
            job = self._inbox.get()
            if job is _STOP:
                break
            if isinstance(job, _SwitchModel):
                self._switch(job.path)
            elif isinstance(job, _Configure):
                self.screener.configure(job.confidence, job.tip)
            else:
                self._screen(job)
        self.screener.log.close()

    def _switch(self, path: Path) -> None:
        assert self.screener is not None
        try:
            detector = self._load_detector(path)
        except Exception as exc:
            self._emit(self.listener.model_switch_failed, exc)
            return
        self.screener.detector = detector
        self._watch_appearance(detector)
        info, names = detector.info, tuple(detector.class_names)
        self._emit(self.listener.model_switched, info, names)

    def _screen(self, item: FeedItem) -> None:
        assert self.screener is not None
        try:
            if isinstance(item, ScanFailure):
                self.screener.quarantine(item)
                self._settle(item)
                self._emit(self.listener.quarantined, item)
                return
            screened = self.screener.screen(item)
        except Exception as exc:  # disk full, DB locked...: tell the inspector, keep going
            log.exception("screening %s failed", item.scan_id)
            self._emit(self.listener.screening_failed, item.scan_id, exc)
            return
        self._settle(item)
        self._emit(self.listener.screened, screened)
        self._judge_appearance(item.image)

    def _settle(self, item: FeedItem) -> None:
        """Tell the feed its item is on record (a hot folder then archives or quarantines the
        file); a failure here is the feed's to retry at its next start, never a lost scan."""
        feed = self._settlers.get(item.lane)
        if feed is None:
            return
        try:
            feed.settled(item)
        except Exception:
            log.exception("feed %s could not settle %s", feed.name, item.scan_id)

    # ----- does the scanner look like the model's training? ----------------------------------
    def _watch_appearance(self, detector: DetectorLike) -> None:
        manifest = getattr(detector, "manifest", None)
        self.monitor = AppearanceMonitor(getattr(manifest, "appearance", None))
        self._verdict = ""
        self._judge_appearance(None)

    def _judge_appearance(self, rgb: np.ndarray | None) -> None:
        """Tell the owner when the verdict changes (a few ms per scan, on this thread)."""
        if rgb is not None:
            try:
                self.monitor.add(rgb)
            except ValueError:  # not an RGB scan: nothing to compare
                return
        if self.monitor.verdict != self._verdict:
            self._verdict = self.monitor.verdict
            self._emit(self.listener.appearance, self._verdict, self.monitor.median)

    # ----- feed pumps --------------------------------------------------------------------------
    def _start_pumps(self) -> None:
        assert self.screener is not None
        for feed in self.feeds:
            if hasattr(feed, "attach"):  # feeds that keep a ledger in the station's log
                feed.attach(self.screener.log.path)
            pump = threading.Thread(
                target=self._pump, args=(feed,), name=f"feed-{feed.name}", daemon=True
            )
            self._pumps.append(pump)
            pump.start()

    def _pump(self, feed: Feed) -> None:
        try:
            for item in feed.items(self._stop):
                if self._stop.is_set():
                    return
                if isinstance(item, FeedStatus):
                    self._emit(self.listener.feed_status, item)
                    continue
                if not item.lane:
                    item = _with_lane(item, getattr(feed, "lane", ""))
                self._emit(self.listener.arrived, item)
                if not self._inbox.put(item.lane, item, self._stop):
                    return
        except Exception as exc:  # a broken feed is reported, never fatal, other lanes go on
            log.exception("feed %s stopped", feed.name)
            self._emit(self.listener.feed_failed, feed, exc)


def _with_lane(item: FeedItem, lane: str) -> FeedItem:
    from dataclasses import replace

    return replace(item, lane=lane) if lane else item

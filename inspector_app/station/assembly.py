"""One place that puts a station together from its settings: feeds, detector, logs, TIP,
review session and background services. The GUI, the CLI and the tests all call
`build_station`, so they run the same station.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from pydantic import BaseModel

from inspector_app import config
from inspector_app.config import Settings
from inspector_app.feeds.base import Feed
from inspector_app.feeds.registry import build_feed, feed_type
from inspector_app.screening import Screener
from inspector_app.station.retention import RetentionPolicy, RetentionService
from inspector_app.station.screening_service import Post, ScreeningListener, ScreeningService
from inspector_app.station.session import ReviewSession, SessionListener
from inspector_app.station.writer import LogWriter
from inspector_app.sync.config import UploadConfigError, load_upload_config
from inspector_app.sync.status import OffReason, UploadStatus
from inspector_app.tip import TipInjector

if TYPE_CHECKING:
    from inspector_app.sync.worker import UploadWorker

log = logging.getLogger(__name__)


class StationError(Exception):
    """The settings describe a station that cannot run; the message says why."""


class BackgroundService(Protocol):
    """Work the station does beside screening (e.g. uploading the log): started and stopped
    with the station, never on the GUI thread."""

    name: str

    def start(self) -> None: ...
    def stop(self) -> None: ...


@dataclass
class Station:
    settings: Settings
    feeds: list[Feed]
    demo: bool  # the demo account signs in and decisions go to the demo log
    db_path: Path
    evidence_dir: Path
    model_path: Path
    confidence: float | None
    services: list[BackgroundService] = field(default_factory=list)
    # The upload worker (also in `services`) when the station is enrolled; its status, or an
    # "off" status saying why, is what the window shows.
    upload: UploadWorker | None = None
    upload_status: UploadStatus = field(default_factory=UploadStatus.off)
    retention: RetentionService | None = None  # also in `services` when a policy is set
    # Screening settings overridden for this start only (command line): {'section.field':
    # (saved, used)}. A real station takes them only from a supervisor, audited.
    overrides: dict[str, tuple[object, object]] = field(default_factory=dict)

    # ----- parts, each made in the thread that will use it -------------------------------------
    def load_detector(self, path: Path | None = None):
        """Validated in a child process first: a model that crashes onnxruntime cannot take
        the station down."""
        from inspector_app.detection import load_validated
        from inspector_app.detection.calibration import CalibrationError
        from inspector_app.detection.station_calibration import apply_to

        detector = load_validated(path or self.model_path)
        try:
            apply_to(detector)  # thresholds a supervisor calibrated on this station, if any
        except CalibrationError as exc:  # a damaged sidecar: the manifest's thresholds stand
            log.warning("station calibration ignored: %s", exc)
        return detector

    def make_screener(self, detector) -> Screener:
        from inspector_app.station.integrity import check_at_start
        from inspector_app.storage.decision_log import DecisionLog
        from inspector_app.storage.evidence import EvidenceStore

        # Before the first scan: a broken chain stops screening (shown as a load failure).
        check_at_start(self.db_path, self.evidence_dir)
        tip = self.settings.tip
        return Screener(
            detector,
            DecisionLog(self.db_path),
            EvidenceStore(self.evidence_dir),
            self.confidence,
            TipInjector(tip) if tip.enabled else None,
        )

    def open_accounts(self):
        from inspector_app.accounts import AccountService

        return AccountService.open(self.db_path, demo=self.demo)

    def screening(self, listener: ScreeningListener, post: Post) -> ScreeningService:
        return ScreeningService(self.load_detector, self.make_screener, self.feeds, listener, post)

    def open_session(
        self, inspector: str, listener: SessionListener | None = None, post: Post | None = None
    ) -> ReviewSession:
        review = self.settings.review
        return ReviewSession(
            LogWriter(self.db_path, on_written=self.upload.wake if self.upload else None),
            inspector,
            look_first=review.look_first,
            alarms_first=review.alarms_first,
            undo_window_s=review.undo_window_s,
            listener=listener,
            post=post,
        )

    def start_services(self) -> None:
        for service in self.services:
            service.start()

    def stop_services(self) -> None:
        for service in reversed(self.services):
            service.stop()


def build_station(
    settings: Settings,
    *,
    feeds: Sequence[BaseModel | Feed] | None = None,
    demo: bool | None = None,
    model_path: Path | None = None,
    confidence: float | None = None,
    db_path: Path | None = None,
    evidence_dir: Path | None = None,
) -> Station:
    """The station the settings describe; keyword arguments override single parts.

    `feeds` may hold settings sections (built through the feed registry) or ready feed
    objects (tests, embedding); `demo` must then be given, since only sections declare it.
    """
    chosen = list(settings.feeds if feeds is None else feeds)
    if not chosen:
        raise StationError("no feed is configured: add one under 'feeds' in the settings")
    sections = [feed for feed in chosen if isinstance(feed, BaseModel)]
    kinds = {feed_type(section).demo for section in sections}
    if len(kinds) > 1:
        raise StationError(
            "the demo feed cannot run beside real feeds: demo decisions would land in the "
            "real station's log"
        )
    if demo is None:
        if len(sections) != len(chosen):
            raise StationError("say whether a station built from feed objects is a demo")
        demo = kinds == {True}
    built = [build_feed(f) if isinstance(f, BaseModel) else f for f in chosen]
    lanes = [getattr(feed, "lane", "") for feed in built]
    if len(set(lanes)) != len(lanes):
        raise StationError(f"each feed needs its own lane: {', '.join(lanes)}")
    screening = settings.screening
    station = Station(
        settings=settings,
        feeds=built,
        demo=demo,
        db_path=db_path or config.database_path(demo),
        evidence_dir=evidence_dir or config.evidence_dir(demo),
        model_path=model_path or screening.resolved_model_path(),
        confidence=screening.confidence if confidence is None else confidence,
    )
    _add_upload(station)
    _add_retention(station)
    return station


def _add_retention(station: Station) -> None:
    """The retention clean-up, when a policy is set (never for the demo's throw-away log)."""
    policy = RetentionPolicy.of(station.settings.retention)
    if station.demo or not policy.active:
        return
    station.retention = RetentionService(station.db_path, station.evidence_dir, policy)
    station.services.append(station.retention)


def _add_upload(station: Station) -> None:
    """The upload worker, only for an enrolled real station; otherwise say why upload is off.
    A broken upload.json never stops screening: the station runs with upload off and says so."""
    if station.demo:
        station.upload_status = UploadStatus.off(OffReason.DEMO)
        return
    try:
        enrolled = load_upload_config()
    except UploadConfigError as exc:
        log.warning("upload is off: %s", exc)
        station.upload_status = UploadStatus.off(OffReason.SETTINGS, str(exc))
        return
    if enrolled is None:
        return
    from inspector_app.sync.worker import UploadWorker  # the HTTP client only when enrolled

    tunables = station.settings.upload
    station.upload = UploadWorker(
        station.db_path,
        enrolled,
        batch_size=tunables.batch_size,
        interval_s=tunables.interval_s,
        timeout_s=tunables.timeout_s,
    )
    station.upload_status = station.upload.status
    station.services.append(station.upload)

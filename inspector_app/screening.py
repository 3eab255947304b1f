"""Screen one scan: keep its image as evidence, run the detector, log the result.

This is the whole per-scan pipeline, free of Qt, so the GUI worker, the CLI and tests share it.
The order matters: the image is stored and the scan logged before anyone can decide on it, so
a crash at any point leaves a record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from inspector_app.domain import Detection, ModelInfo, Scan
from inspector_app.feeds.base import ScanFailure
from inspector_app.storage.decision_log import DecisionLog
from inspector_app.storage.evidence import EvidenceStore, StoredImage, encode_scan


class DetectorLike(Protocol):
    info: ModelInfo

    def detect(self, image_rgb: np.ndarray, conf: float | None = None) -> object: ...


@dataclass(frozen=True, eq=False)
class ScreenedScan:
    scan: Scan
    detections: tuple[Detection, ...]
    model: ModelInfo
    image: StoredImage
    inference_ms: float
    warning: str = ""

    @property
    def alarm(self) -> bool:
        return bool(self.detections)


class Screener:
    """Runs in the one thread that owns the detector session and its own log connection."""

    def __init__(
        self,
        detector: DetectorLike,
        log: DecisionLog,
        evidence: EvidenceStore,
        conf: float | None = None,
    ) -> None:
        self.detector = detector
        self.log = log
        self.evidence = evidence
        self.conf = conf

    def screen(self, scan: Scan) -> ScreenedScan:
        if scan.original is not None:
            stored = self.evidence.put(scan.original, scan.original_suffix or ".bin")
        else:
            stored = self.evidence.put(*encode_scan(scan.image, scan.low, scan.high))
        warning = ""
        try:
            result = self.detector.detect(scan.image, conf=self.conf)
            detections = tuple(result.detections)  # type: ignore[attr-defined]
            inference_ms = float(result.timing_ms)  # type: ignore[attr-defined]
        except Exception as exc:  # a model failing on one scan must not stop screening
            detections, inference_ms = (), 0.0
            warning = f"The detector failed on this scan ({exc}). Review it without cues."
        self.log.record_screened(
            scan_id=scan.scan_id,
            source=scan.source,
            received_at=scan.received_at,
            image=stored,
            size=scan.size,
            model=self.detector.info,
            detections=detections,
            inference_ms=inference_ms,
            warning=warning,
        )
        return ScreenedScan(scan, detections, self.detector.info, stored, inference_ms, warning)

    def quarantine(self, failure: ScanFailure) -> None:
        stored = self.evidence.put(failure.raw, failure.suffix) if failure.raw else None
        self.log.record_quarantined(
            scan_id=failure.scan_id,
            source=failure.source,
            received_at=failure.received_at,
            reason=failure.reason,
            image=stored,
        )

"""Screen one scan: keep its image as evidence, run the detector, log the result.

This is the whole per-scan pipeline, free of Qt, so the GUI worker, the CLI and tests share it.
The order matters: the image is stored and the scan logged before anyone can decide on it, so
a crash at any point leaves a record.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Protocol

import numpy as np

from inspector_app.config import TipSection
from inspector_app.detection.detector import DetectionResult
from inspector_app.detection.errors import InvalidOutputError
from inspector_app.domain import Box, Detection, ModelInfo, Scan
from inspector_app.feeds.base import ScanFailure
from inspector_app.imaging.decode import ImageDecodeError, decode_file
from inspector_app.storage.decision_log import DecisionLog, ScanOrigin, vendor_cue_from_dict
from inspector_app.storage.evidence import EvidenceStore, StoredImage, encode_scan
from inspector_app.tip import TipInjector, TipProjection


class DetectorLike(Protocol):
    """What screening needs of a detector (the ONNX Detector, or a test's own)."""

    info: ModelInfo
    class_names: tuple[str, ...]

    def detect(self, image_rgb: np.ndarray, conf: float | None = None) -> DetectionResult: ...


@dataclass(frozen=True, eq=False)
class ScreenedScan:
    scan: Scan
    detections: tuple[Detection, ...]
    model: ModelInfo
    image: StoredImage
    inference_ms: float
    warning: str = ""
    tip: TipProjection | None = None  # shown instead of the scan until the inspector answers
    second: ScreenedScan | None = None  # the second view of a dual-view scanner

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
        tip: TipInjector | None = None,
    ) -> None:
        self.detector = detector
        self.log = log
        self.evidence = evidence
        self.conf = conf
        self.tip = tip

    def configure(self, conf: float | None, tip: TipSection) -> None:
        """New screening settings, from the next scan on."""
        self.conf = conf
        self.tip = TipInjector(tip) if tip.enabled else None

    def screen(self, scan: Scan) -> ScreenedScan:
        """Screen a parcel; a dual-view parcel's second view is screened and logged with it."""
        second = None
        screened = self._screen_view(scan, parent_scan_id=None)
        if scan.second_view is not None:
            second = self._screen_view(scan.second_view, parent_scan_id=scan.scan_id)
        projection = None
        if self.tip is not None:
            try:
                projection = self.tip.maybe_project(scan)
            except Exception:  # a TIP failure must never hold up real screening
                projection = None
        return replace(screened, tip=projection, second=second)

    def _screen_view(self, scan: Scan, parent_scan_id: str | None) -> ScreenedScan:
        if scan.original is not None:
            stored = self.evidence.put(scan.original, scan.original_suffix or ".bin")
        else:
            stored = self.evidence.put(*encode_scan(scan.image, scan.low, scan.high))
        warning = ""
        try:
            result = self.detector.detect(scan.image, conf=self.conf)
            detections, inference_ms = tuple(result.detections), float(result.timing_ms)
        except InvalidOutputError as exc:  # NaN/Inf: no cue of this scan can be trusted
            detections, inference_ms = (), 0.0
            text = str(exc)
            warning = f"{text[:1].upper()}{text[1:]} — the scan is shown without cues."
        except Exception as exc:  # a model failing on one scan must not stop screening
            detections, inference_ms = (), 0.0
            warning = f"The detector failed on this scan ({exc}). Review it without cues."
        note = str(scan.meta.get("note") or "")  # the feed's word, e.g. a view that never came
        if note:
            warning = f"{note[:1].upper()}{note[1:]}." + (f" {warning}" if warning else "")
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
            vendor_cues=scan.vendor_cues,
            parent_scan_id=parent_scan_id,
            lane=scan.lane,
            origin=ScanOrigin.of(scan.meta),
        )
        return ScreenedScan(scan, detections, self.detector.info, stored, inference_ms, warning)

    def recover_undecided(self) -> tuple[list[ScreenedScan], list[str]]:
        """Scans screened by an earlier session that ended before a decision (crash, power cut).

        They come back exactly as screened then: same image from the evidence store, same cues,
        same model identity. Returns (recovered scans, problems for scans whose image is gone).
        """
        recovered, problems = [], []
        for row in self.log.undecided_scans():
            try:
                screened = self._restore(row)
                if row["second_view"] is not None:
                    second = self._restore(row["second_view"])
                    scan = replace(screened.scan, second_view=second.scan)
                    screened = replace(screened, scan=scan, second=second)
            except ImageDecodeError as exc:
                problems.append(f"Scan {row['scan_id']} from an earlier session: {exc}")
                continue
            recovered.append(screened)
        return recovered, problems

    @staticmethod
    def _restore(row: dict) -> ScreenedScan:
        """One logged view back from the evidence store, as it was screened."""
        decoded = decode_file(Path(row["image_path"]))
        scan = Scan(
            scan_id=row["scan_id"],
            image=decoded.rgb,
            source=row["source"],
            received_at=datetime.fromisoformat(row["received_at"]),
            low=decoded.low,
            high=decoded.high,
            meta={
                "recovered": True,
                "path": row.get("source_path") or "",
                "scanner_id": row.get("scanner_id") or "",
            },
            lane=row.get("lane") or "",
            vendor_cues=tuple(vendor_cue_from_dict(c) for c in row["vendor_cues"]),
        )
        detections = tuple(
            Detection(d["label"], d["score"], Box(*d["box"])) for d in row["detections"]
        )
        model = ModelInfo(row["model_name"], row["model_version"], row["model_sha256"])
        stored = StoredImage(row["image_sha256"], Path(row["image_path"]))
        return ScreenedScan(scan, detections, model, stored, row["inference_ms"] or 0.0)

    def quarantine(self, failure: ScanFailure) -> None:
        stored = self.evidence.put(failure.raw, failure.suffix) if failure.raw else None
        self.log.record_quarantined(
            scan_id=failure.scan_id,
            source=failure.source,
            received_at=failure.received_at,
            reason=failure.reason,
            image=stored,
            lane=failure.lane,
            origin=ScanOrigin.of(failure.meta),
        )

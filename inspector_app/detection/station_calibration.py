"""Alarm thresholds calibrated on the station's own log, kept in a sidecar file beside the model.

Why a sidecar (`<model>.calibration.json`) and not the manifest or the settings: the manifest is
the model's published description (its thresholds are the ones its card measured, and its
`sha256` ties it to the file), and settings hold one global `confidence`, not per-class values.
The sidecar names the SHA-256 of the model it was calibrated for, so it never applies to another
model, and it keeps every calibration in order (`history`): undo and reset append an entry rather
than erase one, so the file itself shows what was in force when.

What the log can tell: it holds only the cues that reached the thresholds in force when each
parcel was screened, so calibration can raise a class's threshold (fewer alarms), never lower it
below what was in force (`floor`). Cleared parcels are the clean side (a cue on them made a false
alarm); parcels decided *suspect* are the threat side, scored by their cues the inspector did not
reject. Refer decisions (outcome unknown) are left out.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from inspector_app.detection.calibration import CalibrationError, parcel_rates, tune

SUFFIX = ".calibration.json"
MIN_CLEARED = 50  # fewer cleared parcels than this cannot measure a 5 % alarm rate


def sidecar_path(model_path: Path) -> Path:
    """`models/x.onnx` -> `models/x.calibration.json`."""
    return Path(model_path).with_suffix(SUFFIX)


@dataclass(frozen=True)
class InForce:
    """The thresholds a detector alarms at, and where they came from (for people and the log)."""

    thresholds: dict[str, float]
    source: str  # "manifest" or "station calibration"
    entry: dict[str, Any] | None  # the sidecar entry in force, if any

    def describe(self) -> str:
        if self.entry is None or self.entry.get("thresholds") is None:
            return "model manifest"
        e = self.entry
        return (
            f"station calibration of {e['at']} by {e['by']} (alarm budget "
            f"{e['max_alarm_rate']:.0%} of cleared parcels, {e['cleared_parcels']} cleared "
            f"parcels from {e['log']})"
        )


def read_sidecar(model_path: Path) -> dict[str, Any] | None:
    """The sidecar's content, or None when there is none. A damaged file is a clear error."""
    path = sidecar_path(model_path)
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise CalibrationError(f"cannot read the station calibration {path}: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("history"), list):
        raise CalibrationError(f"{path} is not a station calibration file (no `history` list)")
    return data


def in_force(model_path: Path, sha256: str, manifest_thresholds: dict[str, float]) -> InForce:
    """Thresholds in force for this exact model file: the last sidecar entry, else the manifest.

    A sidecar made for another file (another SHA-256) is ignored: thresholds calibrated for one
    network mean nothing for another.
    """
    data = read_sidecar(model_path)
    if data and data.get("model_sha256") == sha256 and data["history"]:
        entry = data["history"][-1]
        if entry.get("thresholds") is not None:
            merged = {**manifest_thresholds, **entry["thresholds"]}
            return InForce(merged, "station calibration", entry)
        return InForce(dict(manifest_thresholds), "manifest", entry)
    return InForce(dict(manifest_thresholds), "manifest", None)


def apply_to(detector: Any) -> InForce:
    """Make a loaded Detector alarm at the thresholds in force for it; returns what was applied.

    The station calls this once after loading a model (see the module doc for the why)."""
    names = list(detector.class_names)
    manifest = {n: detector.manifest.threshold_for(n) for n in names}
    force = in_force(detector.path, detector.info.sha256, manifest)
    detector.thresholds = np.array([force.thresholds[n] for n in names], np.float32)
    return force


def write_entry(model_path: Path, sha256: str, entry: dict[str, Any]) -> Path:
    """Append an entry to the sidecar, atomically (a crash leaves the old file or the new one)."""
    path = sidecar_path(model_path)
    data = read_sidecar(model_path)
    if data is None or data.get("model_sha256") != sha256:
        data = {"model": Path(model_path).name, "model_sha256": sha256, "history": []}
    data["history"].append(entry)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1, ensure_ascii=False)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


@dataclass(frozen=True)
class LogParcels:
    """Decided parcels screened by one model: per-class max cue score, and which were threats."""

    scores: np.ndarray  # [parcels, classes]
    threat: np.ndarray  # suspect decisions
    rejected_cues: dict[str, int]
    referred: int


def parcels_from_log(db_path: Path, sha256: str, class_names: Sequence[str]) -> LogParcels:
    """Read the decisions in force that were screened by the model `sha256`."""
    from inspector_app.storage.decision_log import DecisionLog

    index = {n: i for i, n in enumerate(class_names)}
    log = DecisionLog(Path(db_path))
    try:
        rows, threat, rejected, referred = [], [], dict.fromkeys(class_names, 0), 0
        for d in log.decisions():
            if d["model_sha256"] != sha256:
                continue
            if d["verdict"] == "refer":
                referred += 1
                continue
            reviews = {
                r["detection_index"]: r["verdict"] for r in log.box_reviews(d["decision_id"])
            }
            views = [d["detections"]] + [
                json.loads(r["detections"] or "[]")
                for r in log.db.query(
                    "SELECT detections FROM scans WHERE parent_scan_id = ?", [d["scan_id"]]
                )
            ]
            row = np.zeros(len(class_names), np.float32)
            is_threat = d["verdict"] == "suspect"
            for view_no, cues in enumerate(views):
                for k, cue in enumerate(cues):
                    c = index.get(cue["label"])
                    if c is None:
                        continue
                    was_rejected = view_no == 0 and reviews.get(k) == "rejected"
                    rejected[cue["label"]] += was_rejected
                    if is_threat and was_rejected:
                        continue  # it did not point at the threat the inspector found
                    row[c] = max(row[c], float(cue["score"]))
            rows.append(row)
            threat.append(is_threat)
    finally:
        log.close()
    scores = np.array(rows, np.float32).reshape(-1, len(class_names))
    return LogParcels(scores, np.array(threat, bool), rejected, referred)


def propose(
    parcels: LogParcels,
    class_names: Sequence[str],
    current: Sequence[float],
    max_alarm_rate: float,
    min_cleared: int = MIN_CLEARED,
) -> dict[str, Any]:
    """Per-class thresholds (never below `current`) so that at most `max_alarm_rate` of cleared
    parcels alarm, keeping as many suspect parcels alarming as possible."""
    if not 0.0 <= max_alarm_rate <= 1.0:
        raise CalibrationError(f"the alarm budget must lie in [0, 1], got {max_alarm_rate}")
    cleared = int((~parcels.threat).sum())
    if cleared < min_cleared:
        raise CalibrationError(
            f"the log holds {cleared} cleared parcels screened by this model; at least "
            f"{min_cleared} are needed to measure an alarm rate"
        )
    cur = np.asarray(current, np.float32)
    before_pd, before_rate = parcel_rates(parcels.scores, parcels.threat, cur)
    if before_rate <= max_alarm_rate:
        thr, pd, rate = cur, before_pd, before_rate
    else:
        thr, pd, rate = tune(parcels.scores, parcels.threat, max_alarm_rate, floor=cur)

    def r(x: float) -> float | None:
        return None if np.isnan(x) else round(float(x), 4)

    return {
        "thresholds": {n: round(float(t), 2) for n, t in zip(class_names, thr, strict=True)},
        "previous": {n: round(float(t), 2) for n, t in zip(class_names, cur, strict=True)},
        "max_alarm_rate": max_alarm_rate,
        "cleared_parcels": cleared,
        "suspect_parcels": int(parcels.threat.sum()),
        "referred_parcels_left_out": parcels.referred,
        "rejected_cues": {k: v for k, v in parcels.rejected_cues.items() if v},
        "cleared_alarm_rate": {"before": r(before_rate), "after": r(rate)},
        "suspect_still_alarming": {"before": r(before_pd), "after": r(pd)},
        "within_budget": bool(rate <= max_alarm_rate),
    }


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")

"""Model evaluation on a labelled dataset (YOLO or Pascal-VOC): COCO mAP (faster-coco-eval),
per-class AP, parcel-level Pd/Pfa at the manifest thresholds, the real-scanner figures (objects
located, false cues per scan), a confusion matrix, and PR curves.

This is the one evaluation path of the project: the `evaluate` command, training's validation and
threshold calibration all score detections made by `Detector` (the station's own letterbox,
adapter and NMS), so a figure measured here is the figure the station gets. mAP comes from a
maintained COCO implementation, not from code written here; only the screening figures, which COCO
does not define, are computed locally.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from inspector_app.detection.dataset import DatasetError, LabelledDataset
from inspector_app.detection.detector import Detector
from inspector_app.detection.nms import iou_matrix

log = logging.getLogger(__name__)

EVAL_CONF = 0.001  # scores this low still count for mAP; alarms use the manifest thresholds
MATCH_IOU = 0.5
# Real-scan "located": right class at IoU >= 0.3. Hand-drawn boxes on real scans are loose and a
# cue that covers most of a gun has done its job for the inspector, so the bar is lower than AP's.
LOCATE_IOU = 0.3
MAX_PFA = 0.05


@dataclass
class ImageResult:
    """One scan: its ground truth and the detector's candidates, all in scan pixels.

    gt_* hold the labelled objects that map to a model class (threats); `other_boxes` the
    labelled objects that do not (ordinary items such as tools: a cue on them is a false alarm).
    """

    width: int
    height: int
    gt_boxes: np.ndarray  # (K, 4) xyxy pixels
    gt_cls: np.ndarray  # model class ids
    boxes: np.ndarray
    scores: np.ndarray
    cls: np.ndarray
    ms: float = 0.0
    other_boxes: np.ndarray = field(default_factory=lambda: np.zeros((0, 4)))


@dataclass
class Evaluation:
    """Everything `evaluate` reports; `summary` is the JSON-ready part."""

    summary: dict[str, Any]
    recall_points: np.ndarray = field(repr=False)
    precision50: dict[str, np.ndarray] = field(repr=False)  # class -> precision at IoU 0.5
    results: list[ImageResult] = field(default_factory=list, repr=False)


def class_mapping(
    dataset_names: Sequence[str],
    model_names: Sequence[str],
    class_map: Mapping[str, str] | None = None,
) -> tuple[np.ndarray, list[str]]:
    """Dataset class id -> model class id (-1: an ordinary item), and the unscored names.

    Without a class map, classes pair by identical name. With one, only the mapped dataset
    classes are threats; every other labelled object is an ordinary item.
    """
    index = {n: i for i, n in enumerate(model_names)}
    if class_map:
        unknown = sorted({v for v in class_map.values() if v not in index})
        if unknown:
            raise DatasetError(
                f"the class map names classes the model does not have: {', '.join(unknown)}; "
                f"model classes: {', '.join(model_names)}"
            )
        targets = [class_map.get(n) for n in dataset_names]
    else:
        targets = list(dataset_names)
    mapping = np.array([index.get(t, -1) if t else -1 for t in targets], np.int64)
    unscored = [n for n, m in zip(dataset_names, mapping, strict=True) if m < 0]
    return mapping, unscored


def predict(
    detector: Detector,
    dataset: LabelledDataset,
    *,
    class_map: Mapping[str, str] | None = None,
    tiled: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[ImageResult]:
    """Detections at EVAL_CONF for every image, through the station's own pipeline.

    The alarm decision at any threshold >= EVAL_CONF can be read off these: greedy class-aware
    NMS never lets a lower score remove a higher one, so the boxes above a threshold are the ones
    the station keeps at that threshold.
    """
    from inspector_app.imaging.decode import decode_file

    mapping, _ = class_mapping(dataset.names, detector.class_names, class_map)
    results = []
    for n, item in enumerate(dataset.items, 1):
        rgb = decode_file(item.path).rgb
        h, w = rgb.shape[:2]
        res = detector.detect(rgb, conf=EVAL_CONF, tiled=tiled)
        cls = mapping[item.classes] if len(item.classes) else np.zeros(0, np.int64)
        keep = cls >= 0
        gt = item.pixel_boxes(w, h)
        dets = res.detections
        results.append(
            ImageResult(
                w,
                h,
                gt[keep],
                cls[keep],
                np.array([d.box.as_list() for d in dets], np.float64).reshape(-1, 4),
                np.array([d.score for d in dets], np.float64),
                np.array([d.class_id for d in dets], np.int64),
                res.timing_ms,
                gt[~keep],
            )
        )
        if progress:
            progress(n, len(dataset.items))
    return results


def coco_precision(
    results: Sequence[ImageResult], names: Sequence[str]
) -> tuple[np.ndarray, np.ndarray]:
    """(stats, precision[T, R, K, A, M]) from faster-coco-eval."""
    from faster_coco_eval import COCO, COCOeval_faster

    images: list[dict[str, object]] = []
    anns: list[dict[str, object]] = []
    dets: list[dict[str, object]] = []
    for i, r in enumerate(results, 1):
        images.append({"id": i, "width": r.width, "height": r.height, "file_name": str(i)})
        for b, c in zip(r.gt_boxes, r.gt_cls, strict=True):
            w, h = b[2] - b[0], b[3] - b[1]
            anns.append(
                {
                    "id": len(anns) + 1,
                    "image_id": i,
                    "category_id": int(c) + 1,
                    "bbox": [float(b[0]), float(b[1]), float(w), float(h)],
                    "area": float(w * h),
                    "iscrowd": 0,
                }
            )
        for b, s, c in zip(r.boxes, r.scores, r.cls, strict=True):
            dets.append(
                {
                    "image_id": i,
                    "category_id": int(c) + 1,
                    "score": float(s),
                    "bbox": [float(b[0]), float(b[1]), float(b[2] - b[0]), float(b[3] - b[1])],
                }
            )
    cats = [{"id": k + 1, "name": n} for k, n in enumerate(names)]
    if not dets or not anns:
        shape = (10, 101, len(names), 4, 3)
        return np.zeros(12), np.full(shape, -1.0 if not anns else 0.0)
    gt = COCO({"images": images, "annotations": anns, "categories": cats})
    ev = COCOeval_faster(gt, gt.loadRes(dets), iouType="bbox", print_function=log.debug)
    ev.evaluate()
    ev.accumulate()
    ev.summarize()
    return np.asarray(ev.stats, np.float64), np.asarray(ev.eval["precision"], np.float64)


def _ap(precision: np.ndarray) -> float | None:
    valid = precision[precision > -1]
    return float(valid.mean()) if valid.size else None


def ap50_per_class(results: Sequence[ImageResult], names: Sequence[str]) -> dict[int, float]:
    """COCO AP at IoU 0.5 for every class that has ground truth (training's validation)."""
    _, precision = coco_precision(results, names)
    counts = np.bincount(
        np.concatenate([r.gt_cls for r in results] or [np.zeros(0, np.int64)]),
        minlength=len(names),
    )
    out = {}
    for k in range(len(names)):
        ap = _ap(precision[0, :, k, 0, -1]) if counts[k] else None
        if ap is not None:
            out[k] = ap
    return out


def alarm_mask(r: ImageResult, thr: np.ndarray) -> np.ndarray:
    """Which candidates of one scan reach their class's alarm threshold (become cues)."""
    return r.scores >= thr[r.cls] if len(r.cls) else np.zeros(0, bool)


def parcel_pd_at_pfa(
    scores: np.ndarray, threat: np.ndarray, max_pfa: float = MAX_PFA
) -> dict[str, Any]:
    """Pd at the lowest single parcel threshold whose false-alarm rate is <= max_pfa.

    A parcel's score is its highest detection score; this is the detector's ROC operating point,
    independent of the thresholds a manifest ships (which are chosen on another set).
    """
    clean, bad = scores[~threat], scores[threat]
    if clean.size == 0 or bad.size == 0:
        return {"pd": None, "pfa": None, "parcel_threshold": None, "max_pfa": max_pfa}
    # Thresholds just above each clean score are where Pfa steps down; 1.01 alarms on nothing.
    candidates = np.unique(np.concatenate((clean, np.nextafter(clean, np.inf), [1.01])))
    pfa = (clean[None, :] >= candidates[:, None]).mean(1)
    t = float(candidates[np.flatnonzero(pfa <= max_pfa)[0]])  # ascending: highest Pd first
    return {
        "max_pfa": max_pfa,
        "parcel_threshold": round(t, 4),
        "pd": round(float((bad >= t).mean()), 4),
        "pfa": round(float((clean >= t).mean()), 4),
        "n_threat_parcels": int(bad.size),
        "n_clean_parcels": int(clean.size),
    }


def localisation(
    results: Sequence[ImageResult], names: Sequence[str], thr: np.ndarray
) -> dict[str, Any]:
    """The real-scanner figures at the alarm thresholds: share of threat objects located (a cue
    of the right class at IoU >= LOCATE_IOU) and cues per scan that sit on no labelled threat
    (IoU < LOCATE_IOU with every threat box, whatever its class), per class."""
    n = len(names)
    gt, found, false = (np.zeros(n, np.int64) for _ in range(3))
    cues = on_ordinary = scans_alarming = 0
    for r in results:
        alarm = alarm_mask(r, thr)
        boxes, cls = r.boxes[alarm], r.cls[alarm]
        cues += len(cls)
        scans_alarming += bool(len(cls))
        iou = iou_matrix(r.gt_boxes, boxes)
        hit = (iou >= LOCATE_IOU) & (r.gt_cls[:, None] == cls[None, :])
        np.add.at(gt, r.gt_cls, 1)
        np.add.at(found, r.gt_cls, hit.any(1).astype(np.int64))
        stray = ~(iou >= LOCATE_IOU).any(0) if len(r.gt_cls) else np.ones(len(cls), bool)
        np.add.at(false, cls[stray], 1)
        if len(r.other_boxes) and stray.any():
            on_ordinary += int((iou_matrix(r.other_boxes, boxes[stray]) >= LOCATE_IOU).any(0).sum())
    scans = max(len(results), 1)
    total_gt = int(gt.sum())
    return {
        "iou": LOCATE_IOU,
        "located": {
            names[k]: {
                "gt": int(gt[k]),
                "located": int(found[k]),
                "fraction": _r(found[k] / gt[k]),
            }
            for k in range(n)
            if gt[k]
        },
        "located_all": {
            "gt": total_gt,
            "located": int(found.sum()),
            "fraction": _r(found.sum() / total_gt) if total_gt else None,
        },
        "cues_per_scan": _r(cues / scans),
        "false_cues_per_scan": _r(false.sum() / scans),
        "false_cues_per_scan_by_class": {
            names[k]: _r(false[k] / scans) for k in np.argsort(-false, kind="stable") if false[k]
        },
        "false_cues_on_labelled_ordinary_items": on_ordinary,
        "scans_alarming": _r(scans_alarming / scans),
    }


def _confusion(results: Sequence[ImageResult], thr: np.ndarray, n_cls: int) -> np.ndarray:
    """(C+1)x(C+1), rows = true class, columns = predicted; last row/column = background."""
    bg = n_cls
    cm = np.zeros((n_cls + 1, n_cls + 1), np.int64)
    for r in results:
        alarm = alarm_mask(r, thr)
        boxes, cls = r.boxes[alarm], r.cls[alarm]
        iou = iou_matrix(r.gt_boxes, boxes)
        pairs = np.argwhere(iou >= MATCH_IOU)
        pairs = pairs[np.argsort(-iou[pairs[:, 0], pairs[:, 1]], kind="stable")]
        used_gt, used_det = set(), set()
        for g, d in pairs.tolist():
            if g in used_gt or d in used_det:
                continue
            used_gt.add(g)
            used_det.add(d)
            cm[r.gt_cls[g], cls[d]] += 1
        for g in set(range(len(r.gt_cls))) - used_gt:
            cm[r.gt_cls[g], bg] += 1
        for d in set(range(len(cls))) - used_det:
            cm[bg, cls[d]] += 1
    return cm


def _r(x: float | None) -> float | None:
    return None if x is None or not np.isfinite(x) else round(float(x), 4)


def summarize(
    results: list[ImageResult], names: Sequence[str], thr: np.ndarray
) -> tuple[dict[str, Any], np.ndarray, dict[str, np.ndarray]]:
    """The figures of one run at alarm thresholds `thr` (one per class): summary (no model or
    dataset block), recall points and per-class precision at IoU 0.5 for the PR plot."""
    stats, precision = coco_precision(results, names)
    per_class: dict[str, dict[str, Any]] = {}
    gt_counts = np.bincount(
        np.concatenate([r.gt_cls for r in results] or [np.zeros(0, np.int64)]),
        minlength=len(names),
    )
    precision50: dict[str, np.ndarray] = {}
    for k, name in enumerate(names):
        p = precision[:, :, k, 0, -1]  # all areas, most detections
        per_class[name] = {"ap50": _r(_ap(p[0])), "ap50_95": _r(_ap(p)), "gt": int(gt_counts[k])}
        if gt_counts[k]:
            precision50[name] = p[0]

    threat = np.array([bool(len(r.gt_cls)) for r in results], bool)
    alarmed = np.array([bool(alarm_mask(r, thr).any()) for r in results], bool)
    n_threat = int(threat.sum())
    n_clean = len(results) - n_threat
    hits = int((alarmed & threat).sum())
    false_alarms = int((alarmed & ~threat).sum())
    parcel_scores = np.array([float(r.scores.max()) if len(r.scores) else 0.0 for r in results])
    ms = np.array([r.ms for r in results])
    has_gt = bool(gt_counts.sum())
    summary: dict[str, Any] = {
        "map50": _r(stats[1]) if has_gt else None,
        "map50_95": _r(stats[0]) if has_gt else None,
        "per_class": per_class,
        "pd": _r(hits / n_threat) if n_threat else None,
        "pfa": _r(false_alarms / n_clean) if n_clean else None,
        "alarms": {
            "hits": hits,
            "misses": n_threat - hits,
            "false_alarms": false_alarms,
            "thresholds": {n: round(float(t), 4) for n, t in zip(names, thr, strict=True)},
        },
        "pd_at_pfa": parcel_pd_at_pfa(parcel_scores, threat),
        "real_scan": localisation(results, names, thr),
        "confusion_matrix": {
            "labels": [*names, "background"],
            "rows": "true",
            "columns": "predicted",
            "iou": MATCH_IOU,
            "matrix": _confusion(results, thr, len(names)).tolist(),
        },
        "speed": {
            "mean_ms": _r(ms.mean()) if ms.size else None,
            "p50_ms": _r(np.percentile(ms, 50)) if ms.size else None,
            "p95_ms": _r(np.percentile(ms, 95)) if ms.size else None,
        },
    }
    return summary, np.linspace(0.0, 1.0, precision.shape[1]), precision50


def evaluate(
    detector: Detector,
    dataset: LabelledDataset,
    *,
    conf: float | None = None,
    tiled: bool | None = None,
    class_map: Mapping[str, str] | None = None,
    thresholds: np.ndarray | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Evaluation:
    """Run the detector over every image once and compute all figures from that run.

    Alarm thresholds: `thresholds` (one per class) if given, else `conf` for every class, else
    the manifest's per-class values (what the station uses).
    """
    start = time.perf_counter()
    results = predict(detector, dataset, class_map=class_map, tiled=tiled, progress=progress)
    names = detector.class_names
    _, unscored = class_mapping(dataset.names, names, class_map)
    if thresholds is not None:
        thr = np.asarray(thresholds, np.float32)
    elif conf is not None:
        thr = np.full(len(names), conf, np.float32)
    else:
        thr = detector.thresholds
    figures, recall, precision50 = summarize(results, names, thr)
    n_threat = figures["alarms"]["hits"] + figures["alarms"]["misses"]
    summary: dict[str, Any] = {
        "model": {
            "name": detector.info.name,
            "version": detector.info.version,
            "sha256": detector.info.sha256,
        },
        "dataset": {
            "path": str(dataset.root),
            "format": dataset.format,
            "images": len(results),
            "threat_parcels": n_threat,
            "clean_parcels": len(results) - n_threat,
            "gt_boxes": int(sum(len(r.gt_cls) for r in results)),
            "ordinary_boxes": int(sum(len(r.other_boxes) for r in results)),
            "class_map": dict(class_map) if class_map else None,
            "classes_not_in_model": unscored,
        },
        "preprocess": {
            "interpolation": detector.manifest.preprocess.interpolation,
            "dynamic_input": detector.manifest.input.dynamic,
            "long_side": max(detector.manifest.input.width, detector.manifest.input.height),
        },
        **figures,
        "eval_seconds": round(time.perf_counter() - start, 2),
    }
    return Evaluation(summary, recall, precision50, results)


def compare(current: dict[str, Any], baseline: dict[str, Any]) -> dict[str, float | None]:
    """current - baseline for the headline figures (e.g. INT8 vs fp32)."""
    out: dict[str, float | None] = {}
    for key in ("map50", "map50_95", "pd", "pfa"):
        a, b = current.get(key), baseline.get(key)
        out[key] = None if a is None or b is None else round(a - b, 4)
    a, b = current["speed"]["mean_ms"], baseline["speed"]["mean_ms"]
    out["speed_ratio"] = round(b / a, 3) if a and b else None
    return out


def plot_pr_curves(evaluation: Evaluation, path: Path, title: str = "") -> Path:
    """PR curve per class at IoU 0.5 (plus the mean) as a PNG, drawn with matplotlib (Agg)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 5), dpi=110)
    recall = evaluation.recall_points
    curves = []
    for name, prec in evaluation.precision50.items():
        p = np.where(prec < 0, np.nan, prec)
        curves.append(p)
        ap = evaluation.summary["per_class"][name]["ap50"]
        ax.plot(recall, p, linewidth=1, label=f"{name} {ap:.3f}" if ap is not None else name)
    if curves:
        mean = np.nanmean(np.vstack(curves), axis=0)
        m = evaluation.summary["map50"]
        ax.plot(
            recall,
            mean,
            color="black",
            linewidth=2.5,
            label=f"all classes mAP50 {m:.3f}" if m is not None else "all classes",
        )
    ax.set(
        xlabel="Recall",
        ylabel="Precision",
        xlim=(0, 1),
        ylim=(0, 1.02),
        title=title or "Precision-recall at IoU 0.5",
    )
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left", fontsize=7)
    fig.tight_layout()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path

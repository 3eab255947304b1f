"""Model evaluation on a YOLO-format dataset: COCO mAP (faster-coco-eval), per-class AP,
parcel-level Pd/Pfa at the manifest thresholds, a confusion matrix, and PR curves.

mAP comes from a maintained COCO implementation, not from code written here; only the screening
figures (Pd/Pfa) and the confusion matrix, which COCO does not define, are computed locally.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from inspector_app.detection.dataset import YoloDataset
from inspector_app.detection.detector import Detector
from inspector_app.detection.nms import iou_matrix

log = logging.getLogger(__name__)

EVAL_CONF = 0.001  # scores this low still count for mAP; alarms use the manifest thresholds
MATCH_IOU = 0.5


@dataclass
class _ImageResult:
    width: int
    height: int
    gt_boxes: np.ndarray  # (K, 4) xyxy pixels
    gt_cls: np.ndarray  # model class ids
    boxes: np.ndarray
    scores: np.ndarray
    cls: np.ndarray
    ms: float


@dataclass
class Evaluation:
    """Everything `evaluate` reports; `summary` is the JSON-ready part."""

    summary: dict[str, Any]
    recall_points: np.ndarray = field(repr=False)
    precision50: dict[str, np.ndarray] = field(repr=False)  # class -> precision at IoU 0.5


def _class_map(dataset: YoloDataset, model_names: tuple[str, ...]) -> tuple[np.ndarray, list[str]]:
    """Dataset class id -> model class id (-1 when the model has no such class)."""
    index = {n: i for i, n in enumerate(model_names)}
    mapping = np.array([index.get(n, -1) for n in dataset.names], np.int64)
    missing = [n for n in dataset.names if n not in index]
    return mapping, missing


def _run(
    detector: Detector,
    dataset: YoloDataset,
    tiled: bool | None,
    progress: Callable[[int, int], None] | None,
) -> tuple[list[_ImageResult], list[str]]:
    from inspector_app.imaging.decode import decode_file

    mapping, missing = _class_map(dataset, detector.class_names)
    results = []
    for n, item in enumerate(dataset.items, 1):
        rgb = decode_file(item.path).rgb
        h, w = rgb.shape[:2]
        res = detector.detect(rgb, conf=EVAL_CONF, tiled=tiled)
        cls = mapping[item.classes] if len(item.classes) else np.zeros(0, np.int64)
        keep = cls >= 0
        b = item.boxes_norm[keep].astype(np.float64)
        gt = (
            np.column_stack(
                [
                    (b[:, 0] - b[:, 2] / 2) * w,
                    (b[:, 1] - b[:, 3] / 2) * h,
                    (b[:, 0] + b[:, 2] / 2) * w,
                    (b[:, 1] + b[:, 3] / 2) * h,
                ]
            )
            if len(b)
            else np.zeros((0, 4))
        )
        dets = res.detections
        results.append(
            _ImageResult(
                w,
                h,
                gt,
                cls[keep],
                np.array([d.box.as_list() for d in dets], np.float64).reshape(-1, 4),
                np.array([d.score for d in dets], np.float64),
                np.array([d.class_id for d in dets], np.int64),
                res.timing_ms,
            )
        )
        if progress:
            progress(n, len(dataset.items))
    return results, missing


def _coco(results: list[_ImageResult], names: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """(stats, precision[T, R, K, A, M]) from faster-coco-eval."""
    from faster_coco_eval import COCO, COCOeval_faster

    images, anns, dets = [], [], []
    for i, r in enumerate(results, 1):
        images.append({"id": i, "width": r.width, "height": r.height, "file_name": str(i)})
        for b, c in zip(r.gt_boxes, r.gt_cls, strict=True):
            w, h = b[2] - b[0], b[3] - b[1]
            anns.append(
                {
                    "id": len(anns) + 1,
                    "image_id": i,
                    "category_id": int(c) + 1,
                    "bbox": [b[0], b[1], w, h],
                    "area": w * h,
                    "iscrowd": 0,
                }
            )
        for b, s, c in zip(r.boxes, r.scores, r.cls, strict=True):
            dets.append(
                {
                    "image_id": i,
                    "category_id": int(c) + 1,
                    "score": float(s),
                    "bbox": [b[0], b[1], b[2] - b[0], b[3] - b[1]],
                }
            )
    cats = [{"id": k + 1, "name": n} for k, n in enumerate(names)]
    gt = COCO({"images": images, "annotations": anns, "categories": cats})
    if not dets or not anns:
        shape = (10, 101, len(names), 4, 3)
        return np.zeros(12), np.full(shape, -1.0 if not anns else 0.0)
    ev = COCOeval_faster(gt, gt.loadRes(dets), iouType="bbox")
    ev.evaluate()
    ev.accumulate()
    ev.summarize()
    return np.asarray(ev.stats, np.float64), np.asarray(ev.eval["precision"], np.float64)


def _ap(precision: np.ndarray) -> float | None:
    valid = precision[precision > -1]
    return float(valid.mean()) if valid.size else None


def _confusion(results: list[_ImageResult], thr: np.ndarray, n_cls: int) -> np.ndarray:
    """(C+1)x(C+1), rows = true class, columns = predicted; last row/column = background."""
    bg = n_cls
    cm = np.zeros((n_cls + 1, n_cls + 1), np.int64)
    for r in results:
        alarm = r.scores >= thr[r.cls] if len(r.cls) else np.zeros(0, bool)
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


def evaluate(
    detector: Detector,
    dataset: YoloDataset,
    *,
    conf: float | None = None,
    tiled: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Evaluation:
    """Run the detector over every image once and compute all figures from that run."""
    start = time.perf_counter()
    results, missing = _run(detector, dataset, tiled, progress)
    names = detector.class_names
    stats, precision = _coco(results, names)
    thr = detector.thresholds if conf is None else np.full(len(names), conf, np.float32)

    per_class: dict[str, dict[str, Any]] = {}
    gt_counts = np.bincount(
        np.concatenate([r.gt_cls for r in results] or [np.zeros(0, int)]), minlength=len(names)
    )
    precision50: dict[str, np.ndarray] = {}
    for k, name in enumerate(names):
        p = precision[:, :, k, 0, -1]  # all areas, most detections
        per_class[name] = {"ap50": _r(_ap(p[0])), "ap50_95": _r(_ap(p)), "gt": int(gt_counts[k])}
        if gt_counts[k]:
            precision50[name] = p[0]

    threat = [bool(len(r.gt_cls)) for r in results]
    alarmed = [bool(np.any(r.scores >= thr[r.cls])) if len(r.cls) else False for r in results]
    n_threat = sum(threat)
    n_clean = len(results) - n_threat
    hits = sum(a and t for a, t in zip(alarmed, threat, strict=True))
    false_alarms = sum(a and not t for a, t in zip(alarmed, threat, strict=True))
    ms = np.array([r.ms for r in results])
    cm = _confusion(results, thr, len(names))
    has_gt = bool(gt_counts.sum())
    summary: dict[str, Any] = {
        "model": {
            "name": detector.info.name,
            "version": detector.info.version,
            "sha256": detector.info.sha256,
        },
        "dataset": {
            "path": str(dataset.root),
            "images": len(results),
            "threat_parcels": n_threat,
            "clean_parcels": n_clean,
            "gt_boxes": int(gt_counts.sum()),
            "classes_not_in_model": missing,
        },
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
        "confusion_matrix": {
            "labels": [*names, "background"],
            "rows": "true",
            "columns": "predicted",
            "iou": MATCH_IOU,
            "matrix": cm.tolist(),
        },
        "speed": {
            "mean_ms": _r(ms.mean()),
            "p50_ms": _r(np.percentile(ms, 50)),
            "p95_ms": _r(np.percentile(ms, 95)),
        },
        "eval_seconds": round(time.perf_counter() - start, 2),
    }
    return Evaluation(summary, np.linspace(0.0, 1.0, precision.shape[1]), precision50)


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

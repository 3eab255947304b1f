"""Post-processing and the figures the issue asks for: AP50 per class, mAP50, parcel Pd/Pfa.

Kept in numpy so the same code scores the PyTorch model during training and the exported ONNX.
"""

from __future__ import annotations

import numpy as np


def iou_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """IoU between every box of a [n,4] and b [m,4] (xyxy) -> [n,m]."""
    lt = np.maximum(a[:, None, :2], b[None, :, :2])
    rb = np.minimum(a[:, None, 2:], b[None, :, 2:])
    inter = np.clip(rb - lt, 0, None).prod(-1)
    area_a = np.clip(a[:, 2:] - a[:, :2], 0, None).prod(-1)
    area_b = np.clip(b[:, 2:] - b[:, :2], 0, None).prod(-1)
    return inter / (area_a[:, None] + area_b[None] - inter + 1e-9)


def nms(boxes: np.ndarray, scores: np.ndarray, iou: float) -> np.ndarray:
    """Greedy NMS; returns kept indices in descending score order."""
    order = np.argsort(-scores)
    keep = []
    while order.size:
        i = order[0]
        keep.append(i)
        if order.size == 1:
            break
        ov = iou_matrix(boxes[i : i + 1], boxes[order[1:]])[0]
        order = order[1:][ov <= iou]
    return np.asarray(keep, np.int64)


def postprocess(
    out: np.ndarray, conf: float = 0.001, iou: float = 0.5, max_det: int = 100, pre_nms: int = 1000
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One image's [4+C, N] yolov8 output -> (boxes xyxy, scores, class ids), class-wise NMS."""
    cxcywh, scores = out[:4].T, out[4:].T
    idx, cls = np.nonzero(scores > conf)
    sc = scores[idx, cls]
    if sc.size > pre_nms:
        top = np.argpartition(-sc, pre_nms)[:pre_nms]
        idx, cls, sc = idx[top], cls[top], sc[top]
    b = cxcywh[idx]
    xyxy = np.concatenate((b[:, :2] - b[:, 2:] / 2, b[:, :2] + b[:, 2:] / 2), 1)
    offset = cls[:, None].astype(np.float32) * 10000.0
    keep = nms(xyxy + offset, sc, iou)[:max_det]
    return xyxy[keep], sc[keep], cls[keep]


def average_precision(recall: np.ndarray, precision: np.ndarray) -> float:
    """Area under the interpolated precision-recall curve (COCO-style 101 points)."""
    r = np.concatenate(([0.0], recall, [1.0]))
    p = np.concatenate(([1.0], precision, [0.0]))
    p = np.flip(np.maximum.accumulate(np.flip(p)))
    x = np.linspace(0, 1, 101)
    return float(np.trapezoid(np.interp(x, r, p), x))


def evaluate(
    preds: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
    gts: list[tuple[np.ndarray, np.ndarray]],
    num_classes: int,
    iou_thr: float = 0.5,
    max_pfa: float = 0.05,
) -> dict:
    """AP50 per class, mAP50 and parcel-level Pd at the threshold where Pfa <= ``max_pfa``.

    A parcel is "threat" when it has at least one labelled box; its score is the highest
    detection score in it. Pd/Pfa need clean parcels in the set (else Pfa is reported as None).
    """
    per_class: list[list[tuple[float, bool]]] = [[] for _ in range(num_classes)]
    n_gt = np.zeros(num_classes, np.int64)
    parcel_scores, parcel_threat = [], []
    for (pb, ps, pc), (gb, gc) in zip(preds, gts, strict=True):
        parcel_scores.append(float(ps.max()) if ps.size else 0.0)
        parcel_threat.append(len(gc) > 0)
        for c in range(num_classes):
            g = gb[gc == c]
            n_gt[c] += len(g)
            sel = pc == c
            b, s = pb[sel], ps[sel]
            order = np.argsort(-s)
            b, s = b[order], s[order]
            used = np.zeros(len(g), bool)
            ious = iou_matrix(b, g) if len(g) and len(b) else np.zeros((len(b), len(g)))
            for k in range(len(b)):
                hit = False
                if len(g):
                    cand = np.where(~used, ious[k], -1.0)
                    j = int(cand.argmax())
                    if cand[j] >= iou_thr:
                        used[j] = True
                        hit = True
                per_class[c].append((float(s[k]), hit))
    aps = {}
    for c in range(num_classes):
        if n_gt[c] == 0:
            continue
        rows = sorted(per_class[c], key=lambda t: -t[0])
        tp = np.cumsum([h for _, h in rows]) if rows else np.zeros(0)
        fp = np.cumsum([not h for _, h in rows]) if rows else np.zeros(0)
        recall = tp / n_gt[c]
        precision = tp / np.maximum(tp + fp, 1)
        aps[c] = average_precision(recall, precision) if rows else 0.0
    result: dict = {
        "map50": float(np.mean(list(aps.values()))) if aps else 0.0,
        "ap50": {int(c): round(v, 4) for c, v in aps.items()},
        "n_gt": {int(c): int(n) for c, n in enumerate(n_gt)},
    }
    result.update(parcel_pd_pfa(np.array(parcel_scores), np.array(parcel_threat), max_pfa))
    return result


def parcel_pd_pfa(scores: np.ndarray, threat: np.ndarray, max_pfa: float = 0.05) -> dict:
    """Pd at the lowest parcel threshold whose false-alarm rate on clean parcels is <= max_pfa."""
    clean, bad = scores[~threat], scores[threat]
    if clean.size == 0 or bad.size == 0:
        return {"pd": None, "pfa": None, "parcel_threshold": None}
    # Thresholds just above each clean score are where Pfa steps down.
    candidates = np.unique(np.concatenate((clean, np.nextafter(clean, np.inf), [1.01])))
    best = None
    for t in candidates:  # ascending: first that meets the Pfa bound gives the highest Pd
        pfa = float((clean >= t).mean())
        if pfa <= max_pfa:
            best = (float(t), float((bad >= t).mean()), pfa)
            break
    assert best is not None
    return {
        "parcel_threshold": round(best[0], 4),
        "pd": round(best[1], 4),
        "pfa": round(best[2], 4),
        "n_threat_parcels": int(bad.size),
        "n_clean_parcels": int(clean.size),
    }

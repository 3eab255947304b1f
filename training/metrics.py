"""Training's validation figures, computed by the product's own code.

`postprocess` decodes a raw [4+C, N] output with the station's "yolov8" adapter and class-aware
NMS, and `evaluate` scores with the product's COCO AP and parcel Pd/Pfa
(`inspector_app.detection.evaluation`), so a number printed during training means what
`inspector-app evaluate` means. Nothing is re-implemented here.
"""

from __future__ import annotations

import numpy as np

from inspector_app.detection.adapters import get_adapter
from inspector_app.detection.evaluation import ImageResult, ap50_per_class, parcel_pd_at_pfa
from inspector_app.detection.nms import class_aware_nms


def postprocess(
    out: np.ndarray, conf: float = 0.001, iou: float = 0.5, max_det: int = 100, pre_nms: int = 1000
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One image's [4+C, N] yolov8 output -> (boxes xyxy, scores, class ids), class-wise NMS."""
    out = np.asarray(out, np.float32)
    cand = get_adapter("yolov8").decode(out, np.full(out.shape[0] - 4, conf, np.float32))
    boxes, scores, cls = cand.boxes, cand.scores, cand.class_ids
    if scores.size > pre_nms:
        top = np.argpartition(-scores, pre_nms)[:pre_nms]
        boxes, scores, cls = boxes[top], scores[top], cls[top]
    keep = class_aware_nms(boxes, scores, cls, iou, max_det)
    return boxes[keep], scores[keep], cls[keep]


def evaluate(
    preds: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
    gts: list[tuple[np.ndarray, np.ndarray]],
    num_classes: int,
    max_pfa: float = 0.05,
) -> dict:
    """AP50 per class, mAP50 and parcel-level Pd at the threshold where Pfa <= ``max_pfa``.

    A parcel is "threat" when it has at least one labelled box; its score is the highest
    detection score in it. Pd/Pfa need clean parcels in the set (else they are None).
    """
    results = []
    for (pb, ps, pc), (gb, gc) in zip(preds, gts, strict=True):
        extent = np.concatenate([np.reshape(pb, (-1, 4)), np.reshape(gb, (-1, 4))])
        w, h = (int(extent[:, 2].max()) + 1, int(extent[:, 3].max()) + 1) if len(extent) else (1, 1)
        results.append(
            ImageResult(
                w,
                h,
                np.asarray(gb, np.float64).reshape(-1, 4),
                np.asarray(gc, np.int64),
                np.asarray(pb, np.float64).reshape(-1, 4),
                np.asarray(ps, np.float64),
                np.asarray(pc, np.int64),
            )
        )
    aps = ap50_per_class(results, [str(c) for c in range(num_classes)])
    n_gt = np.bincount(
        np.concatenate([r.gt_cls for r in results] or [np.zeros(0, np.int64)]),
        minlength=num_classes,
    )
    parcel = np.array([float(r.scores.max()) if len(r.scores) else 0.0 for r in results])
    threat = np.array([len(r.gt_cls) > 0 for r in results], bool)
    result: dict = {
        "map50": float(np.mean(list(aps.values()))) if aps else 0.0,
        "ap50": {int(c): round(v, 4) for c, v in aps.items()},
        "n_gt": {int(c): int(n) for c, n in enumerate(n_gt)},
    }
    result.update(parcel_pd_at_pfa(parcel, threat, max_pfa))
    return result

"""Class-aware non-maximum suppression (boxes of different classes never suppress each other)."""

from __future__ import annotations

import cv2
import numpy as np

_MAX_CANDIDATES = 30000


def class_aware_nms(
    boxes: np.ndarray, scores: np.ndarray, class_ids: np.ndarray, iou: float, max_det: int
) -> np.ndarray:
    """Indices of kept boxes, best score first. `boxes` are xyxy (K, 4)."""
    if len(scores) == 0:
        return np.empty(0, np.int64)
    order = np.argsort(-scores, kind="stable")
    if len(order) > _MAX_CANDIDATES:
        order = order[:_MAX_CANDIDATES]
    b = boxes[order].astype(np.float64)
    xywh = np.column_stack([b[:, 0], b[:, 1], b[:, 2] - b[:, 0], b[:, 3] - b[:, 1]])
    chosen = cv2.dnn.NMSBoxesBatched(
        xywh,  # type: ignore[arg-type]  # OpenCV's stubs say Sequence; it takes arrays
        scores[order].astype(np.float32),  # type: ignore[arg-type]
        class_ids[order].astype(np.int32),  # type: ignore[arg-type]
        0.0,
        float(iou),
    )
    kept = order[np.asarray(chosen, dtype=np.int64).reshape(-1)]
    kept = kept[np.argsort(-scores[kept], kind="stable")]
    return kept[:max_det]


def iou_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pairwise IoU of xyxy boxes a (N, 4) and b (M, 4)."""
    if len(a) == 0 or len(b) == 0:
        return np.zeros((len(a), len(b)), np.float64)
    a = a.astype(np.float64)
    b = b.astype(np.float64)
    lt = np.maximum(a[:, None, :2], b[None, :, :2])
    rb = np.minimum(a[:, None, 2:], b[None, :, 2:])
    inter = np.prod(np.clip(rb - lt, 0, None), axis=2)
    area_a = np.prod(np.clip(a[:, 2:] - a[:, :2], 0, None), axis=1)
    area_b = np.prod(np.clip(b[:, 2:] - b[:, :2], 0, None), axis=1)
    union = area_a[:, None] + area_b[None, :] - inter
    return np.where(union > 0, inter / np.maximum(union, 1e-12), 0.0)

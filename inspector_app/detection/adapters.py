"""Output adapters: one per detector output layout, kept in a registry keyed by format name.

Each adapter turns the raw output of one image (batch dimension removed) into candidate boxes in
network-input pixels, already filtered by per-class score thresholds. Adding a layout means adding
a class with `@register`, nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from inspector_app.detection.errors import ModelLoadError

Shape = tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Candidates:
    """Boxes (K, 4) xyxy float32, scores (K,) float32, class ids (K,) int64."""

    boxes: np.ndarray
    scores: np.ndarray
    class_ids: np.ndarray

    @classmethod
    def empty(cls) -> Candidates:
        return cls(np.zeros((0, 4), np.float32), np.zeros(0, np.float32), np.zeros(0, np.int64))


class OutputAdapter:
    """Base class: describes one output layout of shape (1, A, B)."""

    name: ClassVar[str]
    layout: ClassVar[str]
    needs_nms: ClassVar[bool] = True

    def num_classes(self, shape: Shape) -> int | None:
        """Class count implied by the output shape (None when the shape does not tell)."""
        raise NotImplementedError

    def fit(self, shape: Shape, num_classes: int | None) -> float:
        """How well a (1, A, B) shape matches this layout: 0 = not at all, 1 = certainly."""
        raise NotImplementedError

    def decode(
        self, out: np.ndarray, thresholds: np.ndarray, multi_label: bool = True
    ) -> Candidates:
        """Candidates from one image's output (A, B); `thresholds` holds one score per class.

        multi_label: every class of a box that passes its own threshold is a candidate (so a box
        whose top class is under its threshold still alarms for a second class that is over its
        own); False keeps only each box's top class, as Ultralytics' predict does.
        """
        raise NotImplementedError


ADAPTERS: dict[str, OutputAdapter] = {}


def register(cls: type[OutputAdapter]) -> type[OutputAdapter]:
    """Class decorator adding an adapter to the registry under its `name`."""
    ADAPTERS[cls.name] = cls()
    return cls


def get_adapter(name: str) -> OutputAdapter:
    try:
        return ADAPTERS[name]
    except KeyError:
        raise ModelLoadError(
            f"unknown output format {name!r}; known formats: {', '.join(sorted(ADAPTERS))}"
        ) from None


def sniff_format(shape: Shape, num_classes: int | None) -> str:
    """Pick the adapter whose layout best fits an output shape, or explain why none does."""
    if len(shape) != 3 or shape[0] < 1:
        raise ModelLoadError(
            f"model output has shape {list(shape)}; a detector output must be [1, A, B] "
            "(YOLOv5 [1,N,5+C], YOLOv8/11 [1,4+C,N] or end-to-end [1,N,6])"
        )
    scored = sorted(((a.fit(shape, num_classes), n) for n, a in ADAPTERS.items()), reverse=True)
    best, name = scored[0]
    if best <= 0.0:
        cls_txt = f" with {num_classes} classes" if num_classes else ""
        raise ModelLoadError(
            f"model output shape {list(shape)} matches no known detector layout{cls_txt} "
            "(YOLOv5 [1,N,5+C], YOLOv8/11 [1,4+C,N], end-to-end [1,N,6])"
        )
    return name


def check_layout(adapter: OutputAdapter, shape: Shape, num_classes: int | None) -> None:
    """Raise ModelLoadError when the output does not have the layout the manifest promises."""
    if len(shape) != 3 or adapter.fit(shape, num_classes) <= 0.0:
        raise ModelLoadError(
            f"model output has shape {list(shape)}, which is not the {adapter.name} layout "
            f"{adapter.layout}" + (f" for {num_classes} classes" if num_classes else "")
        )


def _select(
    scores: np.ndarray, thresholds: np.ndarray, multi_label: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row index, class, score) of the (K, C) class scores that pass their class threshold."""
    if multi_label:
        rows, cls = np.nonzero(scores >= thresholds)
        return rows, cls, scores[rows, cls]
    cls = scores.argmax(axis=1)
    best = scores[np.arange(len(cls)), cls]
    rows = np.flatnonzero(best >= thresholds[cls])
    return rows, cls[rows], best[rows]


def _cxcywh_to_xyxy(b: np.ndarray) -> np.ndarray:
    out = np.empty_like(b, dtype=np.float32)
    half_w = b[:, 2] * 0.5
    half_h = b[:, 3] * 0.5
    out[:, 0] = b[:, 0] - half_w
    out[:, 1] = b[:, 1] - half_h
    out[:, 2] = b[:, 0] + half_w
    out[:, 3] = b[:, 1] + half_h
    return out


@register
class YoloV8Adapter(OutputAdapter):
    """YOLOv8 / YOLO11: (1, 4+C, N) rows cx, cy, w, h, then C class scores (no objectness)."""

    name = "yolov8"
    layout = "[1, 4+C, N]"

    def num_classes(self, shape: Shape) -> int | None:
        return shape[1] - 4

    def fit(self, shape: Shape, num_classes: int | None) -> float:
        if num_classes is not None:
            return 1.0 if shape[1] == 4 + num_classes else 0.0
        return 0.8 if 4 < shape[1] < shape[2] else 0.0

    def decode(
        self, out: np.ndarray, thresholds: np.ndarray, multi_label: bool = True
    ) -> Candidates:
        scores = out[4:]
        idx = np.flatnonzero(scores.max(axis=0) >= thresholds.min())  # cheap pre-filter
        if idx.size == 0:
            return Candidates.empty()
        rows, cls, best = _select(scores[:, idx].T, thresholds, multi_label)
        boxes = _cxcywh_to_xyxy(out[:4, idx[rows]].T)
        return Candidates(boxes, best.astype(np.float32), cls.astype(np.int64))


@register
class YoloV5Adapter(OutputAdapter):
    """YOLOv5 (and v7-style): (1, N, 5+C) rows cx, cy, w, h, objectness, C class scores."""

    name = "yolov5"
    layout = "[1, N, 5+C]"

    def num_classes(self, shape: Shape) -> int | None:
        return shape[2] - 5

    def fit(self, shape: Shape, num_classes: int | None) -> float:
        if num_classes is not None:
            return 0.9 if shape[2] == 5 + num_classes else 0.0
        return 0.6 if 5 < shape[2] < shape[1] else 0.0

    def decode(
        self, out: np.ndarray, thresholds: np.ndarray, multi_label: bool = True
    ) -> Candidates:
        obj = out[:, 4]
        idx = np.flatnonzero(obj >= thresholds.min())  # score = obj * cls <= obj
        if idx.size == 0:
            return Candidates.empty()
        cand = out[idx]
        rows, cls, best = _select(cand[:, 5:] * cand[:, 4:5], thresholds, multi_label)
        boxes = _cxcywh_to_xyxy(cand[rows, :4])
        return Candidates(boxes, best.astype(np.float32), cls.astype(np.int64))


@register
class End2EndAdapter(OutputAdapter):
    """End-to-end models with NMS inside the graph (YOLOv10, NMS exports): (1, N, 6) rows
    x1, y1, x2, y2, score, class."""

    name = "end2end"
    layout = "[1, N, 6]"
    needs_nms = False

    def num_classes(self, shape: Shape) -> int | None:
        return None

    def fit(self, shape: Shape, num_classes: int | None) -> float:
        if shape[2] != 6:
            return 0.0
        return 1.0 if shape[1] <= 1000 else 0.5

    def decode(
        self, out: np.ndarray, thresholds: np.ndarray, multi_label: bool = True
    ) -> Candidates:
        cls = np.rint(out[:, 5]).astype(np.int64)
        valid = (cls >= 0) & (cls < len(thresholds))
        score = out[:, 4]
        ok = valid & (score >= thresholds[np.where(valid, cls, 0)])
        return Candidates(out[ok, :4].astype(np.float32), score[ok].astype(np.float32), cls[ok])

"""Letterbox: aspect-preserving resize + padding into the network input, and its exact inverse.

Un-mapping uses the real resize factors of each axis (new_w / src_w, new_h / src_h) rather than one
rounded gain, so boxes land on the original pixels without a rounding drift on wide scans.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

STRIDE = 32


@dataclass(frozen=True, slots=True)
class LetterboxPlan:
    """Where the source image sits inside the network input."""

    src_w: int
    src_h: int
    dst_w: int
    dst_h: int
    new_w: int
    new_h: int
    left: int
    top: int

    def unmap(self, boxes: np.ndarray) -> np.ndarray:
        """Map xyxy boxes (K, 4) from network-input pixels back to source pixels, in place."""
        if boxes.size == 0:
            return boxes
        sx = self.src_w / self.new_w
        sy = self.src_h / self.new_h
        boxes[:, 0::2] -= self.left
        boxes[:, 1::2] -= self.top
        boxes[:, 0::2] *= sx
        boxes[:, 1::2] *= sy
        np.clip(boxes[:, 0::2], 0.0, self.src_w, out=boxes[:, 0::2])
        np.clip(boxes[:, 1::2], 0.0, self.src_h, out=boxes[:, 1::2])
        return boxes


def dynamic_input_size(
    src_w: int, src_h: int, long_side: int, stride: int = STRIDE
) -> tuple[int, int]:
    """Rectangular input for a dynamic-shape model: long side = `long_side`, both sides on stride.

    A 2000x1000 scan becomes 640x320 instead of 640x640: half the pixels, same detail.
    """
    r = long_side / max(src_w, src_h)
    new_w = max(1, round(src_w * r))
    new_h = max(1, round(src_h * r))
    return (
        max(stride, math.ceil(new_w / stride) * stride),
        max(stride, math.ceil(new_h / stride) * stride),
    )


def plan_letterbox(
    src_w: int, src_h: int, dst_w: int, dst_h: int, *, letterbox: bool = True
) -> LetterboxPlan:
    """Plan the resize: keep aspect and centre (letterbox) or stretch to fill (letterbox=False)."""
    if not letterbox:
        return LetterboxPlan(src_w, src_h, dst_w, dst_h, dst_w, dst_h, 0, 0)
    r = min(dst_w / src_w, dst_h / src_h)
    new_w = min(dst_w, max(1, round(src_w * r)))
    new_h = min(dst_h, max(1, round(src_h * r)))
    return LetterboxPlan(
        src_w, src_h, dst_w, dst_h, new_w, new_h, (dst_w - new_w) // 2, (dst_h - new_h) // 2
    )


class Preprocessor:
    """Turns an RGB uint8 image into the NCHW float tensor, reusing buffers between calls.

    Not thread-safe: one Preprocessor (one Detector) per inference worker.
    """

    def __init__(self, *, bgr: bool, scale: float, pad_value: int, dtype: np.dtype) -> None:
        self._bgr = bgr
        self._inv_scale = 1.0 / scale
        self._pad = pad_value
        self._dtype = np.dtype(dtype)
        self._canvas: dict[tuple[int, int], np.ndarray] = {}
        self._tensor: dict[tuple[int, int, int], np.ndarray] = {}

    def canvas(self, image: np.ndarray, plan: LetterboxPlan) -> np.ndarray:
        """The padded HxWx3 uint8 network image (a reused buffer)."""
        key = (plan.dst_h, plan.dst_w)
        canvas = self._canvas.get(key)
        if canvas is None:
            canvas = np.empty((plan.dst_h, plan.dst_w, 3), np.uint8)
            self._canvas[key] = canvas
        if (plan.new_w, plan.new_h) == (plan.src_w, plan.src_h):
            resized = image
        else:
            resized = cv2.resize(image, (plan.new_w, plan.new_h), interpolation=cv2.INTER_LINEAR)
        if (plan.new_w, plan.new_h) != (plan.dst_w, plan.dst_h):
            canvas.fill(self._pad)
        canvas[plan.top : plan.top + plan.new_h, plan.left : plan.left + plan.new_w] = resized
        return canvas

    def tensor(self, images: list[np.ndarray], plan: LetterboxPlan) -> np.ndarray:
        """Batch tensor (B, 3, H, W) for images that share one plan (one image, or equal tiles)."""
        key = (len(images), plan.dst_h, plan.dst_w)
        out = self._tensor.get(key)
        if out is None:
            out = np.empty((len(images), 3, plan.dst_h, plan.dst_w), np.float32)
            self._tensor[key] = out
        order = (2, 1, 0) if self._bgr else (0, 1, 2)
        for i, image in enumerate(images):
            canvas = self.canvas(image, plan)
            for c, src in enumerate(order):
                np.multiply(canvas[:, :, src], self._inv_scale, out=out[i, c], casting="unsafe")
        if self._dtype != np.float32:
            return out.astype(self._dtype)
        return out

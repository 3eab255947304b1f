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
    """Turns RGB uint8 images into the NCHW float tensor, reusing one buffer per input shape.

    The resized scan is written straight into the tensor, channel by channel; the padding bands
    are filled only when the letterbox geometry changes (consecutive scans of one size share it).
    Not thread-safe: one Preprocessor (one Detector) per inference worker.
    """

    def __init__(
        self, *, bgr: bool, scale: float, pad_value: int, dtype: np.dtype, area: bool = False
    ) -> None:
        self._area = area
        self._order = (2, 1, 0) if bgr else (0, 1, 2)
        self._scale = np.float32(scale)
        self._pad = np.float32(pad_value / scale)
        self._dtype = np.dtype(dtype)
        self._buffers: dict[
            tuple[int, int, int], tuple[np.ndarray, list[LetterboxPlan | None]]
        ] = {}

    def _buffer(self, batch: int, plan: LetterboxPlan) -> tuple[np.ndarray, list]:
        key = (batch, plan.dst_h, plan.dst_w)
        entry = self._buffers.get(key)
        if entry is None:
            entry = (np.empty((batch, 3, plan.dst_h, plan.dst_w), np.float32), [None] * batch)
            self._buffers[key] = entry
        return entry

    def tensor(self, images: list[np.ndarray], plan: LetterboxPlan) -> np.ndarray:
        """Batch tensor (B, 3, H, W) for images that share one plan (one scan, or equal tiles)."""
        out, plans = self._buffer(len(images), plan)
        top, left, nh, nw = plan.top, plan.left, plan.new_h, plan.new_w
        for i, image in enumerate(images):
            if plans[i] != plan:
                out[i].fill(self._pad)  # new geometry: repaint the padding bands once
                plans[i] = plan
            if (nw, nh) == (image.shape[1], image.shape[0]):
                resized = image
            else:
                shrink = self._area and nw < image.shape[1]
                interp = cv2.INTER_AREA if shrink else cv2.INTER_LINEAR
                resized = cv2.resize(image, (nw, nh), interpolation=interp)
            for c, channel in enumerate(cv2.split(resized)):
                np.divide(  # divide, not multiply by 1/scale: bit-identical to exporters' x / 255
                    channel,
                    self._scale,
                    out=out[i, self._order[c], top : top + nh, left : left + nw],
                    casting="unsafe",
                )
        if self._dtype != np.float32:
            return out.astype(self._dtype)
        return out

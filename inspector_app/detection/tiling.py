"""Overlapping tiles over long scans, so small items (tablets, rounds) keep enough pixels."""

from __future__ import annotations

import math


def _starts(length: int, tile: int, overlap: float) -> list[int]:
    if length <= tile:
        return [0]
    step = max(1, int(tile * (1.0 - overlap)))
    count = math.ceil((length - tile) / step) + 1
    # Spread the tiles evenly so the last one ends exactly at the image edge.
    return [round(i * (length - tile) / (count - 1)) for i in range(count)]


def tile_windows(
    width: int, height: int, tile: int, overlap: float
) -> list[tuple[int, int, int, int]]:
    """Windows (x0, y0, x1, y1), all the same size, covering the image with at least `overlap`."""
    tw, th = min(tile, width), min(tile, height)
    return [
        (x, y, x + tw, y + th)
        for y in _starts(height, th, overlap)
        for x in _starts(width, tw, overlap)
    ]

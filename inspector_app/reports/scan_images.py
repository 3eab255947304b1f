"""Scan pictures for reports: the evidence image back from disk, boxes drawn on it.

Why here and not in qt/: reports are made headless (CLI, GUI worker), so drawing uses OpenCV
on numpy arrays. Colours follow the station's meaning: a detector cue the inspector confirmed
is red, one rejected is grey, one not judged is amber; boxes the inspector drew on missed items
are magenta.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from inspector_app.imaging.decode import DecodedImage, ImageDecodeError, decode_file
from inspector_app.reports.records import DecisionRecord

CONFIRMED = (220, 30, 30)
REJECTED = (150, 150, 150)
UNJUDGED = (245, 166, 35)
DRAWN = (220, 0, 220)


class EvidenceProblem(Exception):
    """The evidence image is missing, unreadable or not the one the log names."""


@dataclass(frozen=True)
class Evidence:
    image: DecodedImage
    sha256: str


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_evidence(record: DecisionRecord, *, check_hash: bool = True) -> Evidence:
    """Decode the scan's evidence file; with `check_hash`, refuse a file that was changed."""
    if not record.image_path:
        raise EvidenceProblem(f"scan {record.scan_id} has no evidence image in the log")
    path = Path(record.image_path)
    if not path.is_file() and record.image_removed_at:
        raise EvidenceProblem(
            f"the image of scan {record.scan_id} was removed on {record.image_removed_at[:10]}"
            " under the station's retention policy (the log keeps its SHA-256 "
            f"{str(record.image_sha256)[:12]}…)"
        )
    if not path.is_file():
        raise EvidenceProblem(f"evidence image of scan {record.scan_id} is missing: {path}")
    sha = file_sha256(path) if check_hash else (record.image_sha256 or "")
    if check_hash and sha != record.image_sha256:
        raise EvidenceProblem(
            f"evidence image of scan {record.scan_id} does not match the log "
            f"(SHA-256 {sha[:12]}…, log {str(record.image_sha256)[:12]}…)"
        )
    try:
        return Evidence(decode_file(path), sha)
    except ImageDecodeError as exc:
        raise EvidenceProblem(f"evidence image of scan {record.scan_id}: {exc}") from None


def cue_colour(record: DecisionRecord, index: int) -> tuple[int, int, int]:
    verdict = record.reviews.get(index)
    return CONFIRMED if verdict == "confirmed" else REJECTED if verdict == "rejected" else UNJUDGED


def _rect(
    img: np.ndarray,
    box: Any,
    scale: float,
    colour: tuple[int, int, int],
    thick: int,
    dashed: bool = False,
) -> tuple[int, int]:
    x1, y1, x2, y2 = (round(float(v) * scale) for v in box)
    if not dashed:
        cv2.rectangle(img, (x1, y1), (x2, y2), colour, thick, cv2.LINE_AA)
        return x1, y1
    dash = max(4, thick * 4)
    for (ax, ay), (bx, by) in (
        ((x1, y1), (x2, y1)),
        ((x2, y1), (x2, y2)),
        ((x2, y2), (x1, y2)),
        ((x1, y2), (x1, y1)),
    ):
        length = max(abs(bx - ax), abs(by - ay))
        for start in range(0, length, dash * 2):
            t0, t1 = start / max(length, 1), min(start + dash, length) / max(length, 1)
            p0 = (round(ax + (bx - ax) * t0), round(ay + (by - ay) * t0))
            p1 = (round(ax + (bx - ax) * t1), round(ay + (by - ay) * t1))
            cv2.line(img, p0, p1, colour, thick, cv2.LINE_AA)
    return x1, y1


def _tag(
    img: np.ndarray, text: str, at: tuple[int, int], colour: tuple[int, int, int], font_scale: float
) -> None:
    x, y = at
    (w, h), base = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, font_scale, 1)
    y = max(h + base, y)
    cv2.rectangle(img, (x, y - h - base), (x + w + 2, y), colour, -1)
    cv2.putText(
        img,
        text,
        (x + 1, y - base),
        cv2.FONT_HERSHEY_SIMPLEX,
        font_scale,
        (255, 255, 255),
        1,
        cv2.LINE_AA,
    )


def annotate(
    rgb: np.ndarray,
    record: DecisionRecord,
    max_side: int,
    *,
    numbers: bool = True,
    min_side: int = 480,
) -> np.ndarray:
    """A copy of `rgb` scaled so its long side is within [min_side, max_side], boxes drawn.

    Small scans are enlarged first so box labels stay small beside the parcel."""
    h, w = rgb.shape[:2]
    scale = min(1.0, max_side / max(h, w))
    if max(h, w) < min_side:
        scale = min_side / max(h, w)
    img = (
        rgb
        if scale == 1.0
        else cv2.resize(
            rgb,
            (max(1, round(w * scale)), max(1, round(h * scale))),
            interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC,
        )
    )
    img = np.ascontiguousarray(img).copy()
    thick = max(1, round(max(img.shape[:2]) / 250))
    font = max(0.35, max(img.shape[:2]) / 950)
    for i, det in enumerate(record.detections):
        colour = cue_colour(record, i)
        corner = _rect(img, det.get("box", [0, 0, 0, 0]), scale, colour, thick)
        if numbers:
            _tag(img, f"{i + 1} {det.get('label', '')}", corner, colour, font)
    for j, mark in enumerate(record.marks):
        corner = _rect(img, mark["box"], scale, DRAWN, thick, dashed=True)
        if numbers:
            _tag(img, f"D{j + 1} {mark['label']}", corner, DRAWN, font)
    return img


def png_bytes(rgb: np.ndarray) -> bytes:
    ok, data = cv2.imencode(".png", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    if not ok:
        raise EvidenceProblem("could not encode a picture for the report")
    return data.tobytes()


def jpeg_bytes(rgb: np.ndarray, quality: int = 85) -> bytes:
    """Thumbnails go into PDFs as JPEG: a tenth of the size of PNG for X-ray images."""
    ok, data = cv2.imencode(
        ".jpg", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, quality]
    )
    if not ok:
        raise EvidenceProblem("could not encode a picture for the report")
    return data.tobytes()

"""Plain value types shared by every layer. No Qt, no I/O: safe to use anywhere."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

import numpy as np

# What the detector can cue, in the shipped model's class order (the simulator, TIP, settings and
# training all read this one list).
THREAT_CLASSES: tuple[str, ...] = (
    "handgun",
    "knife",
    "ammunition",
    "powder_pack",
    "pill_pack",
    "liquid_container",
    "banknote_stack",
    "cigarette_carton",
    "lithium_battery",
    "wildlife",
)


class Verdict(StrEnum):
    """What the inspector decided for a whole parcel. The model never decides."""

    CLEAR = "clear"
    SUSPECT = "suspect"
    REFER = "refer"


class Category(StrEnum):
    """Customs categories an inspector can attach to a suspect parcel."""

    DRUGS = "drugs"
    WEAPONS = "weapons"
    COUNTERFEIT = "counterfeit"
    WILDLIFE = "wildlife"
    MEDICINES = "medicines"
    CURRENCY = "currency"
    EXCISE = "excise"
    DANGEROUS_GOODS = "dangerous_goods"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Box:
    """Axis-aligned box in original image pixels, (x1, y1) top-left, (x2, y2) bottom-right."""

    x1: float
    y1: float
    x2: float
    y2: float

    def as_list(self) -> list[float]:
        return [self.x1, self.y1, self.x2, self.y2]

    @property
    def area(self) -> float:
        return max(0.0, self.x2 - self.x1) * max(0.0, self.y2 - self.y1)


@dataclass(frozen=True, slots=True)
class Detection:
    """One detector output: class label, confidence and box in original pixels."""

    label: str
    score: float
    box: Box
    class_id: int = -1

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "score": round(float(self.score), 4),
            "box": [round(float(v), 1) for v in self.box.as_list()],
        }


@dataclass(frozen=True, slots=True)
class VendorCue:
    """An alarm from the scanner vendor's own detection (e.g. a DICOS TDR), in image pixels.

    Shown as a second overlay beside our detector's cues, never merged with them.
    """

    label: str
    box: Box
    alarm: bool  # the vendor flagged it as a threat (not just an object of interest)
    object_id: int = -1


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """Identity of a model, stored with every result so a decision traces to exact weights."""

    name: str
    version: str
    sha256: str


@dataclass(frozen=True, slots=True, eq=False)
class Scan:
    """One parcel scan as it enters the app.

    `image` is the display/detector image: RGB uint8 (pseudo-colour for dual-energy input).
    `low`/`high` keep the raw 16-bit dual-energy channels when the source has them, so image
    functions can work on physics rather than on the rendered colours. `original` holds the
    file's bytes as received (with `original_suffix`), so evidence is the untouched input.
    """

    scan_id: str
    image: np.ndarray
    source: str
    received_at: datetime
    low: np.ndarray | None = None
    high: np.ndarray | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    original: bytes | None = None
    original_suffix: str = ""
    vendor_cues: tuple[VendorCue, ...] = ()
    second_view: Scan | None = None  # dual-view scanners: the side view of the same parcel
    lane: str = ""  # the screening lane (feed) it came from

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) in pixels."""
        return int(self.image.shape[1]), int(self.image.shape[0])


@dataclass(frozen=True, slots=True)
class BoxReview:
    """The inspector's verdict on one detector box (index into the scan's detections)."""

    detection_index: int
    label: str
    confirmed: bool


@dataclass(frozen=True, slots=True)
class Mark:
    """A region the inspector drew on an item the detector missed: future training data."""

    label: str
    box: Box


@dataclass(frozen=True, slots=True)
class Decision:
    """An inspector's decision on one parcel, with what they noted about it."""

    scan_id: str
    verdict: Verdict
    inspector: str
    decided_at: datetime
    duration_s: float
    category: Category | None = None
    note: str = ""
    parcel_id: str = ""
    origin_country: str = ""
    destination_country: str = ""
    box_reviews: tuple[BoxReview, ...] = ()
    marks: tuple[Mark, ...] = ()
    cues_shown_after_s: float | None = None  # look-first mode: when the cues were revealed

    def __post_init__(self) -> None:
        if self.verdict is Verdict.SUSPECT and self.category is None:
            raise ValueError("a suspect decision needs a category")
        if self.verdict is not Verdict.SUSPECT and self.category is not None:
            raise ValueError("only a suspect decision carries a category")

"""YOLO-format dataset reader (DIR/images, DIR/labels, DIR/data.yaml) for evaluation/calibration."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff"}


class DatasetError(Exception):
    """The dataset folder cannot be used; the message says what is missing or wrong."""


@dataclass(frozen=True, slots=True)
class LabelledImage:
    """One image and its ground truth, class ids in the dataset's own numbering."""

    path: Path
    classes: np.ndarray  # (K,) int
    boxes_norm: np.ndarray  # (K, 4) cx, cy, w, h in 0..1


@dataclass(frozen=True)
class YoloDataset:
    root: Path
    names: tuple[str, ...]
    items: tuple[LabelledImage, ...]


def image_files(folder: Path) -> list[Path]:
    """Images under a folder (recursively), sorted for reproducible runs."""
    return sorted(p for p in Path(folder).rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES)


def _names(root: Path) -> tuple[str, ...]:
    cfg = root / "data.yaml"
    if not cfg.is_file():
        raise DatasetError(f"{root} has no data.yaml (it must list the class `names`)")
    try:
        data = yaml.safe_load(cfg.read_text("utf-8")) or {}
    except yaml.YAMLError as exc:
        raise DatasetError(f"{cfg} is not valid YAML: {exc}") from None
    names = data.get("names") if isinstance(data, dict) else None
    if isinstance(names, dict):
        return tuple(str(names[k]) for k in sorted(names, key=int))
    if isinstance(names, list) and names:
        return tuple(str(n) for n in names)
    raise DatasetError(f"{cfg} must define `names` as a list or an {{id: name}} mapping")


def _read_labels(path: Path, n_names: int) -> tuple[np.ndarray, np.ndarray]:
    if not path.is_file():
        return np.zeros(0, np.int64), np.zeros((0, 4), np.float32)
    rows = []
    for lineno, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        parts = line.split()
        if not parts:
            continue
        try:
            cls, cx, cy, w, h = int(parts[0]), *map(float, parts[1:5])
        except (ValueError, TypeError):
            msg = f"{path}:{lineno}: expected 'class cx cy w h', got {line!r}"
            raise DatasetError(msg) from None
        if not 0 <= cls < n_names:
            raise DatasetError(f"{path}:{lineno}: class {cls} is not in data.yaml names")
        rows.append((cls, cx, cy, w, h))
    if not rows:
        return np.zeros(0, np.int64), np.zeros((0, 4), np.float32)
    arr = np.array(rows, np.float64)
    return arr[:, 0].astype(np.int64), arr[:, 1:].astype(np.float32)


def load_yolo_dataset(root: Path, limit: int | None = None) -> YoloDataset:
    """Read names and labels; an image without a label file is a clean (threat-free) parcel."""
    root = Path(root)
    images_dir, labels_dir = root / "images", root / "labels"
    if not images_dir.is_dir():
        raise DatasetError(f"{root} has no images/ folder")
    names = _names(root)
    items = []
    for img in image_files(images_dir):
        rel = img.relative_to(images_dir).with_suffix(".txt")
        cls, boxes = _read_labels(labels_dir / rel, len(names))
        items.append(LabelledImage(img, cls, boxes))
        if limit and len(items) >= limit:
            break
    if not items:
        raise DatasetError(f"{images_dir} holds no images")
    return YoloDataset(root, names, tuple(items))


def iter_images(folder: Path) -> Iterator[Path]:
    yield from image_files(folder)

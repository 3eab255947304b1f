"""Labelled dataset readers for evaluation and calibration: YOLO folders (DIR/images,
DIR/labels, DIR/data.yaml) and Pascal-VOC folders (DIR/images + DIR/annotations_voc/*.xml, or
the VOC layout JPEGImages/ + Annotations/).

Both give one shape (`LabelledDataset`): boxes in image pixels, class ids in the dataset's own
numbering. How dataset classes relate to model classes is the evaluator's business (`ClassMap`),
so a real-scanner set whose labels are `Gun`/`Knife`/`Wrench` can be scored without rewriting it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff"}
VOC_ANNOTATION_DIRS = ("annotations_voc", "Annotations")
VOC_IMAGE_DIRS = ("images", "JPEGImages")


class DatasetError(Exception):
    """The dataset folder cannot be used; the message says what is missing or wrong."""


@dataclass(frozen=True, slots=True)
class LabelledImage:
    """One image and its ground truth, class ids in the dataset's own numbering.

    YOLO labels are normalised (cx, cy, w, h in 0..1) and VOC labels are pixels (x1, y1, x2, y2);
    `pixel_boxes` turns either into pixels of the decoded image, so the readers never need to
    open the images themselves.
    """

    path: Path
    classes: np.ndarray  # (K,) int
    boxes: np.ndarray  # (K, 4) see `normalized`
    normalized: bool = True  # True: cx, cy, w, h in 0..1; False: x1, y1, x2, y2 in pixels

    def pixel_boxes(self, width: int, height: int) -> np.ndarray:
        """(K, 4) float64 xyxy boxes in the pixels of a width x height image."""
        b = self.boxes.astype(np.float64).reshape(-1, 4)
        if not self.normalized:
            return b.copy()
        return np.column_stack(
            [
                (b[:, 0] - b[:, 2] / 2) * width,
                (b[:, 1] - b[:, 3] / 2) * height,
                (b[:, 0] + b[:, 2] / 2) * width,
                (b[:, 1] + b[:, 3] / 2) * height,
            ]
        )


@dataclass(frozen=True)
class LabelledDataset:
    root: Path
    names: tuple[str, ...]
    items: tuple[LabelledImage, ...]
    format: str = "yolo"  # "yolo" or "voc"


YoloDataset = LabelledDataset  # the older name, kept for callers that only know YOLO


def image_files(folder: Path) -> list[Path]:
    """Images under a folder (recursively), sorted for reproducible runs."""
    return sorted(p for p in Path(folder).rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES)


def parse_class_map(text: str) -> dict[str, str]:
    """'Gun=handgun,Knife=knife' -> {'Gun': 'handgun', 'Knife': 'knife'}; errors say which pair."""
    mapping: dict[str, str] = {}
    for pair in (p.strip() for p in text.split(",")):
        if not pair:
            continue
        src, sep, dst = pair.partition("=")
        if not sep or not src.strip() or not dst.strip():
            raise DatasetError(
                f"class map entry {pair!r} must read DATASET_CLASS=MODEL_CLASS "
                "(e.g. --class-map Gun=handgun,Knife=knife)"
            )
        if src.strip() in mapping:
            raise DatasetError(f"class map names {src.strip()!r} twice")
        mapping[src.strip()] = dst.strip()
    if not mapping:
        raise DatasetError("the class map is empty; write it as Gun=handgun,Knife=knife")
    return mapping


# ------------------------------------------------------------------------------------- YOLO
def _names(root: Path) -> tuple[str, ...]:
    cfg = root / "data.yaml"
    if not cfg.is_file():
        raise DatasetError(
            f"{root} has no data.yaml (it must list the class `names`); a Pascal-VOC folder needs "
            f"an {VOC_ANNOTATION_DIRS[0]}/ or {VOC_ANNOTATION_DIRS[1]}/ folder of .xml files"
        )
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


def load_yolo_dataset(root: Path, limit: int | None = None) -> LabelledDataset:
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
    return LabelledDataset(root, names, tuple(items), "yolo")


# -------------------------------------------------------------------------------- Pascal VOC
def _voc_dirs(root: Path) -> tuple[Path, Path] | None:
    ann = next((root / d for d in VOC_ANNOTATION_DIRS if (root / d).is_dir()), None)
    img = next((root / d for d in VOC_IMAGE_DIRS if (root / d).is_dir()), None)
    return (img, ann) if ann is not None and img is not None else None


def _voc_objects(path: Path) -> list[tuple[str, tuple[float, float, float, float]]]:
    """(name, x1, y1, x2, y2) of every object in one VOC file."""
    try:
        tree = ET.parse(path)
    except (ET.ParseError, OSError) as exc:
        raise DatasetError(f"{path} is not a readable Pascal-VOC XML file: {exc}") from None
    out = []
    for n, obj in enumerate(tree.getroot().iter("object"), 1):
        name = (obj.findtext("name") or "").strip()
        box = obj.find("bndbox")
        if not name or box is None:
            raise DatasetError(f"{path}: object {n} has no <name> or no <bndbox>")
        try:
            x1, y1, x2, y2 = (
                float(box.findtext(k) or "") for k in ("xmin", "ymin", "xmax", "ymax")
            )
        except ValueError:
            raise DatasetError(
                f"{path}: object {n} ({name}) needs numeric xmin, ymin, xmax, ymax"
            ) from None
        if x2 <= x1 or y2 <= y1:
            raise DatasetError(f"{path}: object {n} ({name}) has an empty box {x1, y1, x2, y2}")
        out.append((name, (x1, y1, x2, y2)))
    return out


def load_voc_dataset(root: Path, limit: int | None = None) -> LabelledDataset:
    """Read a Pascal-VOC folder; images are paired with annotation files by file stem.

    The stem, not the XML <filename>, pairs them: re-exported sets (SIXray copies among them)
    often keep the original file name inside the XML after renaming the files. An image without
    an XML file is a scan with nothing labelled. Class names are those found, sorted.
    """
    root = Path(root)
    dirs = _voc_dirs(root)
    if dirs is None:
        raise DatasetError(
            f"{root} is not a Pascal-VOC folder: it needs images/ (or JPEGImages/) and "
            "annotations_voc/ (or Annotations/)"
        )
    images_dir, ann_dir = dirs
    images = image_files(images_dir)
    if limit:
        images = images[:limit]
    if not images:
        raise DatasetError(f"{images_dir} holds no images")
    per_image = {}
    for img in images:
        xml = ann_dir / img.relative_to(images_dir).with_suffix(".xml")
        per_image[img] = _voc_objects(xml) if xml.is_file() else []
    names = tuple(sorted({name for objs in per_image.values() for name, _ in objs}))
    index = {n: i for i, n in enumerate(names)}
    items = []
    for img, objs in per_image.items():
        cls = np.array([index[n] for n, _ in objs], np.int64)
        boxes = np.array([b for _, b in objs], np.float32).reshape(-1, 4)
        items.append(LabelledImage(img, cls, boxes, normalized=False))
    return LabelledDataset(root, names, tuple(items), "voc")


def load_dataset(root: Path, limit: int | None = None) -> LabelledDataset:
    """A YOLO or a Pascal-VOC folder, whichever `root` is (VOC when it has VOC annotations)."""
    root = Path(root)
    if not root.is_dir():
        raise DatasetError(f"dataset folder not found: {root}")
    if _voc_dirs(root) is not None and not (root / "labels").is_dir():
        return load_voc_dataset(root, limit)
    return load_yolo_dataset(root, limit)


def iter_images(folder: Path) -> Iterator[Path]:
    yield from image_files(folder)

"""YOLO-format datasets held in RAM at training resolution, with cheap geometric augmentation.

A dataset is a folder with images/ and labels/ (labels/<stem>.txt lines: ``cls cx cy w h``,
normalised) or a data.yaml whose ``train``/``val`` entries point at image folders. Images are
letterboxed once to ``size`` (long side) and kept as uint8 so an epoch costs no decoding.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import yaml

IMAGE_EXTS = {".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff"}
PAD = 114


@dataclass
class Sample:
    """One cached image (RGB uint8, long side == cache size) and its boxes in its pixels."""

    image: np.ndarray
    boxes: np.ndarray  # [k, 4] xyxy float32
    labels: np.ndarray  # [k] int64
    name: str


def read_names(root: Path) -> list[str] | None:
    """Class names from data.yaml (list or {id: name} mapping), if there is one."""
    cfg = root / "data.yaml" if root.is_dir() else root
    if not cfg.is_file():
        return None
    data = yaml.safe_load(cfg.read_text()) or {}
    names = data.get("names")
    if isinstance(names, dict):
        return [names[k] for k in sorted(names)]
    return list(names) if names else None


def image_dirs(root: Path, split: str = "train") -> list[Path]:
    """Where the images of ``split`` live: root/images, or what data.yaml says."""
    cfg = root / "data.yaml" if root.is_dir() else root
    base = cfg.parent
    if cfg.is_file():
        data = yaml.safe_load(cfg.read_text()) or {}
        if data.get("path"):
            base = (cfg.parent / data["path"]).resolve()
        entry = data.get(split)
        if entry:
            entries = entry if isinstance(entry, list) else [entry]
            return [(base / e).resolve() for e in entries]
    if (base / "images").is_dir():
        return [base / "images"]
    raise FileNotFoundError(f"no images folder for split {split!r} under {root}")


def label_path(image: Path) -> Path:
    """YOLO convention: the same path with the last 'images' folder replaced by 'labels'."""
    parts = list(image.parts)
    for i in range(len(parts) - 1, -1, -1):
        if parts[i] == "images":
            parts[i] = "labels"
            break
    return Path(*parts).with_suffix(".txt")


def read_labels(path: Path) -> np.ndarray:
    """[k, 5] float array (cls cx cy w h); empty when the file is missing or blank (clean)."""
    if not path.is_file():
        return np.zeros((0, 5), np.float32)
    rows = [ln.split() for ln in path.read_text().splitlines() if ln.strip()]
    if not rows:
        return np.zeros((0, 5), np.float32)
    return np.asarray([[float(v) for v in r[:5]] for r in rows], np.float32)


def letterbox(image: np.ndarray, size: int) -> tuple[np.ndarray, float, tuple[int, int]]:
    """Resize so the long side is ``size`` and pad to a size x size square (pad 114)."""
    h, w = image.shape[:2]
    r = size / max(h, w)
    nh, nw = max(1, round(h * r)), max(1, round(w * r))
    resized = cv2.resize(
        image, (nw, nh), interpolation=cv2.INTER_AREA if r < 1 else cv2.INTER_LINEAR
    )
    out = np.full((size, size, 3), PAD, np.uint8)
    top, left = (size - nh) // 2, (size - nw) // 2
    out[top : top + nh, left : left + nw] = resized
    return out, r, (left, top)


def load_samples(
    root: Path, size: int, split: str = "train", limit: int | None = None
) -> list[Sample]:
    """Read a YOLO dataset into RAM, each image resized so its long side is ``size``."""
    paths: list[Path] = []
    for d in image_dirs(root, split):
        paths += sorted(p for p in d.iterdir() if p.suffix.lower() in IMAGE_EXTS)
    if limit:
        paths = paths[:limit]
    if not paths:
        raise FileNotFoundError(f"no images found under {root} ({split})")
    samples = []
    for p in paths:
        bgr = cv2.imread(str(p), cv2.IMREAD_COLOR)
        if bgr is None:
            raise ValueError(f"cannot read image {p}")
        img = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
        h, w = img.shape[:2]
        r = size / max(h, w)
        nh, nw = max(1, round(h * r)), max(1, round(w * r))
        img = cv2.resize(img, (nw, nh), interpolation=cv2.INTER_AREA)
        lab = read_labels(label_path(p))
        cx, cy, bw, bh = (lab[:, i] for i in range(1, 5))
        boxes = np.stack(
            ((cx - bw / 2) * nw, (cy - bh / 2) * nh, (cx + bw / 2) * nw, (cy + bh / 2) * nh), 1
        )
        samples.append(Sample(img, boxes.astype(np.float32), lab[:, 0].astype(np.int64), p.stem))
    return samples


def colour_jitter(img: np.ndarray, rng: np.random.Generator, amount: float) -> np.ndarray:
    """Scanner-to-scanner display differences: hue shift, saturation and brightness gains.

    Real scanners draw the same metal lighter or darker, bluer or greener; with amount 1.0 the
    hue moves up to ±6° (OpenCV units ±3), saturation and value scale by 0.7–1.3. Near-white
    background stays near-white (value gain is applied to the darkness, 255 − V).
    """
    if amount <= 0:
        return img
    hsv = cv2.cvtColor(img, cv2.COLOR_RGB2HSV).astype(np.float32)
    hsv[..., 0] = np.mod(hsv[..., 0] + rng.uniform(-3, 3) * amount, 180.0)
    hsv[..., 1] *= 1.0 + rng.uniform(-0.3, 0.3) * amount
    dark = 255.0 - hsv[..., 2]
    hsv[..., 2] = 255.0 - dark * (1.0 + rng.uniform(-0.3, 0.3) * amount)
    return cv2.cvtColor(np.clip(hsv, 0, 255).astype(np.uint8), cv2.COLOR_HSV2RGB)


def augment(
    sample: Sample,
    size: int,
    rng: np.random.Generator,
    scale: float = 0.3,
    flip: bool = True,
    colour: float = 0.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Random scale, placement (with cropping), flips and (colour > 0) colour jitter."""
    img, boxes, labels = sample.image, sample.boxes.copy(), sample.labels.copy()
    if colour > 0 and rng.random() < 0.8:
        img = colour_jitter(img, rng, colour)
    s = rng.uniform(1 - scale, 1 + scale)
    h, w = img.shape[:2]
    nh, nw = max(8, round(h * s)), max(8, round(w * s))
    img = cv2.resize(img, (nw, nh), interpolation=cv2.INTER_LINEAR)
    boxes = boxes * np.array([nw / w, nh / h, nw / w, nh / h], np.float32)
    dx = int(rng.integers(min(0, size - nw), max(0, size - nw) + 1))
    dy = int(rng.integers(min(0, size - nh), max(0, size - nh) + 1))
    canvas = np.full((size, size, 3), PAD, np.uint8)
    x0, y0 = max(0, dx), max(0, dy)
    x1, y1 = min(size, dx + nw), min(size, dy + nh)
    canvas[y0:y1, x0:x1] = img[y0 - dy : y1 - dy, x0 - dx : x1 - dx]
    if len(boxes):
        boxes += np.array([dx, dy, dx, dy], np.float32)
        area0 = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
        clipped = boxes.copy()
        clipped[:, [0, 2]] = clipped[:, [0, 2]].clip(x0, x1)
        clipped[:, [1, 3]] = clipped[:, [1, 3]].clip(y0, y1)
        cw, chh = clipped[:, 2] - clipped[:, 0], clipped[:, 3] - clipped[:, 1]
        keep = (cw > 2) & (chh > 2) & (cw * chh > 0.4 * area0)
        boxes, labels = clipped[keep], labels[keep]
    if flip and rng.random() < 0.5:
        canvas = canvas[:, ::-1]
        boxes = boxes[:, [2, 1, 0, 3]] * np.array([-1, 1, -1, 1], np.float32) + np.array(
            [size, 0, size, 0], np.float32
        )
    if flip and rng.random() < 0.5:
        canvas = canvas[::-1]
        boxes = boxes[:, [0, 3, 2, 1]] * np.array([1, -1, 1, -1], np.float32) + np.array(
            [0, size, 0, size], np.float32
        )
    return np.ascontiguousarray(canvas), boxes, labels


def plain(sample: Sample, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Evaluation view: the cached image centred on the square canvas, no randomness."""
    img = sample.image
    h, w = img.shape[:2]
    canvas = np.full((size, size, 3), PAD, np.uint8)
    top, left = (size - h) // 2, (size - w) // 2
    canvas[top : top + h, left : left + w] = img
    return canvas, sample.boxes + np.array([left, top, left, top], np.float32), sample.labels


def collate(items: list[tuple[np.ndarray, np.ndarray, np.ndarray]]):
    """Stack into tensors: images [B,3,S,S] float 0..1, padded boxes/labels/mask."""
    import torch

    imgs = np.stack([it[0] for it in items]).transpose(0, 3, 1, 2)
    m = max(1, max(len(it[1]) for it in items))
    boxes = np.zeros((len(items), m, 4), np.float32)
    labels = np.zeros((len(items), m), np.int64)
    mask = np.zeros((len(items), m), bool)
    for i, (_, b, lab) in enumerate(items):
        boxes[i, : len(b)] = b
        labels[i, : len(b)] = lab
        mask[i, : len(b)] = True
    return (
        torch.from_numpy(imgs).float().div_(255.0),
        torch.from_numpy(boxes),
        torch.from_numpy(labels),
        torch.from_numpy(mask),
    )

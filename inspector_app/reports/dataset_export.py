"""Retraining export: what inspectors confirmed, rejected and drew, as YOLO + COCO datasets.

Why these choices:
- Positives are cues the inspector *confirmed* and boxes the inspector *drew* on missed items;
  cues the inspector *rejected* are false alarms, kept as hard negatives (the image is in the
  set, the box is not a label, and it is listed in COCO `rejected_cues_*.json`). Cues nobody
  judged are not labels either; the manifest counts them per image.
- The split is by parcel (parcel ID, else the scan): a hash of the parcel decides, so views and
  re-scans of one parcel never sit on both sides, and a parcel keeps its split when a longer
  period is exported again.
- The YOLO layout (images/<split>, labels/<split>, data.yaml with train/val and names in the
  shipped model's class order) is what `training/train.py --data` and `inspector-app evaluate
  --data` read as it is; the class order matches the model so fine-tuning keeps its head.
- Original images: the evidence file itself when it is a PNG/JPEG/BMP (byte for byte);
  dual-energy TIFF evidence is rendered to the app's pseudo-colour PNG for training and its raw
  16-bit channels are written beside it under channels/<split>/.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils
import yaml

from inspector_app.reports.progress import (
    CancelFlag,
    ExportError,
    ProgressCallback,
    Steps,
)
from inspector_app.reports.records import DecisionRecord, Period, load_decisions
from inspector_app.reports.scan_images import EvidenceProblem, file_sha256, load_evidence

SPLITS = ("train", "val")
COPY_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp"}


@dataclass(frozen=True)
class Box:
    label: str
    xyxy: tuple[float, float, float, float]
    source: str  # confirmed_cue | drawn_box | rejected_cue
    score: float | None = None


@dataclass
class Item:
    record: DecisionRecord
    group: str
    split: str = "train"
    positives: list[Box] = field(default_factory=list)
    negatives: list[Box] = field(default_factory=list)
    unjudged: int = 0


@dataclass(frozen=True)
class DatasetExport:
    path: Path
    images: dict[str, int]
    boxes: dict[str, int]  # by source
    skipped: list[str]


def default_class_names() -> list[str]:
    """The shipped model's classes, so labels keep the model's numbering."""
    try:
        from inspector_app.config import default_model_path
        from inspector_app.detection.manifest import load_manifest

        return list(load_manifest(default_model_path().with_suffix(".yaml")).classes)
    except Exception:  # no shipped model (a bare checkout): names come from the labels alone
        return []


def parcel_group(record: DecisionRecord) -> str:
    return (record.parcel_id or "").strip() or f"scan:{record.scan_id}"


def split_of(group: str, val_fraction: float) -> str:
    """Stable split from a hash of the parcel: the same parcel always lands on the same side."""
    value = int.from_bytes(hashlib.sha256(group.encode("utf-8")).digest()[:8], "big") / 2**64
    return "val" if value < val_fraction else "train"


def _xyxy(values: Any) -> tuple[float, float, float, float]:
    """A logged box as four floats (the log stores JSON lists)."""
    x1, y1, x2, y2 = (float(v) for v in values)
    return x1, y1, x2, y2


def _items(records: list[DecisionRecord], val_fraction: float) -> list[Item]:
    items = []
    for r in records:
        if not r.reviews and not r.marks:
            continue  # nothing judged: no training signal
        item = Item(r, parcel_group(r))
        for i, det in enumerate(r.detections):
            verdict = r.reviews.get(i)
            box = Box(
                str(det.get("label")),
                _xyxy(det["box"]),
                "confirmed_cue" if verdict == "confirmed" else "rejected_cue",
                float(det.get("score", 0.0)),
            )
            if verdict == "confirmed":
                item.positives.append(box)
            elif verdict == "rejected":
                item.negatives.append(box)
            else:
                item.unjudged += 1
        for m in r.marks:
            item.positives.append(Box(m["label"], _xyxy(m["box"]), "drawn_box"))
        items.append(item)
    groups = sorted({it.group for it in items})
    chosen = {g: split_of(g, val_fraction) for g in groups}
    if val_fraction > 0 and len(groups) >= 2 and "val" not in chosen.values():
        # a tiny export still needs a validation parcel: take the one with the lowest hash
        first = min(groups, key=lambda g: hashlib.sha256(g.encode()).hexdigest())
        chosen[first] = "val"
    for it in items:
        it.split = chosen[it.group]
    return items


_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _stem(record: DecisionRecord) -> str:
    return f"{_SAFE.sub('_', record.scan_id)[:80]}_d{record.decision_id}"


def _clip(box: tuple[float, float, float, float], w: int, h: int) -> tuple[float, ...] | None:
    x1, y1 = max(0.0, min(box[0], box[2])), max(0.0, min(box[1], box[3]))
    x2, y2 = min(float(w), max(box[0], box[2])), min(float(h), max(box[1], box[3]))
    if x2 - x1 < 1 or y2 - y1 < 1:
        return None
    return x1, y1, x2, y2


def _plain_image(record: DecisionRecord) -> tuple[bytes, tuple[int, int]]:
    """A PNG/JPEG/BMP evidence file's bytes and (width, height), hash and structure checked
    without decoding its pixels (a tenth of the time on a large export)."""
    import io

    from PIL import Image, UnidentifiedImageError

    path = Path(record.image_path or "")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EvidenceProblem(
            f"evidence image of scan {record.scan_id} cannot be read: {exc.strerror or exc}"
        ) from None
    if hashlib.sha256(data).hexdigest() != record.image_sha256:
        raise EvidenceProblem(f"evidence image of scan {record.scan_id} does not match the log")
    try:
        with Image.open(io.BytesIO(data)) as img:
            size = img.size
            img.verify()  # chunk structure and checksums, no pixel decoding
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise EvidenceProblem(
            f"evidence image of scan {record.scan_id} is damaged: {exc}"
        ) from None
    return data, size


def _prepare_target(out: Path) -> Path:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ExportError(f"{out} already exists and is not an empty folder; choose a new one")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from exc


def export_dataset(
    db: sqlite_utils.Database,
    period: Period,
    out: Path,
    *,
    val_fraction: float = 0.2,
    class_names: list[str] | None = None,
    made_by: str = "",
    progress: ProgressCallback | None = None,
    cancel: CancelFlag | None = None,
) -> DatasetExport:
    if not 0.0 <= val_fraction < 1.0:
        raise ExportError("--val-fraction must be at least 0 and below 1")
    steps = Steps(progress, cancel)
    steps.report(0.0, "reading the decision log")
    items = _items(load_decisions(db, period), val_fraction)
    if not items:
        raise ExportError("no judged cue and no drawn box in this period: nothing to export")
    names = list(class_names if class_names is not None else default_class_names())
    for it in items:
        for b in it.positives + it.negatives:
            if b.label not in names:
                names.append(b.label)
    out = Path(out)
    work = _prepare_target(out)
    try:
        written = _write(work, items, names, steps)
        _write_meta(work, items, names, written, period, made_by, val_fraction)
        steps.check()
        if out.exists():
            out.rmdir()
        os.replace(work, out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    steps.report(1.0, "done")
    kept = [it for it in items if it.record.decision_id in written["ok"]]
    return DatasetExport(
        out,
        dict(Counter(it.split for it in kept)),
        dict(Counter(b.source for it in kept for b in it.positives + it.negatives)),
        written["skipped"],
    )


def _write(work: Path, items: list[Item], names: list[str], steps: Steps) -> dict[str, Any]:
    import cv2
    import tifffile

    coco: dict[str, dict[str, list[dict[str, Any]]]] = {
        s: {"images": [], "annotations": [], "negatives": []} for s in SPLITS
    }
    ok: dict[int, dict[str, Any]] = {}
    skipped: list[str] = []
    for s in SPLITS:
        for sub in ("images", "labels"):
            (work / sub / s).mkdir(parents=True)
    for n, it in enumerate(items, start=1):
        steps.report(0.05 + 0.85 * n / len(items), f"image {n} of {len(items)}")
        r = it.record
        stem = _stem(r)
        source = Path(r.image_path or "")
        suffix = source.suffix.lower()
        channels: list[str] = []
        try:
            if suffix in COPY_SUFFIXES:  # byte for byte, no pixel decoding needed
                data, (w, h) = _plain_image(r)
                ext = ".jpg" if suffix == ".jpeg" else suffix
                image_rel = Path("images") / it.split / f"{stem}{ext}"
                (work / image_rel).write_bytes(data)
            else:
                evidence = load_evidence(r)
                rgb = evidence.image.rgb
                h, w = rgb.shape[:2]
                image_rel = Path("images") / it.split / f"{stem}.png"
                cv2.imwrite(str(work / image_rel), cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
                low, high = evidence.image.low, evidence.image.high
                if low is not None and high is not None:
                    (work / "channels" / it.split).mkdir(parents=True, exist_ok=True)
                    for name, channel in (("low", low), ("high", high)):
                        rel = Path("channels") / it.split / f"{stem}_{name}.tif"
                        tifffile.imwrite(work / rel, channel, compression="zlib")
                        channels.append(rel.as_posix())
        except EvidenceProblem as exc:
            skipped.append(str(exc))
            continue
        lines = []
        image_id = len(ok) + 1
        split_coco = coco[it.split]
        for kind, boxes in (("annotations", it.positives), ("negatives", it.negatives)):
            for b in boxes:
                clipped = _clip(b.xyxy, w, h)
                if clipped is None:
                    continue
                x1, y1, x2, y2 = clipped
                cls = names.index(b.label)
                if kind == "annotations":
                    lines.append(
                        f"{cls} {(x1 + x2) / 2 / w:.6f} {(y1 + y2) / 2 / h:.6f} "
                        f"{(x2 - x1) / w:.6f} {(y2 - y1) / h:.6f}"
                    )
                entry = {
                    "id": len(split_coco[kind]) + 1,
                    "image_id": image_id,
                    "category_id": cls + 1,
                    "bbox": [round(x1, 1), round(y1, 1), round(x2 - x1, 1), round(y2 - y1, 1)],
                    "area": round((x2 - x1) * (y2 - y1), 1),
                    "iscrowd": 0,
                    "source": b.source,
                }
                if b.score is not None:
                    entry["score"] = b.score
                split_coco[kind].append(entry)
        (work / "labels" / it.split / f"{stem}.txt").write_text(
            "".join(line + "\n" for line in lines), encoding="utf-8"
        )
        split_coco["images"].append(
            {
                "id": image_id,
                "file_name": image_rel.as_posix(),
                "width": w,
                "height": h,
                "scan_id": r.scan_id,
                "decision_id": r.decision_id,
            }
        )
        ok[r.decision_id] = {
            "image": image_rel.as_posix(),
            "image_sha256": (
                r.image_sha256 if suffix in COPY_SUFFIXES else file_sha256(work / image_rel)
            ),
            "channels": channels,
            "width": w,
            "height": h,
            "image_id": image_id,
        }
    if not ok:
        raise ExportError("no evidence image of the period could be read: " + "; ".join(skipped))
    categories = [{"id": i + 1, "name": n, "yolo_id": i} for i, n in enumerate(names)]
    (work / "annotations").mkdir()
    for s in SPLITS:
        info = {"description": f"inspector-app retraining export, {s} split"}
        for kind, name in (("annotations", "instances"), ("negatives", "rejected_cues")):
            doc = {
                "info": info,
                "images": coco[s]["images"],
                "categories": categories,
                "annotations": coco[s][kind],
            }
            (work / "annotations" / f"{name}_{s}.json").write_text(
                json.dumps(doc, indent=1), encoding="utf-8"
            )
    return {"ok": ok, "skipped": skipped}


def _write_meta(
    work: Path,
    items: list[Item],
    names: list[str],
    written: dict[str, Any],
    period: Period,
    made_by: str,
    val_fraction: float,
) -> None:
    (work / "data.yaml").write_text(
        yaml.safe_dump(
            {
                "train": "images/train",
                "val": "images/val",
                "nc": len(names),
                "names": names,
            },
            sort_keys=False,
        ),
        encoding="utf-8",
    )
    ok = written["ok"]
    entries = []
    for it in items:
        if it.record.decision_id not in ok:
            continue
        r = it.record
        entries.append(
            {
                "decision_id": r.decision_id,
                "scan_id": r.scan_id,
                "parcel_group": it.group,
                "split": it.split,
                "verdict": r.verdict,
                "category": r.category,
                "evidence_sha256": r.image_sha256,
                "model": {
                    "name": r.model_name,
                    "version": r.model_version,
                    "sha256": r.model_sha256,
                },
                "confirmed_cues": sum(b.source == "confirmed_cue" for b in it.positives),
                "drawn_boxes": sum(b.source == "drawn_box" for b in it.positives),
                "rejected_cues": len(it.negatives),
                "unjudged_cues": it.unjudged,
                **{k: v for k, v in ok[r.decision_id].items() if k != "image_id"},
            }
        )
    manifest = {
        "format": "inspector-app/retraining-export",
        "version": 1,
        "made_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "made_by": made_by,
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
        "val_fraction": val_fraction,
        "split_by": "parcel (parcel ID, else scan)",
        "names": names,
        "counts": {
            s: {
                "images": sum(e["split"] == s for e in entries),
                "confirmed_cues": sum(e["confirmed_cues"] for e in entries if e["split"] == s),
                "drawn_boxes": sum(e["drawn_boxes"] for e in entries if e["split"] == s),
                "rejected_cues": sum(e["rejected_cues"] for e in entries if e["split"] == s),
            }
            for s in SPLITS
        },
        "skipped": written["skipped"],
        "images": entries,
    }
    (work / "manifest.json").write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    c = manifest["counts"]
    (work / "README.md").write_text(
        README.format(
            start=period.start.isoformat(),
            end=period.end.isoformat(),
            train=c["train"]["images"],
            val=c["val"]["images"],
            names=", ".join(names),
            pos=sum(c[s]["confirmed_cues"] for s in SPLITS),
            drawn=sum(c[s]["drawn_boxes"] for s in SPLITS),
            neg=sum(c[s]["rejected_cues"] for s in SPLITS),
        ),
        encoding="utf-8",
    )


README = """# Retraining export

Decisions from {start} to {end}: {train} training and {val} validation images;
{pos} confirmed cues and {drawn} inspector-drawn boxes are labels; {neg} rejected cues (false
alarms) are hard negatives. Classes (YOLO ids in this order): {names}.

## Layout

    images/train, images/val        the scans (evidence PNG/JPEG byte for byte; dual-energy
                                    scans rendered as the app's pseudo-colour PNG)
    labels/train, labels/val        YOLO labels: `class cx cy w h`, normalised; an empty file
                                    is an image with no threat label (e.g. only false alarms)
    channels/<split>/*_low|high.tif raw 16-bit dual-energy channels, where the evidence had them
    annotations/instances_<split>.json       COCO: confirmed cues + drawn boxes
    annotations/rejected_cues_<split>.json   COCO: rejected cues (hard negatives)
    data.yaml                        train/val folders and class names (model order)
    manifest.json                    every image: decision, scan, parcel group, split, hashes

The split keeps every parcel (same parcel ID, else the same scan) in one split.
Cues nobody judged are not labels; `manifest.json` counts them per image (`unjudged_cues`).

## Use

    python -m training.train --data DIR --finetune models/parcel-threat-det.pt --out runs/ft
    inspector-app evaluate --model models/parcel-threat-det.onnx --data DIR
"""

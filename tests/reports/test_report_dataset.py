"""Retraining export read back by the app's own dataset readers and checked against the log."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest
import tifffile
import yaml
from report_log import MODEL, PASSWORDS, SHIFT_END, SHIFT_START, Facts, scan_picture

from inspector_app.detection.dataset import load_yolo_dataset
from inspector_app.domain import Box, BoxReview, Decision, Detection, Verdict
from inspector_app.reports.dataset_export import export_dataset
from inspector_app.reports.progress import ExportError
from inspector_app.reports.records import Period, open_log
from inspector_app.storage.decision_log import DecisionLog
from inspector_app.storage.evidence import EvidenceStore, encode_scan
from training.data import load_samples

PERIOD = Period(SHIFT_START, SHIFT_END)
NAMES = ["handgun", "knife", "powder_pack", "wildlife"]


def _rescans(facts: Facts, parcel: str, count: int) -> None:
    """The same parcel scanned again several times, each with a confirmed cue."""
    log = DecisionLog(facts.path)
    store = EvidenceStore(facts.path.parent / "evidence")
    for i in range(count):
        scan_id = f"R{parcel}-{i}"
        at = SHIFT_START + timedelta(minutes=400 + i)
        stored = store.put(*encode_scan(scan_picture(100 + i), None, None))
        log.record_screened(
            scan_id=scan_id,
            source="demo",
            received_at=at,
            image=stored,
            size=(160, 120),
            model=MODEL,
            inference_ms=10.0,
            detections=[Detection("knife", 0.7, Box(10, 10, 50, 40))],
        )
        log.record_decision(
            Decision(
                scan_id,
                Verdict.REFER,
                "ian",
                at + timedelta(seconds=2),
                2.0,
                parcel_id=parcel,
                box_reviews=(BoxReview(0, "knife", True),),
            )
        )
    log.close()


def _export(facts: Facts, out: Path, **kw):
    db = open_log(facts.path)
    try:
        return export_dataset(db, PERIOD, out, class_names=list(NAMES), made_by="sue", **kw)
    finally:
        db.conn.close()


def test_dataset_labels_match_the_judged_cues(shift_log: Facts, tmp_path: Path) -> None:
    _rescans(shift_log, "P-RE", 6)
    out = tmp_path / "ds"
    done = _export(shift_log, out)
    manifest = json.loads((out / "manifest.json").read_text())
    entries = {e["decision_id"]: e for e in manifest["images"]}
    # judged decisions only: those with a reviewed cue or a drawn box
    assert len(entries) == 6 + 6  # 6 from the shift builder + 6 re-scans
    assert done.boxes == {"confirmed_cue": 3 + 6, "rejected_cue": 3, "drawn_box": 2}

    splits = {e["parcel_group"]: set() for e in entries.values()}
    for e in entries.values():
        splits[e["parcel_group"]].add(e["split"])
    assert all(len(s) == 1 for s in splits.values())  # a parcel never straddles splits
    assert {s for v in splits.values() for s in v} == {"train", "val"}

    data = yaml.safe_load((out / "data.yaml").read_text())
    assert data["names"] == NAMES and data["train"] == "images/train"
    yolo = load_yolo_dataset(out)  # what `inspector-app evaluate --data` reads
    assert len(yolo.items) == 12 and list(yolo.names) == NAMES
    by_stem = {item.path.stem: item for item in yolo.items}
    wildlife = next(e for e in entries.values() if e["category"] == "wildlife")
    item = by_stem[Path(wildlife["image"]).stem]
    assert sorted(NAMES[c] for c in item.classes) == ["handgun", "wildlife"]
    # the drawn wildlife box (5, 5, 40, 30) on a 160x120 image, normalised
    k = [NAMES[c] for c in item.classes].index("wildlife")
    box = item.boxes[k] if hasattr(item, "boxes") else item.boxes_norm[k]
    assert np.allclose(box, [22.5 / 160, 17.5 / 120, 35 / 160, 25 / 120], atol=1e-4)
    cleared = [e for e in entries.values() if e["verdict"] == "clear"]
    assert cleared and all(
        (out / e["image"].replace("images", "labels", 1)).with_suffix(".txt").read_text() == ""
        for e in cleared
    )  # false alarms only: an image with no labels (a hard negative)

    train = load_samples(out, 64, "train")  # what training/train.py --data reads
    val = load_samples(out, 64, "val")
    assert len(train) + len(val) == 12 and val

    # COCO files hold the same boxes
    for split in ("train", "val"):
        coco = json.loads((out / "annotations" / f"instances_{split}.json").read_text())
        ids = {img["decision_id"] for img in coco["images"]}
        assert ids == {d for d, e in entries.items() if e["split"] == split}
        assert {c["name"] for c in coco["categories"]} == set(NAMES)
    negatives = [
        a
        for s in ("train", "val")
        for a in json.loads((out / "annotations" / f"rejected_cues_{s}.json").read_text())[
            "annotations"
        ]
    ]
    assert len(negatives) == 3 and {a["source"] for a in negatives} == {"rejected_cue"}
    assert "P-RE" in {e["parcel_group"] for e in entries.values()}
    assert (out / "README.md").read_text().startswith("# Retraining export")


def test_original_images_and_raw_channels(shift_log: Facts, tmp_path: Path) -> None:
    out = tmp_path / "ds"
    _export(shift_log, out)
    manifest = json.loads((out / "manifest.json").read_text())
    entries = {e["decision_id"]: e for e in manifest["images"]}
    dual = entries[shift_log.dual]
    assert len(dual["channels"]) == 2
    low = tifffile.imread(out / dual["channels"][0])
    assert low.dtype == np.uint16 and low.shape == (120, 160)
    plain = next(e for d, e in entries.items() if d != shift_log.dual)
    assert plain["image_sha256"] == plain["evidence_sha256"]  # the PNG evidence, byte for byte


def test_refusals(shift_log: Facts, tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("keep me")
    with pytest.raises(ExportError, match="not an empty folder"):
        _export(shift_log, tmp_path / "full")
    empty = Period(SHIFT_END + timedelta(days=3), SHIFT_END + timedelta(days=4))
    db = open_log(shift_log.path)
    with pytest.raises(ExportError, match="nothing to export"):
        export_dataset(db, empty, tmp_path / "none")
    db.conn.close()
    assert not (tmp_path / "none").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_dataset_cli(shift_log: Facts, tmp_path: Path) -> None:
    out = tmp_path / "cli-ds"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "inspector_app",
            "export",
            "dataset",
            "--from",
            SHIFT_START.isoformat(),
            "--to",
            SHIFT_END.isoformat(),
            "--out",
            str(out),
            "--as",
            "sue",
            "--password-stdin",
            "--quiet",
        ],
        input=PASSWORDS["sue"] + "\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "images" in done.stdout and (out / "data.yaml").is_file()

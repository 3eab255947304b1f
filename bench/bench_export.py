"""Speed of the supervisor exports on a log of 10,000 decisions (issue: "in seconds").

    .venv/bin/python bench/bench_export.py [--decisions 10000] [--keep DIR]

Fills a temporary decision log through the app's own storage API (scans with real PNG evidence
of 1000x600 pixels, shared by 50 parcels' worth of images; a mix of clear/suspect/refer, cues with
verdicts, drawn boxes and TIP answers over one 24-hour day), then times each export once:
shift CSV, XLSX and PDF (48 thumbnails), route CSV/XLSX, one case dossier and the retraining
dataset. Also prints a bare `SELECT *` over the decision_log view in the same run, as the
baseline each export is compared with (the ratio survives a busy machine).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import cv2
import numpy as np

from inspector_app.domain import (
    Box,
    BoxReview,
    Category,
    Decision,
    Detection,
    Mark,
    ModelInfo,
    Verdict,
)
from inspector_app.reports.dataset_export import export_dataset
from inspector_app.reports.dossier import export_dossier
from inspector_app.reports.records import Filters, Period, open_log
from inspector_app.reports.routes import export_routes
from inspector_app.reports.shift import export_shift
from inspector_app.storage.decision_log import DecisionLog
from inspector_app.storage.evidence import EvidenceStore, encode_scan
from inspector_app.storage.tip_log import TipLog

MODEL = ModelInfo("parcel-threat-det", "0.3.0", "d" * 64)
DAY = datetime(2026, 11, 23, tzinfo=UTC)
CATEGORIES = list(Category)
COUNTRIES = ["CN", "TR", "US", "CO", "VN", "AE", "NL", "DE", "BE", "FR"]
LABELS = ["handgun", "knife", "powder_pack", "pill_pack", "wildlife"]


def _picture(rng: np.random.Generator) -> np.ndarray:
    img = np.full((600, 1000, 3), 230, np.uint8)
    for _ in range(12):
        x, y = int(rng.integers(0, 900)), int(rng.integers(0, 520))
        colour = tuple(int(c) for c in rng.integers(30, 220, 3))
        cv2.rectangle(
            img, (x, y), (x + int(rng.integers(30, 200)), y + int(rng.integers(20, 80))), colour, -1
        )
    return img


def fill(root: Path, count: int, seed: int = 0) -> Path:
    rng = np.random.default_rng(seed)
    path = root / "decisions.sqlite"
    log = DecisionLog(path)
    log.db.execute("PRAGMA synchronous=OFF")  # the fill is not what is measured
    store = EvidenceStore(root / "evidence")
    images = [store.put(*encode_scan(_picture(rng), None, None)) for _ in range(50)]
    tip = TipLog(log.db)
    inspectors = [f"insp{i}" for i in range(6)]
    for n in range(count):
        at = DAY + timedelta(seconds=86_400 * n / count)
        cues = int(rng.choice([0, 0, 0, 1, 1, 2]))
        detections = [
            Detection(
                LABELS[int(rng.integers(0, 5))],
                float(rng.uniform(0.2, 0.95)),
                Box(100 + 200 * i, 100, 260 + 200 * i, 260),
            )
            for i in range(cues)
        ]
        scan_id = f"B{n:06d}"
        log.record_screened(
            scan_id=scan_id,
            source="bench",
            received_at=at,
            image=images[n % 50],
            size=(1000, 600),
            model=MODEL,
            detections=detections,
            inference_ms=40.0,
        )
        roll = rng.random()
        verdict = (
            Verdict.CLEAR if roll < 0.85 else Verdict.SUSPECT if roll < 0.95 else Verdict.REFER
        )
        confirmed = verdict is not Verdict.CLEAR
        log.record_decision(
            Decision(
                scan_id,
                verdict,
                inspectors[n % 6],
                at + timedelta(seconds=4),
                float(rng.gamma(2, 2)),
                category=CATEGORIES[int(rng.integers(0, 9))]
                if verdict is Verdict.SUSPECT
                else None,
                parcel_id=f"PX{n:07d}",
                origin_country=COUNTRIES[int(rng.integers(0, 6))],
                destination_country=COUNTRIES[6 + int(rng.integers(0, 4))],
                box_reviews=tuple(
                    BoxReview(i, d.label, confirmed) for i, d in enumerate(detections)
                ),
                marks=(Mark("knife", Box(700, 300, 800, 380)),) if confirmed and not cues else (),
            )
        )
        if n % 50 == 0:
            tip.record_response(
                scan_id=scan_id,
                inspector=inspectors[n % 6],
                label="handgun",
                box=Box(1, 1, 50, 50),
                response=Verdict.SUSPECT if rng.random() < 0.8 else Verdict.CLEAR,
                decided_at=at + timedelta(seconds=2),
                duration_s=3.0,
            )
    log.close()
    return path


def _time(label: str, func, baseline: float | None = None) -> float:
    start = time.perf_counter()
    result = func()
    seconds = time.perf_counter() - start
    ratio = f"  ({seconds / baseline:6.0f}× the bare query)" if baseline else ""
    extra = f"  {result}" if isinstance(result, str) else ""
    print(f"{label:<34} {seconds:7.2f} s{ratio}{extra}", flush=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decisions", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="write the log and the exports here")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="bench_export_"))
    root.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    path = fill(root, args.decisions)
    print(f"filled {args.decisions} decisions in {time.perf_counter() - t0:.1f} s ({root})")
    db = open_log(path)
    period = Period(DAY, DAY + timedelta(days=1))
    out = root / "out"
    base = _time(
        "bare SELECT * FROM decision_log",
        lambda: str(len(db.execute("SELECT * FROM decision_log").fetchall())),
    )
    for fmt in ("csv", "xlsx", "pdf"):
        _time(
            f"shift {fmt}",
            lambda fmt=fmt: (
                export_shift(
                    db,
                    out / f"shift.{fmt}",
                    fmt,
                    period,
                    Filters(),
                    station="bench",
                    generated_by="bench",
                )
                .path.stat()
                .st_size.__str__()
                + " bytes"
            ),
            base,
        )
    for fmt in ("csv", "xlsx"):
        _time(
            f"routes {fmt}",
            lambda fmt=fmt: (
                str(
                    len(
                        export_routes(
                            db, period, out / f"routes.{fmt}", fmt, station="bench"
                        ).routes()
                    )
                )
                + " routes"
            ),
            base,
        )
    flagged = db.execute(
        "SELECT decision_id FROM decision_log WHERE verdict != 'clear' LIMIT 1"
    ).fetchone()[0]
    _time(
        "dossier (one decision)",
        lambda: export_dossier(
            db, flagged, out / "dossier.pdf", station="bench", made_by="bench"
        ).json_sha256[:12],
        base,
    )
    _time(
        "dataset (YOLO + COCO)",
        lambda: str(export_dataset(db, period, out / "dataset", made_by="bench").images),
        base,
    )
    db.conn.close()
    if args.keep is None:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()

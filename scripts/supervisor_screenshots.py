"""Screenshots of the supervisor tools from the real widgets on Qt's offscreen platform.

    .venv/bin/python scripts/supervisor_screenshots.py [--out docs/images] [--seed N]

Writes statistics_view.png (a week of a four-inspector station) and export_dialog.png (the
shift log export halfway through a PDF). The week is written through the storage API into a
throw-away log: decisions with cues, per-cue verdicts and TIP answers, on two lanes.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
INSPECTORS = {"anna": (0.93, 6.0), "bram": (0.80, 9.0), "chloe": (0.88, 4.5), "dirk": (0.65, 12.0)}
CLASSES = ("handgun", "knife", "powder_pack", "battery")
PRECISION = {"handgun": 0.85, "knife": 0.7, "powder_pack": 0.45, "battery": 0.25}


def build_week(path: Path, evidence: Path, last_day: date, seed: int) -> None:
    """Seven days of decisions on a realistic mix of parcels, through the storage API."""
    import numpy as np

    from inspector_app.domain import (
        Box,
        BoxReview,
        Category,
        Decision,
        Detection,
        ModelInfo,
        Verdict,
    )
    from inspector_app.storage.decision_log import DecisionLog
    from inspector_app.storage.evidence import EvidenceStore, encode_scan
    from inspector_app.storage.tip_log import TipLog

    rng = np.random.default_rng(seed)
    log, store = DecisionLog(path), EvidenceStore(evidence)
    tips = TipLog(log.db)
    picture = np.full((120, 160, 3), 220, np.uint8)
    stored = store.put(*encode_scan(picture, None, None))
    models = [ModelInfo("parcel-threat-det", "0.2.0", "a" * 64)] * 3 + [
        ModelInfo("parcel-threat-det", "0.3.0", "b" * 64)
    ] * 4
    n = 0
    for d in range(7):
        day = last_day - timedelta(days=6 - d)
        start = datetime(day.year, day.month, day.day, 6).astimezone()
        model = models[d]
        for _ in range(int(rng.integers(45, 90))):
            n += 1
            who = str(rng.choice(list(INSPECTORS)))
            tip_skill, speed = INSPECTORS[who]
            received = start + timedelta(minutes=float(rng.uniform(0, 16 * 60)))
            cues = int(rng.choice([0, 0, 0, 1, 1, 2]))
            detections = [
                Detection(str(rng.choice(CLASSES)), 0.6, Box(10, 10, 60, 50), i)
                for i in range(cues)
            ]
            log.record_screened(
                scan_id=f"W{n:05d}",
                source="demo",
                received_at=received,
                image=stored,
                size=(160, 120),
                model=model,
                detections=detections,
                inference_ms=40.0,
                lane=("1", "2")[n % 2],
            )
            boost = 0.15 if model.version == "0.3.0" else 0.0
            reviews = tuple(
                BoxReview(i, det.label, bool(rng.random() < PRECISION[det.label] + boost))
                for i, det in enumerate(detections)
                if rng.random() < 0.8
            )
            flagged = any(r.confirmed for r in reviews) or rng.random() < 0.03
            verdict = (
                (Verdict.SUSPECT if rng.random() < 0.7 else Verdict.REFER)
                if flagged
                else Verdict.CLEAR
            )
            category = (
                Category(str(rng.choice([c.value for c in Category])))
                if verdict is Verdict.SUSPECT
                else None
            )
            duration = float(rng.gamma(2.0, speed / 2.0)) + 1.0
            log.record_decision(
                Decision(
                    f"W{n:05d}",
                    verdict,
                    who,
                    received + timedelta(seconds=duration),
                    duration,
                    category=category,
                    box_reviews=reviews,
                )
            )
            if rng.random() < 0.06:
                hit = bool(rng.random() < tip_skill)
                tips.record_response(
                    scan_id=f"W{n:05d}",
                    inspector=who,
                    label="handgun",
                    box=Box(1, 1, 20, 20),
                    response=Verdict.SUSPECT if hit else Verdict.CLEAR,
                    decided_at=received + timedelta(seconds=duration / 2),
                    duration_s=duration / 2,
                )
    log.close()


def _pump(app, seconds: float, until) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        if until():
            return True
        time.sleep(0.02)
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from inspector_app.qt.export_dialog import ExportDialog
    from inspector_app.qt.statistics_view import StatisticsView
    from inspector_app.qt.theme import apply_theme

    app = QApplication(sys.argv[:1])
    apply_theme(app, "dark", 10)
    today = date(2026, 11, 27)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "decisions.sqlite"
        build_week(db, Path(tmp) / "evidence", today, args.seed)

        view = StatisticsView(db, station="Hub A", user="sue", today=today)
        view.resize(1140, 900)  # every chart in view, none behind the scroll bar
        view.show()
        view.refresh_button.setFocus()
        if not _pump(app, 60, lambda: view.statistics is not None and view.worker is None):
            print("statistics did not finish", file=sys.stderr)
            return 1
        _pump(app, 0.3, lambda: False)
        args.out.mkdir(parents=True, exist_ok=True)
        view.grab().save(str(args.out / "statistics_view.png"))
        view.close()

        dialog = ExportDialog(
            db,
            station="Hub A",
            user="sue",
            out_dir=Path("/home/sue/reports"),
            now=datetime(2026, 11, 27, 14, 10),
        )
        dialog.show()
        _pump(app, 10, lambda: dialog.inspector.count() > 1)
        dialog.format.setCurrentIndex(dialog.format.findData("pdf"))
        dialog.inspector.setCurrentIndex(dialog.inspector.findData("anna"))
        # As it looks while a PDF is written: the bar and the core's step are shown.
        dialog._set_running(True)
        dialog._show_progress(0.42, "image 12 of 31")
        _pump(app, 0.3, lambda: False)
        dialog.grab().save(str(args.out / "export_dialog.png"))
        dialog._set_running(False)
        dialog.close()
    print(f"wrote statistics_view.png and export_dialog.png to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

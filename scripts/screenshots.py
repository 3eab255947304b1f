"""Regenerate the README screenshots from the real window on Qt's offscreen platform.

    .venv/bin/python scripts/screenshots.py [--out docs/images]

Uses the demo feed (fixed seed, threats on) and the shipped model, in a throw-away data dir.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent


def _pump(app, seconds: float, until=None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        if until is not None and until():
            return
        time.sleep(0.02)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    from inspector_app.config import default_model_path
    from inspector_app.feeds.demo import DemoFeed
    from inspector_app.qt.main_window import MainWindow, StationConfig
    from inspector_app.qt.theme import apply_dark_theme

    app = QApplication(sys.argv[:1])
    apply_dark_theme(app)
    with tempfile.TemporaryDirectory() as tmp:
        config = StationConfig(
            model_path=default_model_path(),
            db_path=Path(tmp) / "log.sqlite",
            evidence_dir=Path(tmp) / "evidence",
            inspector="demo",
        )
        feed = DemoFeed(interval_s=0.5, threat_rate=1.0, seed=args.seed, limit=4)
        window = MainWindow(feed, config)
        window.resize(1400, 860)
        window.show()
        window.start()
        _pump(app, 60, until=lambda: window.current is not None and len(window.queue) >= 2)
        _pump(app, 0.5)
        window.grab().save(str(args.out / "main_window.png"))
        print(f"wrote {args.out / 'main_window.png'}")
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

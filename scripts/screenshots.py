"""Regenerate the README screenshots from the real widgets on Qt's offscreen platform.

    .venv/bin/python scripts/screenshots.py [--out docs/images] [--seed N]

Writes main_window.jpg (demo parcels with cues), image_function.jpg (organic-only view),
tip_feedback.jpg (a missed TIP test) and login.png (sign-in with an error, first run).
Uses the demo simulator and the shipped model in a throw-away data dir.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent


def _pump(app, seconds: float, until=None) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        if until is not None and until():
            return True
        time.sleep(0.02)
    return until is None


def _window(feed, tmp: Path, **sections):
    from inspector_app.config import Settings
    from inspector_app.qt.main_window import MainWindow
    from inspector_app.station import build_station

    station = build_station(
        Settings(**sections),
        feeds=[feed],
        demo=True,
        db_path=tmp / "log.sqlite",
        evidence_dir=tmp / "evidence",
    )
    window = MainWindow(station, "demo")
    window.set_inspector("demo", "DEMO account (not a real inspector)")
    window.resize(1400, 860)
    window.show()
    window.start()
    return window


def main_window_shots(app, out: Path, seed: int) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from inspector_app.feeds.demo import DemoFeed

    with tempfile.TemporaryDirectory() as tmp:
        feed = DemoFeed(interval_s=0.5, threat_rate=1.0, seed=seed, limit=12)
        window = _window(feed, Path(tmp))
        _pump(app, 90, until=lambda: window.current is not None and len(window.queue) >= 2)
        for _ in range(10):  # show a parcel the model has cues for: clear the others
            if window.current is None or window.current.detections:
                break
            QTest.keyClick(window, Qt.Key.Key_C)
            _pump(app, 30, until=lambda: window.current is not None)
        _pump(app, 0.5)
        window.grab().save(str(out / "main_window.jpg"), quality=88)
        QTest.keyClick(window, Qt.Key.Key_O)
        _pump(app, 10, until=lambda: "Organic" in window.status.view_status.text())
        window.grab().save(str(out / "image_function.jpg"), quality=88)
        window.close()


def tip_shot(app, out: Path, seed: int) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from inspector_app.config import TipSection
    from inspector_app.feeds.demo import DemoFeed

    with tempfile.TemporaryDirectory() as tmp:
        feed = DemoFeed(interval_s=0.5, threat_rate=0.0, seed=seed + 7, limit=2)
        tip = TipSection(enabled=True, rate=1.0, classes=("handgun",))
        window = _window(feed, Path(tmp), tip=tip)
        _pump(app, 90, until=lambda: window.current is not None)
        QTest.keyClick(window, Qt.Key.Key_C)  # the inspector clears it: a missed TIP
        _pump(app, 1.0)
        window.grab().save(str(out / "tip_feedback.jpg"), quality=88)
        window.close()


def login_shot(app, out: Path) -> None:
    from argon2 import PasswordHasher
    from PySide6.QtGui import QColor, QPainter, QPixmap

    from inspector_app.accounts import AccountService, Role, WrongPassword
    from inspector_app.qt.login_dialog import LoginDialog

    fast = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)  # screenshots only
    with tempfile.TemporaryDirectory() as tmp:
        station = AccountService.open(Path(tmp) / "a.sqlite", hasher=fast)
        root = station.create_first_admin("root", "admin-pass-1")
        station.create_user(root, "anna", Role.INSPECTOR, "anna-pass-1")
        for _ in range(2):
            with contextlib.suppress(WrongPassword):
                station.login("anna", "wrong-pass")
        sign_in = LoginDialog(station)
        sign_in.user_edit.setText("anna")
        sign_in.password_edit.setText("wrong-pass")
        sign_in.show()
        app.processEvents()
        sign_in._submit()
        fresh = AccountService.open(Path(tmp) / "b.sqlite", hasher=fast)
        first_run = LoginDialog(fresh)
        first_run.user_edit.setText("admin")
        first_run.show()
        shots = []
        for dialog in (sign_in, first_run):
            dialog.adjustSize()
            dialog.resize(max(dialog.width(), 460), dialog.height())
            app.processEvents()
            shots.append(dialog.grab())
        gap = 16
        canvas = QPixmap(
            sum(p.width() for p in shots) + gap * 3, max(p.height() for p in shots) + gap * 2
        )
        canvas.fill(QColor("#0f1113"))
        painter = QPainter(canvas)
        x = gap
        for shot in shots:
            painter.drawPixmap(x, gap, shot)
            x += shot.width() + gap
        painter.end()
        canvas.save(str(out / "login.png"))
        station.close()
        fresh.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    from inspector_app.qt.theme import apply_dark_theme

    app = QApplication(sys.argv[:1])
    apply_dark_theme(app)
    main_window_shots(app, args.out, args.seed)
    tip_shot(app, args.out, args.seed)
    login_shot(app, args.out)
    for name in ("main_window.jpg", "image_function.jpg", "tip_feedback.jpg", "login.png"):
        print(f"wrote {args.out / name}")
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # skip interpreter teardown: PySide6 can crash while finalising widgets

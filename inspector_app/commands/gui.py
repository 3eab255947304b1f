"""`inspector-app gui` (the default): the screening workstation."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

NAME = "gui"
HELP = "start the screening workstation (default command; demo feed unless --images is given)"

_NO_DISPLAY = """\
inspector-app: no display found, so the window cannot open.
  - On a desktop, start it from a graphical session.
  - Headless (servers, CI): run it on Qt's offscreen platform,
        QT_QPA_PLATFORM=offscreen inspector-app
    or under a virtual display:  xvfb-run inspector-app   (Debian: apt-get install xvfb)"""

_MISSING_LIBS = """\
inspector-app: Qt could not start because system libraries are missing ({error}).
  On Debian/Ubuntu install them with:
    sudo apt-get install libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--images", nargs="+", type=Path, help="review these files, not the demo")
    parser.add_argument("--model", type=Path, help="ONNX model (default: the shipped model)")
    parser.add_argument("--conf", type=float, help="score threshold (default: per class)")
    parser.add_argument("--interval", type=float, help="seconds between demo scans")
    parser.add_argument("--threat-rate", type=float, help="share of demo parcels with threats")
    parser.add_argument("--seed", type=int, help="demo feed seed (repeatable parcels)")
    parser.add_argument("--exit-after", type=float, help=argparse.SUPPRESS)  # smoke tests


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def run(args: argparse.Namespace) -> int:
    from inspector_app.config import SettingsError, load_settings

    if not has_display():
        print(_NO_DISPLAY, file=sys.stderr)
        return 2
    try:
        settings = load_settings()
        from inspector_app.tip import TipSettings

        TipSettings.from_settings(settings)  # validates the TIP class names
    except (SettingsError, ValueError) as exc:
        print(f"inspector-app: {exc}", file=sys.stderr)
        return 2
    try:
        from inspector_app.qt.app import run_gui
        from inspector_app.qt.main_window import StationConfig
    except ImportError as exc:
        print(_MISSING_LIBS.format(error=exc), file=sys.stderr)
        return 2

    model_path = args.model or settings.resolved_model_path()
    if not model_path.exists():
        print(f"inspector-app: model file not found: {model_path}", file=sys.stderr)
        return 2
    config = StationConfig(
        model_path=model_path,
        db_path=settings.database_path(),
        evidence_dir=settings.evidence_dir(),
        inspector="",  # set by the sign-in
        conf=args.conf if args.conf is not None else settings.confidence,
        look_first=settings.look_first,
        alarms_first=settings.alarms_first,
        undo_window_s=settings.undo_window_s,
        tip=TipSettings.from_settings(settings),
    )
    if args.images:
        from inspector_app.feeds.files import FileListFeed

        feed = FileListFeed(args.images)
    else:
        from inspector_app.feeds.demo import DemoFeed

        feed = DemoFeed(
            interval_s=args.interval or settings.demo_interval_s,
            threat_rate=settings.demo_threat_rate if args.threat_rate is None else args.threat_rate,
            seed=args.seed,
        )
    return run_gui(feed, config, settings, demo=not args.images, exit_after_s=args.exit_after)

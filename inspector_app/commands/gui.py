"""`inspector-app gui` (the default): the screening workstation."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

NAME = "gui"
HELP = "start the screening workstation (default command; the configured feeds, demo by default)"

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
    parser.add_argument("--images", nargs="+", type=Path, help="review these files, not the feeds")
    parser.add_argument("--model", type=Path, help="ONNX model (default: the configured one)")
    parser.add_argument("--conf", type=float, help="score threshold (default: per class)")
    parser.add_argument("--interval", type=float, help="seconds between demo scans")
    parser.add_argument("--threat-rate", type=float, help="share of demo parcels with threats")
    parser.add_argument("--seed", type=int, help="demo feed seed (repeatable parcels)")
    parser.add_argument(
        "--dev-unhashed-model",
        action="store_true",
        help="development only: screen with a model whose SHA-256 no manifest records (a "
        "supervisor approves it at sign-in; audited)",
    )
    parser.add_argument("--exit-after", type=float, help=argparse.SUPPRESS)  # smoke tests


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def station_settings(args: argparse.Namespace):
    """The saved settings with this start's command-line choices applied (validated)."""
    from inspector_app.config import FilesFeedSection, load_settings

    settings = load_settings()
    if args.images:
        settings.feeds = [FilesFeedSection(paths=args.images)]
    demo_options = {
        "interval_s": args.interval,
        "threat_rate": args.threat_rate,
        "seed": args.seed,
    }
    for feed in settings.feeds:
        if feed.type == "demo":
            for key, value in demo_options.items():
                if value is not None:
                    setattr(feed, key, value)
    if args.model is not None:
        settings.screening.model_path = args.model
    if args.conf is not None:
        settings.screening.confidence = args.conf
    return settings


def screening_overrides(args: argparse.Namespace, saved) -> dict[str, tuple[object, object]]:
    """What this start changes about screening ({'section.field': (saved, used)})."""
    chosen = {"screening.model_path": args.model, "screening.confidence": args.conf}
    before = saved.flat()
    return {
        key: (before[key], str(value) if key.endswith("path") else value)
        for key, value in chosen.items()
        if value is not None
    }


def unhashed_model_override(args: argparse.Namespace) -> dict[str, tuple[object, object]]:
    """Development starts that accept a model without a recorded SHA-256 (the flag, or
    INSPECTOR_DEV_UNHASHED_MODELS=1 already set): like another model, a supervisor's call,
    audited as `screening.dev_unhashed_model` (detection.policy says why)."""
    from inspector_app.detection.policy import DEV_UNHASHED_ENV, unhashed_models_allowed

    if getattr(args, "dev_unhashed_model", False):
        os.environ[DEV_UNHASHED_ENV] = "1"  # read by the station's model load
    return {"screening.dev_unhashed_model": (False, True)} if unhashed_models_allowed() else {}


def run(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from inspector_app.config import SettingsError, explain, load_settings
    from inspector_app.station import StationError, build_station

    if not has_display():
        print(_NO_DISPLAY, file=sys.stderr)
        return 2
    try:
        station = build_station(station_settings(args))
        station.overrides = screening_overrides(args, load_settings())
        station.overrides.update(unhashed_model_override(args))
    except ValidationError as exc:
        print(f"inspector-app: {explain(exc)}", file=sys.stderr)
        return 2
    except (SettingsError, StationError) as exc:
        print(f"inspector-app: {exc}", file=sys.stderr)
        return 2
    if not station.model_path.exists():
        print(f"inspector-app: model file not found: {station.model_path}", file=sys.stderr)
        return 2
    try:
        from inspector_app.qt.app import run_gui
    except ImportError as exc:
        print(_MISSING_LIBS.format(error=exc), file=sys.stderr)
        return 2
    return run_gui(station, exit_after_s=args.exit_after)

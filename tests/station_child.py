"""A headless station in its own process, for tests that kill it: `python station_child.py
SETTINGS.json`. Prints `ready` once the model is loaded, then screens until killed."""

from __future__ import annotations

import sys
from pathlib import Path

from inspector_app.config import load_settings
from inspector_app.station import EventQueue, ScreeningListener, build_station


class _Ready(ScreeningListener):
    def model_ready(self, info, class_names) -> None:
        print("ready", flush=True)

    def model_load_failed(self, error) -> None:
        print(f"failed {error}", flush=True)


def main() -> None:
    station = build_station(load_settings(Path(sys.argv[1])))
    events = EventQueue()
    service = station.screening(_Ready(), events.post)
    service.start()
    events.run_until(lambda: False, timeout_s=3600)


if __name__ == "__main__":
    main()

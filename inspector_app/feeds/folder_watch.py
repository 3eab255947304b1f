"""Wake-ups for a hot folder: watchdog events when the platform delivers them.

Events only shorten the wait; the hot folder still lists the folder on a timer, since network
shares drop events and a folder can vanish and return (the watcher is then restarted).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def is_reachable(folder: Path) -> bool:
    try:
        return folder.is_dir()
    except OSError:
        return False


class FolderWatcher:
    """watchdog observer that only wakes the feed loop; restartable when the folder returns."""

    def __init__(self, folder: Path, wake: threading.Event) -> None:
        self.folder = folder
        self.wake = wake
        self._observer: Any = None  # watchdog's observer while watching

    def start(self) -> None:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        wake = self.wake

        class _Handler(FileSystemEventHandler):
            def on_any_event(self, event) -> None:
                wake.set()

        self.stop()
        try:
            observer = Observer()
            observer.schedule(_Handler(), str(self.folder), recursive=False)
            observer.daemon = True
            observer.start()
        except Exception as exc:  # no inotify slots, an odd share: listings still find files
            log.warning("watching %s for events failed (%s); listing it instead", self.folder, exc)
            return
        self._observer = observer

    def stop(self) -> None:
        observer, self._observer = self._observer, None
        if observer is not None:
            try:
                observer.stop()
                observer.join(2.0)
            except Exception:
                log.debug("stopping the watcher of %s", self.folder, exc_info=True)

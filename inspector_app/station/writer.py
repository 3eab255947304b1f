"""The thread that writes the inspector's decisions, so an fsync never stalls the window.

SQLite connections must stay in the thread that made them, so the writer opens its own
connection to the decision log on its one thread and runs jobs strictly in the order they were
submitted: an undo submitted right after a decision always finds that decision written.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from inspector_app.storage.decision_log import DecisionLog
from inspector_app.storage.tip_log import TipLog

T = TypeVar("T")


class LogWriter:
    """Runs `job(decision_log, tip_log)` calls one at a time on a private thread.

    `on_written` is called (on the writer thread) after each job that succeeded: every write
    queues records for the hub, and this wakes the upload worker to send them now.
    """

    def __init__(self, db_path: Path, on_written: Callable[[], None] | None = None) -> None:
        self._on_written = on_written
        self._local = threading.local()
        self._pool = ThreadPoolExecutor(
            max_workers=1,
            thread_name_prefix="log-writer",
            initializer=self._open,
            initargs=(db_path,),
        )
        # Open now, so a log that cannot be opened is reported at start, not at the first key.
        self.submit(lambda log, _tips: log.path).result()

    def _open(self, db_path: Path) -> None:
        try:
            log = DecisionLog(db_path)
        except Exception as exc:  # reported by the first job
            self._local.error = exc
            return
        self._local.log, self._local.tips = log, TipLog(log.db)

    def _run(self, job: Callable[[DecisionLog, TipLog], T]) -> T:
        error = getattr(self._local, "error", None)
        if error is not None:
            raise error
        result = job(self._local.log, self._local.tips)
        if self._on_written is not None:
            self._on_written()
        return result

    def submit(self, job: Callable[[DecisionLog, TipLog], T]) -> Future[T]:
        return self._pool.submit(self._run, job)

    def flush(self) -> None:
        """Wait until every job submitted so far has run."""
        self._pool.submit(lambda: None).result()

    def close(self) -> None:
        """Finish what was submitted, then close the connection on its own thread."""

        def close_log() -> None:
            log = getattr(self._local, "log", None)
            if log is not None:
                log.close()

        try:
            self._pool.submit(close_log).result()
        except RuntimeError:  # already shut down
            return
        self._pool.shutdown(wait=True)

"""The station's upload service: drains the outbox to the hub on a thread of its own.

Built by `build_station` only when the station is enrolled (upload.json), so a station that is
not never starts it and contacts no host. It drains every `interval_s`, and at once when woken
after a decision is written; after a failed drain it waits longer each time (exponential, with
jitter, capped), counting the backlog on wakes meanwhile without knocking at the hub. It opens
its own SQLite connection (WAL) and its own HTTP client, in its thread; requests have bounded
timeouts and `stop` cuts retry waits short, so closing the station never hangs on a dead network.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from inspector_app.storage.outbox import SqliteOutbox
from inspector_app.sync.client import HubClient
from inspector_app.sync.config import UploadConfig
from inspector_app.sync.station_key import load_or_create
from inspector_app.sync.status import UploadSnapshot, UploadStatus, classify
from inspector_app.sync.uploader import RetryPolicy, Uploader, UploadError, UploadStopped

log = logging.getLogger(__name__)

#: within one drain: a few quick retries, then the worker's own backoff takes over
STATION_POLICY = RetryPolicy(max_attempts=4, max_delay_s=60.0, backoff_base_s=0.5, backoff_max_s=8)


def _parse(text: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


class UploadWorker:
    """A `BackgroundService` (name, start, stop) plus `wake()` and a live `status`."""

    name = "upload"

    def __init__(
        self,
        db_path: Path,
        config: UploadConfig,
        *,
        key_path: Path | None = None,
        batch_size: int = 200,
        interval_s: float = 30.0,
        timeout_s: float = 10.0,
        max_backoff_s: float = 300.0,
        policy: RetryPolicy = STATION_POLICY,
        stop_timeout_s: float = 3.0,
    ) -> None:
        self.db_path = db_path
        self.config = config
        self.key_path = key_path
        self.batch_size = batch_size
        self.interval_s = interval_s
        self.timeout_s = timeout_s
        self.max_backoff_s = max_backoff_s
        self.policy = policy
        self.stop_timeout_s = stop_timeout_s
        self.status = UploadStatus(UploadSnapshot(enabled=True, hub=config.hub_url))
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    # ----- control (any thread) ----------------------------------------------------------------
    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="hub-uploader", daemon=True)
            self._thread.start()

    def wake(self) -> None:
        """New records were written: send them now (unless the hub is failing: then count)."""
        self._wake.set()

    def stop(self) -> None:
        """Returns within `stop_timeout_s`; a request still in flight ends by its own timeout,
        on a daemon thread that then closes its connection."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(self.stop_timeout_s)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # ----- the upload thread -------------------------------------------------------------------
    def _run(self) -> None:
        try:
            outbox = SqliteOutbox(self.db_path)
        except Exception as exc:
            log.exception("upload: the outbox cannot be opened")
            self._failed(exc)
            return
        client: HubClient | None = None
        try:
            key = load_or_create(self.key_path)
            client = HubClient(
                self.config.hub_url,
                self.config.station_id,
                key,
                self.config.ca_bundle,
                timeout=self.timeout_s,
            )
            uploader = Uploader(client, outbox, self.batch_size, self.policy, stop=self._stop)
            self._loop(uploader, outbox)
        except Exception as exc:  # never let the thread die silently
            log.exception("upload stopped unexpectedly")
            self._failed(exc)
        finally:
            if client is not None:
                client.close()
            outbox.close()

    def _loop(self, uploader: Uploader, outbox: SqliteOutbox) -> None:
        failures = 0
        next_drain = time.monotonic()
        while not self._stop.is_set():
            if time.monotonic() >= next_drain:
                failures = 0 if self._drain(uploader) else failures + 1
                delay = self.interval_s if failures == 0 else self._backoff(failures)
                next_drain = time.monotonic() + delay
            if self._stop.is_set():
                return
            self._count(outbox)
            if self._wake.wait(max(0.0, next_drain - time.monotonic())):
                self._wake.clear()
                if failures == 0:
                    next_drain = time.monotonic()

    def _backoff(self, failures: int) -> float:
        """Exponential from the interval, capped, with jitter so stations spread out."""
        ceiling = min(self.max_backoff_s, self.interval_s * 2 ** (failures - 1))
        return ceiling / 2 + random.uniform(0, ceiling / 2)

    def _drain(self, uploader: Uploader) -> bool:
        try:
            result = uploader.drain()
        except UploadStopped:
            return True
        except UploadError as exc:
            log.warning("upload: %s", exc)
            self._failed(exc.cause or exc)
            return False
        except Exception as exc:  # the database locked, a disk error...: keep trying later
            log.exception("upload failed unexpectedly")
            self._failed(exc)
            return False
        if result.records or result.evidence or result.refused:
            log.info(
                "upload: %d record(s), %d evidence file(s) sent, %d refused",
                result.records,
                result.evidence,
                result.refused,
            )
        self.status.update(
            last_success=datetime.now(UTC), trouble=None, detail="", failing_since=None
        )
        return True

    def _failed(self, error: BaseException) -> None:
        since = self.status.snapshot().failing_since or datetime.now(UTC)
        self.status.update(trouble=classify(error), detail=str(error), failing_since=since)

    def _count(self, outbox: SqliteOutbox) -> None:
        """Refresh the counts the window shows (a few indexed counts on this thread)."""
        try:
            state = outbox.state()
            last = self.status.snapshot().last_success or _parse(state.get("last_success"))
            self.status.update(
                backlog=outbox.backlog(),
                evidence_backlog=outbox.evidence_backlog(),
                refused=outbox.refused_count(),
                last_success=last,
            )
        except Exception:
            log.exception("upload: the outbox cannot be counted")

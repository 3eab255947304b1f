"""Drains an outbox to the hub: batches of records, then evidence files in resumable chunks.

Retries (tenacity: exponential backoff with full jitter, so fifty stations coming back after an
outage do not all knock at once) cover anything transient: network errors, timeouts, 5xx. A record
is marked sent only after the hub acknowledged its key; when an acknowledgement is lost the batch
goes again and the hub acknowledges the duplicates without storing them twice. A permanent
refusal (4xx) stops the drain with the hub's reason in `last_error` instead of hammering the hub.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from tenacity import (
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
    wait_random_exponential,
)

from inspector_app.sync.client import HubClient, HubError
from inspector_app.sync.outbox import EvidenceItem, Outbox

_log = logging.getLogger(__name__)
T = TypeVar("T")

CHUNK_BYTES = 1024 * 1024


class UploadError(Exception):
    """The drain stopped: retries exhausted or a permanent refusal (message says which)."""


@dataclass
class DrainResult:
    records: int = 0
    batches: int = 0
    evidence: int = 0
    retries: int = 0


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try before giving up this drain (the next drain starts afresh)."""

    max_attempts: int = 8
    max_delay_s: float = 300.0
    backoff_base_s: float = 0.5
    backoff_max_s: float = 60.0


def _retryable(exc: BaseException) -> bool:
    return isinstance(exc, HubError) and exc.retryable


class Uploader:
    def __init__(
        self,
        client: HubClient,
        outbox: Outbox,
        batch_size: int = 500,
        policy: RetryPolicy | None = None,
        chunk_bytes: int = CHUNK_BYTES,
    ) -> None:
        self.client = client
        self.outbox = outbox
        self.batch_size = batch_size
        self.policy = policy or RetryPolicy()
        self.chunk_bytes = chunk_bytes

    def _retry(self, result: DrainResult, call: Callable[[], T]) -> T:
        p = self.policy

        def count(_state: Any) -> None:
            result.retries += 1

        retrying = Retrying(
            retry=retry_if_exception(_retryable),
            wait=wait_random_exponential(multiplier=p.backoff_base_s, max=p.backoff_max_s),
            stop=stop_after_attempt(p.max_attempts) | stop_after_delay(p.max_delay_s),
            before_sleep=count,
            reraise=True,
        )
        return retrying(call)

    def _state(self, name: str, value: str) -> None:
        setter = getattr(self.outbox, "set_state", None)
        if setter is not None:
            setter(name, value)

    def drain(self) -> DrainResult:
        """Send everything pending now; returns what went. Raises UploadError when it stops."""
        result = DrainResult()
        try:
            self._drain_records(result)
            self._drain_evidence(result)
        except HubError as exc:
            kind = "gave up after retries" if exc.retryable else "refused"
            message = f"{kind}: {exc}"
            self._state("last_error", f"{datetime.now(UTC).isoformat()} {message}")
            raise UploadError(message) from exc
        self._state("last_success", datetime.now(UTC).isoformat())
        return result

    def _backlog(self, sent_now: int) -> int:
        backlog = getattr(self.outbox, "backlog", None)
        return max(0, backlog() - sent_now) if backlog is not None else 0

    def _drain_records(self, result: DrainResult) -> None:
        while True:
            records = self.outbox.pending(self.batch_size)
            if not records:
                return
            backlog = self._backlog(len(records))
            ack = self._retry(result, functools.partial(self.client.post_batch, records, backlog))
            sent = {r.key for r in records}
            acknowledged = [k for k in ack.get("acknowledged", []) if k in sent]
            if not acknowledged:
                raise HubError("hub acknowledged none of the batch", retryable=False)
            self.outbox.mark_sent(acknowledged)
            result.records += len(acknowledged)
            result.batches += 1

    def _drain_evidence(self, result: DrainResult) -> None:
        pending = getattr(self.outbox, "pending_evidence", None)
        if pending is None:
            return
        while True:
            items = pending(20)
            if not items:
                return
            for item in items:
                problem = self._upload_file(item, result)
                self.outbox.mark_evidence(item.sha256, problem)  # type: ignore[attr-defined]
                if problem is None:
                    result.evidence += 1
                else:
                    _log.warning("evidence %s set aside: %s", item.sha256, problem)

    def _upload_file(self, item: EvidenceItem, result: DrainResult) -> str | None:
        """Upload one file from where the hub stands; a problem string if it cannot be sent."""
        try:
            data_size = item.path.stat().st_size
            digest = hashlib.sha256()
            with open(item.path, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
        except OSError as exc:
            return f"cannot read {item.path}: {exc}"
        if digest.hexdigest() != item.sha256:
            return f"{item.path} no longer matches its SHA-256 (changed on disk)"
        state = self._retry(result, lambda: self.client.evidence_state(item.sha256))
        offset = int(state["received"])
        complete = bool(state["complete"])
        with open(item.path, "rb") as handle:
            while not complete:
                handle.seek(offset)
                chunk = handle.read(self.chunk_bytes)
                try:
                    state = self._retry(
                        result,
                        functools.partial(
                            self.client.put_chunk, item.sha256, offset, data_size, chunk
                        ),
                    )
                except HubError as exc:
                    if exc.status == 409:  # a lost ack: the hub has more than we thought
                        state = self._retry(result, lambda: self.client.evidence_state(item.sha256))
                    elif exc.status == 422:
                        return f"hub refused the file: {exc}"
                    else:
                        raise
                offset = int(state["received"])
                complete = bool(state["complete"])
        return None


class UploadWorker(threading.Thread):
    """Background drain loop for the station core: drains, then waits `interval_s` (or until
    `wake()`); errors are logged and kept in the outbox's upload_state, never raised."""

    def __init__(self, uploader: Uploader, interval_s: float = 30.0) -> None:
        super().__init__(name="hub-uploader", daemon=True)
        self.uploader = uploader
        self.interval_s = interval_s
        self._stopping = threading.Event()
        self._wake = threading.Event()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float | None = 10.0) -> None:
        self._stopping.set()
        self._wake.set()
        self.join(timeout)

    def run(self) -> None:
        while not self._stopping.is_set():
            try:
                self.uploader.drain()
            except UploadError as exc:
                _log.warning("upload: %s", exc)
            except Exception:  # never let the uploader thread die silently
                _log.exception("upload failed unexpectedly")
            self._wake.wait(self.interval_s)
            self._wake.clear()

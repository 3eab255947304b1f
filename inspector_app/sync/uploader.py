"""Drains an outbox to the hub: batches of records, then evidence files in resumable chunks.

Retries (tenacity: exponential backoff with full jitter, so fifty stations coming back after an
outage do not all knock at once) cover anything transient: network errors, timeouts, 5xx. A record
is marked sent only after the hub acknowledged its key; when an acknowledgement is lost the batch
goes again and the hub acknowledges the duplicates without storing them twice.

A refusal of the batch's *content* (400, 413, 422) is narrowed down by halving the batch until
the refused record is alone; that record is set aside with the hub's reason (`mark_refused`) and
everything behind it goes on. Any other refusal (401 signature, 409 replay...) concerns every
record alike: the drain stops with the hub's reason in `last_error` instead of hammering the hub.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

from tenacity import (
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
    stop_when_event_set,
    wait_random_exponential,
)

from inspector_app.storage.outbox import EvidenceItem, OutboxRecord
from inspector_app.sync.client import HubClient, HubError

_log = logging.getLogger(__name__)
T = TypeVar("T")

CHUNK_BYTES = 1024 * 1024
#: statuses that refuse what was sent (not who sent it, nor the network): bisect, then set aside
CONTENT_REFUSALS = frozenset({400, 413, 422})


class Outbox(Protocol):
    """What the uploader needs from any outbox. `SqliteOutbox` (storage.outbox) also offers
    `backlog`, `mark_refused`, evidence and state methods, which the uploader uses when present."""

    def pending(self, limit: int) -> list[OutboxRecord]:
        """Up to `limit` unsent records, oldest first."""
        ...

    def mark_sent(self, keys: Sequence[str]) -> None:
        """The hub acknowledged these keys; never offer them again."""
        ...


class UploadError(Exception):
    """The drain stopped: retries exhausted or a permanent refusal (message says which)."""

    def __init__(self, message: str, cause: HubError | None = None) -> None:
        super().__init__(message)
        self.cause = cause


class UploadStopped(UploadError):
    """The drain was asked to stop (the station is closing); nothing is wrong."""


@dataclass
class DrainResult:
    records: int = 0
    batches: int = 0
    evidence: int = 0
    retries: int = 0
    refused: int = 0  # records the hub refused for good, set aside this drain


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try before giving up this drain (the next drain starts afresh)."""

    max_attempts: int = 8
    max_delay_s: float = 300.0
    backoff_base_s: float = 0.5
    backoff_max_s: float = 60.0


def _retryable(exc: BaseException) -> bool:
    return isinstance(exc, HubError) and exc.retryable


def refuses_content(exc: HubError) -> bool:
    return exc.status in CONTENT_REFUSALS


class Uploader:
    def __init__(
        self,
        client: HubClient,
        outbox: Outbox,
        batch_size: int = 500,
        policy: RetryPolicy | None = None,
        chunk_bytes: int = CHUNK_BYTES,
        stop: threading.Event | None = None,
    ) -> None:
        """`stop`, when set, cuts retry waits short and ends the drain at the next request."""
        self.client = client
        self.outbox = outbox
        self.batch_size = batch_size
        self.policy = policy or RetryPolicy()
        self.chunk_bytes = chunk_bytes
        self.stop = stop or threading.Event()

    def _retry(self, result: DrainResult, call: Callable[[], T]) -> T:
        p = self.policy

        def count(_state: Any) -> None:
            result.retries += 1

        retrying = Retrying(
            retry=retry_if_exception(_retryable),
            wait=wait_random_exponential(multiplier=p.backoff_base_s, max=p.backoff_max_s),
            stop=stop_after_attempt(p.max_attempts)
            | stop_after_delay(p.max_delay_s)
            | stop_when_event_set(self.stop),
            sleep=self._sleep,
            before_sleep=count,
            reraise=True,
        )
        return retrying(call)

    def _sleep(self, seconds: float) -> None:
        self.stop.wait(seconds)

    def _state(self, name: str, value: str) -> None:
        setter = getattr(self.outbox, "set_state", None)
        if setter is not None:
            setter(name, value)

    def _check_stop(self) -> None:
        if self.stop.is_set():
            raise UploadStopped("stopped")

    def drain(self) -> DrainResult:
        """Send everything pending now; returns what went. Raises UploadError when it stops."""
        result = DrainResult()
        try:
            self._drain_records(result)
            self._drain_evidence(result)
        except HubError as exc:
            if self.stop.is_set():
                raise UploadStopped("stopped") from exc
            kind = "gave up after retries" if exc.retryable else "refused"
            message = f"{kind}: {exc}"
            self._state("last_error", f"{datetime.now(UTC).isoformat()} {message}")
            raise UploadError(message, exc) from exc
        self._state("last_success", datetime.now(UTC).isoformat())
        self._state("last_error", "")
        return result

    def _backlog(self, sent_now: int) -> int:
        backlog = getattr(self.outbox, "backlog", None)
        return max(0, backlog() - sent_now) if backlog is not None else 0

    def _drain_records(self, result: DrainResult) -> None:
        while True:
            self._check_stop()
            records = self.outbox.pending(self.batch_size)
            if not records:
                return
            self._send(records, self._backlog(len(records)), result)

    def _send(self, records: list[OutboxRecord], backlog: int, result: DrainResult) -> None:
        """One batch; a content refusal is narrowed down by halves to the refused record."""
        self._check_stop()
        set_aside = getattr(self.outbox, "mark_refused", None)
        try:
            ack = self._retry(result, functools.partial(self.client.post_batch, records, backlog))
        except HubError as exc:
            if not refuses_content(exc) or set_aside is None:
                raise
            if len(records) == 1:
                _log.warning("record %s refused by the hub, set aside: %s", records[0].key, exc)
                set_aside(records[0].key, str(exc))
                result.refused += 1
                return
            half = len(records) // 2
            self._send(records[:half], backlog + len(records) - half, result)
            self._send(records[half:], backlog, result)
            return
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
            self._check_stop()
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
                self._check_stop()
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

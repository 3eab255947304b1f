"""The feed protocol and the item types every feed yields."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from inspector_app.domain import Scan
from inspector_app.feeds.status import FeedStatus


@dataclass(frozen=True)
class ScanFailure:
    """Input that arrived but could not be read; it is quarantined and logged, never dropped."""

    scan_id: str
    source: str
    received_at: datetime
    reason: str
    raw: bytes | None = None
    suffix: str = ".bin"
    lane: str = ""  # the lane it arrived on (set by the screening service when empty)
    meta: dict[str, Any] = field(default_factory=dict)  # source path, ingest record (as Scan)


FeedItem = Scan | ScanFailure


class Feed(Protocol):
    """A source of scans. `items` blocks between scans and returns soon after `stop` is set."""

    name: str
    lane: str  # the screening lane its scans are tagged with

    def items(self, stop: threading.Event) -> Iterator[FeedItem | FeedStatus]: ...


def new_scan_id(prefix: str) -> str:
    """Unique, sortable and readable: PREFIX-YYYYmmdd-HHMMSS-xxxxxx."""
    return f"{prefix}-{datetime.now(UTC):%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}"


def now() -> datetime:
    return datetime.now(UTC)

"""Where the upload stands, as one immutable snapshot: Qt-free, cheap to read from any thread.

The upload worker replaces the snapshot after each drain and whenever new records are written;
the window reads it on a timer (an attribute read under a lock: no network, no SQLite on the GUI
thread). Reasons are codes, so the window words them in the inspector's language; `detail` keeps
the hub's own (English) words for the tooltip and the log.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any


class OffReason(StrEnum):
    NOT_ENROLLED = "not_enrolled"  # no upload.json: `inspector-app upload enrol` switches it on
    DEMO = "demo"  # a demo station never uploads
    SETTINGS = "settings"  # upload.json exists but cannot be used (detail says why)


class Trouble(StrEnum):
    """Why the last drain did not finish, in the words an inspector needs."""

    UNREACHABLE = "unreachable"  # network: no answer, timeout, connection refused
    UNAVAILABLE = "unavailable"  # the hub answered but cannot take records now (5xx, busy)
    NOT_ACCEPTED = "not_accepted"  # the hub does not accept this station (signature, enrolment)
    REFUSED = "refused"  # any other refusal by the hub
    LOCAL = "local"  # a problem at this station (key file, database)


@dataclass(frozen=True)
class UploadSnapshot:
    enabled: bool
    off_reason: OffReason | None = None
    hub: str | None = None
    backlog: int = 0  # records waiting
    evidence_backlog: int = 0  # flagged parcels' images waiting
    refused: int = 0  # records the hub refused for good, set aside
    last_success: datetime | None = None
    trouble: Trouble | None = None
    detail: str = ""  # the trouble (or why upload is off) in the hub's or the system's words
    failing_since: datetime | None = None

    @property
    def up_to_date(self) -> bool:
        return (
            self.enabled and self.trouble is None and not self.backlog and not self.evidence_backlog
        )


def classify(error: BaseException | None) -> Trouble:
    """Which kind of trouble a failed drain had."""
    from inspector_app.sync.client import HubError  # httpx only where uploads happen

    if not isinstance(error, HubError):
        return Trouble.LOCAL
    if error.status is None:
        return Trouble.UNREACHABLE
    if error.retryable:
        return Trouble.UNAVAILABLE
    if error.status in (401, 403):
        return Trouble.NOT_ACCEPTED
    return Trouble.REFUSED


class UploadStatus:
    """Holds the latest snapshot; the worker publishes, anyone reads."""

    def __init__(self, snapshot: UploadSnapshot) -> None:
        self._snapshot = snapshot
        self._lock = threading.Lock()

    @classmethod
    def off(cls, reason: OffReason = OffReason.NOT_ENROLLED, detail: str = "") -> UploadStatus:
        return cls(UploadSnapshot(enabled=False, off_reason=reason, detail=detail))

    def snapshot(self) -> UploadSnapshot:
        with self._lock:
            return self._snapshot

    def update(self, **changes: Any) -> UploadSnapshot:
        """Replace some fields at once (readers never see half an update)."""
        with self._lock:
            self._snapshot = replace(self._snapshot, **changes)
            return self._snapshot

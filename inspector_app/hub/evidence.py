"""Evidence images on the hub's disk, uploaded in chunks that can resume after any break.

The partial file's length *is* the resume point, so a hub restart loses nothing: the station asks
how much arrived and continues from there. A finished file is checked against its SHA-256 before
it takes its content-addressed name; a mismatch discards it and the station starts over.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
MAX_EVIDENCE_BYTES = 2 * 1024**3


class OffsetMismatch(Exception):
    def __init__(self, received: int) -> None:
        super().__init__(f"chunk does not start where the upload stands ({received} bytes)")
        self.received = received


class EvidenceRejected(Exception):
    """The upload cannot be right (hash mismatch, too long); the partial file was discarded."""


@dataclass(frozen=True)
class State:
    received: int
    complete: bool


class EvidenceStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._locks: dict[tuple[str, str], threading.Lock] = {}
        self._guard = threading.Lock()

    def final_path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def _partial(self, station_id: str, sha256: str) -> Path:
        return self.root / "partial" / station_id / f"{sha256}.part"

    def _lock(self, station_id: str, sha256: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault((station_id, sha256), threading.Lock())

    def state(self, station_id: str, sha256: str) -> State:
        final = self.final_path(sha256)
        if final.exists():
            return State(final.stat().st_size, True)
        part = self._partial(station_id, sha256)
        return State(part.stat().st_size if part.exists() else 0, False)

    def append(self, station_id: str, sha256: str, offset: int, size: int, data: bytes) -> State:
        """Write `data` at `offset` of an upload of `size` bytes; finish it when complete."""
        if size > MAX_EVIDENCE_BYTES:
            raise EvidenceRejected(f"evidence larger than {MAX_EVIDENCE_BYTES} bytes")
        with self._lock(station_id, sha256):
            current = self.state(station_id, sha256)
            if current.complete:
                return current
            if offset != current.received:
                raise OffsetMismatch(current.received)
            part = self._partial(station_id, sha256)
            if offset + len(data) > size:
                part.unlink(missing_ok=True)
                raise EvidenceRejected("chunk goes past the announced size; upload discarded")
            part.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            with open(part, "ab") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            received = offset + len(data)
            if received < size:
                return State(received, False)
            digest = hashlib.sha256()
            with open(part, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            if digest.hexdigest() != sha256:
                part.unlink(missing_ok=True)
                raise EvidenceRejected("SHA-256 of the uploaded bytes does not match; discarded")
            final = self.final_path(sha256)
            final.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.replace(part, final)
            return State(received, True)

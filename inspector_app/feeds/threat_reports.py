"""DICOS threat reports (TDR) that reach a hot folder as files of their own.

A report is not a scan: it is held until the image it refers to arrives, then travels with
that image (its cues drawn as the vendor's overlay, its file settled with that scan). A report
whose image never comes within the wait is set aside like any refused file, so the inspector
and the log learn that the scanner alarmed on a parcel nobody saw.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from inspector_app.domain import Scan, VendorCue
from inspector_app.feeds.base import ScanFailure, new_scan_id, now
from inspector_app.imaging import dicos
from inspector_app.storage.ingest_ledger import IngestRecord

DICOS_SUFFIXES = (".dcs", ".dcm")


@dataclass
class _Held:
    record: IngestRecord
    uids: set[str]
    cues: tuple[VendorCue, ...]
    since: float


class HeldReports:
    def __init__(self) -> None:
        self._held: dict[str, _Held] = {}  # path -> report

    def hold(self, path: Path, record: IngestRecord, raw: bytes) -> bool:
        """Keep the file if it is a threat report (True); anything else is read as a scan."""
        if path.suffix.lower() not in DICOS_SUFFIXES:
            return False
        try:
            if not (dicos.is_dicom(raw) and dicos.kind(raw) == "tdr"):
                return False
            cues = tuple(dicos.vendor_cues(raw))
            uids = dicos.referenced_uids(raw)
        except Exception:  # any fault: read as an image instead, which says what is wrong
            return False  # read as an image instead, which says in words what is wrong
        self._held[record.path] = _Held(record, uids, cues, time.monotonic())
        return True

    def cues(self) -> dict[str, tuple[VendorCue, ...]]:
        """{referenced image UID: cues} of every held report, as `read_scan_file` takes them."""
        out: dict[str, tuple[VendorCue, ...]] = {}
        for held in self._held.values():
            for uid in held.uids:
                out[uid] = out.get(uid, ()) + held.cues
        return out

    def settle_for(self, scan: Scan) -> tuple[IngestRecord, ...]:
        """The reports this scan's image answers; they leave the hold and go with the scan."""
        if not scan.original or not dicos.is_dicom(scan.original):
            return ()
        try:
            uid = dicos.sop_instance_uid(scan.original)
        except dicos.DicosError:
            return ()
        matched = [path for path, held in self._held.items() if uid in held.uids]
        return tuple(self._held.pop(path).record for path in matched)

    def expired(self, lane: str, wait_s: float) -> Iterator[ScanFailure]:
        """Reports whose image has not come within `wait_s`: set aside, with the reason."""
        limit = time.monotonic() - wait_s
        for path in [p for p, held in self._held.items() if held.since < limit]:
            held = self._held.pop(path)
            labels = ", ".join(sorted({c.label for c in held.cues if c.alarm})) or "no alarm"
            yield ScanFailure(
                new_scan_id("TDR"),
                "hot_folder",
                now(),
                f"{held.record.name}: a threat report ({labels}) whose image never came",
                lane=lane,
                meta={"path": held.record.path, "ingest": held.record, "kind": "orphan_report"},
            )

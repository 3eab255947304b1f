"""Taking one complete parcel from a hot folder: its files read once and hashed, looked up in
the ingest ledger, and turned into the scan (or scans, or failures) the station screens.

Why a module of its own: a parcel is one to four files (energies, views), and each file may
already be on record (settled before a restart), an exact copy of an earlier one, a threat
report waiting for its image, unreadable, or missing its partner. Each case ends in exactly one
place - a scan, a failure with a reason, or a ledger row - so no file is lost or taken twice.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from inspector_app.domain import Scan
from inspector_app.feeds import folder_files
from inspector_app.feeds.base import FeedItem, ScanFailure, new_scan_id, now
from inspector_app.feeds.files import join_views, read_scan_file, read_scan_pair
from inspector_app.feeds.parcels import Naming, Parcel, View, is_raw
from inspector_app.feeds.threat_reports import HeldReports
from inspector_app.imaging.raw_pairs import RawGeometry
from inspector_app.imaging.safe_read import FileRefused, ReadLimits, read_file_safely
from inspector_app.storage.ingest_ledger import IngestLedger, IngestRecord

RETRY: Literal["retry"] = "retry"  # a file changed while read: taken again once still
NO_RAW_GEOMETRY = (
    "a headerless .raw file, and this lane has no raw geometry: set `raw` (width, and bits and"
    " byte_order if not 16-bit little-endian) on its hot_folder feed in settings.json"
)
LONE_RAW = (
    "headerless .raw data that is not half of a low/high pair (names like NAME_low.raw and"
    " NAME_high.raw; see pair_low and pair_high)"
)


@dataclass(frozen=True)
class Unit:
    """A parcel ready to take; `waited_s` when it is incomplete and its wait ran out."""

    parcel: Parcel
    waited_s: float | None = None


@dataclass(frozen=True)
class Rules:
    """What the lane's settings say about reading its files."""

    lane: str
    source: str
    folder: Path
    limits: ReadLimits
    naming: Naming
    geometry: RawGeometry | None


@dataclass
class _Read:
    record: IngestRecord
    content: bytes | str  # the bytes, or why the file was refused
    seen: folder_files.Seen


@dataclass
class ParcelTaker:
    """Runs on the feed's thread, with its ledger connection; one per run of the feed."""

    rules: Rules
    ledger: IngestLedger
    reports: HeldReports
    finish: Callable[[Path, str, str, str, tuple[int, int] | None], None]  # settled before
    remember: Callable[[IngestRecord, folder_files.Seen, bool], None]  # (record, seen, settled)
    taken: set[tuple[str, str]] = field(default_factory=set)  # (path, sha) yielded, this run
    hashes: dict[str, str] = field(default_factory=dict)  # sha -> first scan id, this run

    def take(
        self, unit: Unit, seens: dict[Path, folder_files.Seen]
    ) -> list[FeedItem] | Literal["retry"]:
        """The parcel's items; [] when nothing needs screening; RETRY when it must wait."""
        paths = unit.parcel.paths
        present = [os.path.lexists(p) for p in paths]
        if not all(present):  # deleted before it was taken; the rest waits on its own
            return RETRY if any(present) else []
        read = {p: self._read(p, seens[p]) for p in paths}
        live = [p for p in paths if not self._already_settled(p, read[p])]
        if not live:
            return []
        parcel = unit.parcel.keeping(live)
        reduced = len(live) < len(paths)
        if len(live) == 1 and self._needs_no_scan(live[0], read[live[0]]):
            return []
        items = [self._read_view(view, read, unit, reduced) for view in parcel.views]
        if not all(self._unchanged(path, seens[path]) for path in parcel.paths):
            return RETRY  # still being written: taken again once it is still
        self.taken.update((read[p].record.path, read[p].record.sha256) for p in live)
        for path in live:
            self.remember(read[path].record, read[path].seen, False)
        return self._finish_items(items, parcel, read, unit, reduced)

    # ----- one file ------------------------------------------------------------------------------
    def _unchanged(self, path: Path, seen: folder_files.Seen) -> bool:
        after = folder_files.look(path, self.rules.folder)
        return after is not None and (after.size, after.mtime_ns) == (seen.size, seen.mtime_ns)

    def _read(self, path: Path, seen: folder_files.Seen) -> _Read:
        """The file's ledger identity and its bytes (read once, safely), or why it was refused."""
        lane = self.rules.lane
        if not seen.regular:
            key = f"refused:{seen.mtime_ns}"
            return _Read(IngestRecord(lane, str(path), path.name, key, 0), seen.refusal, seen)
        try:
            data = read_file_safely(path, self.rules.limits)
        except FileRefused as exc:
            key = f"refused:{seen.size}:{seen.mtime_ns}"
            return _Read(IngestRecord(lane, str(path), path.name, key, seen.size), str(exc), seen)
        sha = hashlib.sha256(data).hexdigest()
        return _Read(IngestRecord(lane, str(path), path.name, sha, len(data)), data, seen)

    def _already_settled(self, path: Path, read: _Read) -> bool:
        """Taken this run, or on record before a restart (then only the move was left)."""
        record = read.record
        if (record.path, record.sha256) in self.taken:
            return True
        done = self.ledger.settled(record.lane, record.path, record.sha256)
        if done is None:
            return False
        stamp = (read.seen.size, read.seen.mtime_ns)
        self.finish(path, done["status"], done["scan_id"] or "", done["reason"] or "", stamp)
        self.remember(record, read.seen, True)
        return True

    def _needs_no_scan(self, path: Path, read: _Read) -> bool:
        """An exact copy of an earlier file (a ledger row says so), or a held threat report."""
        if isinstance(read.content, str):
            return False  # refused: set aside below, never a copy of anything
        record = read.record
        earlier = self.hashes.get(record.sha256)
        if earlier is None:
            row = self.ledger.first_copy(record.lane, record.sha256)
            earlier = None if row is None else (row["scan_id"] or "")
        if earlier is not None:
            self.ledger.record_duplicate(record, earlier or None)
            stamp = (read.seen.size, read.seen.mtime_ns)
            self.finish(path, "duplicate", earlier, "", stamp)
            self.remember(record, read.seen, True)
            return True
        if self.reports.hold(path, record, read.content):
            self.taken.add((record.path, record.sha256))
            self.remember(record, read.seen, False)
            return True
        return False

    # ----- a view: one file or an energy pair ----------------------------------------------------
    def _read_view(
        self, view: View, read: dict[Path, _Read], unit: Unit, reduced: bool
    ) -> FeedItem:
        rules = self.rules
        refused = [f"{p.name}: {c}" for p in view if isinstance(c := read[p].content, str)]
        if refused:
            return self._failure(view, "; ".join(refused))
        data = [c for p in view if isinstance(c := read[p].content, bytes)]
        if len(view) == 2:
            low, high = data
            return read_scan_pair(
                view[0],
                view[1],
                rules.source,
                limits=rules.limits,
                geometry=rules.geometry,
                data=(low, high),
            )
        path, content = view[0], data[0]
        if is_raw(path) and rules.geometry is None:
            return self._failure(view, f"{path.name}: {NO_RAW_GEOMETRY}", content)
        if rules.naming.is_half(path):
            missing = rules.naming.missing_half(path)
            why = _never_came(unit) if not reduced else "is not with it (already on record)"
            return self._failure(view, f"{path.name}: {missing} {why}", content)
        if is_raw(path):
            return self._failure(view, f"{path.name}: {LONE_RAW}", content)
        return read_scan_file(
            path, rules.source, self.reports.cues(), limits=rules.limits, data=content
        )

    def _failure(self, view: View, reason: str, raw: bytes | None = None) -> ScanFailure:
        return ScanFailure(
            new_scan_id(self.rules.source.upper()),
            self.rules.source,
            now(),
            reason,
            raw,
            view[0].suffix or ".bin",
        )

    # ----- the parcel's items, with their files' ledger rows --------------------------------------
    def _finish_items(
        self,
        items: list[FeedItem],
        parcel: Parcel,
        read: dict[Path, _Read],
        unit: Unit,
        reduced: bool,
    ) -> list[FeedItem]:
        naming = self.rules.naming
        if len(items) == 2:
            joined = join_views(items[0], items[1])
            if len(joined) == 1:
                return [self._placed(joined[0], parcel.paths, read, "")]
        notes = [""] * len(items)
        if len(items) == 2:  # one view could not be read: the other is screened alone
            for index, item in enumerate(items):
                if isinstance(item, Scan):
                    missing, present = naming.missing_view(parcel.views[index])
                    notes[index] = (
                        f"{missing} could not be read (set aside):"
                        f" screened with its {present} view alone"
                    )
        elif naming.views is not None and naming.views.split(naming.view_name(parcel.views[0])):
            missing, present = naming.missing_view(parcel.views[0])
            why = _never_came(unit) if not reduced else "is on record already"
            notes[0] = f"{missing} {why}: screened with its {present} view alone"
        return [
            self._placed(item, view, read, note)
            for item, view, note in zip(items, parcel.views, notes, strict=True)
        ]

    def _placed(
        self, item: FeedItem, files: tuple[Path, ...], read: dict[Path, _Read], note: str
    ) -> FeedItem:
        """The item on its lane, carrying its files' ledger records (and the feed's note)."""
        records = [read[p].record for p in files]
        first = records[0]
        self.hashes.setdefault(first.sha256, item.scan_id)
        meta = {**item.meta, "path": first.path, "ingest": first, "companions": tuple(records[1:])}
        if note:
            meta["note"] = note
        if isinstance(item, Scan):
            meta.setdefault("scanner_id", scanner_id(item))
            if item.vendor_cues:
                meta["companions"] += self.reports.settle_for(item)
            second = item.second_view
            if second is not None:
                second = replace(second, lane=self.rules.lane)
            return replace(item, lane=self.rules.lane, meta=meta, second_view=second)
        return replace(item, lane=self.rules.lane, meta=meta)


def _never_came(unit: Unit) -> str:
    waited = unit.waited_s
    return "never arrived" + (f" (waited {waited:g} s)" if waited is not None else "")


def scanner_id(scan: Scan) -> str:
    """The scanner's serial number or station name, where the file format carries one."""
    raw = scan.original
    if not raw:
        return ""
    from inspector_app.imaging import dicos

    if not dicos.is_dicom(raw):
        return ""
    try:
        import io

        import pydicom

        ds = pydicom.dcmread(io.BytesIO(raw), stop_before_pixels=True)
        return str(ds.get("DeviceSerialNumber", "") or ds.get("StationName", "") or "")
    except Exception:  # a scanner ID is a courtesy; the scan is screened without it
        return ""

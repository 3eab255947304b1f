"""Hot folder: a scanner drops files into a folder (often a network share); each complete file
becomes one scan, exactly once, in arrival order.

Why it is built this way:
- Completeness is the scanner's convention, so it is a setting: the size and time stay still
  for `stable_ms`, or the scanner writes under a temporary name and renames, or it drops a
  sidecar marker. A file that changes while it is read is put back and retried, never refused.
- watchdog only wakes the loop; the truth is a listing of the folder, taken at each wake-up
  and every `rescan_s`, because network shares lose events and a folder can vanish and return.
- Exactly once across restarts: the ingest ledger (in the station's SQLite log) gets a file's
  row in the same transaction as its scan row. At start every file still in the folder is
  looked up by (lane, path, SHA-256): settled ones are only archived, the rest are screened.
- Exact duplicates (same SHA-256 on this lane) are skipped with a ledger row naming the first.
- The feed only reads; the screening thread calls `settled` once the scan is on record, and
  only then is the file archived (setting) or moved to quarantine with a reason file.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from inspector_app.config import HotFolderFeedSection
from inspector_app.domain import Scan
from inspector_app.feeds import folder_files
from inspector_app.feeds.base import FeedItem, ScanFailure, new_scan_id, now
from inspector_app.feeds.files import read_scan_file, read_scan_pair
from inspector_app.feeds.folder_watch import FolderWatcher, is_reachable
from inspector_app.feeds.registry import register
from inspector_app.feeds.status import FeedStatus
from inspector_app.feeds.threat_reports import HeldReports
from inspector_app.imaging.raw_pairs import PairRule, pair_files
from inspector_app.imaging.safe_read import DEFAULT_LIMITS, FileRefused, read_file_safely
from inspector_app.storage.ingest_ledger import IngestLedger, IngestRecord

log = logging.getLogger(__name__)


@dataclass
class _Pending:
    """A file seen but not yet taken: its arrival key and when it last changed."""

    order: tuple[int, int]  # (first seen time ns, sequence): arrival order
    seen: folder_files.Seen
    still_since: float  # monotonic time the size and time were last seen to change


@dataclass
class _State:
    pending: dict[Path, _Pending] = field(default_factory=dict)
    done: dict[Path, tuple[int, int]] = field(default_factory=dict)  # path -> (size, mtime_ns)
    taken: set[tuple[str, str]] = field(default_factory=set)  # (path, sha) yielded, this run
    hashes: dict[str, str] = field(default_factory=dict)  # sha -> first scan id, this run
    sequence: int = 0


class HotFolderFeed:
    name = "hot_folder"

    def __init__(self, section: HotFolderFeedSection) -> None:
        self.section = section
        self.lane = section.lane
        self.folder = Path(section.folder)
        self._db_path: Path | None = None
        self._wake = threading.Event()
        self._rule = PairRule(section.pair_low, section.pair_high)
        self._limits = DEFAULT_LIMITS.within([self.folder])  # links may not lead out

    def attach(self, db_path: Path) -> None:
        """The station's log, which holds the ingest ledger (called before `items`)."""
        self._db_path = db_path

    # ----- the pump thread ---------------------------------------------------------------------
    def items(self, stop: threading.Event) -> Iterator[FeedItem | FeedStatus]:
        if self._db_path is None:
            raise RuntimeError("the hot folder feed needs the station's log (attach) first")
        ledger = IngestLedger(self._db_path)
        watcher = FolderWatcher(self.folder, self._wake)
        state, reports = _State(), HeldReports()
        reachable: bool | None = None
        next_listing = 0.0
        try:
            while not stop.is_set():
                if not is_reachable(self.folder):
                    if reachable is not False:
                        watcher.stop()
                        reachable = False
                        yield FeedStatus(self.lane, False, self._words_gone())
                    stop.wait(min(self.section.rescan_s, 1.0))
                    continue
                if reachable is not True:
                    if reachable is False:
                        yield FeedStatus(self.lane, True, f"The folder {self.folder} is back.")
                    reachable = True
                    watcher.start()
                    next_listing = 0.0
                if self._wake.is_set() or time.monotonic() >= next_listing:
                    self._wake.clear()
                    self._list(state)
                    next_listing = time.monotonic() + self.section.rescan_s
                yield from self._take_complete(state, ledger, reports)
                yield from reports.expired(self.lane, self.section.report_wait_s)
                wait = self.section.rescan_s if not state.pending else self._poll_s()
                self._wake.wait(min(wait, 0.5))
        finally:
            watcher.stop()
            ledger.close()

    def _words_gone(self) -> str:
        return (
            f"The folder {self.folder} cannot be reached (a network share down?). "
            "Files that arrive meanwhile are taken as soon as it is back."
        )

    def _poll_s(self) -> float:
        return max(0.02, self.section.stable_ms / 4000)

    def _wanted(self, path: Path) -> bool:
        name = path.name
        lower = name.lower()
        section = self.section
        if name.startswith(".") or lower.endswith(tuple(s.lower() for s in section.temp_suffixes)):
            return False
        if lower.endswith(section.marker_suffix.lower()) or lower.endswith(".reason.txt"):
            return False
        return not section.suffixes or lower.endswith(tuple(s.lower() for s in section.suffixes))

    def _list(self, state: _State) -> None:
        """Note every new or changed file in the folder, in the order they appeared."""
        try:
            entries = sorted(self.folder.iterdir())
        except OSError:
            return  # the folder went away between two looks: the next turn reports it
        current = set()
        fresh = []
        for path in entries:
            if not self._wanted(path):
                continue
            seen = folder_files.look(path, self.folder)
            if seen is None:
                continue
            current.add(path)
            if state.done.get(path) == (seen.size, seen.mtime_ns):
                continue
            pending = state.pending.get(path)
            if pending is None:
                fresh.append((seen.mtime_ns, path, seen))
            elif (pending.seen.size, pending.seen.mtime_ns) != (seen.size, seen.mtime_ns):
                pending.seen, pending.still_since = seen, time.monotonic()
        for mtime_ns, path, seen in sorted(fresh, key=lambda f: (f[0], f[1].name)):
            state.sequence += 1
            state.pending[path] = _Pending((mtime_ns, state.sequence), seen, time.monotonic())
        for path in set(state.pending) - current:  # deleted before it was complete
            del state.pending[path]
        for path in set(state.done) - current:
            del state.done[path]

    def _complete(self, path: Path, pending: _Pending) -> bool:
        mode = self.section.complete_when
        if not pending.seen.regular or mode == "rename":
            return True
        if mode == "marker":
            return Path(str(path) + self.section.marker_suffix).exists()
        fresh = folder_files.look(path, self.folder)
        if fresh is None:
            return False
        if (fresh.size, fresh.mtime_ns) != (pending.seen.size, pending.seen.mtime_ns):
            pending.seen, pending.still_since = fresh, time.monotonic()
            return False
        return (time.monotonic() - pending.still_since) * 1000 >= self.section.stable_ms

    def _take_complete(
        self, state: _State, ledger: IngestLedger, reports: HeldReports
    ) -> Iterator[FeedItem]:
        """Every complete file (or complete low/high pair) in arrival order."""
        ready = sorted(
            (p for p, pend in state.pending.items() if self._complete(p, pend)),
            key=lambda p: state.pending[p].order,
        )
        pairing = pair_files(ready, self._rule)
        units: list[tuple[tuple[int, int], tuple[Path, ...]]] = [
            (state.pending[p].order, (p,)) for p in pairing.singles
        ]
        units += [
            (max(state.pending[lo].order, state.pending[hi].order), (lo, hi))
            for lo, hi in pairing.pairs
        ]
        wait = self.section.report_wait_s
        for half in pairing.waiting:  # the other half never came: set aside after the wait
            if time.monotonic() - state.pending[half].still_since > wait:
                units.append((state.pending[half].order, (half,)))
        for _, paths in sorted(units):
            pendings = [state.pending.pop(p) for p in paths]
            item = self._take(paths, [p.seen for p in pendings], state, ledger, reports)
            if isinstance(item, str):  # "retry": changed while read; waits to be still again
                for path, pending in zip(paths, pendings, strict=True):
                    state.done.pop(path, None)
                    state.pending[path] = replace(pending, still_since=time.monotonic())
                continue
            if item is not None:
                yield item

    def _record(self, path: Path, seen: folder_files.Seen) -> tuple[IngestRecord, bytes | str]:
        """The file's ledger identity and its bytes (read once, safely), or why it was refused."""
        if not seen.regular:
            key = f"refused:{seen.mtime_ns}"
            return IngestRecord(self.lane, str(path), path.name, key, 0), seen.refusal
        try:
            data = read_file_safely(path, self._limits)
        except FileRefused as exc:
            key = f"refused:{seen.size}:{seen.mtime_ns}"
            return IngestRecord(self.lane, str(path), path.name, key, seen.size), str(exc)
        sha = hashlib.sha256(data).hexdigest()
        return IngestRecord(self.lane, str(path), path.name, sha, len(data)), data

    def _take(
        self,
        paths: tuple[Path, ...],
        seens: list[folder_files.Seen],
        state: _State,
        ledger: IngestLedger,
        reports: HeldReports,
    ) -> FeedItem | str | None:
        """One complete file or pair: its scan or failure, "retry" when it changed meanwhile,
        or None when it needs no screening (settled already, a duplicate, a held report)."""
        for path, seen in zip(paths, seens, strict=True):
            state.done[path] = (seen.size, seen.mtime_ns)
        if not all(os.path.lexists(p) for p in paths):
            return None  # deleted before it was taken: it never fully arrived
        read = [self._record(p, s) for p, s in zip(paths, seens, strict=True)]
        records = [record for record, _ in read]
        first = records[0]
        if any((r.path, r.sha256) in state.taken for r in records):
            return None
        done = ledger.settled(self.lane, first.path, first.sha256)
        if done is not None:  # settled before a restart, only the move was left
            for path in paths:
                self._finish(path, done["status"], done["scan_id"] or "", done["reason"] or "")
            return None
        refusals = [(r, why) for r, why in read if isinstance(why, str)]
        if refusals:
            reason = "; ".join(f"{r.name}: {why}" for r, why in refusals)
            return self._failure(records, reason, state)
        earlier = state.hashes.get(first.sha256) or _first_scan(ledger, self.lane, first.sha256)
        if earlier is not None and len(paths) == 1:
            ledger.record_duplicate(first, earlier or None)
            self._finish(paths[0], "duplicate", earlier, "")
            return None
        data = read[0][1]
        assert isinstance(data, bytes)
        if len(paths) == 1 and reports.hold(paths[0], first, data):
            state.taken.add((first.path, first.sha256))
            return None
        if len(paths) == 2:
            item = read_scan_pair(paths[0], paths[1], self.name, limits=self._limits)
        elif self._rule.match(paths[0].name) is not None:
            why = "half of a low/high pair whose other half never came"
            return self._failure(records, f"{paths[0].name}: {why}", state)
        else:
            item = read_scan_file(
                paths[0], self.name, reports.cues(), limits=self._limits, data=data
            )
        for path, seen in zip(paths, seens, strict=True):
            after = folder_files.look(path, self.folder)
            if after is None or (after.size, after.mtime_ns) != (seen.size, seen.mtime_ns):
                return "retry"  # still being written: taken again once it is still
        state.taken.update((r.path, r.sha256) for r in records)
        state.hashes[first.sha256] = item.scan_id
        meta = {**item.meta, "path": first.path, "ingest": first, "companions": tuple(records[1:])}
        if isinstance(item, Scan):
            meta.setdefault("scanner_id", _scanner_id(item))
            if item.vendor_cues:
                meta["companions"] += reports.settle_for(item)
        return replace(item, lane=self.lane, meta=meta)

    def _failure(self, records: list[IngestRecord], reason: str, state: _State) -> ScanFailure:
        state.taken.update((r.path, r.sha256) for r in records)
        return ScanFailure(
            new_scan_id(self.name.upper()),
            self.name,
            now(),
            reason,
            lane=self.lane,
            meta={"path": records[0].path, "ingest": records[0], "companions": tuple(records[1:])},
        )

    # ----- the screening thread, once the item is on record --------------------------------------
    def settled(self, item: FeedItem) -> None:
        """Archive (or leave) a screened file; move a refused one into quarantine."""
        record = item.meta.get("ingest")
        if not isinstance(record, IngestRecord):
            return
        refused = isinstance(item, ScanFailure)
        status = "quarantined" if refused else "screened"
        reason = item.reason if isinstance(item, ScanFailure) else ""
        for each in (record, *item.meta.get("companions", ())):  # a pair's half, a TDR
            self._finish(Path(each.path), status, item.scan_id, reason)

    def _finish(self, path: Path, status: str, scan_id: str, reason: str) -> None:
        section = self.section
        try:
            if status == "quarantined":
                folder_files.quarantine(path, section.quarantine_path(), scan_id, reason)
            elif section.after == "archive":
                folder_files.move_into(path, section.archive_path(), scan_id or "dup")
            else:
                return
            marker = Path(str(path) + section.marker_suffix)
            if section.complete_when == "marker" and marker.exists():
                marker.unlink(missing_ok=True)
        except OSError as exc:  # on record already; the next start tries the move again
            log.warning("could not move %s after screening: %s", path, exc)


def _first_scan(ledger: IngestLedger, lane: str, sha: str) -> str | None:
    row = ledger.first_copy(lane, sha)
    return None if row is None else (row["scan_id"] or "")


def _scanner_id(scan: Scan) -> str:
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


@register("hot_folder")
def build_hot_folder_feed(section: HotFolderFeedSection) -> HotFolderFeed:
    return HotFolderFeed(section)

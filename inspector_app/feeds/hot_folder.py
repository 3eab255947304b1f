"""Hot folder: a scanner drops files into a folder (often a network share); each complete
parcel - one file, a low/high energy pair, two views, or both - becomes one scan, exactly once,
in arrival order.

Why it is built this way:
- Completeness is the scanner's convention, so it is a setting: the size and time stay still
  for `stable_ms`, or the scanner writes under a temporary name and renames, or it drops a
  sidecar marker. A file that changes while it is read is put back and retried, never refused.
- watchdog only wakes the loop; the truth is a listing of the folder, taken at each wake-up
  and every `rescan_s`, because network shares lose events and a folder can vanish and return.
- Files of one parcel (see `parcels`) wait for each other; a lone one waits `report_wait_s`
  after its parcel last changed: a lone energy half is then set aside (one half cannot be
  shown), a lone view is screened alone with a note (the parcel is still seen).
- Exactly once across restarts: the ingest ledger (in the station's SQLite log) gets a file's
  row in the same transaction as its scan row. At start every file still in the folder is
  looked up by (lane, path, SHA-256): settled ones are only archived, the rest are screened.
  With `after: leave` the files stay, so a settled file's size and mtime are stamped
  (`storage.ledger_index`): an unchanged file is then known at the next start without being
  read; a changed one is read, and screened as a new file if its content is new.
- Exact duplicates (same SHA-256 on this lane) are skipped with a ledger row naming the first.
- The feed only reads; the screening thread calls `settled` once the scan is on record, and
  only then is the file archived (setting) or moved to quarantine with a reason file, and a
  marker file removed.
"""

from __future__ import annotations

import logging
import os
import queue
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from inspector_app.config import HotFolderFeedSection, RawImageSection
from inspector_app.feeds import folder_files
from inspector_app.feeds.base import FeedItem, ScanFailure
from inspector_app.feeds.folder_take import RETRY, ParcelTaker, Rules, Unit
from inspector_app.feeds.folder_watch import FolderWatcher, is_reachable
from inspector_app.feeds.parcels import VIEW_RULE, Naming, Parcel, group_files, is_raw
from inspector_app.feeds.registry import register
from inspector_app.feeds.status import FeedStatus
from inspector_app.feeds.threat_reports import HeldReports
from inspector_app.imaging.raw_pairs import RAW_SUFFIX, PairRule, RawGeometry
from inspector_app.imaging.safe_read import DEFAULT_LIMITS
from inspector_app.storage.ingest_ledger import IngestLedger, IngestRecord
from inspector_app.storage.ledger_index import IngestStamps, Stamp

log = logging.getLogger(__name__)

Order = tuple[int, int]  # (first seen time ns, sequence): arrival order


@dataclass
class _Pending:
    """A file seen but not yet taken: its arrival key and when it last changed."""

    order: Order
    seen: folder_files.Seen
    still_since: float  # monotonic time the size and time were last seen to change


@dataclass
class _State:
    pending: dict[Path, _Pending] = field(default_factory=dict)
    done: dict[Path, tuple[int, int]] = field(default_factory=dict)  # path -> (size, mtime_ns)
    stamped: set[Path] = field(default_factory=set)  # known settled from a stamp: sweep markers
    sequence: int = 0


class HotFolderFeed:
    name = "hot_folder"

    def __init__(self, section: HotFolderFeedSection) -> None:
        self.section = section
        self.lane = section.lane
        self.folder = Path(section.folder)
        self._db_path: Path | None = None
        self._wake = threading.Event()
        views = VIEW_RULE if section.dual_view else None
        self._naming = Naming(PairRule(section.pair_low, section.pair_high), views)
        self._geometry = raw_geometry(section.raw)
        self._limits = DEFAULT_LIMITS.within([self.folder])  # links may not lead out
        self._endings = tuple(s.lower() for s in section.suffixes)
        if section.raw is not None and self._endings and RAW_SUFFIX not in self._endings:
            self._endings += (RAW_SUFFIX,)
        # Stamps of files taken, until the screening thread says they are on record (`settled`),
        # then handed to the feed thread, which owns the connection that writes them.
        self._stamps_lock = threading.Lock()
        self._taken_as: dict[tuple[str, str], Stamp] = {}
        self._settled_stamps: queue.SimpleQueue[Stamp] = queue.SimpleQueue()

    def attach(self, db_path: Path) -> None:
        """The station's log, which holds the ingest ledger (called before `items`)."""
        self._db_path = db_path

    @property
    def _keeps_stamps(self) -> bool:
        """Only files that stay in the folder are ever met again."""
        return self.section.after == "leave"

    # ----- the pump thread ---------------------------------------------------------------------
    def items(self, stop: threading.Event) -> Iterator[FeedItem | FeedStatus]:
        if self._db_path is None:
            raise RuntimeError("the hot folder feed needs the station's log (attach) first")
        ledger = IngestLedger(self._db_path)
        stamps, known = self._open_stamps(ledger)
        watcher = FolderWatcher(self.folder, self._wake)
        state, reports = _State(), HeldReports()
        state.done = {Path(path): stamp for path, stamp in known.items()}
        state.stamped = set(state.done)
        taker = ParcelTaker(self._rules(), ledger, reports, self._finish, self._remember)
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
                self._write_stamps(stamps)
                if self._wake.is_set() or time.monotonic() >= next_listing:
                    self._wake.clear()
                    self._list(state, stamps)
                    next_listing = time.monotonic() + self.section.rescan_s
                yield from self._take_complete(state, taker)
                yield from reports.expired(self.lane, self.section.report_wait_s)
                wait = self.section.rescan_s if not state.pending else self._poll_s()
                self._wake.wait(min(wait, 0.5))
        finally:
            watcher.stop()
            self._write_stamps(stamps)  # files settled since the last turn
            ledger.close()

    def _rules(self) -> Rules:
        return Rules(self.lane, self.name, self.folder, self._limits, self._naming, self._geometry)

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
        return not self._endings or lower.endswith(self._endings)

    def _list(self, state: _State, stamps: IngestStamps | None) -> None:
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
        gone = set(state.done) - current
        for path in gone:
            del state.done[path]
        self._forget_stamps(stamps, gone)
        if state.stamped:  # markers left by a stop between screening and their removal
            names = {entry.name for entry in entries}
            suffix = self.section.marker_suffix
            for path in state.stamped & current:
                if path.name + suffix in names and path in state.done:
                    self._drop_marker(path, state.done[path])
            state.stamped.clear()

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

    def _take_complete(self, state: _State, taker: ParcelTaker) -> Iterator[FeedItem]:
        """Every complete parcel, and every lone file whose wait ran out, in arrival order."""
        ready = sorted(
            (p for p, pend in state.pending.items() if self._complete(p, pend)),
            key=lambda p: state.pending[p].order,
        )
        units: list[tuple[Order, Unit]] = []
        if self._geometry is None:  # .raw cannot be read here: set aside at once, unpaired
            units += [(state.pending[p].order, Unit(Parcel(((p,),)))) for p in ready if is_raw(p)]
            ready = [p for p in ready if not is_raw(p)]
        grouping = group_files(ready, self._naming)
        units += [(self._last(state, g.paths), Unit(g)) for g in grouping.parcels]
        lone = [Parcel(((half,),)) for half in grouping.halves] + grouping.lone_views
        if lone:
            changed = self._parcels_changed(state)
            wait = self.section.report_wait_s
            for parcel in lone:
                since = max(changed[self._naming.parcel_key(p.name)] for p in parcel.paths)
                if time.monotonic() - since > wait:
                    units.append((self._last(state, parcel.paths), Unit(parcel, wait)))
        for _, unit in sorted(units, key=lambda u: u[0]):
            pendings = {p: state.pending.pop(p) for p in unit.parcel.paths}
            for path, pending in pendings.items():
                state.done[path] = (pending.seen.size, pending.seen.mtime_ns)
            result = taker.take(unit, {p: pend.seen for p, pend in pendings.items()})
            if result == RETRY:  # changed while read, or a file gone: waits to be still again
                for path, pending in pendings.items():
                    state.done.pop(path, None)
                    if os.path.lexists(path):
                        state.pending[path] = replace(pending, still_since=time.monotonic())
                continue
            yield from result

    @staticmethod
    def _last(state: _State, paths: tuple[Path, ...]) -> Order:
        return max(state.pending[p].order for p in paths)

    def _parcels_changed(self, state: _State) -> dict[str, float]:
        """When any file of each parcel last changed: a lone file waits while its partner is
        still being written, and only `report_wait_s` after the whole parcel went still."""
        changed: dict[str, float] = {}
        for path, pending in state.pending.items():
            key = self._naming.parcel_key(path.name)
            changed[key] = max(changed.get(key, 0.0), pending.still_since)
        return changed

    # ----- stamps: files known settled without reading them ------------------------------------
    def _open_stamps(
        self, ledger: IngestLedger
    ) -> tuple[IngestStamps | None, dict[str, tuple[int, int]]]:
        """The lane's stamps and the files they know, when its files stay in the folder; None
        when they leave it, or when the log will not have them (every file is then read)."""
        if not self._keeps_stamps:
            return None, {}
        try:
            stamps = IngestStamps(ledger.db, self.lane)
            return stamps, stamps.known()
        except sqlite3.Error as exc:
            log.warning("lane %s: settled files will be read again at start (%s)", self.lane, exc)
            return None, {}

    def _remember(self, record: IngestRecord, seen: folder_files.Seen, settled: bool) -> None:
        """Stamp a file taken (written once it is on record) or found settled (written now)."""
        if not self._keeps_stamps or not seen.regular:
            return
        stamp = Stamp(record.path, seen.size, seen.mtime_ns, record.sha256)
        if settled:
            self._settled_stamps.put(stamp)
            return
        with self._stamps_lock:
            self._taken_as[(record.path, record.sha256)] = stamp

    def _write_stamps(self, stamps: IngestStamps | None) -> None:
        ready = []
        while True:
            try:
                ready.append(self._settled_stamps.get_nowait())
            except queue.Empty:
                break
        if ready and stamps is not None:
            try:
                stamps.put(ready)
            except sqlite3.Error as exc:  # a cache: the next start reads those files instead
                log.warning("lane %s: %d settled files not noted (%s)", self.lane, len(ready), exc)

    def _forget_stamps(self, stamps: IngestStamps | None, paths: set[Path]) -> None:
        if stamps is not None and paths:
            try:
                stamps.forget(str(p) for p in paths)
            except sqlite3.Error as exc:  # stale stamps only cost a look at the next start
                log.warning("lane %s: stamps of removed files kept (%s)", self.lane, exc)

    # ----- the screening thread, once the item is on record --------------------------------------
    def settled(self, item: FeedItem) -> None:
        """Archive (or leave) a screened file; move a refused one into quarantine."""
        record = item.meta.get("ingest")
        if not isinstance(record, IngestRecord):
            return
        refused = isinstance(item, ScanFailure)
        status = "quarantined" if refused else "screened"
        reason = item.reason if isinstance(item, ScanFailure) else ""
        for each in (record, *item.meta.get("companions", ())):  # a pair's half, a view, a TDR
            with self._stamps_lock:
                stamp = self._taken_as.pop((each.path, each.sha256), None)
            if stamp is not None and not refused:
                self._settled_stamps.put(stamp)
            seen = None if stamp is None else (stamp.size, stamp.mtime_ns)
            self._finish(Path(each.path), status, item.scan_id, reason, seen)

    def _finish(
        self, path: Path, status: str, scan_id: str, reason: str, seen: tuple[int, int] | None
    ) -> None:
        """Move a settled file where the setting says and remove its marker; `seen`: its size
        and mtime when read, to leave alone a marker that a newer file of that name brought."""
        section = self.section
        try:
            if status == "quarantined":
                folder_files.quarantine(path, section.quarantine_path(), scan_id, reason)
            elif section.after == "archive":
                folder_files.move_into(path, section.archive_path(), scan_id or "dup")
            self._drop_marker(path, seen)
        except OSError as exc:  # on record already; the next start tries the move again
            log.warning("could not move %s after screening: %s", path, exc)

    def _drop_marker(self, path: Path, seen: tuple[int, int] | None) -> None:
        """A settled file's marker has done its work; the ledger now knows the file is done.

        Kept when a file of that name is there again and is not the one settled (the scanner
        wrote a new one, and the marker is its)."""
        if self.section.complete_when != "marker":
            return
        marker = Path(str(path) + self.section.marker_suffix)
        now = folder_files.look(path, self.folder)
        if now is not None and (now.size, now.mtime_ns) != seen:
            return
        try:
            marker.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not remove the marker %s: %s", marker, exc)


def raw_geometry(raw: RawImageSection | None) -> RawGeometry | None:
    """The lane's `raw` setting as the decoder takes it."""
    if raw is None:
        return None
    order = "<" if raw.byte_order == "little" else ">"
    return RawGeometry(raw.width, f"{order}u2", raw.bits)


@register("hot_folder")
def build_hot_folder_feed(section: HotFolderFeedSection) -> HotFolderFeed:
    return HotFolderFeed(section)

"""Carrying a station's records to the hub on removable media: the bundle format and its writer.

A remote site can be offline for days; a supervisor then exports the outbox to a USB stick
(`inspector-app export bundle --to DIR`) and the hub imports it (`inspector-app hub import-bundle`).
The bundle carries the same records the uploader would send, in the same wire form, so the hub
stores them through its ordinary idempotent ingest: a record that also arrives over the network
later, or a bundle imported twice, is stored once. Exporting marks nothing as sent; only the hub's
acknowledgement of an upload does.

The bundle is a **directory**, `inspector-bundle-STATION-YYYYMMDDTHHMMSSZ/`:

    manifest.json         station id, public key, time, selection, record count and key range,
                          the SHA-256 and size of every other file (canonical JSON)
    manifest.sig          base64url Ed25519 signature (station key) of
                          "inspector-bundle-v1\\n" + the bytes of manifest.json
    records/00001.jsonl   up to 1,000 records (one hub batch), one `OutboxRecord.to_wire()` per line
    records/00001.sha256  one line per record, "SHA256-OF-THE-LINE KEY", so a changed record
                          can be named rather than only its file
    evidence/SHA256       each queued evidence file, named by its own SHA-256

Why a directory rather than one zip/tar file: the crash-safe finish is a single rename of
`NAME.partial/` to `NAME/` after every file was fsynced, so on a stick pulled at any moment a
bundle either has its final name and all of its content or is visibly unfinished; no file comes
near FAT32's 4 GiB limit (a week's evidence in one archive would); verification can name the one
file that differs; and the hub reads the files in place with nothing to unpack (no archive paths
to sanitise, no compression bombs). Records come in files of one batch each so the hub imports one
file per `ingest` call.

Reading: the outbox tables (`storage.outbox`) are read with this module's own SQL on a read-only
SQLite connection inside one read transaction, rather than through `SqliteOutbox`, whose
connection migrates and writes and whose `pending(limit)` serves batches: so an export cannot
change the station whatever happens (full stick, pulled stick, crash), all rows are streamed, and
records and evidence come from the same moment. The rule for "not yet sent" is the outbox's own
(not acknowledged, not set aside as refused) and a test holds this reader to
`SqliteOutbox.pending()`; each row goes out as `OutboxRecord.to_wire()`, as an upload sends it.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import itertools
import json
import os
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from inspector_app.storage.outbox import OutboxRecord
from inspector_app.sync.station_key import public_key_b64, sign_b64
from inspector_app.sync.wire import MAX_BATCH_RECORDS, canonical_json

FORMAT = "inspector-bundle-v1"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
RECORDS_DIR = "records"
EVIDENCE_DIR = "evidence"
PARTIAL_SUFFIX = ".partial"
NAME_PREFIX = "inspector-bundle-"
RECORDS_PER_FILE = MAX_BATCH_RECORDS
#: same rule as the hub's station ids (hub/auth.py), and safe as part of a FAT32 file name
STATION_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
#: the names a manifest may list: nothing outside these two folders, no path tricks
RECORDS_FILE_RE = re.compile(r"^records/(\d{5})\.(jsonl|sha256)$")
EVIDENCE_FILE_RE = re.compile(r"^evidence/([0-9a-f]{64})$")

_BLOCK = 1 << 20
_MiB = 1024 * 1024

ProgressCallback = Callable[[float, str], None]


class BundleError(Exception):
    """The bundle cannot be written; the message says why in plain words. The station is
    unchanged and nothing under the bundle's final name was written."""


@dataclass(frozen=True)
class Selection:
    """Which records go in: by default those the hub has not acknowledged yet; `include_sent`
    adds those already sent (a full copy for a hub that lost data); `since`/`until` bound the
    time the record happened, [since, until)."""

    include_sent: bool = False
    since: datetime | None = None
    until: datetime | None = None

    def __post_init__(self) -> None:
        for bound in (self.since, self.until):
            if bound is not None and bound.tzinfo is None:
                raise ValueError("selection times must be timezone-aware")
        if self.since and self.until and self.until <= self.since:
            raise ValueError("the period is empty: --until must be later than --since")

    def wants(self, moment: datetime) -> bool:
        return (self.since is None or moment >= self.since) and (
            self.until is None or moment < self.until
        )

    def as_manifest(self) -> dict[str, Any]:
        return {
            "include_sent": self.include_sent,
            "since": self.since.astimezone(UTC).isoformat() if self.since else None,
            "until": self.until.astimezone(UTC).isoformat() if self.until else None,
        }


@dataclass(frozen=True)
class QueuedEvidence:
    sha256: str
    path: Path


@dataclass
class BundleSummary:
    """What an export wrote. `path` is None when there was nothing to export."""

    path: Path | None
    records: int = 0
    evidence: int = 0
    size: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (sha256, why) evidence left out


def signing_message(manifest_bytes: bytes) -> bytes:
    """What the station key signs. The prefix keeps a bundle signature from ever being taken for
    an upload request's signature (inspector-hub-sig-v1) or an enrolment proof, and vice versa."""
    return FORMAT.encode() + b"\n" + manifest_bytes


def wire_record(key: str, kind: str, occurred_at: str, payload: str) -> dict[str, Any]:
    """An outbox row in wire form, exactly as an upload sends it."""
    record = OutboxRecord(key, kind, datetime.fromisoformat(occurred_at), json.loads(payload))
    return record.to_wire()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- reading the station's outbox (read-only) -------------------------------------------------


def open_read_only(db_path: Path) -> sqlite3.Connection:
    """The station log opened so that nothing can be written through this connection."""
    db_path = Path(db_path)
    if not db_path.is_file():
        raise BundleError(f"no decision log at {db_path}")
    return sqlite3.connect(db_path.resolve().as_uri() + "?mode=ro", uri=True, timeout=30.0)


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def _record_rows(conn: sqlite3.Connection, selection: Selection, columns: str) -> Iterator[tuple]:
    present = _columns(conn, "outbox")
    if not present:
        return
    where = []
    if not selection.include_sent:
        where.append("sent_at IS NULL")
    if "refused" in present:  # set aside after the hub refused it for good: it would be again
        where.append("refused IS NULL")
    sql = f"SELECT {columns}, occurred_at FROM outbox"
    sql += (" WHERE " + " AND ".join(where)) if where else ""
    for row in conn.execute(sql + " ORDER BY seq"):
        if selection.wants(datetime.fromisoformat(row[-1])):
            yield row[:-1]


def outbox_records(
    conn: sqlite3.Connection, selection: Selection = Selection()
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(seq, wire record) of every outbox row the selection wants, oldest first, streamed."""
    for seq, key, kind, at, payload in _record_rows(
        conn, selection, "seq, key, kind, occurred_at, payload"
    ):
        yield seq, wire_record(key, kind, at, payload)


def outbox_evidence(
    conn: sqlite3.Connection, selection: Selection = Selection()
) -> list[QueuedEvidence]:
    """Evidence files queued for the hub (not set aside as unreadable); with `include_sent` also
    those already uploaded. A time range applies to when the file was queued."""
    if not _columns(conn, "outbox_evidence"):
        return []
    sql = "SELECT sha256, path, queued_at FROM outbox_evidence WHERE failed IS NULL"
    if not selection.include_sent:
        sql += " AND sent_at IS NULL"
    return [
        QueuedEvidence(sha, Path(path))
        for sha, path, queued in conn.execute(sql + " ORDER BY queued_at, sha256")
        if selection.wants(datetime.fromisoformat(queued))
    ]


# --- writing ----------------------------------------------------------------------------------


def _fsync_dir(path: Path) -> None:
    """Make a directory's entries durable (POSIX; some filesystems cannot and say EINVAL)."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP):
            raise
    finally:
        os.close(fd)


def _write_file(path: Path, data: bytes) -> dict[str, Any]:
    """Write a new file and fsync it; its manifest entry."""
    with open(path, "xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return {"sha256": sha256_hex(data), "bytes": len(data)}


def _megabytes(n: int) -> str:
    return f"{n / _MiB:.1f} MB" if n >= 100_000 else f"{n / 1024:.0f} KB"


def plain_error(exc: OSError, dest: Path, needed: int) -> BundleError:
    """An OSError while writing to the medium, in words a supervisor can act on."""
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return BundleError(
            f"the medium at {dest} is full: the bundle needs about {_megabytes(needed)}; use a "
            "larger stick or free some space, then export again (the station is unchanged)"
        )
    if code == errno.EROFS:
        return BundleError(
            f"{dest} is read-only: is the stick write-protected (lock switch) or mounted "
            "read-only? (the station is unchanged)"
        )
    if code in (errno.EACCES, errno.EPERM):
        return BundleError(f"no permission to write to {dest} (the station is unchanged)")
    if code in (errno.ENOENT, errno.ENODEV, errno.ENXIO):
        return BundleError(
            f"{dest} is gone: was the stick pulled out? Plug it in and export again "
            "(the station is unchanged)"
        )
    if code == errno.EIO:
        return BundleError(
            f"the medium at {dest} failed while writing (pulled out, or faulty): export again, "
            "to another stick if it happens again (the station is unchanged)"
        )
    return BundleError(f"cannot write the bundle to {dest}: {exc.strerror or exc}")


def check_destination(dest: Path) -> None:
    if not dest.exists():
        raise BundleError(f"{dest} does not exist: is the stick plugged in and mounted?")
    if not dest.is_dir():
        raise BundleError(f"{dest} is not a folder: give the folder to write the bundle into")


def _bundle_name(dest: Path, station_id: str, now: datetime) -> str:
    base = f"{NAME_PREFIX}{station_id}-{now.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    name, n = base, 1
    while (dest / name).exists() or (dest / (name + PARTIAL_SUFFIX)).exists():
        n += 1
        name = f"{base}-{n}"
    return name


class _Plan:
    """What the export will write, counted before anything is: emptiness and needed space."""

    def __init__(self, conn: sqlite3.Connection, selection: Selection) -> None:
        self.records = 0
        self.record_bytes = 0
        for key_len, payload_len in _record_rows(conn, selection, "length(key), length(payload)"):
            self.records += 1
            # the wire line (keys, time, payload) and its index line; a generous upper bound
            self.record_bytes += 2 * key_len + payload_len + 200
        self.evidence: list[tuple[QueuedEvidence, int]] = []
        self.skipped: list[tuple[str, str]] = []
        for item in outbox_evidence(conn, selection):
            try:
                self.evidence.append((item, item.path.stat().st_size))
            except OSError as exc:
                self.skipped.append((item.sha256, f"cannot read {item.path}: {exc.strerror}"))
        files = self.records // RECORDS_PER_FILE * 2 + 2 + len(self.evidence)
        self.needed = self.record_bytes + sum(s for _, s in self.evidence) + 200 * files + 4096

    @property
    def empty(self) -> bool:
        return self.records == 0 and not self.evidence


class _Writer:
    """Fills NAME.partial/: every file written new, fsynced, and entered in the manifest."""

    def __init__(self, root: Path, total: int, progress: ProgressCallback | None) -> None:
        self.root = root
        self.files: dict[str, dict[str, Any]] = {}
        self.written = 0
        self.total = max(total, 1)
        self.progress = progress

    def _tick(self, n: int, what: str) -> None:
        self.written += n
        if self.progress:
            self.progress(min(self.written / self.total, 0.99), what)

    def put(self, name: str, data: bytes, **extra: Any) -> None:
        self.files[name] = {**_write_file(self.root / name, data), **extra}
        self._tick(len(data), name)

    def records(self, rows: Iterator[tuple[int, dict[str, Any]]]) -> dict[str, Any]:
        (self.root / RECORDS_DIR).mkdir()
        count, first, last = 0, None, None
        while True:
            chunk = list(itertools.islice(rows, RECORDS_PER_FILE))
            if not chunk:
                break
            lines = [canonical_json(record) for _, record in chunk]
            stem = f"{RECORDS_DIR}/{count // RECORDS_PER_FILE + 1:05d}"
            self.put(f"{stem}.jsonl", b"".join(line + b"\n" for line in lines), records=len(chunk))
            index = "".join(
                f"{sha256_hex(line)} {record['key']}\n"
                for line, (_, record) in zip(lines, chunk, strict=True)
            )
            self.put(f"{stem}.sha256", index.encode())
            first = first or chunk[0]
            last = chunk[-1]
            count += len(chunk)
        _fsync_dir(self.root / RECORDS_DIR)
        if first is None or last is None:
            return {"count": 0}
        return {
            "count": count,
            "first_seq": first[0],
            "last_seq": last[0],
            "first_key": first[1]["key"],
            "last_key": last[1]["key"],
            "first_occurred_at": first[1]["occurred_at"],
            "last_occurred_at": last[1]["occurred_at"],
        }

    def evidence(
        self, items: list[tuple[QueuedEvidence, int]], skipped: list[tuple[str, str]]
    ) -> dict[str, Any]:
        (self.root / EVIDENCE_DIR).mkdir()
        count = size = 0
        for item, _ in items:
            problem = self._copy(item)
            if problem:
                skipped.append((item.sha256, problem))
            else:
                count += 1
                size += self.files[f"{EVIDENCE_DIR}/{item.sha256}"]["bytes"]
        _fsync_dir(self.root / EVIDENCE_DIR)
        return {
            "count": count,
            "bytes": size,
            "skipped": [{"sha256": s, "reason": r} for s, r in skipped],
        }

    def _copy(self, item: QueuedEvidence) -> str | None:
        """Copy one evidence file, hashing what was read; a reason when it cannot go (the
        uploader would set it aside for the same reasons). Write errors raise."""
        name = f"{EVIDENCE_DIR}/{item.sha256}"
        target = self.root / name
        digest, size = hashlib.sha256(), 0
        try:
            source = open(item.path, "rb")  # noqa: SIM115 - closed below; read errors are reasons
        except OSError as exc:
            return f"cannot read {item.path}: {exc.strerror}"
        problem = None
        with source, open(target, "xb") as out:
            while True:
                try:
                    block = source.read(_BLOCK)
                except OSError as exc:
                    problem = f"cannot read {item.path}: {exc.strerror}"
                    break
                if not block:
                    break
                digest.update(block)
                out.write(block)
                size += len(block)
                self._tick(len(block), name)
            out.flush()
            os.fsync(out.fileno())
        if problem is None and digest.hexdigest() != item.sha256:
            problem = f"{item.path} no longer matches its SHA-256 (changed on disk)"
        if problem:
            target.unlink()
            return problem
        self.files[name] = {"sha256": item.sha256, "bytes": size}
        return None


def write_bundle(
    db_path: Path,
    dest: Path,
    key: Ed25519PrivateKey,
    station_id: str,
    selection: Selection = Selection(),
    *,
    progress: ProgressCallback | None = None,
    now: datetime | None = None,
) -> BundleSummary:
    """Export the station's outbox at `db_path` as a signed bundle in the folder `dest`.

    Raises BundleError (plain words) when the medium is missing, read-only or full; then the
    unfinished `NAME.partial/` is removed where the medium still allows it, and is never taken
    for a bundle where it does not. Returns a summary whose `path` is None if there was nothing
    to export.
    """
    if not STATION_RE.match(station_id):
        raise BundleError(f"station id {station_id!r}: letters, digits, '.', '_' or '-', up to 64")
    dest = Path(dest)
    check_destination(dest)
    now = (now or datetime.now(UTC)).astimezone(UTC)
    try:
        return _export(db_path, dest, key, station_id, selection, progress, now)
    except sqlite3.Error as exc:  # the partial folder is already gone (see _export)
        raise BundleError(f"cannot read the station log {db_path}: {exc}") from exc


def _export(
    db_path: Path,
    dest: Path,
    key: Ed25519PrivateKey,
    station_id: str,
    selection: Selection,
    progress: ProgressCallback | None,
    now: datetime,
) -> BundleSummary:
    from inspector_app import __version__

    with contextlib.closing(open_read_only(db_path)) as conn:
        conn.execute("BEGIN")  # one snapshot: the records and the evidence of the same moment
        plan = _Plan(conn, selection)
        if plan.empty:
            return BundleSummary(None, skipped=plan.skipped)
        free = shutil.disk_usage(dest).free
        if plan.needed > free:
            raise BundleError(
                f"not enough space on {dest}: the bundle needs about {_megabytes(plan.needed)}, "
                f"{_megabytes(free)} free; use a larger stick or free some space "
                "(nothing was written, the station is unchanged)"
            )
        name = _bundle_name(dest, station_id, now)
        partial, final = dest / (name + PARTIAL_SUFFIX), dest / name
        try:
            partial.mkdir()
            writer = _Writer(partial, plan.needed, progress)
            records = writer.records(outbox_records(conn, selection))
            evidence = writer.evidence(plan.evidence, plan.skipped)
            manifest = {
                "format": FORMAT,
                "station_id": station_id,
                "public_key": public_key_b64(key),
                "created_at": now.isoformat(),
                "app_version": __version__,
                "selection": selection.as_manifest(),
                "records": records,
                "evidence": evidence,
                "files": dict(sorted(writer.files.items())),
            }
            body = canonical_json(manifest)
            _write_file(partial / MANIFEST, body)
            _write_file(partial / SIGNATURE, (sign_b64(key, signing_message(body)) + "\n").encode())
            _fsync_dir(partial)
            os.rename(partial, final)  # the one step that makes it a bundle
        except OSError as exc:
            shutil.rmtree(partial, ignore_errors=True)
            raise plain_error(exc, dest, plan.needed) from exc
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
    with contextlib.suppress(OSError):  # the rename durable; else it may read as partial: safe
        _fsync_dir(dest)
    if progress:
        progress(1.0, "done")
    size = sum(f.stat().st_size for f in final.rglob("*") if f.is_file())
    return BundleSummary(final, records["count"], evidence["count"], size, plan.skipped)

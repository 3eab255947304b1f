"""Check the log against its keyed chains, its signed checkpoints and its evidence files.

Each problem is a `Break` naming the table, the row and what differs, in plain words, in the
order the chain meets them, so the first one printed is the first place the log stops being
what the station wrote. Break texts are stable (they do not depend on rows written later), so
an administrator's acknowledgement of a known break stays valid while new writes go on.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from inspector_app.storage.chain import (
    COVERED,
    GENESIS,
    MUTABLE,
    NULL_PRINT,
    TRIGGERS,
    column_prints,
    encode_row,
    encode_value,
    head_mac,
)
from inspector_app.storage.chain_key import ChainKeyError, chain_key, key_dir, signing_key
from inspector_app.storage.purges import chained_audit_details, purged_images

CHECKPOINT_ACTION = "chain_checkpoint"
ACK_ACTION = "integrity_acknowledged"
MAX_PER_TABLE = 50  # past this, one line says how many more
LAST_CHECKPOINT_FILE = "last_checkpoint.json"


@dataclass(frozen=True, slots=True)
class Break:
    table: str
    row: str  # the row's key, a link number or a file
    what: str

    def __str__(self) -> str:
        return f"{self.table} {self.row}: {self.what}"


@dataclass
class Report:
    breaks: list[Break] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)  # what was checked -> how many

    @property
    def ok(self) -> bool:
        return not self.breaks


def _describe_change(stored: bytes, names: list[str], row: tuple) -> str:
    now = column_prints(row)
    stored = stored.ljust(len(now), b"\x00")  # columns added since: NULL when it was written
    changed, emptied, filled = [], [], []
    for index, name in enumerate(names):
        was, is_ = stored[2 * index : 2 * index + 2], now[2 * index : 2 * index + 2]
        if was == is_:
            continue
        if is_ == NULL_PRINT:
            emptied.append(name)
        elif was == NULL_PRINT:
            filled.append(name)
        else:
            changed.append(name)
    parts = []
    if changed:
        parts.append("changed " + ", ".join(changed))
    if emptied:
        parts.append("emptied " + ", ".join(emptied))
    if filled:
        parts.append("filled in " + ", ".join(filled))
    return "; ".join(parts) or "changed"


def _missing(table: str, first: int, last: int) -> Break:
    span = f"link {first}" if first == last else f"links {first}-{last}"
    return Break(table, span, "missing from the chain (rows removed, or the chain cut)")


def _walk_links(conn: sqlite3.Connection, key: bytes, table: str) -> Iterator[Break]:
    """The chain itself: every MAC recomputed, every link following the one before."""
    expected, last_mac = 1, GENESIS
    mac_of = hmac.digest
    for seq, row_key, op, digest, prev, mac in conn.execute(
        "SELECT seq, row_key, op, digest, prev, mac FROM chain_links WHERE tbl = ? ORDER BY seq",
        [table],
    ):
        if seq > expected:
            yield _missing(table, expected, seq - 1)
        elif prev != last_mac:
            yield Break(table, f"link {seq}", "does not follow the link before it (re-linked)")
        # link_mac() inlined: this loop runs once per link of a year's log
        header = f"{len(table)}:{table}|{seq}|{encode_value(row_key)}|{op}|".encode(
            "utf-8", "surrogatepass"
        )
        if mac != mac_of(key, header + digest + prev, "sha256"):
            yield Break(table, f"link {seq}", f"row {row_key!r}: link forged or edited (MAC wrong)")
        if op == "update" and table not in MUTABLE:
            yield Break(table, f"link {seq}", f"row {row_key!r}: changed after it was written")
        expected, last_mac = seq + 1, mac
    head = conn.execute(
        "SELECT seq, mac, head_mac FROM chain_heads WHERE tbl = ?", [table]
    ).fetchone()
    if head is None:
        if expected > 1:
            yield Break(table, "head", "the chain's head record is missing")
        return
    seq, mac, signed = head
    if signed != head_mac(key, table, seq, mac):
        yield Break(table, "head", "the chain's head record was forged or edited")
    elif seq >= expected:
        yield _missing(table, expected, seq)
    elif seq < expected - 1 or mac != last_mac:
        yield Break(table, "head", f"the head says link {seq}, the chain goes on (rolled back)")


def _check_rows(conn: sqlite3.Connection, table: str) -> Iterator[Break]:
    """Every row against its latest link: edited, unchained (forged, duplicated) or deleted."""
    pk = COVERED[table]
    # A row's latest link holds its current state. The unary + keeps SQLite from converting
    # the key's type, so the index on (tbl, row_key) is used: one index seek per row.
    latest = f"l.seq = (SELECT max(seq) FROM chain_links WHERE tbl = ? AND row_key = +t.{pk})"
    cursor = conn.execute(
        f"SELECT t.*, l.seq, l.digest FROM {table} t LEFT JOIN chain_links l"
        f" ON l.tbl = ? AND {latest} ORDER BY t.rowid",
        [table, table],
    )
    names = [column[0] for column in cursor.description][:-2]
    where = names.index(pk)
    for record in cursor:
        row, (seq, digest) = record[:-2], record[-2:]
        label = f"row {row[where]!r}"
        if seq is None:
            yield Break(table, label, "not in the chain (inserted or copied behind the app)")
        elif hashlib.sha256(encode_row(names, row)).digest() != digest:
            (cols,) = conn.execute(
                "SELECT cols FROM chain_links WHERE tbl = ? AND seq = ?", [table, seq]
            ).fetchone()
            yield Break(
                table, label, _describe_change(bytes(cols), names, row) + " after it was written"
            )
    for seq, row_key in conn.execute(
        f"SELECT l.seq, l.row_key FROM chain_links l WHERE l.tbl = ? AND l.op = 'insert'"
        f" AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.{pk} = l.row_key) ORDER BY l.seq",
        [table],
    ):
        yield Break(table, f"row {row_key!r}", f"deleted (it was written as link {seq})")
    for row_key, count in conn.execute(
        "SELECT row_key, count(*) FROM chain_links WHERE tbl = ? AND op = 'insert'"
        " GROUP BY row_key HAVING count(*) > 1",
        [table],
    ):
        yield Break(table, f"row {row_key!r}", f"written {count} times (deleted and replaced)")


def _capped(table: str, breaks: Iterator[Break]) -> list[Break]:
    found = []
    for count, item in enumerate(breaks):
        if count == MAX_PER_TABLE:
            found.append(Break(table, "…", "more breaks not listed"))
            break
        found.append(item)
    return found


def verify_chains(conn: sqlite3.Connection, key: bytes, report: Report) -> None:
    for table in COVERED:
        report.breaks += _capped(table, _walk_links(conn, key, table))
        report.breaks += _capped(table, _check_rows(conn, table))
        report.checked[f"{table} rows"] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[
            0
        ]


def verify_triggers(conn: sqlite3.Connection, report: Report) -> None:
    present = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
    for name, sql in TRIGGERS.items():
        if name not in present:
            report.breaks.append(Break("schema", f"trigger {name}", "dropped"))
        elif " ".join(present[name].split()) != " ".join(sql.split()):
            report.breaks.append(Break("schema", f"trigger {name}", "changed"))


def _public_key(db_path: Path) -> Ed25519PublicKey | None:
    try:
        return signing_key(db_path, create=False).public_key()
    except ChainKeyError:
        return None


def checkpoint_message(statement: dict) -> bytes:
    """What the station signs: the heads, the time and the reason, canonically."""
    signed = {k: statement[k] for k in ("at", "reason", "heads")}
    return json.dumps(signed, sort_keys=True, separators=(",", ":")).encode()


def _check_statement(
    conn: sqlite3.Connection,
    public: Ed25519PublicKey | None,
    statement: dict,
    where: str,
    report: Report,
) -> None:
    try:
        signature = base64.urlsafe_b64decode(statement["signature"] + "==")
        if public is None:
            raise InvalidSignature
        public.verify(signature, checkpoint_message(statement))
    except (InvalidSignature, KeyError, ValueError):
        report.breaks.append(Break("audit_log", where, "signature does not verify"))
        return
    for table, (seq, mac_hex) in statement["heads"].items():
        if seq == 0 or table not in COVERED:
            continue
        link = conn.execute(
            "SELECT mac FROM chain_links WHERE tbl = ? AND seq = ?", [table, seq]
        ).fetchone()
        if link is None or bytes(link[0]).hex() != mac_hex:
            report.breaks.append(
                Break(table, where, f"signed link {seq}, which is gone or different now")
            )


def verify_checkpoints(conn: sqlite3.Connection, db_path: Path, report: Report) -> None:
    """Every signed checkpoint must verify, and every chain must still hold what it signed;
    so must the last checkpoint kept beside the keys, which a log put back from an older copy
    does not hold."""
    public = _public_key(db_path)
    rows = conn.execute(
        "SELECT id, details FROM audit_log WHERE action = ? ORDER BY id", [CHECKPOINT_ACTION]
    ).fetchall()
    report.checked["signed checkpoints"] = len(rows)
    for audit_id, details in rows:
        statement = json.loads(details)
        where = f"checkpoint (audit row {audit_id}, {statement.get('reason', '?')})"
        _check_statement(conn, public, statement, where, report)
    outside = last_checkpoint_path(db_path)
    if outside.exists():
        try:
            statement = json.loads(outside.read_text())
        except (OSError, ValueError):
            report.breaks.append(Break("keys", outside.name, "unreadable"))
            return
        where = f"last checkpoint ({statement.get('at', '?')}, kept in {outside.name})"
        _check_statement(conn, public, statement, where, report)


def last_checkpoint_path(db_path: Path) -> Path:
    return key_dir(db_path.resolve()) / LAST_CHECKPOINT_FILE


def keep_last_checkpoint(db_path: Path, statement: dict) -> None:
    """A copy of the newest signed checkpoint beside the keys (0600, replaced atomically): a
    log file swapped for an older backup no longer holds it. The heads it names were committed
    before the checkpoint's own transaction began, so a rolled-back checkpoint does no harm."""
    path = last_checkpoint_path(db_path)
    tmp = path.with_name(f".{path.name}.part")
    fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(statement, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def verify_evidence(conn: sqlite3.Connection, report: Report) -> None:
    """Every stored image must still hash to the SHA-256 its scans row names, unless the
    retention policy recorded its removal (a chained `images_purged` row)."""
    count = 0
    removed = purged_images(conn)
    for scan_id, sha, path in conn.execute(
        "SELECT scan_id, image_sha256, image_path FROM scans WHERE image_path IS NOT NULL"
        " ORDER BY rowid"
    ):
        file = Path(path)
        if sha in removed and not file.exists():
            continue
        count += 1
        try:
            digest = hashlib.sha256()
            with open(file, "rb") as handle:
                while block := handle.read(1 << 20):
                    digest.update(block)
        except OSError:
            report.breaks.append(Break("evidence", f"scan {scan_id!r}", f"file {file} is missing"))
            continue
        if digest.hexdigest() != sha:
            report.breaks.append(
                Break("evidence", f"scan {scan_id!r}", f"file {file.name} was replaced or edited")
            )
    report.checked["evidence files"] = count
    if removed:
        report.checked["images removed by the retention policy"] = len(removed)


def verify_log(conn: sqlite3.Connection, db_path: Path, *, evidence: bool = True) -> Report:
    """Everything `inspector-app verify` and the station's start check look at."""
    report = Report()
    try:
        key = chain_key(db_path, create=False)
    except ChainKeyError as exc:
        report.breaks.append(Break("keys", "chain key", str(exc)))
        return report
    verify_triggers(conn, report)
    verify_chains(conn, key, report)
    verify_checkpoints(conn, db_path, report)
    if evidence:
        verify_evidence(conn, report)
    return report


def acknowledged(conn: sqlite3.Connection) -> set[str]:
    """Breaks an administrator has acknowledged: only from audit rows that are themselves
    chained unchanged, so a forged acknowledgement acknowledges nothing."""
    found: set[str] = set()
    for _at, details in chained_audit_details(conn, ACK_ACTION):
        found.update(details.get("breaks", []))
    return found

"""Keyed hash chains over the log's rows: an edit made behind the app's back shows.

Every write to a covered table (an INSERT, or an UPDATE of a row that may change: a user, a
revoked decision) appends one link to that table's chain in `chain_links`, in the SAME
transaction as the row:

    link = (table, seq, row key, op, digest of the row as written, prev, mac)
    mac  = HMAC-SHA256(station key, table | seq | row key | op | digest | prev)

`prev` is the previous link's MAC, so links cannot be dropped, reordered or renumbered; the
digest is over a canonical encoding of the row read back after the write (every column, so
columns added later are covered too). `chain_heads` keeps each chain's last (seq, mac) under
its own MAC, so removing the last rows shows. The key lives outside the database
(`chain_key`), so recomputing the chain after an edit needs more than write access to the
SQLite file. `cols` holds two bytes per column, only so `verify` can say which column changed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from inspector_app.storage.chain_key import chain_key, database_file

GENESIS = bytes(32)

# table -> primary-key column; the order is the order `verify` reports in.
COVERED: dict[str, str] = {
    "users": "name",
    "audit_log": "id",
    "scans": "scan_id",
    "decisions": "id",
    "box_reviews": "id",
    "inspector_marks": "id",
    "tip_events": "id",
}
# Tables whose rows may legitimately change after insertion (each change is a new link).
MUTABLE = frozenset({"users", "decisions"})

# Defence in depth beside the MACs; `verify` checks that they are still there, unchanged.
TRIGGERS: dict[str, str] = {
    "audit_log_no_update": "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "audit_log_no_delete": "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "chain_links_no_update": "CREATE TRIGGER chain_links_no_update BEFORE UPDATE ON chain_links "
    "BEGIN SELECT RAISE(ABORT, 'the chain is append-only'); END",
    "chain_links_no_delete": "CREATE TRIGGER chain_links_no_delete BEFORE DELETE ON chain_links "
    "BEGIN SELECT RAISE(ABORT, 'the chain is append-only'); END",
}


def encode_value(value: Any) -> str:
    """Type tag + length + text: unambiguous, so no two different values encode alike."""
    if isinstance(value, int):
        tag, text = "i", str(value)
    elif isinstance(value, float):
        tag, text = "f", repr(value)
    elif isinstance(value, bytes):
        tag, text = "b", value.hex()
    else:
        tag, text = "s", str(value)
    return f"{tag}{len(text)}:{text}"


_ORDER: dict[tuple[str, ...], list[int]] = {}


def encode_row(names: Sequence[str], row: Sequence[Any]) -> bytes:
    """Canonical bytes of a row: [name, value] pairs of the non-NULL columns, sorted by name,
    as compact JSON (strings escaped, ints and floats told apart, floats exact), so no two
    different rows encode alike. NULLs are left out: a column added later does not change the
    encoding of rows written before it. Bytes values are written as {"hex": ...}."""
    key = tuple(names)
    order = _ORDER.get(key)
    if order is None:
        order = _ORDER[key] = sorted(range(len(names)), key=names.__getitem__)
    pairs = [(names[i], row[i]) for i in order if row[i] is not None]
    return _ENCODER.encode(pairs).encode("utf-8", "surrogatepass")


def _bytes(value: Any) -> dict[str, str]:
    if isinstance(value, bytes):
        return {"hex": value.hex()}
    raise TypeError(f"cannot encode a {type(value).__name__} in a chained row")


# One encoder, made once: verify encodes every row of a year's log.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_bytes)


NULL_PRINT = b"\x00\x00"


def column_prints(row: Sequence[Any]) -> bytes:
    """Two bytes per column, in the table's column order (00 00 for NULL): only to name which
    column changed, not for security (the row digest and the MAC are). Columns added later
    come after these, so old prints stay aligned."""
    prints = []
    for value in row:
        if value is None:
            prints.append(NULL_PRINT)
            continue
        short = hashlib.sha256(encode_value(value).encode("utf-8", "surrogatepass")).digest()[:2]
        prints.append(short if short != NULL_PRINT else b"\x00\x01")
    return b"".join(prints)


def link_mac(
    key: bytes, table: str, seq: int, row_key: Any, op: str, digest: bytes, prev: bytes
) -> bytes:
    header = f"{len(table)}:{table}|{seq}|{encode_value(row_key)}|{op}|"
    return hmac.digest(key, header.encode("utf-8", "surrogatepass") + digest + prev, "sha256")


def head_mac(key: bytes, table: str, seq: int, mac: bytes) -> bytes:
    return hmac.digest(key, f"head|{len(table)}:{table}|{seq}|".encode() + mac, "sha256")


def create_schema(conn: sqlite3.Connection) -> None:
    """The chain tables and their append-only triggers (called by the migration)."""
    conn.execute(
        "CREATE TABLE chain_links (tbl TEXT NOT NULL, seq INTEGER NOT NULL, row_key NOT NULL,"
        " op TEXT NOT NULL, digest BLOB NOT NULL, cols BLOB NOT NULL, prev BLOB NOT NULL,"
        " mac BLOB NOT NULL, PRIMARY KEY (tbl, seq)) WITHOUT ROWID"
    )
    conn.execute("CREATE INDEX chain_links_row ON chain_links (tbl, row_key, seq)")
    conn.execute(
        "CREATE TABLE chain_heads (tbl TEXT PRIMARY KEY, seq INTEGER NOT NULL,"
        " mac BLOB NOT NULL, head_mac BLOB NOT NULL)"
    )
    for name in ("chain_links_no_update", "chain_links_no_delete"):
        conn.execute(TRIGGERS[name])


def seal(db: Any, table: str, row_key: Any, op: str = "insert") -> None:
    """Append the link for the row just written; call inside the row's own transaction.

    `db` is a sqlite_utils Database or a sqlite3 connection.
    """
    conn: sqlite3.Connection = getattr(db, "conn", db)
    if not conn.in_transaction:
        raise RuntimeError("seal() must run in the transaction that wrote the row")
    if op == "update" and table not in MUTABLE:
        raise ValueError(f"rows of {table} are never changed after they are written")
    key = chain_key(database_file(conn))
    cursor = conn.execute(f"SELECT * FROM {table} WHERE {COVERED[table]} = ?", [row_key])
    row = cursor.fetchone()
    if row is None:
        raise ValueError(f"{table} has no row {row_key!r} to seal")
    names = [column[0] for column in cursor.description]
    digest = hashlib.sha256(encode_row(names, row)).digest()
    head = conn.execute("SELECT seq, mac FROM chain_heads WHERE tbl = ?", [table]).fetchone()
    seq, prev = (head[0] + 1, head[1]) if head else (1, GENESIS)
    mac = link_mac(key, table, seq, row_key, op, digest, prev)
    conn.execute(
        "INSERT INTO chain_links (tbl, seq, row_key, op, digest, cols, prev, mac)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            table,
            seq,
            row_key,
            op,
            digest,
            column_prints(row),
            prev,
            mac,
        ],
    )
    conn.execute(
        "INSERT INTO chain_heads (tbl, seq, mac, head_mac) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (tbl) DO UPDATE SET seq = excluded.seq, mac = excluded.mac,"
        " head_mac = excluded.head_mac",
        [table, seq, mac, head_mac(key, table, seq, mac)],
    )


def seal_existing(conn: sqlite3.Connection) -> int:
    """Chain the rows already in a log when the chains are introduced (the migration).

    What was changed before this moment cannot be told apart from what was written; from here
    on, every change shows. Returns the number of rows sealed.
    """
    chain_key(database_file(conn))  # the key is made with the chains, even for an empty log
    count = 0
    for table, pk in COVERED.items():
        keys = [r[0] for r in conn.execute(f"SELECT {pk} FROM {table} ORDER BY rowid")]
        for row_key in keys:
            seal(conn, table, row_key)
        count += len(keys)
    return count


def heads(conn: sqlite3.Connection) -> dict[str, tuple[int, str]]:
    """Each chain's (last seq, last MAC in hex): what a checkpoint signs."""
    found = {
        r[0]: (int(r[1]), bytes(r[2]).hex())
        for r in conn.execute("SELECT tbl, seq, mac FROM chain_heads")
    }
    return {table: found.get(table, (0, GENESIS.hex())) for table in COVERED}

"""Everything the hub reads and writes in PostgreSQL, as plain SQL through psycopg.

Writes are idempotent by construction: a record's (station, key, time) is its primary key and
every insert is `ON CONFLICT DO NOTHING`, so a batch sent twice (lost acknowledgement, retry after
a timeout, restart) stores each record once and is acknowledged both times.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from inspector_app.hub.schemas import BatchAck, BatchIn
from inspector_app.sync.wire import TIMESTAMP_WINDOW_S

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=1)


class EnrolError(Exception):
    """The token is unknown, used or expired."""


class ReplayError(Exception):
    """This station already used this nonce."""


@dataclass(frozen=True)
class RecordFilter:
    station_id: str | None = None
    lane: str | None = None
    kind: str | None = None
    verdict: str | None = None
    category: str | None = None
    date_from: datetime | None = None
    date_to: datetime | None = None


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


ENROL_TOKEN_PREFIX = "enrol_"


def new_enrol_token() -> str:
    """A random one-time token. The prefix says what it is when pasted, and keeps it from starting
    with '-', which a command line would take for an option (`upload enrol --token -x…`)."""
    return ENROL_TOKEN_PREFIX + secrets.token_urlsafe(24)


def create_enrol_token(conn, station_id: str, lane: str | None, ttl: timedelta) -> str:
    """A fresh one-time token for `station_id`; only its hash is stored."""
    token = new_enrol_token()
    conn.execute(
        "INSERT INTO enrol_tokens (token_hash, station_id, lane, expires_at)"
        " VALUES (%s, %s, %s, now() + %s)",
        (_token_hash(token), station_id, lane, ttl),
    )
    return token


def enrol(pool, token: str, public_key: bytes) -> tuple[str, str | None]:
    """Use up `token` and register `public_key` for its station (a re-enrolled station, e.g. a
    replaced PC, gets its new key; records already stored stay)."""
    with pool.connection() as conn:
        row = conn.execute(
            "UPDATE enrol_tokens SET used_at = now()"
            " WHERE token_hash = %s AND used_at IS NULL AND expires_at > now()"
            " RETURNING station_id, lane",
            (_token_hash(token),),
        ).fetchone()
        if row is None:
            raise EnrolError("enrolment token unknown, already used or expired")
        station_id, lane = row
        conn.execute(
            "INSERT INTO stations (station_id, lane, public_key, enrolled_at)"
            " VALUES (%s, %s, %s, now())"
            " ON CONFLICT (station_id) DO UPDATE SET public_key = EXCLUDED.public_key,"
            " lane = EXCLUDED.lane, enrolled_at = EXCLUDED.enrolled_at",
            (station_id, lane, public_key),
        )
    return station_id, lane


def station_public_key(pool, station_id: str) -> bytes | None:
    with pool.connection() as conn:
        row = conn.execute(
            "SELECT public_key FROM stations WHERE station_id = %s", (station_id,)
        ).fetchone()
    return bytes(row[0]) if row and row[0] is not None else None


class PartitionCache:
    """Months whose partition exists, so the hot path does not ask PostgreSQL every batch."""

    def __init__(self) -> None:
        self._known: set[tuple[int, int]] = set()
        self._lock = threading.Lock()

    def ensure(self, pool, times: list[datetime]) -> None:
        months = {(t.astimezone(UTC).year, t.astimezone(UTC).month) for t in times}
        missing = months - self._known
        if not missing:
            return
        # its own short transaction: creating a partition locks the parent table briefly
        with pool.connection() as conn:
            for year, month in sorted(missing):
                conn.execute(
                    "SELECT hub_ensure_month_partition(%s)", (datetime(year, month, 1, tzinfo=UTC),)
                )
        with self._lock:
            self._known |= missing


def check_times(batch: BatchIn, now: datetime | None = None) -> str | None:
    """Why a batch's times are implausible, or None. Bounds the partitions a client can create."""
    now = now or datetime.now(UTC)
    for record in batch.records:
        if record.occurred_at < EARLIEST or record.occurred_at > now + FUTURE_SLACK:
            return f"record {record.key}: occurred_at {record.occurred_at.isoformat()} out of range"
    return None


def ingest(
    pool, partitions: PartitionCache, station_id: str, nonce: str, batch: BatchIn
) -> BatchAck:
    """Store a verified batch in one transaction: the nonce (replay guard), the records
    (duplicates skipped), the station's health. Any failure rolls all of it back."""
    records = batch.records
    partitions.ensure(pool, [r.occurred_at for r in records])
    cols: dict[str, list] = {
        c: []
        for c in (
            "key",
            "kind",
            "at",
            "lane",
            "scan",
            "verdict",
            "category",
            "origin",
            "dest",
            "ref",
            "payload",
        )
    }
    for r in records:
        p = r.payload
        cols["key"].append(r.key)
        cols["kind"].append(r.kind)
        cols["at"].append(r.occurred_at)
        cols["lane"].append(p.lane)
        cols["scan"].append(p.scan_id)
        cols["verdict"].append(p.verdict)
        cols["category"].append(p.category)
        cols["origin"].append(p.origin_country)
        cols["dest"].append(p.destination_country)
        cols["ref"].append(p.revokes)
        cols["payload"].append(json.dumps(p.model_dump(mode="json", exclude_none=True)))
    with pool.connection() as conn:
        seen = conn.execute(
            "INSERT INTO request_nonces (station_id, nonce) VALUES (%s, %s)"
            " ON CONFLICT DO NOTHING RETURNING 1",
            (station_id, nonce),
        ).fetchone()
        if seen is None:
            raise ReplayError("nonce already used: replayed request")
        stored = conn.execute(
            "INSERT INTO records (station_id, idem_key, kind, occurred_at, lane, scan_id, verdict,"
            " category, origin_country, destination_country, ref_key, payload)"
            " SELECT %s, k, kd, t, l, s, v, c, o, d, rf, pl::jsonb FROM unnest("
            "%s::text[], %s::text[], %s::timestamptz[], %s::text[], %s::text[], %s::text[],"
            " %s::text[], %s::text[], %s::text[], %s::text[], %s::text[])"
            " AS u(k, kd, t, l, s, v, c, o, d, rf, pl)"
            " ON CONFLICT DO NOTHING RETURNING 1",
            (station_id, *cols.values()),
        ).fetchall()
        conn.execute(
            "UPDATE stations SET last_upload_at = now(), backlog = %s WHERE station_id = %s",
            (batch.backlog, station_id),
        )
    keys = list(dict.fromkeys(cols["key"]))
    return BatchAck(acknowledged=keys, stored=len(stored), duplicates=len(records) - len(stored))


def use_nonce(pool, station_id: str, nonce: str) -> None:
    """Record a nonce for requests outside a batch transaction (evidence); ReplayError if seen."""
    with pool.connection() as conn:
        seen = conn.execute(
            "INSERT INTO request_nonces (station_id, nonce) VALUES (%s, %s)"
            " ON CONFLICT DO NOTHING RETURNING 1",
            (station_id, nonce),
        ).fetchone()
    if seen is None:
        raise ReplayError("nonce already used: replayed request")


def prune_nonces(pool) -> None:
    """Forget nonces older than twice the timestamp window: older requests fail the time check."""
    with pool.connection() as conn:
        conn.execute(
            "DELETE FROM request_nonces WHERE seen_at < now() - %s",
            (timedelta(seconds=2 * TIMESTAMP_WINDOW_S),),
        )


def record_evidence(pool, station_id: str, sha256: str, size: int) -> None:
    with pool.connection() as conn:
        conn.execute(
            "INSERT INTO evidence (station_id, sha256, size) VALUES (%s, %s, %s)"
            " ON CONFLICT DO NOTHING",
            (station_id, sha256, size),
        )


def evidence_known(pool, station_id: str, sha256: str) -> int | None:
    with pool.connection() as conn:
        row = conn.execute(
            "SELECT size FROM evidence WHERE station_id = %s AND sha256 = %s", (station_id, sha256)
        ).fetchone()
    return None if row is None else int(row[0])


def _where(f: RecordFilter) -> tuple[str, list[str | datetime]]:
    clauses: list[str] = []
    params: list[str | datetime] = []
    for column, value in (
        ("station_id", f.station_id),
        ("lane", f.lane),
        ("kind", f.kind),
        ("verdict", f.verdict),
        ("category", f.category),
    ):
        if value is not None:
            clauses.append(f"r.{column} = %s")
            params.append(value)
    if f.date_from is not None:
        clauses.append("r.occurred_at >= %s")
        params.append(f.date_from)
    if f.date_to is not None:
        clauses.append("r.occurred_at < %s")
        params.append(f.date_to)
    return (" AND ".join(clauses) or "TRUE"), params


def query_records(pool, f: RecordFilter, limit: int, offset: int) -> list[dict]:
    where, params = _where(f)
    with pool.connection() as conn:
        cur = conn.execute(
            "SELECT station_id, idem_key AS key, kind, occurred_at, received_at, lane, scan_id,"
            " verdict, category, origin_country, destination_country, payload"
            f" FROM records r WHERE {where}"
            " ORDER BY occurred_at DESC, station_id, idem_key LIMIT %s OFFSET %s",
            (*params, limit, offset),
        )
        names = [d.name for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def route_counts(pool, date_from: datetime, date_to: datetime) -> list[dict]:
    """Flagged parcels (suspect or refer) per origin × destination × category × verdict, across
    all stations, decisions revoked at the station left out. Counts only: no personal data."""
    with pool.connection() as conn:
        cur = conn.execute(
            "SELECT origin_country, destination_country, category, verdict, count(*) AS parcels"
            " FROM records r"
            " WHERE r.kind = 'decision' AND r.verdict IN ('suspect', 'refer')"
            " AND r.occurred_at >= %s AND r.occurred_at < %s"
            " AND NOT EXISTS (SELECT 1 FROM records v WHERE v.kind = 'revocation'"
            "   AND v.station_id = r.station_id AND v.ref_key = r.idem_key)"
            " GROUP BY 1, 2, 3, 4 ORDER BY parcels DESC, 1, 2, 3, 4",
            (date_from, date_to),
        )
        names = [d.name for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def station_health(pool) -> list[dict]:
    with pool.connection() as conn:
        cur = conn.execute(
            "SELECT s.station_id, s.lane, s.enrolled_at, s.last_upload_at, s.backlog,"
            " (SELECT count(*) FROM records r WHERE r.station_id = s.station_id) AS records"
            " FROM stations s ORDER BY s.station_id"
        )
        names = [d.name for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

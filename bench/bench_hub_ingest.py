"""Hub ingest on loopback: N simulated stations upload M decisions each, concurrently, through
the real uploader (signed batches, retries) into the real hub on an embedded PostgreSQL.

Prints records/s ingested, batch latency (p50/p95/max), and checks zero duplicates and zero
losses in the database. The issue's figure is 50 stations × 10,000 decisions (the defaults);
`--stations 10 --decisions 2000` is a quick run.

    .venv/bin/python bench/bench_hub_ingest.py [--stations N] [--decisions M] [--batch B]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import psycopg

from inspector_app.hub.db import migrate, psycopg_url
from inspector_app.hub.embedded import EmbeddedPostgres
from inspector_app.hub.store import create_enrol_token
from inspector_app.storage.outbox import OutboxRecord
from inspector_app.sync.client import HubClient, enrol
from inspector_app.sync.station_key import load_or_create
from inspector_app.sync.uploader import Uploader

REPO = Path(__file__).resolve().parent.parent
ROUTES = [("CN", "BE"), ("TR", "DE"), ("NG", "FR"), ("CO", "NL"), ("IN", "BE"), ("US", "LU")]
CATEGORIES = ["drugs", "weapons", "counterfeit", "wildlife", "medicines", "currency"]


class MemoryOutbox:
    """Pending records in memory (the bench measures the hub, not the station's SQLite)."""

    def __init__(self, records: list[OutboxRecord]) -> None:
        self._records = records
        self._next = 0
        self.acked: set[str] = set()

    def pending(self, limit: int) -> list[OutboxRecord]:
        return self._records[self._next : self._next + limit]

    def mark_sent(self, keys) -> None:
        self.acked.update(keys)
        while self._next < len(self._records) and self._records[self._next].key in self.acked:
            self._next += 1

    def backlog(self) -> int:
        return len(self._records) - self._next


def make_records(station: str, lane: int, n: int) -> list[OutboxRecord]:
    start = datetime.now(UTC) - timedelta(days=20)
    out = []
    for i in range(n):
        verdict = "suspect" if i % 20 == 0 else ("refer" if i % 33 == 0 else "clear")
        origin, dest = ROUTES[(i + lane) % len(ROUTES)]
        payload = {
            "lane": str(lane),
            "scan_id": f"{station}-{i}",
            "verdict": verdict,
            "origin_country": origin,
            "destination_country": dest,
            "model_sha256": "ab" * 32,
            "decision_ms": 1800 + i % 900,
        }
        if verdict == "suspect":
            payload["category"] = CATEGORIES[i % len(CATEGORIES)]
        out.append(
            OutboxRecord(f"{station}-{i}", "decision", start + timedelta(seconds=i * 7), payload)
        )
    return out


class TimedClient(HubClient):
    latencies: list[float]

    def post_batch(self, records, backlog):
        t0 = time.perf_counter()
        try:
            return super().post_batch(records, backlog)
        except Exception as exc:
            print(f"{self.station_id}: {exc}", file=sys.stderr)
            raise
        finally:
            self.latencies.append(time.perf_counter() - t0)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stations", type=int, default=50)
    parser.add_argument("--decisions", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--keep", type=Path, help="keep the hub data here (for screenshots)")
    args = parser.parse_args()
    if args.stations < 1 or args.decisions < 1 or not 1 <= args.batch <= 1000:
        parser.error("--stations and --decisions must be >= 1, --batch 1..1000")

    root = args.keep or Path(tempfile.mkdtemp(prefix="inspector-hub-bench-"))
    pg = EmbeddedPostgres(root / "pgdata")
    hub = None
    try:
        url = psycopg_url(pg.start())
        migrate(url)
        port = free_port()
        hub = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "inspector_app",
                "hub",
                "serve",
                "--database-url",
                url,
                "--data-dir",
                str(root),
                "--port",
                str(port),
            ],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=(root / "hub.log").open("ab"),
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        print(f"hub on {base}, database {url}")

        stations = []
        with psycopg.connect(url, autocommit=True) as conn:
            for s in range(args.stations):
                sid = f"BENCH-{s:03d}"
                key = load_or_create(root / "keys" / f"{sid}.pem")
                token = create_enrol_token(conn, sid, str(s % 4 + 1), timedelta(hours=1))
                enrol(base, token, key)
                client = TimedClient(base, sid, key, timeout=60.0)
                client.latencies = []
                stations.append(
                    (sid, client, MemoryOutbox(make_records(sid, s % 4 + 1, args.decisions)))
                )
        errors: list[BaseException] = []
        retries: list[int] = []

        def run(client, outbox) -> None:
            try:
                retries.append(Uploader(client, outbox, batch_size=args.batch).drain().retries)
            except BaseException as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(c, o)) for _, c, o in stations]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t0

        expected = args.stations * args.decisions
        with psycopg.connect(url) as conn:
            total, distinct = conn.execute(
                "SELECT count(*), count(DISTINCT (station_id, idem_key)) FROM records"
            ).fetchone()
            parts = conn.execute(
                "SELECT count(*) FROM pg_inherits WHERE inhparent = 'records'::regclass"
            ).fetchone()[0]
        latencies = sorted(x for _, c, _ in stations for x in c.latencies)
        p95 = latencies[int(0.95 * (len(latencies) - 1))]
        backlog = sum(o.backlog() for _, _, o in stations)
        print(
            f"stations {args.stations} × decisions {args.decisions} = {expected} records, "
            f"batch {args.batch}, CPUs {os.cpu_count()}"
        )
        print(f"ingested {total} in {elapsed:.1f} s: {total / elapsed:,.0f} records/s")
        print(
            f"batches {len(latencies)}: latency p50 {statistics.median(latencies) * 1000:.0f} ms,"
            f" p95 {p95 * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms"
        )
        print(
            f"duplicates {total - distinct}, losses {expected - distinct}, station backlog "
            f"{backlog}, upload errors {len(errors)}, retries {sum(retries)}, "
            f"monthly partitions {parts}"
        )
        for _, c, _ in stations:
            c.close()
        return 0 if (total == distinct == expected and not errors and backlog == 0) else 1
    finally:
        if hub is not None:
            hub.terminate()
            hub.wait(20)
        pg.stop()
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

"""A year of one busy station in the decision log, with the keyed chains (issue 12, scale).

    .venv/bin/python bench/bench_log_scale.py [--decisions 1000000] [--sample 2000] [--dir DIR]

Fills a real log on disk through the app's own DecisionLog (every scan, decision, per-cue
verdict and audit row chained exactly as at the station; `synchronous=OFF` only while filling,
so a year fits in minutes), then, on the full log with `synchronous=FULL` as the station runs:
  - logging a decision (DecisionLog.record_decision: decision + chain link, one fsync'd commit)
    over --sample decisions: p50 / p95 / p99 ms (target p95 <= 5 ms);
  - `verify` of the whole log (every chain, head, trigger and checkpoint; evidence files are not
    made here, so not hashed): seconds (target <= 60 s for 1,000,000 decisions);
  - database size per 1,000 decisions, and the share the chain takes.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from inspector_app.accounts.audit import write_audit
from inspector_app.accounts.integrity import write_checkpoint
from inspector_app.domain import Box, BoxReview, Category, Decision, Detection, ModelInfo, Verdict
from inspector_app.storage.chain_verify import verify_log
from inspector_app.storage.decision_log import DecisionLog
from inspector_app.storage.evidence import StoredImage

MODEL = ModelInfo("parcel-threat-det", "0.3.0", "ab" * 32)
START = datetime(2026, 1, 1, 6, 0, tzinfo=UTC)


def _scan(log: DecisionLog, index: int, rng: random.Random) -> tuple[str, int]:
    """One screened parcel; about one in four has cues. Returns (scan id, number of cues)."""
    scan_id = f"L1-{index:08d}"
    cues = 1 + rng.randrange(2) if rng.random() < 0.25 else 0
    digest = f"{index:064x}"
    log.record_screened(
        scan_id=scan_id,
        source="hot-folder",
        received_at=START + timedelta(seconds=30 * index),
        image=StoredImage(digest, Path(f"/data/evidence/{digest[:2]}/{digest}.tif")),
        size=(1600, 900),
        model=MODEL,
        detections=[Detection("knife", round(rng.uniform(0.3, 0.95), 3), Box(100, 120, 180, 240))]
        * cues,
        inference_ms=round(rng.uniform(40, 60), 2),
        lane="1",
    )
    return scan_id, cues


def _decision(scan_id: str, cues: int, index: int, rng: random.Random) -> Decision:
    at = START + timedelta(seconds=30 * index + 8)
    reviews = tuple(BoxReview(i, "knife", rng.random() < 0.3) for i in range(cues))
    if cues and rng.random() < 0.2:
        return Decision(
            scan_id, Verdict.SUSPECT, "anna", at, 7.5, Category.WEAPONS, box_reviews=reviews
        )
    return Decision(scan_id, Verdict.CLEAR, "anna", at, 2.1, box_reviews=reviews)


def _fill(log: DecisionLog, count: int, rng: random.Random) -> float:
    log.db.execute("PRAGMA synchronous=OFF")
    started = time.perf_counter()
    for index in range(count):
        scan_id, cues = _scan(log, index, rng)
        log.record_decision(_decision(scan_id, cues, index, rng))
        if index % 400 == 0:  # shift changes: a sign-in, a sign-out and a signed checkpoint
            at = START + timedelta(seconds=30 * index)
            write_audit(log.db, at=at, user="anna", action="login", details={"role": "inspector"})
            write_checkpoint(log.db, "anna", "shift close")
        if count >= 20 and index % (count // 20) == 0:
            print(
                f"  filled {index:,} decisions ({time.perf_counter() - started:.0f} s)", flush=True
            )
    log.db.execute("PRAGMA synchronous=FULL")
    return time.perf_counter() - started


def _sizes(db_path: Path) -> tuple[int, dict[str, int]]:
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    try:
        parts = dict(conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall())
    except sqlite3.OperationalError:  # SQLite built without dbstat
        parts = {}
    conn.close()
    return db_path.stat().st_size, parts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decisions", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=2000, help="timed decisions at the end")
    parser.add_argument("--dir", type=Path, help="where to build the log (default: a temp dir)")
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="bench_log_scale_"))
    db_path = folder / "decisions.sqlite"
    if db_path.exists():
        raise SystemExit(f"{db_path} exists: give an empty --dir")
    rng = random.Random(2026)
    log = DecisionLog(db_path)
    print(f"filling {args.decisions:,} decisions into {db_path} ...", flush=True)
    fill_s = _fill(log, args.decisions, rng)

    # The disk's own cost, measured in turn with the chained writes so both meet the same disk:
    # one plain decision-sized INSERT + fsync'd COMMIT in a log of the same set-up, no chain.
    plain = sqlite3.connect(folder / "plain.sqlite", isolation_level=None)
    plain.execute("PRAGMA journal_mode=WAL")
    plain.execute("PRAGMA synchronous=FULL")
    plain.execute(
        "CREATE TABLE decisions (id INTEGER PRIMARY KEY, scan_id, verdict, inspector,"
        " decided_at, duration_s)"
    )
    timings, baseline = [], []
    for offset in range(args.sample):
        index = args.decisions + offset
        scan_id, cues = _scan(log, index, rng)
        decision = _decision(scan_id, cues, index, rng)
        started = time.perf_counter()
        log.record_decision(decision)  # what the writer thread does per key press
        timings.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        plain.execute("BEGIN IMMEDIATE")
        plain.execute(
            "INSERT INTO decisions (scan_id, verdict, inspector, decided_at, duration_s)"
            " VALUES (?, 'clear', 'anna', ?, 2.1)",
            [scan_id, decision.decided_at.isoformat()],
        )
        plain.execute("COMMIT")
        baseline.append((time.perf_counter() - started) * 1000)
    log.close()
    plain.close()
    quantiles = statistics.quantiles(timings, n=100)
    plain_q = statistics.quantiles(baseline, n=100)
    total = args.decisions + args.sample

    conn = sqlite3.connect(db_path)
    started, cpu = time.perf_counter(), time.process_time()
    report = verify_log(conn, db_path, evidence=False)
    verify_s, verify_cpu = time.perf_counter() - started, time.process_time() - cpu
    conn.close()
    size, parts = _sizes(db_path)
    chain = parts.get("chain_links", 0) + parts.get("chain_links_row", 0)

    print(f"decisions in the log:      {total:,} (filled in {fill_s:.0f} s)")
    print(
        f"log a decision (FULL sync): p50 {quantiles[49]:.2f} ms, p95 {quantiles[94]:.2f} ms,"
        f" p99 {quantiles[98]:.2f} ms over {args.sample:,} (target p95 <= 5 ms)"
    )
    print(
        f"  this disk, no chain:       p50 {plain_q[49]:.2f} ms, p95 {plain_q[94]:.2f} ms,"
        f" p99 {plain_q[98]:.2f} ms (one plain INSERT + fsync'd COMMIT, measured in turn)"
    )
    print(
        f"verify whole log:          {verify_s:.1f} s ({verify_cpu:.1f} s CPU),"
        f" {'no break' if report.ok else 'BROKEN'}"
        f" ({', '.join(f'{v:,} {k}' for k, v in report.checked.items())})"
    )
    if total:
        print(
            f"  = {verify_s / total * 1e6:.1f} us per decision; 1,000,000 -> "
            f"{verify_s / total * 1e6:.0f} s"
        )
    print(
        f"database size:             {size / 2**20:.1f} MiB, {size / total * 1000 / 2**20:.2f} MiB"
        f" per 1,000 decisions; the chain's share {chain / size:.0%}"
        if parts
        else ""
    )


if __name__ == "__main__":
    main()

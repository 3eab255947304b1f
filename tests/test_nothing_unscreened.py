"""Nothing unscreened: a station process is SIGKILLed in the middle of a burst, files keep
arriving while it is down, and after a restart every file is on record exactly once —
screened and logged, or quarantined and logged — and moved where the setting says."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from feed_harness import write_scan

HERE = Path(__file__).resolve().parent


def _ledger(db: Path) -> list[tuple]:
    if not db.exists():
        return []
    conn = sqlite3.connect(db, timeout=10)
    try:
        return conn.execute("SELECT lane, name, status, scan_id FROM ingest_ledger").fetchall()
    except sqlite3.OperationalError:  # not migrated yet
        return []
    finally:
        conn.close()


def _start(settings: Path) -> subprocess.Popen:
    child = subprocess.Popen(
        [sys.executable, str(HERE / "station_child.py"), str(settings)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(HERE.parent)},
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    return child


def _wait(condition, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "the station did not get there in time"
        time.sleep(0.1)


def test_every_file_is_settled_exactly_once_across_a_sigkill(
    isolated_dirs: Path, tmp_path: Path, fixed_box_model
) -> None:
    model = fixed_box_model([(0, 0.5, 0.5, 0.2, 0.2, 0.9)], ["knife"])
    lanes = {"1": tmp_path / "scanner1", "2": tmp_path / "scanner2"}
    for folder in lanes.values():
        folder.mkdir()
    settings = tmp_path / "settings.json"
    feeds = [
        {
            "type": "hot_folder",
            "lane": lane,
            "folder": str(folder),
            "stable_ms": 60,
            "rescan_s": 0.5,
            "after": "archive",
        }
        for lane, folder in lanes.items()
    ]
    settings.write_text(json.dumps({"screening": {"model_path": str(model)}, "feeds": feeds}))
    db = isolated_dirs / "data" / "decisions.sqlite"

    per_lane, bad_every = 60, 15
    expected: dict[tuple[str, str], str] = {}

    def burst() -> None:
        for index in range(per_lane):
            for lane, folder in lanes.items():
                name = f"{lane}-{index:03d}.png"
                if index % bad_every == 7:  # a truncated file the scanner gave up on
                    (folder / name).write_bytes(
                        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + name.encode()
                    )
                    expected[(lane, name)] = "quarantined"
                else:
                    write_scan(folder / name, int(lane) * 1000 + index)
                    expected[(lane, name)] = "screened"
            time.sleep(0.01)

    child = _start(settings)
    writer = threading.Thread(target=burst)
    writer.start()
    _wait(lambda: len(_ledger(db)) >= 25, 120)
    child.send_signal(signal.SIGKILL)  # mid-burst: no clean-up of any kind
    child.wait(10)
    killed_at = len(_ledger(db))
    writer.join(60)  # the rest arrives while the station is down
    assert killed_at < len(expected), "the kill came after the burst: nothing was tested"

    child = _start(settings)
    try:
        _wait(lambda: len(_ledger(db)) >= len(expected), 180)
        time.sleep(1.0)  # anything taken twice would show now
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)

    ledger = _ledger(db)
    assert len(ledger) == len(expected) == 2 * per_lane
    assert {(lane, name): status for lane, name, status, _ in ledger} == expected
    conn = sqlite3.connect(db)
    scans = dict(
        conn.execute("SELECT scan_id, status FROM scans WHERE parent_scan_id IS NULL").fetchall()
    )
    assert len(scans) == len(ledger)  # no scan without its file, no file without its scan
    assert all(scans[scan_id] == status for _, _, status, scan_id in ledger)
    named = conn.execute("SELECT lane, source_name FROM scans").fetchall()
    assert sorted(named) == sorted(expected)
    for lane, folder in lanes.items():
        left = [p.name for p in folder.iterdir() if p.is_file()]
        assert left == []  # every file was moved once it was on record
        screened = {n for (ln, n), s in expected.items() if ln == lane and s == "screened"}
        refused = {n for (ln, n), s in expected.items() if ln == lane and s == "quarantined"}
        assert {p.name for p in (folder / "processed").iterdir()} == screened
        quarantine = {p.name for p in (folder / "quarantine").iterdir()}
        assert quarantine == refused | {f"{n}.reason.txt" for n in refused}

"""`after: leave` - the scanner's files stay in its folder: a restart knows the settled ones
from their size and mtime without reading them, a changed file is screened as the new file it
is, and marker files are removed once their file is on record. Real folders, real stations."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest
from feed_harness import Harness, write_scan

from inspector_app.config import HotFolderFeedSection
from inspector_app.feeds import folder_take
from inspector_app.feeds.hot_folder import HotFolderFeed

CLASSES = ["knife"]


def _hot(folder: Path, **extra) -> dict:
    return {
        "type": "hot_folder",
        "lane": "L",
        "folder": str(folder),
        "stable_ms": 100,
        "rescan_s": 0.25,
        "after": "leave",
        **extra,
    }


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the files the hot folder opens and hashes, in order."""
    opened: list[str] = []
    real = folder_take.read_file_safely

    def counting(path: Path, limits):  # type: ignore[no-untyped-def]
        opened.append(Path(path).name)
        return real(path, limits)

    monkeypatch.setattr(folder_take, "read_file_safely", counting)
    return opened


def _quiet(run: Harness, seconds: float = 1.2) -> None:
    """Let several listings pass; anything taken twice would show now."""
    time.sleep(seconds)
    run.events.run_pending()


def _ledger(db: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT name, status FROM ingest_ledger ORDER BY id").fetchall()
    finally:
        conn.close()


def test_a_restart_reads_only_files_that_changed(
    tmp_path: Path, fixed_box_model, reads: list[str]
) -> None:
    model = fixed_box_model([], CLASSES)
    folder = tmp_path / "scanner"
    for index, name in enumerate(("a.png", "b.png", "c.png")):
        write_scan(folder / name, index)
    with Harness(model, [_hot(folder)]) as run:
        run.run_until(lambda: run.rec.settled == 3)
        _quiet(run, 0.6)
    db = run.station.db_path
    assert sorted(reads) == ["a.png", "b.png", "c.png"]

    # While the station is closed: b is touched (same bytes), c is overwritten, d arrives.
    stamp = (folder / "b.png").stat().st_mtime_ns + 5_000_000_000
    os.utime(folder / "b.png", ns=(stamp, stamp))
    write_scan(folder / "c.png", 77)
    write_scan(folder / "d.png", 78)
    reads.clear()
    with Harness(model, [_hot(folder)]) as again:
        again.run_until(lambda: again.rec.settled == 2)
        _quiet(again)
    assert sorted(reads) == ["b.png", "c.png", "d.png"]  # a.png was never opened
    assert sorted(Path(s.scan.meta["path"]).name for s in again.rec.scans) == ["c.png", "d.png"]
    ledger = _ledger(db)
    assert ledger.count(("c.png", "screened")) == 2  # two contents, two scans, both on record
    assert len(ledger) == 5 and ledger.count(("b.png", "screened")) == 1

    reads.clear()
    with Harness(model, [_hot(folder)]) as third:
        third.run_until(lambda: third.rec.ready)
        _quiet(third)
    assert reads == [] and third.rec.settled == 0  # every file known from its entry alone

    conn = sqlite3.connect(db)  # the stamps are a cache: without them every file is hashed
    with conn:
        assert conn.execute("SELECT count(*) FROM ingest_stamps").fetchone() == (4,)
        conn.execute("DELETE FROM ingest_stamps")
    conn.close()
    with Harness(model, [_hot(folder)]) as fourth:
        fourth.run_until(lambda: len(reads) == 4)
        _quiet(fourth)
    assert fourth.rec.settled == 0 and len(_ledger(db)) == 5  # found on record, none again
    assert sorted(p.name for p in folder.iterdir()) == ["a.png", "b.png", "c.png", "d.png"]


def test_markers_go_once_their_file_is_on_record(
    tmp_path: Path, fixed_box_model, reads: list[str]
) -> None:
    model = fixed_box_model([], CLASSES)
    folder = tmp_path / "scanner"
    folder.mkdir()
    marker = folder / "a.png.done"
    with Harness(model, [_hot(folder, complete_when="marker")]) as run:
        run.run_until(lambda: run.rec.ready)
        write_scan(folder / "a.png", 1)
        marker.write_text("")
        run.run_until(lambda: run.rec.settled == 1 and not marker.exists(), timeout_s=10)
        _quiet(run, 0.6)
        assert run.rec.settled == 1
        write_scan(folder / "a.png", 2)  # the scanner reuses the name for its next parcel
        marker.write_text("")
        run.run_until(lambda: run.rec.settled == 2 and not marker.exists(), timeout_s=10)
    assert (folder / "a.png").exists() and not marker.exists()
    assert _ledger(run.station.db_path) == [("a.png", "screened")] * 2

    marker.write_text("")  # left behind by a stop between the record and the removal
    reads.clear()
    with Harness(model, [_hot(folder, complete_when="marker")]) as again:
        again.run_until(lambda: not marker.exists(), timeout_s=10)
        _quiet(again)
    assert again.rec.settled == 0 and reads == []


def test_a_marker_that_came_with_a_newer_file_is_kept(tmp_path: Path) -> None:
    folder = tmp_path / "scanner"
    section = HotFolderFeedSection(lane="L", folder=folder, complete_when="marker")
    feed = HotFolderFeed(section)
    path = write_scan(folder / "a.png", 1)
    settled = path.stat()
    write_scan(path, 2, size=(100, 70))  # rewritten after it was read
    (folder / "a.png.done").write_text("")
    feed._finish(path, "screened", "S1", "", (settled.st_size, settled.st_mtime_ns))
    assert (folder / "a.png.done").exists()  # the new file's marker: it still has to be taken
    now = path.stat()
    feed._finish(path, "screened", "S2", "", (now.st_size, now.st_mtime_ns))
    assert not (folder / "a.png.done").exists() and path.exists()

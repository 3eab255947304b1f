"""Several lanes on one station: every scan carries its lane into the queue and the log, one
detector serves all lanes, and a burst on one lane does not hold up another."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from feed_harness import Harness, write_scan

from inspector_app.station.fair_queue import FairQueue


def test_the_inbox_takes_lanes_in_turn_and_keeps_each_lanes_order() -> None:
    inbox: FairQueue[str, str] = FairQueue(per_lane=100)
    for index in range(6):
        inbox.put("A", f"A{index}")
    for index in range(2):
        inbox.put("B", f"B{index}")
    inbox.put_control("switch-model")
    taken = [inbox.get() for _ in range(9)]
    assert taken == ["switch-model", "A0", "B0", "A1", "B1", "A2", "A3", "A4", "A5"]


def test_a_full_lane_blocks_its_feed_not_the_others() -> None:
    inbox: FairQueue[str, str] = FairQueue(per_lane=2)
    stop = threading.Event()
    inbox.put("A", "A0", stop)
    inbox.put("A", "A1", stop)
    blocked = threading.Thread(target=inbox.put, args=("A", "A2", stop))
    blocked.start()
    time.sleep(0.3)
    assert blocked.is_alive() and inbox.backlog() == {"A": 2}
    assert inbox.put("B", "B0", stop)  # another lane still gets in
    assert inbox.get() == "A0"
    blocked.join(2)
    assert not blocked.is_alive() and inbox.backlog() == {"A": 2, "B": 1}
    stop.set()
    assert inbox.put("A", "A3", stop) is False  # a stopped station never blocks forever


def test_two_lanes_share_one_detector_fairly(tmp_path: Path, fixed_box_model) -> None:
    model = fixed_box_model([(0, 0.5, 0.5, 0.2, 0.2, 0.9)], ["knife"])
    busy, quiet = tmp_path / "lane1", tmp_path / "lane2"
    quiet.mkdir()
    for index in range(60):
        write_scan(busy / f"a{index:03d}.png", 1000 + index, size=(640, 480))
    feeds = [
        {"type": "hot_folder", "lane": "1", "folder": str(busy), "stable_ms": 50},
        {"type": "hot_folder", "lane": "2", "folder": str(quiet), "stable_ms": 50},
    ]
    with Harness(model, feeds) as run:
        arrived_1 = lambda: sum(1 for e in run.rec.timeline if e[0] == "arrived" and e[1] == "1")  # noqa: E731
        run.run_until(lambda: arrived_1() >= 12, timeout_s=180)
        for index in range(3):  # lane 2 gets files while lane 1 has a backlog
            write_scan(quiet / f"b{index}.png", 2000 + index, size=(640, 480))
        run.run_until(lambda: run.rec.settled == 63, timeout_s=240)
    lanes = [s.scan.lane for s in run.rec.scans]
    assert lanes.count("1") == 60 and lanes.count("2") == 3
    # Round-robin: a lane-2 scan waits for at most the scan in hand and one of lane 1, never
    # for lane 1's backlog (first-come-first-served would put it behind up to 16 of them).
    timeline = run.rec.timeline
    for index in range(3):
        arrived = next(i for i, e in enumerate(timeline) if e[0] == "arrived" and e[1] == "2")
        done = next(i for i, e in enumerate(timeline) if e[0] == "screened" and e[1] == "2")
        overtaken = [e for e in timeline[arrived:done] if e[0] == "screened" and e[1] == "1"]
        assert len(overtaken) <= 2 + index, (index, timeline[arrived:done])
        timeline = [e for e in timeline if e[2] not in (timeline[arrived][2], timeline[done][2])]
    names = [s.scan.meta["path"].rsplit("/", 1)[1] for s in run.rec.scans if s.scan.lane == "1"]
    assert names == sorted(names)  # each lane keeps its own order
    assert all(s.detections for s in run.rec.scans)  # the one detector screened every lane
    db = sqlite3.connect(run.station.db_path)
    rows = db.execute("SELECT lane, source_name FROM scans ORDER BY rowid").fetchall()
    assert [r[0] for r in rows] == lanes
    assert {r[1][0] for r in rows if r[0] == "2"} == {"b"}

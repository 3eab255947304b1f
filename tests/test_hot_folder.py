"""The hot-folder feed through the real station: real files written into a real folder, a real
ONNX model, the real SQLite log and ingest ledger."""

from __future__ import annotations

import os
import time
from pathlib import Path

import cv2
import numpy as np
from feed_harness import Harness, write_scan

SHARED = Path(__file__).resolve().parents[2] / "shared"

CLASSES = ["knife"]


def _hot(folder: Path, **extra) -> dict:
    return {
        "type": "hot_folder",
        "lane": "A",
        "folder": str(folder),
        "stable_ms": 150,
        "rescan_s": 0.3,
        **extra,
    }


def test_a_growing_file_is_taken_once_complete_and_arrival_order_is_kept(
    tmp_path: Path, fixed_box_model
) -> None:
    model = fixed_box_model([], CLASSES)
    folder = tmp_path / "in"
    folder.mkdir()
    with Harness(model, [_hot(folder)]) as run:
        run.run_until(lambda: run.rec.ready)
        names = [f"p{i:02d}.png" for i in range(6)]
        for index, name in enumerate(names[:3]):
            write_scan(folder / name, 10 + index)
            time.sleep(0.02)
        # A scanner writing slowly: half the bytes, a pause longer than a listing, the rest.
        _, encoded = cv2.imencode(".png", np.full((300, 400, 3), 77, np.uint8))
        data = encoded.tobytes()
        with open(folder / names[3], "wb") as handle:
            handle.write(data[: len(data) // 2])
            handle.flush()
            time.sleep(0.1)
            for start in range(len(data) // 2, len(data), 64):  # keeps growing past stable_ms/2
                handle.write(data[start : start + 64])
                handle.flush()
                time.sleep(0.002)
        for index, name in enumerate(names[4:]):
            time.sleep(0.02)
            write_scan(folder / name, 50 + index)
        run.run_until(lambda: run.rec.settled == 6)
        time.sleep(0.5)  # nothing is taken twice
        run.events.run_pending()
    assert not run.rec.refused and not run.rec.failures
    assert [s.scan.meta["path"].rsplit("/", 1)[1] for s in run.rec.scans] == names
    grown = run.rec.scans[3]
    assert grown.scan.size == (400, 300)  # the whole file, never a truncated read
    rows = run.scans()
    assert [r[3] for r in rows] == names and {r[1] for r in rows} == {"A"}
    assert rows[0][4] == str(folder / names[0])
    assert [r[2] for r in run.ledger()] == ["screened"] * 6
    assert sorted(p.name for p in folder.iterdir()) == names  # "leave": files stay


def test_rename_mode_ignores_temporary_names(tmp_path: Path, fixed_box_model) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    with Harness(fixed_box_model([], CLASSES), [_hot(folder, complete_when="rename")]) as run:
        run.run_until(lambda: run.rec.ready)
        write_scan(folder / "a.png", 1).rename(folder / "a.png.part")
        (folder / ".b.png").write_bytes((folder / "a.png.part").read_bytes())
        time.sleep(0.8)
        run.events.run_pending()
        assert run.rec.settled == 0
        (folder / "a.png.part").rename(folder / "a.png")
        run.run_until(lambda: run.rec.settled == 1)
    assert run.scans()[0][3] == "a.png" and run.rec.scans


def test_marker_mode_waits_for_the_sidecar_and_archives(tmp_path: Path, fixed_box_model) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    feed = _hot(folder, complete_when="marker", after="archive")
    with Harness(fixed_box_model([], CLASSES), [feed]) as run:
        run.run_until(lambda: run.rec.ready)
        write_scan(folder / "a.png", 1)
        time.sleep(0.8)
        run.events.run_pending()
        assert run.rec.settled == 0
        (folder / "a.png.done").write_text("")
        run.run_until(lambda: run.rec.settled == 1)
        deadline = time.monotonic() + 5
        while (folder / "a.png").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    assert (folder / "processed" / "a.png").exists()
    assert not (folder / "a.png").exists() and not (folder / "a.png.done").exists()


def test_exact_duplicates_are_skipped_with_a_ledger_row(tmp_path: Path, fixed_box_model) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    with Harness(fixed_box_model([], CLASSES), [_hot(folder, after="archive")]) as run:
        run.run_until(lambda: run.rec.ready)
        write_scan(folder / "first.png", 5)
        write_scan(folder / "again.png", 5)  # the same bytes under another name
        write_scan(folder / "other.png", 6)
        run.run_until(lambda: len(run.ledger()) == 3)
        time.sleep(0.5)
        run.events.run_pending()
    ledger = run.ledger()
    assert sorted(r[2] for r in ledger) == ["duplicate", "screened", "screened"]
    duplicate = next(r for r in ledger if r[2] == "duplicate")
    assert duplicate[3] == next(r[3] for r in ledger if r[2] == "screened" and r[1] != "other.png")
    assert len(run.rec.scans) == 2 and len(run.scans()) == 2
    assert sorted(p.name for p in (folder / "processed").iterdir()) == [
        "again.png",
        "first.png",
        "other.png",
    ]


def test_refused_files_go_to_quarantine_with_a_reason(tmp_path: Path, fixed_box_model) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    with Harness(fixed_box_model([], CLASSES), [_hot(folder)]) as run:
        run.run_until(lambda: run.rec.ready)
        (folder / "garbage.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(300))
        os.mkfifo(folder / "pipe.png")  # reading it would block the lane forever
        write_scan(folder / "good.png", 9)
        run.run_until(lambda: run.rec.settled == 3)
        deadline = time.monotonic() + 5
        while (folder / "pipe.png").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    assert len(run.rec.scans) == 1 and len(run.rec.refused) == 2
    quarantine = folder / "quarantine"
    assert {p.name for p in quarantine.iterdir()} == {
        "garbage.png",
        "garbage.png.reason.txt",
        "pipe.png",
        "pipe.png.reason.txt",
    }
    assert "not a regular file" in (quarantine / "pipe.png.reason.txt").read_text()
    refused = {r[3]: r for r in run.scans() if r[2] == "quarantined"}
    assert set(refused) == {"garbage.png", "pipe.png"} and refused["pipe.png"][1] == "A"
    assert all(r[5] for r in refused.values())  # the reason is in the log
    assert sorted(r[2] for r in run.ledger()) == ["quarantined", "quarantined", "screened"]


def test_the_folder_vanishes_and_returns(tmp_path: Path, fixed_box_model) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    with Harness(fixed_box_model([], CLASSES), [_hot(folder)]) as run:
        run.run_until(lambda: run.rec.ready)
        write_scan(folder / "one.png", 1)
        run.run_until(lambda: run.rec.settled == 1)
        folder.rename(tmp_path / "away")  # the share drops
        run.run_until(lambda: any(not s.ok for s in run.rec.statuses), timeout_s=10)
        assert "cannot be reached" in run.rec.statuses[-1].text
        write_scan(tmp_path / "away" / "two.png", 2)  # written while unreachable
        (tmp_path / "away").rename(folder)
        run.run_until(lambda: run.rec.settled == 2, timeout_s=10)
    assert [s.ok for s in run.rec.statuses] == [False, True]
    assert [r[3] for r in run.scans()] == ["one.png", "two.png"]


def test_files_that_arrived_while_closed_are_taken_once(tmp_path: Path, fixed_box_model) -> None:
    model = fixed_box_model([], CLASSES)
    folder = tmp_path / "in"
    folder.mkdir()
    write_scan(folder / "before1.png", 1)
    write_scan(folder / "before2.png", 2)
    with Harness(model, [_hot(folder)]) as run:
        run.run_until(lambda: run.rec.settled == 2)
    write_scan(folder / "closed1.png", 3)  # the app is closed
    write_scan(folder / "closed2.png", 4)
    with Harness(model, [_hot(folder)]) as again:
        again.run_until(lambda: again.rec.settled == 2)
        time.sleep(0.6)
        again.events.run_pending()
    assert [s.scan.meta["path"].rsplit("/", 1)[1] for s in again.rec.scans] == [
        "closed1.png",
        "closed2.png",
    ]
    assert len(again.ledger()) == 4 and len(again.scans()) == 4


def test_a_low_high_pair_is_one_scan_and_a_lone_half_is_set_aside(
    tmp_path: Path, fixed_box_model
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    rng = np.random.default_rng(1)
    high = rng.integers(20000, 60000, (120, 200), np.uint16)
    low = (high * 0.6).astype(np.uint16)
    feed = _hot(folder, after="archive", report_wait_s=0.6)
    with Harness(fixed_box_model([], CLASSES), [feed]) as run:
        run.run_until(lambda: run.rec.ready)
        cv2.imwrite(str(folder / "P7_high.png"), high)
        time.sleep(0.4)  # the partner comes a little later: the first half waits for it
        cv2.imwrite(str(folder / "P7_low.png"), low)
        cv2.imwrite(str(folder / "P8_low.png"), low[::-1].copy())  # its high never comes
        run.run_until(lambda: run.rec.settled == 2, timeout_s=15)
    scan = run.rec.scans[0].scan
    assert scan.low is not None and scan.high is not None and scan.size == (200, 120)
    assert np.array_equal(scan.high, high) and np.array_equal(scan.low, low)
    assert "the high-energy half of P8 never arrived" in run.rec.refused[0].reason
    ledger = run.ledger()
    assert sorted((r[1], r[2]) for r in ledger) == [
        ("P7_high.png", "screened"),
        ("P7_low.png", "screened"),
        ("P8_low.png", "quarantined"),
    ]
    assert len({r[3] for r in ledger if r[1].startswith("P7")}) == 1  # one scan, both files
    assert sorted(p.name for p in (folder / "processed").iterdir()) == [
        "P7_high.png",
        "P7_low.png",
    ]
    assert (folder / "quarantine" / "P8_low.png.reason.txt").exists()


def test_a_threat_report_whose_image_never_came_is_set_aside(
    tmp_path: Path, fixed_box_model
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    sample = SHARED / "samples" / "dicos" / "SimpleBaggageTDR.dcs"
    with Harness(fixed_box_model([], CLASSES), [_hot(folder, report_wait_s=0.5)]) as run:
        run.run_until(lambda: run.rec.ready)
        (folder / "alarm.dcs").write_bytes(sample.read_bytes())
        run.run_until(lambda: run.rec.settled == 1, timeout_s=15)
    refused = run.rec.refused[0]
    assert "threat report" in refused.reason and "image never came" in refused.reason
    assert run.scans()[0][2:4] == ("quarantined", "alarm.dcs")
    assert (folder / "quarantine" / "alarm.dcs.reason.txt").exists()

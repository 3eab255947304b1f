"""Dual-view scanners in a hot folder, through the real station: NAME_top.* and NAME_side.*
become one parcel with two views; a view that never comes, or cannot be read, does not cost the
parcel its other view."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import cv2
import numpy as np
from feed_harness import Harness, write_scan

CLASSES = ["knife"]


def _hot(folder: Path, **extra) -> dict:
    return {
        "type": "hot_folder",
        "lane": "V",
        "folder": str(folder),
        "stable_ms": 120,
        "rescan_s": 0.3,
        "after": "archive",
        **extra,
    }


def _children(db: Path) -> dict[str, str]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT scan_id, parent_scan_id FROM scans WHERE parent_scan_id IS NOT NULL"
        )
        return dict(rows.fetchall())
    finally:
        conn.close()


def test_top_and_side_become_one_parcel_and_a_lone_view_is_screened_with_a_note(
    tmp_path: Path, fixed_box_model
) -> None:
    folder = tmp_path / "scanner"
    folder.mkdir()
    model = fixed_box_model([(0, 0.5, 0.5, 0.2, 0.2, 0.9)], CLASSES)
    with Harness(model, [_hot(folder, report_wait_s=1.0)]) as run:
        run.run_until(lambda: run.rec.ready)
        write_scan(folder / "P1_side.png", 20, size=(120, 60))
        time.sleep(0.5)  # the top view comes later: the side view waits for it
        write_scan(folder / "P1_top.png", 10, size=(120, 80))
        write_scan(folder / "P2_top.png", 30)  # its side view never comes
        write_scan(folder / "single.png", 40)
        run.run_until(lambda: run.rec.settled == 3, timeout_s=20)
        time.sleep(0.4)
        run.events.run_pending()
    assert not run.rec.refused and not run.rec.failures
    by_file = {Path(s.scan.meta["path"]).name: s for s in run.rec.scans}
    assert list(by_file) == ["P1_top.png", "single.png", "P2_top.png"]  # P2 after its wait
    parcel = by_file["P1_top.png"]
    assert parcel.scan.size == (120, 80) and parcel.second is not None
    assert parcel.scan.second_view is not None and parcel.scan.second_view.size == (120, 60)
    assert parcel.scan.second_view.lane == "V" and parcel.second.detections  # screened too
    lone = by_file["P2_top.png"]
    assert lone.scan.second_view is None
    assert lone.warning.startswith("The side view of P2 never arrived (waited 1 s)")
    assert "screened with its top view alone" in lone.warning
    assert by_file["single.png"].warning == ""
    ledger = {name: (status, scan_id) for _, name, status, scan_id in run.ledger()}
    assert ledger["P1_top.png"] == ledger["P1_side.png"] == ("screened", parcel.scan.scan_id)
    assert _children(run.station.db_path) == {f"{parcel.scan.scan_id}-2": parcel.scan.scan_id}
    logged = {r[3]: r for r in run.scans()}
    assert set(logged) == {"P1_top.png", "single.png", "P2_top.png"}  # one row per parcel
    assert "never arrived" in logged["P2_top.png"][5]  # the note is on record with the scan
    assert sorted(p.name for p in (folder / "processed").iterdir()) == [
        "P1_side.png",
        "P1_top.png",
        "P2_top.png",
        "single.png",
    ]


def test_views_of_dual_energy_pairs_and_a_view_that_cannot_be_read(
    tmp_path: Path, fixed_box_model
) -> None:
    folder = tmp_path / "scanner"
    folder.mkdir()
    rng = np.random.default_rng(7)
    channels = {
        name: rng.integers(9000, 60000, (64, 96), np.uint16)
        for name in ("top_low", "top_high", "side_low", "side_high")
    }
    with Harness(fixed_box_model([], CLASSES), [_hot(folder, report_wait_s=30)]) as run:
        run.run_until(lambda: run.rec.ready)
        for name, channel in channels.items():  # four files, one parcel
            cv2.imwrite(str(folder / f"B7_{name}.png"), channel)
            time.sleep(0.05)
        write_scan(folder / "B8_top.png", 50)
        (folder / "B8_side.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x01" * 40)  # damaged
        run.run_until(lambda: run.rec.settled == 3, timeout_s=20)
    parcel = next(s for s in run.rec.scans if s.scan.second_view is not None)
    assert np.array_equal(parcel.scan.low, channels["top_low"])
    side = parcel.scan.second_view
    assert side is not None and np.array_equal(side.high, channels["side_high"])
    ledger = {name: scan_id for _, name, _, scan_id in run.ledger()}
    assert {ledger[f"B7_{n}.png"] for n in channels} == {parcel.scan.scan_id}
    alone = next(s for s in run.rec.scans if s.scan.second_view is None)
    assert alone.warning.startswith("The side view of B8 could not be read (set aside)")
    assert run.rec.refused[0].meta["ingest"].name == "B8_side.png"
    assert (folder / "quarantine" / "B8_side.png.reason.txt").exists()

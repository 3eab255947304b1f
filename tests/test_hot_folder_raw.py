"""Headerless raw dual-energy pairs in a hot folder, through the real station: real `.raw`
files written (slowly, out of order) into a real folder, the real model, log and ledger."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from feed_harness import Harness

CLASSES = ["knife"]
WIDTH = 64


def _hot(folder: Path, **extra) -> dict:
    return {
        "type": "hot_folder",
        "lane": "R",
        "folder": str(folder),
        "stable_ms": 150,
        "rescan_s": 0.3,
        "after": "archive",
        **extra,
    }


def _channel(seed: int, rows: int, top: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(top // 4, top, (rows, WIDTH), dtype=np.uint16)


def _write_slowly(path: Path, data: bytes) -> None:
    """A line-scan scanner writes a parcel as the belt moves: rows arrive over time."""
    with open(path, "wb") as handle:
        step = len(data) // 4
        for start in range(0, len(data), step):
            handle.write(data[start : start + step])
            handle.flush()
            time.sleep(0.05)


def test_raw_pairs_with_a_geometry_become_scans_and_bad_ones_are_set_aside(
    tmp_path: Path, fixed_box_model
) -> None:
    folder = tmp_path / "scanner"
    folder.mkdir()
    raw = {"width": WIDTH, "bits": 12, "byte_order": "big"}
    low, high = _channel(1, 90, 4095), _channel(2, 90, 4095)  # distinct: no file is a copy
    with Harness(fixed_box_model([], CLASSES), [_hot(folder, raw=raw, report_wait_s=0.8)]) as run:
        run.run_until(lambda: run.rec.ready)
        _write_slowly(folder / "BAG1_high.raw", high.astype(">u2").tobytes())
        time.sleep(0.4)  # the other half comes later: the first one waits for it
        _write_slowly(folder / "BAG1_low.raw", low.astype(">u2").tobytes())
        (folder / "BAG2_low.raw").write_bytes(_channel(6, 90, 4095).astype(">u2").tobytes())
        short = low.astype(">u2").tobytes()[:-10]  # not a whole number of rows
        (folder / "BAG3_low.raw").write_bytes(short)
        (folder / "BAG3_high.raw").write_bytes(short[::-1])
        hot = low | 0x1000  # 13 bits set: not a 12-bit board
        (folder / "BAG4_low.raw").write_bytes(hot.astype(">u2").tobytes())
        (folder / "BAG4_high.raw").write_bytes((hot + 1).astype(">u2").tobytes())
        (folder / "lonely.raw").write_bytes(short[:-WIDTH])  # no pair name at all
        run.run_until(lambda: run.rec.settled == 5, timeout_s=30)
        time.sleep(0.5)
        run.events.run_pending()
    assert not run.rec.failures and len(run.rec.scans) == 1
    scan = run.rec.scans[0].scan
    assert scan.size == (WIDTH, 90) and scan.low is not None and scan.high is not None
    scale = 65535 / 4095  # 12-bit samples at the full 16-bit transmission scale
    assert np.array_equal(scan.low, np.round(low * scale).astype(np.uint16))
    assert np.array_equal(scan.high, np.round(high * scale).astype(np.uint16))
    reasons = {r.meta["ingest"].name: r.reason for r in run.rec.refused}
    assert "the high-energy half of BAG2 never arrived" in reasons["BAG2_low.raw"]
    assert "not a whole number of 64-pixel rows" in reasons["BAG3_low.raw"]
    assert "above the 12-bit range" in reasons["BAG4_low.raw"]
    assert "not half of a low/high pair" in reasons["lonely.raw"]
    ledger = {name: (status, scan_id) for _, name, status, scan_id in run.ledger()}
    assert ledger["BAG1_low.raw"] == ledger["BAG1_high.raw"] == ("screened", scan.scan_id)
    assert ledger["BAG3_low.raw"][1] == ledger["BAG3_high.raw"][1]  # one pair, one set-aside
    assert {s for s, _ in ledger.values()} == {"screened", "quarantined"} and len(ledger) == 8
    assert sorted(p.name for p in (folder / "processed").iterdir()) == [
        "BAG1_high.raw",
        "BAG1_low.raw",
    ]
    text = (folder / "quarantine" / "BAG2_low.raw.reason.txt").read_text()
    assert "the high-energy half of BAG2 never arrived" in text


def test_raw_samples_that_look_like_a_signature_are_still_raw(
    tmp_path: Path, fixed_box_model
) -> None:
    folder = tmp_path / "scanner"
    folder.mkdir()
    low, high = _channel(3, 40, 65535), _channel(4, 40, 65535)
    low[0, 0] = 0x4D42  # little-endian "BM": a BMP header to anything that sniffs
    with Harness(fixed_box_model([], CLASSES), [_hot(folder, raw={"width": WIDTH})]) as run:
        run.run_until(lambda: run.rec.ready)
        (folder / "p_low.raw").write_bytes(low.astype("<u2").tobytes())
        (folder / "p_high.raw").write_bytes(high.astype("<u2").tobytes())
        run.run_until(lambda: run.rec.settled == 1, timeout_s=20)
    assert not run.rec.refused
    assert np.array_equal(run.rec.scans[0].scan.low, low)


def test_without_the_raw_setting_a_raw_file_is_set_aside_naming_it(
    tmp_path: Path, fixed_box_model
) -> None:
    folder = tmp_path / "scanner"
    folder.mkdir()
    data = _channel(5, 40, 65535).astype("<u2").tobytes()
    with Harness(fixed_box_model([], CLASSES), [_hot(folder, report_wait_s=60)]) as run:
        run.run_until(lambda: run.rec.ready)
        (folder / "p_low.raw").write_bytes(data)  # set aside at once: no wait for a partner
        run.run_until(lambda: run.rec.settled == 1, timeout_s=20)
    reason = run.rec.refused[0].reason
    assert reason.startswith("p_low.raw: a headerless .raw file") and "set `raw`" in reason
    assert "set `raw`" in (folder / "quarantine" / "p_low.raw.reason.txt").read_text()
    assert run.ledger()[0][1:3] == ("p_low.raw", "quarantined")

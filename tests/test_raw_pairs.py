"""Raw dual-energy pairs: pairing by a naming rule, and decoding a low/high pair."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
import tifffile

from inspector_app.domain import Scan
from inspector_app.feeds.base import ScanFailure
from inspector_app.feeds.files import read_scan_file, read_scan_pair
from inspector_app.imaging.raw_pairs import PairRule, RawGeometry, decode_channel, pair_files


def test_pairs_singles_and_halves_still_waiting() -> None:
    arrived = [Path(n) for n in ("a_low.png", "x.png", "B_HIGH.tif", "a_high.png", "c_low.raw")]
    arrived.append(Path("b_low.png"))
    pairing = pair_files(arrived)
    assert pairing.pairs == [
        (Path("a_low.png"), Path("a_high.png")),
        (Path("b_low.png"), Path("B_HIGH.tif")),  # case-insensitive, extensions may differ
    ]
    assert pairing.singles == [Path("x.png")]
    assert pairing.waiting == [Path("c_low.raw")]


def test_a_configured_rule_and_a_resent_half() -> None:
    rule = PairRule(low="*-LE.raw", high="*-HE.raw")
    names = ["p1-LE.raw", "p1-LE.raw", "p1-HE.raw", "p1_low.png"]
    pairing = pair_files([Path(n) for n in names], rule)
    assert pairing.pairs == [(Path("p1-LE.raw"), Path("p1-HE.raw"))]
    assert pairing.waiting == [Path("p1-LE.raw")]  # the re-sent half waits for its own partner
    assert pairing.singles == [Path("p1_low.png")]  # the default rule is not in force
    with pytest.raises(ValueError, match="needs a"):
        PairRule(low="low.png")


def _ramp(value: int) -> np.ndarray:
    return np.tile(np.linspace(value, value + 9000, 40).astype(np.uint16), (24, 1))


def test_16bit_png_pair_becomes_one_dual_energy_scan(tmp_path: Path) -> None:
    low, high = tmp_path / "bag_low.png", tmp_path / "bag_high.png"
    cv2.imwrite(str(low), _ramp(20000))
    cv2.imwrite(str(high), _ramp(40000))
    scan = read_scan_pair(low, high, "hot")
    assert isinstance(scan, Scan) and scan.low is not None and scan.high is not None
    assert np.array_equal(scan.low, _ramp(20000)) and np.array_equal(scan.high, _ramp(40000))
    assert scan.image.shape == (24, 40, 3) and scan.meta["pair"] == [str(low), str(high)]
    kept = tmp_path / "kept.tif"  # the evidence kept reads back as the same pair
    kept.write_bytes(scan.original or b"")
    again = read_scan_file(kept, "hot")
    assert isinstance(again, Scan) and again.low is not None
    assert np.array_equal(again.low, scan.low)


def test_headerless_raw_pair_with_a_geometry(tmp_path: Path) -> None:
    low, high = tmp_path / "p_low.raw", tmp_path / "p_high.raw"
    low.write_bytes(_ramp(1000).astype("<u2").tobytes())
    high.write_bytes(_ramp(3000).astype("<u2").tobytes())
    scan = read_scan_pair(low, high, "hot", geometry=RawGeometry(width=40))
    assert isinstance(scan, Scan) and scan.low is not None
    assert np.array_equal(scan.low, _ramp(1000))
    wrong = read_scan_pair(low, high, "hot", geometry=RawGeometry(width=33))
    assert isinstance(wrong, ScanFailure) and "whole number" in wrong.reason
    unknown = read_scan_pair(low, high, "hot")
    assert isinstance(unknown, ScanFailure) and "unknown format" in unknown.reason


def test_mismatched_or_colour_halves_are_refused_in_words(tmp_path: Path) -> None:
    low, high = tmp_path / "m_low.tif", tmp_path / "m_high.tif"
    tifffile.imwrite(low, _ramp(1000))
    tifffile.imwrite(high, _ramp(1000)[:, :20])
    failure = read_scan_pair(low, high, "hot")
    assert isinstance(failure, ScanFailure) and "differ in size" in failure.reason
    colour = tmp_path / "c_high.png"
    cv2.imwrite(str(colour), np.zeros((24, 40, 3), np.uint8))
    failure = read_scan_pair(low, colour, "hot")
    assert isinstance(failure, ScanFailure) and "one grey channel" in failure.reason
    failure = read_scan_pair(low, tmp_path / "gone_high.tif", "hot")
    assert isinstance(failure, ScanFailure) and "gone" in failure.reason


def test_raw_samples_are_never_sniffed_and_fewer_bits_reach_full_scale() -> None:
    samples = np.full((10, 16), 0x4D42, np.uint16)  # little-endian "BM": a BMP to a sniffer
    samples[0, :3] = (0, 8191, 16383)
    geometry = RawGeometry(width=16, dtype="<u2", bits=14)
    with pytest.raises(Exception, match="above the 14-bit range"):
        decode_channel(samples.astype("<u2").tobytes(), geometry=geometry, headerless=True)
    samples[samples > 16383] = 100
    array = decode_channel(samples.astype("<u2").tobytes(), geometry=geometry, headerless=True)
    assert array.dtype == np.uint16 and list(array[0, :3]) == [0, 32765, 65535]
    big = RawGeometry(width=16, dtype=">u2")
    assert np.array_equal(decode_channel(samples.astype(">u2").tobytes(), geometry=big), samples)

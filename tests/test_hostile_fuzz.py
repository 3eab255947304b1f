"""Fuzzing the decoders with mutated real files: any bytes end as an image or a plain error.

Random bytes rarely get past the magic numbers; mutating real PNG, JPEG, BMP, TIFF and DICOS
files reaches the header parsers and the decoders behind them, where the old faults were.
"""

from __future__ import annotations

import io
import math
import warnings
from functools import cache
from pathlib import Path

import cv2
import numpy as np
import pytest
import tifffile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector_app.imaging import dicos
from inspector_app.imaging.decode import ImageDecodeError, decode_bytes
from inspector_app.imaging.raw_pairs import RawGeometry, decode_channel
from inspector_app.imaging.safe_read import ReadLimits

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples" / "dicos"
SMALL = ReadLimits(max_pixels=4_000_000, max_decoded_bytes=64 * 1024 * 1024)


@cache
def seeds() -> tuple[bytes, ...]:
    image = np.tile(np.arange(0, 64, dtype=np.uint16) * 1000, (48, 1))
    files = [
        cv2.imencode(s, (image // 257).astype(np.uint8))[1].tobytes() for s in (".jpg", ".bmp")
    ]
    files.append(cv2.imencode(".png", image)[1].tobytes())
    for array in (image, np.stack([image, image // 2])):
        buffer = io.BytesIO()
        tifffile.imwrite(buffer, array, compression="zlib")
        files.append(buffer.getvalue())
    if SAMPLES.is_dir():
        files += [
            (SAMPLES / n).read_bytes() for n in ("SimpleProcessingDX.dcs", "SimpleCT0000.dcs")
        ]
    return tuple(files)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(seeds())))
    for _ in range(draw(st.integers(1, 6))):
        action = draw(st.sampled_from(["flip", "cut", "insert", "big"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if action == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[at : at + draw(st.integers(1, 512))]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif data:  # a size field or count made huge, as bombs do
            data[at : at + 4] = b"\xff\xff\x7f\x00"
    return bytes(data)


def _check(decode: object, data: bytes) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = decode(data)  # type: ignore[operator]
    except (ImageDecodeError, dicos.DicosError) as exc:
        text = str(exc)
        assert text and "Traceback" not in text and len(text) < 400
        return
    array = getattr(result, "rgb", result)
    assert isinstance(array, np.ndarray) and array.ndim in (2, 3)
    assert array.shape[0] * array.shape[1] <= SMALL.max_pixels


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_files_never_crash_decode_bytes(data: bytes) -> None:
    _check(lambda d: decode_bytes(d, limits=SMALL), data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(mutated(), st.binary(max_size=4096)))
def test_mutated_files_never_crash_the_pair_channel_decoder(data: bytes) -> None:
    _check(lambda d: decode_channel(d, limits=SMALL, geometry=RawGeometry(width=64)), data)


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="DICOS samples not present")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_threat_reports_give_cues_or_a_plain_error(data: st.DataObject) -> None:
    report = bytearray((SAMPLES / "MultiplePTOsTDR.dcs").read_bytes())
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(132, len(report) - 1))
        report[at] = data.draw(st.integers(0, 255))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cues = dicos.vendor_cues(bytes(report))
            uids = dicos.referenced_uids(bytes(report))
    except dicos.DicosError as exc:
        assert "DICOS" in str(exc) or "report" in str(exc)
        return
    assert all(math.isfinite(v) for c in cues for v in c.box.as_list())  # drawable boxes
    assert all(isinstance(u, str) for u in uids)

"""Decoding real image files, and clear errors for the broken ones."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
import tifffile
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector_app.imaging.decode import ImageDecodeError, decode_bytes, decode_file, to_display_rgb


def _write_png(path: Path, array: np.ndarray) -> Path:
    assert cv2.imwrite(str(path), array)
    return path


def test_colour_png_comes_back_as_rgb(tmp_path: Path) -> None:
    bgr = np.zeros((20, 30, 3), np.uint8)
    bgr[..., 2] = 200  # red in OpenCV's BGR order
    decoded = decode_file(_write_png(tmp_path / "red.png", bgr))
    assert decoded.rgb.shape == (20, 30, 3)
    assert decoded.rgb[0, 0].tolist() == [200, 0, 0]
    assert decoded.low is None


def test_16bit_grey_png_is_windowed_not_truncated(tmp_path: Path) -> None:
    ramp = np.tile(np.linspace(1000, 60000, 64).astype(np.uint16), (16, 1))
    decoded = decode_file(_write_png(tmp_path / "grey16.png", ramp))
    grey = decoded.rgb[..., 0]
    assert grey[0, 0] < 5 and grey[0, -1] > 250  # full 8-bit range used
    assert np.all(np.diff(grey[0].astype(int)) >= 0)  # order of intensities kept


def test_rgba_png_drops_alpha(tmp_path: Path) -> None:
    bgra = np.full((10, 10, 4), 90, np.uint8)
    assert decode_file(_write_png(tmp_path / "a.png", bgra)).rgb.shape == (10, 10, 3)


def test_two_page_16bit_tiff_is_read_as_dual_energy(tmp_path: Path) -> None:
    low = np.full((32, 48), 20000, np.uint16)
    high = np.full((32, 48), 40000, np.uint16)
    path = tmp_path / "pair.tif"
    tifffile.imwrite(path, np.stack([low, high]))
    decoded = decode_file(path)
    assert decoded.low is not None and decoded.high is not None
    assert np.array_equal(decoded.low, low) and np.array_equal(decoded.high, high)
    assert decoded.rgb.shape == (32, 48, 3) and decoded.rgb.dtype == np.uint8


@pytest.mark.parametrize("suffix", [".png", ".jpg"])
def test_half_written_file_is_refused_with_a_reason(tmp_path: Path, suffix: str) -> None:
    image = np.random.default_rng(0).integers(0, 255, (64, 64, 3), np.uint8)
    ok, data = cv2.imencode(suffix, image)
    assert ok
    path = tmp_path / f"half{suffix}"
    path.write_bytes(data.tobytes()[: len(data) // 2])
    with pytest.raises(ImageDecodeError, match="incomplete"):
        decode_file(path)


def test_empty_missing_and_garbage_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    with pytest.raises(ImageDecodeError, match="empty"):
        decode_file(empty)
    with pytest.raises(ImageDecodeError, match="not found"):
        decode_file(tmp_path / "nope.png")
    garbage = tmp_path / "garbage.png"
    garbage.write_bytes(b"this is not an image at all" * 10)
    with pytest.raises(ImageDecodeError, match="not a readable image"):
        decode_file(garbage)
    broken_tiff = tmp_path / "broken.tif"
    broken_tiff.write_bytes(b"II*\x00" + b"\xff" * 40)
    with pytest.raises(ImageDecodeError, match="TIFF"):
        decode_file(broken_tiff)


def test_huge_image_is_refused_before_any_work() -> None:
    huge = np.broadcast_to(np.uint8(0), (20000, 10000))  # no memory allocated
    with pytest.raises(ImageDecodeError, match="too large"):
        to_display_rgb(huge, bgr_order=False)


def test_nan_pixels_are_refused() -> None:
    data = np.ones((16, 16), np.float32)
    data[3, 3] = np.nan
    with pytest.raises(ImageDecodeError, match="invalid"):
        to_display_rgb(data, bgr_order=False)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_never_crash_the_decoder(data: bytes) -> None:
    """Fuzz: any input either decodes to an RGB image or raises ImageDecodeError."""
    try:
        decoded = decode_bytes(data)
    except ImageDecodeError:
        return
    assert decoded.rgb.ndim == 3 and decoded.rgb.shape[2] == 3


def test_headers_give_the_size_without_decoding(tmp_path: Path) -> None:
    from inspector_app.imaging.header import read_header

    grey16 = np.zeros((30, 50), np.uint16)
    png = read_header(cv2.imencode(".png", grey16)[1].tobytes())
    assert png is not None and (png.width, png.height, png.bytes_per_sample) == (50, 30, 2)
    jpeg = read_header(cv2.imencode(".jpg", np.zeros((31, 51, 3), np.uint8))[1].tobytes())
    assert jpeg is not None and (jpeg.width, jpeg.height, jpeg.samples) == (51, 31, 3)
    bmp = read_header(cv2.imencode(".bmp", np.zeros((32, 52), np.uint8))[1].tobytes())
    assert bmp is not None and (bmp.width, bmp.height) == (52, 32)
    path = tmp_path / "pair.tif"
    tifffile.imwrite(path, np.zeros((2, 33, 53), np.uint16))
    tiff = read_header(path.read_bytes())
    assert tiff is not None and (tiff.width, tiff.height, tiff.frames) == (53, 33, 2)
    assert read_header(b"GIF89a" + bytes(64)) is None  # unknown formats are not decoded at all


def test_bombs_are_refused_from_the_header_before_decoding() -> None:
    from hostile_corpus import png_bytes

    from inspector_app.imaging.safe_read import ReadLimits

    # 16-bit RGBA 32000x32000 would decode to 8 GB; only 4 rows of data are present.
    with pytest.raises(ImageDecodeError, match="too large"):
        decode_bytes(png_bytes(32000, 32000, 16, 6, rows=4))
    jpeg = bytearray(cv2.imencode(".jpg", np.zeros((16, 16), np.uint8))[1].tobytes())
    sof = jpeg.find(b"\xff\xc0")
    jpeg[sof + 5 : sof + 9] = (32000).to_bytes(2, "big") * 2
    with pytest.raises(ImageDecodeError, match="32000x32000"):
        decode_bytes(bytes(jpeg))
    # The decoded-bytes cap refuses what the pixel cap alone would let through.
    limits = ReadLimits(max_decoded_bytes=10 * 1024 * 1024)
    with pytest.raises(ImageDecodeError, match="MB to decode"):
        decode_bytes(png_bytes(2000, 2000, 16, 6, rows=2), limits=limits)
    assert decode_bytes(png_bytes(200, 100, 16, 0)).rgb.shape == (100, 200, 3)


def test_only_the_pages_used_are_decoded(tmp_path: Path) -> None:
    path = tmp_path / "many.tif"
    pages = np.stack([np.full((16, 16), i % 256, np.uint8) for i in range(300)])
    tifffile.imwrite(path, pages)
    decoded = decode_file(path)  # the first page is the image
    assert decoded.low is None and decoded.rgb.max() == 0
    planar = tmp_path / "planar.tif"
    pair = np.stack([np.full((16, 24), 1000, np.uint16), np.full((16, 24), 3000, np.uint16)])
    tifffile.imwrite(planar, pair, planarconfig="separate", photometric="minisblack")
    two_plane = decode_file(planar)
    assert two_plane.low is not None and two_plane.high is not None
    assert int(two_plane.low[0, 0]) == 1000 and int(two_plane.high[0, 0]) == 3000

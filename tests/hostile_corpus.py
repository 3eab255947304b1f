"""A corpus of hostile scan files, generated for the tests (and the memory bench).

Why: a hot folder is written by other machines and by people. Each case here is a file (or a
special file: pipe, socket, device link, loop) that once stopped or exhausted a screening feed,
or a close variant. `expect` says what reading it must give: "scan", "failure" or "either"
(a damaged file a decoder may still partly show). `words` is a fragment the failure reason must
contain, so a refusal for the wrong reason is caught too. Every file is built here from scratch
or from copies of the read-only DICOS samples; nothing is downloaded.
"""

from __future__ import annotations

import os
import shutil
import socket
import struct
import warnings
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import tifffile

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples" / "dicos"


@dataclass(frozen=True)
class Case:
    name: str
    expect: str  # "scan", "failure" or "either"
    words: str = ""  # a fragment the failure reason must contain


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_bytes(width: int, height: int, depth: int, colour: int, rows: int | None = None) -> bytes:
    """A PNG of zero pixels written row by row (no full array in memory); `rows` fewer than
    `height` writes a header that promises more than the data holds, as bombs do."""
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
    row = b"\x00" * (1 + width * channels * depth // 8)
    packer = zlib.compressobj(9)
    parts = [packer.compress(row) for _ in range(height if rows is None else rows)]
    idat = b"".join(parts) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


def _encoded(suffix: str, array: np.ndarray) -> bytes:
    ok, data = cv2.imencode(suffix, array)
    assert ok
    return data.tobytes()


def _scan_like(height: int = 96, width: int = 128, dtype: type = np.uint8) -> np.ndarray:
    rng = np.random.default_rng(7)
    top = 255 if dtype == np.uint8 else 60000
    base = np.linspace(top // 8, top, width, dtype=np.float64)[None, :].repeat(height, 0)
    return (base * rng.uniform(0.7, 1.0, (height, width))).astype(dtype)


def _jpeg_claiming(width: int, height: int) -> bytes:
    data = bytearray(_encoded(".jpg", _scan_like(16, 16)))
    sof = data.find(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def _bmp_claiming(width: int, height: int) -> bytes:
    data = bytearray(_encoded(".bmp", _scan_like(16, 16)))
    data[18:26] = struct.pack("<ii", width, height)
    return bytes(data)


def _tiff_bomb(path: Path) -> None:
    """3 MB on disk, 3.3 GB decoded: one zlib tile of zeros repeated 1600 times."""
    tile = zlib.compress(bytes(1024 * 1024 * 2), 9)
    tifffile.imwrite(
        path,
        (tile for _ in range(40 * 40)),
        shape=(40960, 40960),
        dtype="uint16",
        compression="zlib",
        tile=(1024, 1024),
    )


def _dicos(name: str) -> object:
    import pydicom

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pydicom.dcmread(SAMPLES / name)


def _save(ds: object, path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds.save_as(path)  # type: ignore[attr-defined]


def _dicos_cases(folder: Path) -> list[Case]:
    """Cases built from copies of the DICOS samples (skipped when they are not present)."""
    if not SAMPLES.is_dir():
        return []
    cases = [
        Case("good_dx.dcs", "scan"),
        Case("good_ct.dcs", "scan"),
        Case("palette_dx_without_colour_table.dcs", "scan"),
        Case("tdr_without_object_id.dcs", "failure", "threat report"),
        Case("tdr_roi_without_extents.dcs", "failure", "threat report"),
        Case("dx_truncated.dcs", "failure", "DICOS"),
        Case("dx_claiming_60000x60000.dcs", "failure", "too large"),
        Case("dx_without_rows.dcs", "failure", "no image"),
        Case("dicm_then_garbage.dcs", "failure", "DICOS"),
    ]
    shutil.copyfile(SAMPLES / "SimpleProcessingDX.dcs", folder / "good_dx.dcs")
    shutil.copyfile(SAMPLES / "SimpleCT0000.dcs", folder / "good_ct.dcs")
    palette = _dicos("SimpleColorPaletteDX.dcs")
    for keyword in list(palette.dir()):  # type: ignore[attr-defined]
        if "PaletteColor" in keyword:
            delattr(palette, keyword)
    _save(palette, folder / "palette_dx_without_colour_table.dcs")
    report = _dicos("MultiplePTOsTDR.dcs")
    del report[0x4010, 0x1011][0][0x4010, 0x1010]  # type: ignore[index]
    _save(report, folder / "tdr_without_object_id.dcs")
    report = _dicos("MultiplePTOsTDR.dcs")
    roi = report[0x4010, 0x1011][0][0x4010, 0x1037][0][0x4010, 0x1001][0]  # type: ignore[index]
    del roi[0x4010, 0x1005]
    _save(report, folder / "tdr_roi_without_extents.dcs")
    whole = (SAMPLES / "SimplePresentationDX.dcs").read_bytes()
    (folder / "dx_truncated.dcs").write_bytes(whole[: len(whole) // 2])
    big = _dicos("SimpleProcessingDX.dcs")
    big.Rows = big.Columns = 60000  # type: ignore[attr-defined]
    _save(big, folder / "dx_claiming_60000x60000.dcs")
    rowless = _dicos("SimpleProcessingDX.dcs")
    del rowless.Rows  # type: ignore[attr-defined]
    _save(rowless, folder / "dx_without_rows.dcs")
    (folder / "dicm_then_garbage.dcs").write_bytes(b"\x00" * 128 + b"DICM" + os.urandom(600))
    return cases


def build_corpus(folder: Path) -> list[Case]:
    """Write every static case into `folder` (which must exist) and list them."""
    f = folder
    cases: list[Case] = []

    def put(case: Case, make: Callable[[Path], object]) -> None:
        make(f / case.name)
        cases.append(case)

    def data(content: bytes) -> Callable[[Path], object]:
        return lambda path: path.write_bytes(content)

    good_png = _encoded(".png", _scan_like())
    good_jpg = _encoded(".jpg", _scan_like())
    # Good files, so a reader refusing everything is caught.
    put(Case("good_grey.png", "scan"), data(good_png))
    put(Case("good_rgb.png", "scan"), data(_encoded(".png", np.dstack([_scan_like()] * 3))))
    put(Case("good_16bit.png", "scan"), data(_encoded(".png", _scan_like(dtype=np.uint16))))
    put(Case("good.jpg", "scan"), data(good_jpg))
    put(Case("good.bmp", "scan"), data(_encoded(".bmp", _scan_like())))
    put(Case("good_rgb8.tif", "scan"), lambda p: tifffile.imwrite(p, np.dstack([_scan_like()] * 3)))
    put(Case("good_16bit.tif", "scan"), lambda p: tifffile.imwrite(p, _scan_like(dtype=np.uint16)))
    pair = np.stack([_scan_like(dtype=np.uint16), _scan_like(dtype=np.uint16) // 2])
    put(Case("good_two_page_pair.tif", "scan"), lambda p: tifffile.imwrite(p, pair))
    put(
        Case("good_two_plane_pair.tif", "scan"),
        lambda p: tifffile.imwrite(p, pair, planarconfig="separate", photometric="minisblack"),
    )
    pages = np.stack([_scan_like()] * 5)
    put(Case("good_five_pages.tif", "scan"), lambda p: tifffile.imwrite(p, pages))
    put(Case("float_0_to_1.tif", "scan"), lambda p: tifffile.imwrite(p, _scan_like() / 255.0))
    put(Case("png_named.jpg", "scan"), data(good_png))  # mislabelled, content decides
    put(Case("jpeg_named.tif", "scan"), data(good_jpg))
    put(Case("near_limit_40mp_16bit.png", "scan"), data(png_bytes(8000, 5000, 16, 0)))
    # Empty, truncated and mislabelled.
    put(Case("zero_byte.png", "failure", "empty"), data(b""))
    put(Case("truncated.png", "failure", "incomplete"), data(good_png[: len(good_png) // 2]))
    put(Case("truncated.jpg", "failure", "incomplete"), data(good_jpg[: len(good_jpg) // 2]))
    tif_bytes = (f / "good_16bit.tif").read_bytes()
    put(Case("truncated.tif", "failure", "TIFF"), data(tif_bytes[: len(tif_bytes) // 3]))
    put(Case("png_header_only.png", "failure", "PNG"), data(good_png[:20]))
    put(Case("text_named.png", "failure", "not a readable image"), data(b"hello " * 100))
    put(Case("random_bytes.jpg", "failure", "not a readable image"), data(os.urandom(4096)))
    put(Case("bmp_truncated.bmp", "failure", ""), data(_encoded(".bmp", _scan_like())[:100]))
    put(Case("tiff_no_pages.tif", "failure", "TIFF"), data(b"II*\x00\x00\x00\x00\x00"))
    damaged = bytearray(good_png)
    damaged[60:200] = os.urandom(140)
    put(Case("png_damaged_middle.png", "either"), data(bytes(damaged)))
    # Decompression bombs and absurd sizes: refused from the header, before decoding.
    put(
        Case("png_bomb_32000x32000_16bit.png", "failure", "too large"),
        data(png_bytes(32000, 32000, 16, 6, rows=4)),
    )
    put(Case("png_100_megapixel.png", "failure", "too large"), data(png_bytes(10000, 10000, 8, 0)))
    put(
        Case("jpeg_bomb_32000x32000.jpg", "failure", "too large"),
        data(_jpeg_claiming(32000, 32000)),
    )
    put(Case("jpeg_sof_zero_height.jpg", "failure", "height"), data(_jpeg_claiming(64, 0)))
    put(Case("bmp_claiming_50000.bmp", "failure", "too large"), data(_bmp_claiming(50000, 50000)))
    put(Case("tiff_bomb_40960x40960.tif", "failure", "too large"), _tiff_bomb)
    thousand = (np.full((20, 20), v % 256, np.uint8) for v in range(2000))
    put(
        Case("tiff_2000_pages.tif", "scan"),
        lambda p: tifffile.imwrite(p, thousand, shape=(2000, 20, 20), dtype="uint8"),
    )
    put(Case("one_pixel.png", "failure", "too small"), data(_encoded(".png", np.zeros((1, 1)))))
    put(Case("one_pixel.tif", "failure", "too small"), lambda p: tifffile.imwrite(p, np.ones(1)))
    nan = _scan_like().astype(np.float32)
    nan[5, 5] = np.nan
    put(Case("nan_float.tif", "failure", "NaN"), lambda p: tifffile.imwrite(p, nan))
    inf = _scan_like().astype(np.float32)
    inf[0, 0] = np.inf
    put(Case("inf_float.tif", "failure", "NaN"), lambda p: tifffile.imwrite(p, inf))
    nan_pair = np.stack([nan, nan])
    put(Case("nan_float_pair.tif", "failure", "NaN"), lambda p: tifffile.imwrite(p, nan_pair))
    # Over the size cap without using disk: a sparse file.
    put(
        Case("sparse_300mb.png", "failure", "too large"),
        lambda p: _sparse(p, 300 * 1024 * 1024),
    )
    # Special files and links.
    put(Case("named_pipe.png", "failure", "named pipe"), lambda p: os.mkfifo(p))
    put(Case("device_link.png", "failure", "outside"), lambda p: p.symlink_to("/dev/zero"))
    put(Case("folder.png", "failure", "folder"), lambda p: p.mkdir())
    put(Case("socket.png", "failure", "socket"), _make_socket)
    (f / "loop_b.png").symlink_to(f / "loop_a.png")
    put(Case("loop_a.png", "failure", "loop"), lambda p: p.symlink_to(f / "loop_b.png"))
    put(Case("dangling_link.png", "failure", "gone"), lambda p: p.symlink_to(f / "nowhere.png"))
    put(Case("link_inside.png", "scan"), lambda p: p.symlink_to(f / "good_grey.png"))
    outside = f.parent / f"{f.name}-outside.png"
    outside.write_bytes(good_png)
    put(Case("link_outside.png", "failure", "outside"), lambda p: p.symlink_to(outside))
    put(Case("deleted_before_read.png", "failure", "gone"), lambda p: None)
    cases.extend(_dicos_cases(f))
    return cases


def _sparse(path: Path, size: int) -> None:
    path.touch()
    os.truncate(path, size)


def _make_socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.close()  # the socket file stays in the folder


def read_all(folder: Path, names: list[str]) -> dict[str, object]:
    """Read every named file through `read_scan_file`, as the hot folder would (links allowed
    only inside `folder`); the outcome, reason and time of each, and the peak memory."""
    import json
    import resource
    import time

    from inspector_app.domain import Scan
    from inspector_app.feeds.files import read_scan_file
    from inspector_app.imaging.safe_read import DEFAULT_LIMITS

    limits = DEFAULT_LIMITS.within([folder])
    results = {}
    for name in names:
        start = time.monotonic()
        item = read_scan_file(folder / name, "hot", limits=limits)
        elapsed = time.monotonic() - start
        if isinstance(item, Scan):
            results[name] = {"kind": "scan", "shape": list(item.image.shape), "s": elapsed}
        else:
            results[name] = {"kind": "failure", "reason": item.reason, "s": elapsed}
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    report = {"results": results, "peak_mb": peak_kb / 1024}
    print(json.dumps(report))
    return report


if __name__ == "__main__":
    import sys

    read_all(Path(sys.argv[1]), sys.argv[2:])

"""Decode cost per file kind: median time and peak memory (ru_maxrss) of `read_scan_file`.

Run: nice -n 10 .venv/bin/python bench/bench_decode_memory.py [--repeat N]
Each kind is read in a fresh process, so its peak memory is its own (the first line, "import
only", is the floor every process pays). The last line reads the whole hostile corpus of
tests/hostile_corpus.py, as the memory test does. The old decoder (before issue 11) needed
13.9 GB for a 7 MB 16-bit PNG bomb and 2.1 GB for a 335-byte JPEG header; both are in the
corpus and are now refused from their headers.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

_CHILD = """
import json, resource, statistics, sys, time
from pathlib import Path
from inspector_app.feeds.files import read_scan_file
paths, repeat = [Path(p) for p in sys.argv[2:]], int(sys.argv[1])
times = []
for _ in range(repeat):
    for path in paths:
        start = time.perf_counter()
        read_scan_file(path, "bench")
        times.append(time.perf_counter() - start)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"ms": 1000 * statistics.median(times) if times else 0.0, "peak_mb": peak}))
"""


def _files(folder: Path) -> dict[str, list[Path]]:
    import cv2
    import numpy as np
    import tifffile
    from hostile_corpus import build_corpus, png_bytes

    rng = np.random.default_rng(0)
    dual = folder / "dual_2000x1000_16bit.tif"
    low = rng.integers(5000, 60000, (1000, 2000), dtype=np.uint16)
    tifffile.imwrite(dual, np.stack([low, low // 2 + 1000]), compression="zlib")
    colour = folder / "colour_2000x1000.png"
    cv2.imwrite(str(colour), rng.integers(0, 255, (1000, 2000, 3), dtype=np.uint8))
    big = folder / "grey16_8000x5000.png"
    big.write_bytes(png_bytes(8000, 5000, 16, 0))
    hostile = folder / "hostile"
    hostile.mkdir()
    cases = build_corpus(hostile)
    return {
        "import only": [],
        "dual-energy TIFF 2000x1000 16-bit": [dual],
        "colour PNG 2000x1000": [colour],
        "grey 16-bit PNG 8000x5000 (40 MP)": [big],
        f"hostile corpus ({len(cases)} files)": [hostile / c.name for c in cases],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with tempfile.TemporaryDirectory() as tmp:
        for label, paths in _files(Path(tmp)).items():
            repeat = 1 if len(paths) > 1 else args.repeat
            command = [sys.executable, "-c", _CHILD, str(repeat), *map(str, paths)]
            done = subprocess.run(
                command, capture_output=True, text=True, env=env, timeout=300, check=True
            )
            result = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"{label:40s} median {result['ms']:8.1f} ms   peak {result['peak_mb']:7.0f} MB")


if __name__ == "__main__":
    main()

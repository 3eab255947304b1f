"""Draw the app icon (a parcel under a dual-energy scan) as PNG and Windows ICO.

    .venv/bin/python scripts/make_icon.py      # writes resources/icons/inspector-app.{png,ico}

The ICO embeds the PNG (Windows Vista and later read PNG-compressed icon images), so no image
library beyond OpenCV is needed.
"""

from __future__ import annotations

import struct
from pathlib import Path

import cv2
import numpy as np

OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZE = 256


def draw() -> np.ndarray:
    """BGRA: dark tile, an orange (organic) parcel, a blue (metal) blade inside, a scan line."""
    image = np.zeros((SIZE, SIZE, 4), np.uint8)
    cv2.rectangle(image, (8, 8), (SIZE - 9, SIZE - 9), (48, 36, 28, 255), -1, cv2.LINE_AA)
    cv2.rectangle(image, (8, 8), (SIZE - 9, SIZE - 9), (120, 100, 80, 255), 6, cv2.LINE_AA)
    cv2.rectangle(image, (52, 78), (204, 196), (40, 150, 235, 255), -1, cv2.LINE_AA)
    cv2.rectangle(image, (52, 78), (204, 196), (20, 90, 170, 255), 5, cv2.LINE_AA)
    blade = np.array([[86, 168], [170, 104], [180, 114], [100, 176]], np.int32)
    cv2.fillConvexPoly(image, blade, (200, 90, 30, 255), cv2.LINE_AA)
    cv2.line(image, (30, 136), (226, 136), (90, 230, 120, 255), 4, cv2.LINE_AA)
    return image


def write_ico(png: bytes, path: Path) -> None:
    """One 256×256 PNG image: ICONDIR + ICONDIRENTRY (width/height 0 means 256)."""
    header = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", 0, 0, 0, 0, 1, 32, len(png), 6 + 16)
    path.write_bytes(header + entry + png)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    ok, png = cv2.imencode(".png", draw())
    assert ok
    (OUT / "inspector-app.png").write_bytes(png.tobytes())
    write_ico(png.tobytes(), OUT / "inspector-app.ico")
    print(f"wrote {OUT}/inspector-app.png and .ico")


if __name__ == "__main__":
    main()

"""Content-addressed evidence store: every screened image is kept, named by its SHA-256.

Files are written to a temporary name, flushed to disk and renamed, so a crash or a full
disk never leaves a half image under a real name.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np


class EvidenceError(Exception):
    """The image could not be stored (full disk, permissions); nothing was half-written."""


@dataclass(frozen=True)
class StoredImage:
    sha256: str
    path: Path


def encode_scan(
    rgb: np.ndarray, low: np.ndarray | None, high: np.ndarray | None
) -> tuple[bytes, str]:
    """Lossless bytes for a scan: the raw dual-energy pair when present (it holds the physics),
    else the RGB image as PNG. Returns (data, file suffix)."""
    if low is not None and high is not None:
        import tifffile

        buffer = io.BytesIO()
        tifffile.imwrite(
            buffer, np.stack([low, high]), photometric="minisblack", compression="zlib"
        )
        return buffer.getvalue(), ".tif"
    ok, png = cv2.imencode(".png", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    if not ok:
        raise EvidenceError("the scan image could not be encoded as PNG")
    return png.tobytes(), ".png"


class EvidenceStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def sweep_partial(self) -> list[Path]:
        """Remove the `.part` files a write interrupted by a crash left behind (at start, when
        no write is running): they are never evidence, since the rename never happened."""
        removed = []
        if self.root.is_dir():
            for part in self.root.glob("*/.*.part"):
                with contextlib.suppress(OSError):
                    part.unlink()
                    removed.append(part)
        return removed

    def put(self, data: bytes, suffix: str) -> StoredImage:
        digest = hashlib.sha256(data).hexdigest()
        target = self.root / digest[:2] / f"{digest}{suffix}"
        if target.exists():
            return StoredImage(digest, target)
        tmp = target.with_name(f".{target.name}.part")
        try:
            self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
            target.parent.mkdir(exist_ok=True, mode=0o700)
            fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)  # evidence is private
            with open(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            raise EvidenceError(
                f"cannot store the scan image in {self.root}: {exc.strerror or exc}"
            ) from exc
        return StoredImage(digest, target)

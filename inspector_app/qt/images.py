"""numpy <-> Qt image conversion in one place."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage, QPixmap


def rgb_to_pixmap(rgb: np.ndarray) -> QPixmap:
    """HxWx3 uint8 RGB -> QPixmap (copies, so the array may be freed afterwards)."""
    rgb = np.ascontiguousarray(rgb)
    height, width = rgb.shape[:2]
    image = QImage(rgb.data, width, height, rgb.strides[0], QImage.Format.Format_RGB888)
    return QPixmap.fromImage(image.copy())

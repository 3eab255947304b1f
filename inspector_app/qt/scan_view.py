"""The large scan view: the X-ray image with the detector's boxes, zoom and pan."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QTransform, QWheelEvent
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
)

from inspector_app.domain import Detection
from inspector_app.qt.images import rgb_to_pixmap

# High-contrast cue colours that stay distinct from the orange/green/blue X-ray palette.
_BOX_COLOURS = ["#ff2d55", "#ffd60a", "#bf5af2", "#ff9f0a", "#64d2ff", "#30d158", "#ff375f"]


class ScanView(QGraphicsView):
    ZOOM_STEP = 1.25

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setBackgroundBrush(QBrush(QColor("#101214")))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._pixmap_item: QGraphicsPixmapItem | None = None
        self.box_items: list[QGraphicsRectItem] = []
        self._fit = True

    def show_scan(self, rgb: np.ndarray, detections: Sequence[Detection]) -> None:
        scene = self.scene()
        scene.clear()
        self.box_items = []
        self._pixmap_item = scene.addPixmap(rgb_to_pixmap(rgb))
        scene.setSceneRect(QRectF(0, 0, rgb.shape[1], rgb.shape[0]))
        for index, det in enumerate(detections):
            self._add_box(det, QColor(_BOX_COLOURS[max(det.class_id, index) % len(_BOX_COLOURS)]))
        self.fit()

    def set_image(self, rgb: np.ndarray) -> None:
        """Swap only the pixels (an image function), keeping zoom, pan and boxes."""
        if self._pixmap_item is not None:
            self._pixmap_item.setPixmap(rgb_to_pixmap(rgb))

    def clear_scan(self) -> None:
        self.scene().clear()
        self.box_items = []
        self._pixmap_item = None

    def _add_box(self, det: Detection, colour: QColor) -> None:
        x1, y1, x2, y2 = det.box.as_list()
        pen = QPen(colour, 2)
        pen.setCosmetic(True)  # constant on-screen width at any zoom
        rect = self.scene().addRect(QRectF(x1, y1, x2 - x1, y2 - y1), pen)
        rect.setToolTip(f"{det.label} {det.score:.0%}")
        rect.setData(0, det.label)
        self.box_items.append(rect)
        label = QGraphicsSimpleTextItem(f"{det.label} {det.score:.0%}")
        label.setBrush(QBrush(QColor("#000000")))
        font = QFont()
        font.setBold(True)
        label.setFont(font)
        # Labels sit outside the box, above it, so they never cover what the box marks.
        label.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        bounds = label.boundingRect()
        background = self.scene().addRect(
            bounds.adjusted(-3, -1, 3, 1), QPen(Qt.PenStyle.NoPen), QBrush(colour)
        )
        background.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        label.setParentItem(background)
        background.setPos(x1, y1)
        background.setZValue(2)
        # Lift by the label's height in screen pixels (transform-ignoring items use device units).
        background.setTransform(QTransform.fromTranslate(0, -bounds.height() - 2))

    def fit(self) -> None:
        self._fit = True
        if self._pixmap_item is not None:
            self.fitInView(self.scene().sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def actual_size(self) -> None:
        self._fit = False
        self.resetTransform()

    def zoom(self, factor: float) -> None:
        self._fit = False
        self.scale(factor, factor)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom(self.ZOOM_STEP**steps)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._fit:
            self.fit()

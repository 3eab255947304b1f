"""The large scan view: the X-ray image, the detector's cues, the inspector's own marks.

Cue labels sit above their box and keep a constant screen size, so they never hide the small
object the box marks. Cues can be hidden (look-first, or Space) and dimmed. Labels show class
names in the current language (`relabel` after a switch); the items keep the model's own name.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPen,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
)

from inspector_app.domain import Box, Detection, VendorCue
from inspector_app.qt.i18n import threat_text
from inspector_app.qt.images import rgb_to_pixmap

# High-contrast cue colours that stay distinct from the orange/green/blue X-ray palette.
_BOX_COLOURS = ["#ff2d55", "#ffd60a", "#bf5af2", "#ff9f0a", "#64d2ff", "#30d158", "#ff375f"]
_MARK_COLOUR = QColor("#ffffff")
TIP_COLOUR = QColor("#00e5ff")
VENDOR_COLOUR = QColor("#ffb340")  # scanner vendor's own alarms (DICOS TDR): dash-dot
_REJECTED_COLOUR = QColor("#8e8e93")


class ScanView(QGraphicsView):
    ZOOM_STEP = 1.25
    box_clicked = Signal(int)  # index of the detection whose box was clicked
    region_drawn = Signal(object)  # Box, in image pixels, drawn in draw mode
    wheel_zoomed = Signal(float)  # zoom factor from the mouse wheel, for a synchronised view
    fitted = Signal()  # fit to window happened (also after a resize), for a synchronised view

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
        self.label_items: list[QGraphicsRectItem] = []
        self.mark_items: list[QGraphicsRectItem] = []
        self._mark_labels: list[QGraphicsRectItem] = []  # same order as mark_items
        self.vendor_items: list[QGraphicsRectItem] = []  # boxes and label chips
        self.vendor_visible = True
        self._colours: list[QColor] = []
        self.cues_visible = True
        self.cue_opacity = 1.0
        self.selected: int | None = None
        self.drawing = False
        self._draw_start: QPointF | None = None
        self._draw_item: QGraphicsRectItem | None = None
        self._fit = True

    # ----- content ------------------------------------------------------------------------
    def show_scan(
        self, rgb: np.ndarray, detections: Sequence[Detection], cues_visible: bool = True
    ) -> None:
        scene = self.scene()
        scene.clear()
        self.box_items, self.label_items, self.mark_items, self._colours = [], [], [], []
        self._mark_labels, self.vendor_items = [], []
        self.selected = None
        self.set_drawing(False)
        self._pixmap_item = scene.addPixmap(rgb_to_pixmap(rgb))
        scene.setSceneRect(QRectF(0, 0, rgb.shape[1], rgb.shape[0]))
        for index, det in enumerate(detections):
            colour = QColor(_BOX_COLOURS[max(det.class_id, index) % len(_BOX_COLOURS)])
            self._colours.append(colour)
            self._add_box(index, det, colour)
        self.set_cues_visible(cues_visible)
        self.fit()

    def set_image(self, rgb: np.ndarray) -> None:
        """Swap only the pixels (an image function), keeping zoom, pan and boxes."""
        if self._pixmap_item is not None:
            self._pixmap_item.setPixmap(rgb_to_pixmap(rgb))

    def clear_scan(self) -> None:
        self.scene().clear()
        self.box_items, self.label_items, self.mark_items, self._colours = [], [], [], []
        self._mark_labels = []
        self._pixmap_item = None
        self.set_drawing(False)

    def _add_box(self, index: int, det: Detection, colour: QColor) -> None:
        x1, y1, x2, y2 = det.box.as_list()
        rect = self.scene().addRect(QRectF(x1, y1, x2 - x1, y2 - y1), self._pen(colour, 2))
        rect.setToolTip(f"{det.label} {det.score:.0%}")
        rect.setData(0, det.label)
        rect.setData(1, index)
        rect.setZValue(1)
        self.box_items.append(rect)
        self.label_items.append(self._add_label((det.label, det.score, ""), x1, y1, colour))

    @staticmethod
    def _label_text(source: tuple[str, float | None, str]) -> str:
        label, score, prefix = source
        if score is not None:
            return f"{threat_text(label)} {score:.0%}"
        return f"{prefix} {threat_text(label).replace('_', ' ')}"

    def _add_label(
        self, source: tuple[str, float | None, str], x: float, y: float, colour: QColor
    ) -> QGraphicsRectItem:
        """A label chip above (x, y); `source` = (class name, score or None, prefix)."""
        label = QGraphicsSimpleTextItem()
        label.setBrush(QBrush(QColor("#000000")))
        font = QFont()
        font.setBold(True)
        label.setFont(font)
        background = self.scene().addRect(QRectF(), QPen(Qt.PenStyle.NoPen), QBrush(colour))
        background.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        background.setData(0, source)
        label.setParentItem(background)
        background.setPos(x, y)
        background.setZValue(2)
        self._set_label_text(background)
        return background

    def _set_label_text(self, background: QGraphicsRectItem) -> None:
        (label,) = background.childItems()
        assert isinstance(label, QGraphicsSimpleTextItem)
        label.setText(self._label_text(background.data(0)))
        bounds = label.boundingRect()
        background.setRect(bounds.adjusted(-3, -1, 3, 1))
        # Lift by the label's height in screen pixels (transform-ignoring items use device units).
        background.setTransform(QTransform.fromTranslate(0, -bounds.height() - 2))

    def relabel(self) -> None:
        """Show every label in the current language (after a language switch)."""
        for background in (*self.label_items, *self._mark_labels):
            self._set_label_text(background)

    @staticmethod
    def _pen(colour: QColor, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
        pen = QPen(colour, width, style)
        pen.setCosmetic(True)  # constant on-screen width at any zoom
        return pen

    def add_mark(
        self, label: str, box: Box, prefix: str = "✎", colour: QColor = _MARK_COLOUR
    ) -> None:
        """An inspector-drawn region (white) or a TIP outline (cyan): dashed, labelled, shown."""
        x1, y1, x2, y2 = box.as_list()
        pen = self._pen(colour, 2, Qt.PenStyle.DashLine)
        rect = self.scene().addRect(QRectF(x1, y1, x2 - x1, y2 - y1), pen)
        rect.setZValue(1)
        label_item = self._add_label((label, None, prefix), x1, y1, colour)
        # Kept in a Python list: a QGraphicsItem stored in item data crashes PySide6 on read.
        self._mark_labels.append(label_item)
        self.mark_items.append(rect)

    def remove_last_mark(self) -> None:
        if self.mark_items:
            rect = self.mark_items.pop()
            self.scene().removeItem(self._mark_labels.pop())
            self.scene().removeItem(rect)

    # ----- cue presentation ----------------------------------------------------------------
    def show_vendor_cues(self, cues: Sequence[VendorCue]) -> None:
        """The scanner vendor's alarms as a second overlay, styled apart from our cues."""
        for cue in cues:
            x1, y1, x2, y2 = cue.box.as_list()
            style = Qt.PenStyle.DashDotLine
            rect = self.scene().addRect(
                QRectF(x1, y1, x2 - x1, y2 - y1),
                self._pen(VENDOR_COLOUR, 3 if cue.alarm else 1.5, style),
            )
            rect.setZValue(1)
            label = self._add_label((cue.label, None, "⚑"), x1, y1, VENDOR_COLOUR)
            self.vendor_items += [rect, label]
        self._apply_visibility()

    def set_vendor_visible(self, visible: bool) -> None:
        self.vendor_visible = visible
        self._apply_visibility()

    def set_cues_visible(self, visible: bool) -> None:
        self.cues_visible = visible
        self._apply_visibility()

    def _apply_visibility(self) -> None:
        for item in (*self.box_items, *self.label_items):
            item.setVisible(self.cues_visible)
        for item in self.vendor_items:  # look-first hides the vendor's cues too
            item.setVisible(self.cues_visible and self.vendor_visible)

    def set_cue_opacity(self, opacity: float) -> None:
        self.cue_opacity = opacity
        for item in (*self.box_items, *self.label_items):
            item.setOpacity(opacity)

    def select_box(self, index: int | None) -> None:
        self.selected = index
        for i, rect in enumerate(self.box_items):
            pen = rect.pen()
            pen.setWidthF(4 if i == index else 2)
            rect.setPen(pen)

    def set_box_verdict(self, index: int, confirmed: bool) -> None:
        """Confirmed: solid in its colour; rejected: grey and dashed, still visible."""
        colour = self._colours[index] if confirmed else _REJECTED_COLOUR
        style = Qt.PenStyle.SolidLine if confirmed else Qt.PenStyle.DashLine
        width = 4 if index == self.selected else 2
        self.box_items[index].setPen(self._pen(colour, width, style))
        self.label_items[index].setBrush(QBrush(colour))

    # ----- zoom -----------------------------------------------------------------------------
    def fit(self) -> None:
        self._fit = True
        if self._pixmap_item is not None:
            self.fitInView(self.scene().sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
            self.fitted.emit()

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
            self.wheel_zoomed.emit(self.ZOOM_STEP**steps)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._fit:
            self.fit()

    # ----- mouse: click a box, or draw a region --------------------------------------------
    def set_drawing(self, on: bool) -> None:
        """Draw mode: a left-drag draws a region instead of panning."""
        self.drawing = on and self._pixmap_item is not None
        self.setDragMode(
            QGraphicsView.DragMode.NoDrag if self.drawing else QGraphicsView.DragMode.ScrollHandDrag
        )
        self.viewport().setCursor(
            Qt.CursorShape.CrossCursor if self.drawing else Qt.CursorShape.OpenHandCursor
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.drawing:
            self._draw_start = self.mapToScene(event.position().toPoint())
            pen = self._pen(_MARK_COLOUR, 2, Qt.PenStyle.DashLine)
            self._draw_item = self.scene().addRect(QRectF(self._draw_start, self._draw_start), pen)
            return
        if event.button() == Qt.MouseButton.LeftButton:
            for item in self.items(event.position().toPoint()):
                index = item.data(1)
                if isinstance(index, int) and item in self.box_items:
                    self.box_clicked.emit(index)
                    break
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._draw_item is not None and self._draw_start is not None:
            current = self.mapToScene(event.position().toPoint())
            self._draw_item.setRect(QRectF(self._draw_start, current).normalized())
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._draw_item is not None:
            rect = self._draw_item.rect().intersected(self.scene().sceneRect())
            self.scene().removeItem(self._draw_item)
            self._draw_item, self._draw_start = None, None
            if rect.width() >= 3 and rect.height() >= 3:  # ignore accidental clicks
                self.region_drawn.emit(Box(rect.left(), rect.top(), rect.right(), rect.bottom()))
            return
        super().mouseReleaseEvent(event)

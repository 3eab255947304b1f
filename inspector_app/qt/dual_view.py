"""Top and side views of a dual-view scanner, one above the other, kept at one scale and place.

Single-view scans use the top view only; the side view is hidden until a parcel has one.
The side view is read-only: verdicts and drawing happen on the top view.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTransform
from PySide6.QtWidgets import QSplitter

from inspector_app.qt.scan_view import ScanView
from inspector_app.screening import ScreenedScan


class DualView(QSplitter):
    def __init__(self) -> None:
        super().__init__(Qt.Orientation.Vertical)
        self.top = ScanView()
        self.side = ScanView()
        self.side.hide()
        self.views = (self.top, self.side)
        self.addWidget(self.top)
        self.addWidget(self.side)
        self.setStretchFactor(0, 1)
        self.setStretchFactor(1, 1)
        self._syncing = False
        for source, target in ((self.top, self.side), (self.side, self.top)):
            source.horizontalScrollBar().valueChanged.connect(
                lambda _v, a=source, b=target: self._sync_belt_position(a, b)
            )
            source.wheel_zoomed.connect(lambda factor, b=target: b.zoom(factor))
            source.fitted.connect(self.match_scales)

    def show_second(self, second: ScreenedScan | None, cues_visible: bool) -> None:
        """The side view with its own cues, or hidden when the parcel has no second view."""
        if second is None:
            self.side.clear_scan()
            self.side.hide()
            return
        if not self.side.isVisible():
            self.side.show()
            half = max(1, self.height() // 2)
            self.setSizes([half, half])  # two equal halves, top view above
        self.side.show_scan(second.scan.image, second.detections, cues_visible)
        self.side.set_cue_opacity(self.top.cue_opacity)
        self.match_scales()

    def match_scales(self) -> None:
        """Both views at one scale (the smaller fit), so a millimetre is the same on both."""
        if not self.side.isVisible():
            return
        scale = min(v.transform().m11() for v in self.views)
        for scan_view in self.views:
            scan_view.setTransform(QTransform.fromScale(scale, scale))

    def each(self, method: str, *args) -> None:
        """Call a ScanView method on every view on screen (zoom, fit, actual size)."""
        for scan_view in self.views:
            if scan_view.isVisible() or scan_view is self.top:
                getattr(scan_view, method)(*args)

    def set_cues_visible(self, visible: bool) -> None:
        for scan_view in self.views:
            scan_view.set_cues_visible(visible)

    def set_cue_opacity(self, opacity: float) -> None:
        for scan_view in self.views:
            scan_view.set_cue_opacity(opacity)

    def _sync_belt_position(self, source: ScanView, target: ScanView) -> None:
        """Keep both views at the same place along the belt (horizontal scroll, as a share)."""
        if self._syncing or not target.isVisible():
            return
        self._syncing = True
        try:
            src, dst = source.horizontalScrollBar(), target.horizontalScrollBar()
            share = src.value() / src.maximum() if src.maximum() else 0.0
            dst.setValue(round(share * dst.maximum()))
        finally:
            self._syncing = False

"""Puts the review session's scan on screen: the image and cues in the views, the parcel's
details and cue list in the panel. It only renders; the session holds the state."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject

from inspector_app.qt.dual_view import DualView
from inspector_app.qt.i18n import threat_text
from inspector_app.qt.image_tools import ImageToolController
from inspector_app.qt.review_panel import ReviewPanel
from inspector_app.review import ReviewDraft


class ScanPresenter(QObject):
    def __init__(
        self, dual: DualView, panel: ReviewPanel, image_tools: ImageToolController
    ) -> None:
        super().__init__(dual)
        self.dual, self.view, self.panel, self.image_tools = dual, dual.top, panel, image_tools
        self.shown_any = False

    def show(self, draft: ReviewDraft | None) -> None:
        self.panel.reset_details()
        self.shown_any = True
        if draft is None:
            self.panel.queue_list.set_shown(None)
            self.view.clear_scan()
            self.dual.show_second(None, True)
            self.image_tools.set_scan(None)
            self.render_texts(None)
            return
        screened = draft.screened
        scan = shown = screened.scan
        self.panel.queue_list.set_shown(scan.scan_id)
        if screened.tip is not None:  # a TIP test: the inspector sees the projected threat
            tip = screened.tip
            shown = replace(
                scan, scan_id=f"{scan.scan_id}#tip", image=tip.image, low=tip.low, high=tip.high
            )
        self.view.show_scan(shown.image, screened.detections, draft.cues_visible)
        self.view.show_vendor_cues(scan.vendor_cues)
        self.view.set_cue_opacity(self.view.cue_opacity)
        self.dual.show_second(screened.second, draft.cues_visible)
        for mark in draft.marks:
            self.view.add_mark(mark.label, mark.box)
        for index, confirmed in draft.box_verdicts.items():
            self.view.set_box_verdict(index, confirmed)
        self.panel.parcel_id.setText(draft.parcel_id)
        self.panel.origin.setEditText(draft.origin_country)
        self.panel.destination.setEditText(draft.destination_country)
        self.panel.note.setText(draft.note)
        self.image_tools.set_scan(shown)
        self.render_texts(draft)

    def render_texts(self, draft: ReviewDraft | None) -> None:
        self.render_title(draft)
        self.render_cue_list(draft)

    def render_title(self, draft: ReviewDraft | None) -> None:
        title = self.panel.scan_title
        if draft is None:
            title.setText(
                self.tr("No scan waiting.")
                if self.shown_any
                else self.tr("Waiting for the first scan…")
            )
            return
        scan = draft.screened.scan
        received = scan.received_at.astimezone().strftime("%H:%M:%S")
        line = self.tr("{source} · received {time}").format(source=scan.source, time=received)
        if scan.lane and scan.lane != scan.source:
            line = self.tr("Lane {lane}").format(lane=scan.lane) + " · " + line
        origin = self._origin_line(scan)
        title.setText(f"<b>{scan.scan_id}</b><br>{line}" + (f"<br>{origin}" if origin else ""))

    def _origin_line(self, scan) -> str:
        """The source file's name (full path in the tooltip) and the scanner's ID, so the
        parcel on screen can be found again at the scanner."""
        from html import escape
        from pathlib import PurePath

        path = str(scan.meta.get("path") or "")
        self.panel.scan_title.setToolTip(path)
        parts = []
        if path:
            parts.append(self.tr("File {name}").format(name=escape(PurePath(path).name)))
        scanner = str(scan.meta.get("scanner_id") or "")
        if scanner:
            parts.append(self.tr("Scanner {id}").format(id=escape(scanner)))
        return " · ".join(parts)

    def render_cue_list(self, draft: ReviewDraft | None) -> None:
        cues = self.panel.detection_list
        cues.clear()
        if draft is None:
            return
        detections = draft.screened.detections
        if not detections and not draft.screened.scan.vendor_cues:
            cues.addItem(self.tr("No detector cue — look at the whole scan."))
            return
        if not draft.cues_visible:
            cues.addItem(
                self.tr(
                    "%n cue(s) hidden — look first, then Space to show them.", "", len(detections)
                )
            )
            return
        for index, det in enumerate(detections):
            verdict = draft.box_verdicts.get(index)
            mark = {True: "✓ ", False: "✗ ", None: "   "}[verdict]
            cues.addItem(f"{mark}{threat_text(det.label)}  {det.score:.0%}")
        for cue in draft.screened.scan.vendor_cues:  # after ours: rows keep box indices
            text = self.tr("Scanner: {label}").format(label=cue.label)
            cues.addItem("⚑ " + text + (self.tr(" (alarm)") if cue.alarm else ""))
        if self.view.selected is not None:
            cues.setCurrentRow(self.view.selected)

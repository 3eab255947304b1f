"""The inspector's work on the cues: show/hide, select, confirm/reject, opacity, and drawing
regions the detector missed. Verdicts and regions go to the review session; the views only
mirror them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from inspector_app.domain import Box
from inspector_app.qt.dual_view import DualView
from inspector_app.qt.review_panel import ReviewPanel
from inspector_app.qt.scan_presenter import ScanPresenter
from inspector_app.station import ReviewSession

CUE_OPACITIES = (1.0, 0.6, 0.3)


class CueController(QObject):
    def __init__(
        self,
        session: ReviewSession,
        dual: DualView,
        panel: ReviewPanel,
        presenter: ScanPresenter,
        show_message: Callable[[str, int], None],
    ) -> None:
        super().__init__(dual)
        self.session, self.dual, self.view = session, dual, dual.top
        self.panel, self.presenter, self._show_message = panel, presenter, show_message
        self.view.box_clicked.connect(self.select)
        self.view.region_drawn.connect(self._on_region_drawn)

    def _render(self) -> None:
        self.presenter.render_cue_list(self.session.draft)

    def toggle(self) -> None:
        if self.session.draft is None:
            return
        self.dual.set_cues_visible(self.session.toggle_cues())
        self._render()

    def cycle_opacity(self) -> None:
        position = CUE_OPACITIES.index(self.view.cue_opacity)
        self.dual.set_cue_opacity(CUE_OPACITIES[(position + 1) % len(CUE_OPACITIES)])

    def cycle(self, step: int) -> None:
        draft = self.session.draft
        if draft is None or not draft.cues_visible or not self.view.box_items:
            return
        current = self.view.selected
        self.select(0 if current is None else (current + step) % len(self.view.box_items))

    def select(self, index: int) -> None:
        if self.session.draft is not None and self.session.draft.cues_visible:
            self.view.select_box(index)
            self._render()

    def judge(self, confirmed: bool) -> None:
        index = self.view.selected
        if index is not None and self.session.judge_cue(index, confirmed):
            self.view.set_box_verdict(index, confirmed)
            self._render()

    def toggle_vendor(self) -> None:
        self.view.set_vendor_visible(not self.view.vendor_visible)

    def toggle_drawing(self) -> None:
        self.view.set_drawing(not self.view.drawing)
        if self.view.drawing:
            self._show_message(
                self.tr(
                    "Drag over the missed item to mark it as '{label}' (B to stop drawing)."
                ).format(label=self.panel.mark_label.currentText()),
                5000,
            )

    def _on_region_drawn(self, box: Box) -> None:
        label = self.panel.mark_label_value()
        if self.session.add_mark(label, box):
            self.view.add_mark(label, box)

    def remove_last_mark(self) -> None:
        if self.session.remove_last_mark():
            self.view.remove_last_mark()

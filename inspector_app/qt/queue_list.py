"""The queue as the inspector sees it: every scan in the station, its state and the one shown.

Arrival order on screen; the review order (arrival or alarms first) is ReviewQueue's business.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem


class QueueList(QListWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the scan
        self._items: dict[str, QListWidgetItem] = {}
        self._cues: dict[str, tuple[bool, int] | None] = {}  # None: still being screened
        self._shown: str | None = None
        self._lanes: dict[str, str] = {}  # shown only when the station has several lanes

    def add_scan(self, scan_id: str, lane: str = "") -> None:
        if lane:
            self._lanes[scan_id] = lane
        entry = QListWidgetItem()
        self.addItem(entry)
        self._items[scan_id] = entry
        self._cues[scan_id] = None
        self._render(scan_id)

    def remove_scan(self, scan_id: str) -> None:
        entry = self._items.pop(scan_id, None)
        self._cues.pop(scan_id, None)
        self._lanes.pop(scan_id, None)
        if entry is not None:
            self.takeItem(self.row(entry))

    def set_screened(self, scan_id: str, alarm: bool, cues: int) -> None:
        if scan_id in self._items:
            self._cues[scan_id] = (alarm, cues)
            self._render(scan_id)

    def set_shown(self, scan_id: str | None) -> None:
        """Mark the scan on screen (▶) and select its row."""
        self._shown = scan_id
        self.retranslate()
        entry = self._items.get(scan_id) if scan_id else None
        if entry is not None:
            self.setCurrentItem(entry)

    def retranslate(self) -> None:
        for scan_id in self._items:
            self._render(scan_id)

    def _render(self, scan_id: str) -> None:
        cues = self._cues.get(scan_id)
        if cues is None:
            state = self.tr("screening…")
        elif cues[0]:
            state = "⚠ " + self.tr("%n cue(s)", "", cues[1])
        else:
            state = self.tr("no cue")
        marker = "▶ " if scan_id == self._shown else ""
        lane = self._lanes.get(scan_id)
        where = f"[{lane}] " if lane and len(set(self._lanes.values())) > 1 else ""
        self._items[scan_id].setText(f"{marker}{where}{scan_id}  — {state}")

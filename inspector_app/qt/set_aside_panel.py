"""The "set aside" list: every refused file (and every threat report whose image never came)
stays listed until the inspector acknowledges it, across restarts (the acknowledgement is
recorded by the review session).

Why a list and not the banner: the banner shows only the last problem, so in a burst the
earlier ones vanished unseen. Each row says in plain words which lane, which file and why,
so the parcel can be found at the scanner. A lane whose source is unreachable (a share down,
a capture lost) is shown above the list for as long as it lasts.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from inspector_app.storage.set_aside import SetAsideRecord


class SetAsidePanel(QGroupBox):
    acknowledged = Signal(str)  # scan id

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("setAside")
        self.lanes = QLabel()
        self.lanes.setObjectName("laneStatus")
        self.lanes.setWordWrap(True)
        self.lanes.hide()
        self.list = QListWidget()
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the scan
        self.list.setWordWrap(True)
        self.list.setMinimumHeight(84)  # two entries readable at once, more by scrolling
        self.ack_button = QPushButton()
        self.ack_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.ack_button.clicked.connect(self.acknowledge_selected)
        self.ack_all_button = QPushButton()
        self.ack_all_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.ack_all_button.clicked.connect(self.acknowledge_all)
        buttons = QHBoxLayout()
        buttons.addWidget(self.ack_button)
        buttons.addWidget(self.ack_all_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.lanes)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self._items: dict[str, QListWidgetItem] = {}
        self._lane_problems: dict[str, str] = {}
        self.retranslate()
        self._update()

    # ----- what the station reports -------------------------------------------------------------
    def add(self, item: SetAsideRecord) -> None:
        if item.scan_id in self._items:
            return
        where = self.tr("lane {lane}").format(lane=item.lane) if item.lane else ""
        when = item.received_at.astimezone().strftime("%H:%M:%S")
        head = " · ".join(part for part in (when, where, item.name) if part)
        reason = item.reason
        if item.name and reason.startswith(item.name + ": "):
            reason = reason[len(item.name) + 2 :]  # the file is named in the head already
        entry = QListWidgetItem(f"⚠ {head}\n    {reason}")
        entry.setData(Qt.ItemDataRole.UserRole, item.scan_id)
        entry.setToolTip(self.tr("Scan {scan}").format(scan=item.scan_id))
        self.list.addItem(entry)
        self._items[item.scan_id] = entry
        self._update()

    def add_failure(self, failure) -> None:
        """From a feed's ScanFailure (the screening listener's `quarantined`)."""
        path = str(failure.meta.get("path") or "")
        self.add(
            SetAsideRecord(
                failure.scan_id,
                failure.lane,
                Path(path).name if path else failure.source,
                failure.reason,
                failure.received_at,
            )
        )

    def add_pending(self, records: list[SetAsideRecord]) -> None:
        """Set-aside scans an earlier session left unacknowledged."""
        for record in records:
            self.add(record)

    def set_lane_status(self, lane: str, ok: bool, text: str) -> None:
        if ok:
            self._lane_problems.pop(lane, None)
        else:
            self._lane_problems[lane] = text
        self._update()

    # ----- the inspector ------------------------------------------------------------------------
    def acknowledge(self, scan_id: str) -> None:
        entry = self._items.pop(scan_id, None)
        if entry is not None:
            self.list.takeItem(self.list.row(entry))
            self.acknowledged.emit(scan_id)
        self._update()

    def acknowledge_selected(self) -> None:
        """The selected row, or the oldest when none is selected."""
        entry = self.list.currentItem() or self.list.item(0)
        if entry is not None:
            self.acknowledge(entry.data(Qt.ItemDataRole.UserRole))

    def acknowledge_all(self) -> None:
        for scan_id in list(self._items):
            self.acknowledge(scan_id)

    @property
    def count(self) -> int:
        return len(self._items)

    def texts(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())]

    # ----- looks --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.ack_button.setText(self.tr("Acknowledge"))
        self.ack_all_button.setText(self.tr("Acknowledge all"))
        self._update()

    def _update(self) -> None:
        self.setTitle(self.tr("Set aside — not screened (%n)", "", len(self._items)))
        if self._lane_problems:
            self.lanes.setText(
                "\n".join(
                    "⚠ " + self.tr("Lane {lane}: {text}").format(lane=lane, text=text)
                    for lane, text in sorted(self._lane_problems.items())
                )
            )
        self.lanes.setVisible(bool(self._lane_problems))
        self.list.setVisible(bool(self._items))
        self.ack_button.setVisible(bool(self._items))
        self.ack_all_button.setVisible(len(self._items) > 1)
        self.setVisible(bool(self._items or self._lane_problems))

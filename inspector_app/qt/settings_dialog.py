"""Station settings for supervisors and administrators: review options, TIP and how long
evidence images are kept.

Each group is editable only with its permission (review options: change settings; TIP: configure
TIP); the others are shown read-only, so an inspector can see how the station is set up.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inspector_app.config import RetentionSection, ReviewSection, Settings, TipSection
from inspector_app.domain import THREAT_CLASSES
from inspector_app.qt.i18n import threat_text


class StationSettingsDialog(QDialog):
    def __init__(
        self,
        settings: Settings,
        *,
        can_change_settings: bool,
        can_configure_tip: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Station settings"))
        self.original = settings
        review_settings, tip_settings = settings.review, settings.tip

        review = QGroupBox(self.tr("Review"))
        form = QFormLayout(review)
        self.look_first = QCheckBox(self.tr("Show cues only after the first look (Space)"))
        self.look_first.setChecked(review_settings.look_first)
        self.alarms_first = QCheckBox(self.tr("Parcels with cues first in the queue"))
        self.alarms_first.setChecked(review_settings.alarms_first)
        self.undo_window = QDoubleSpinBox()
        self.undo_window.setRange(0, 300)
        self.undo_window.setSuffix(" s")
        self.undo_window.setValue(review_settings.undo_window_s)
        form.addRow(self.look_first)
        form.addRow(self.alarms_first)
        form.addRow(self.tr("Undo window"), self.undo_window)
        review.setEnabled(can_change_settings)

        tip = QGroupBox(self.tr("Threat Image Projection (TIP)"))
        tip_form = QFormLayout(tip)
        self.tip_enabled = QCheckBox(self.tr("Project test threats into live scans"))
        self.tip_enabled.setChecked(tip_settings.enabled)
        self.tip_rate = QDoubleSpinBox()
        self.tip_rate.setRange(0, 100)
        self.tip_rate.setDecimals(1)
        self.tip_rate.setSuffix(" %")
        self.tip_rate.setValue(tip_settings.rate * 100)
        self.tip_classes = QListWidget()
        chosen = set(tip_settings.chosen_classes())
        for name in THREAT_CLASSES:
            item = QListWidgetItem(threat_text(name))
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked)
            self.tip_classes.addItem(item)
        tip_form.addRow(self.tip_enabled)
        tip_form.addRow(self.tr("Share of scans"), self.tip_rate)
        tip_form.addRow(self.tr("Threats"), self.tip_classes)
        tip.setEnabled(can_configure_tip)

        retention = QGroupBox(self.tr("Evidence images"))
        keep_form = QFormLayout(retention)
        kept = settings.retention
        self.clear_days = self._days_box(kept.clear_images_days)
        self.flagged_days = self._days_box(kept.flagged_images_days)
        keep_form.addRow(self.tr("Cleared parcels: remove after"), self.clear_days)
        keep_form.addRow(self.tr("Flagged parcels: remove after"), self.flagged_days)
        rule = QLabel(
            self.tr(
                "Undecided and set-aside scans are always kept; flagged parcels' images go only "
                "once the hub has them. The log keeps every image's SHA-256, and each removal is "
                "recorded. Applies from the next start."
            )
        )
        rule.setObjectName("hint")
        rule.setWordWrap(True)
        keep_form.addRow(rule)
        retention.setEnabled(can_change_settings)

        self.error = QLabel()
        self.error.setObjectName("banner")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            can_change_settings or can_configure_tip
        )
        layout = QVBoxLayout(self)
        if not (can_change_settings and can_configure_tip):
            note = QLabel(self.tr("Greyed-out settings need a supervisor or administrator."))
            note.setObjectName("hint")
            layout.addWidget(note)
        layout.addWidget(review)
        layout.addWidget(tip)
        layout.addWidget(retention)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _days_box(self, days: int | None) -> QSpinBox:
        """Days, where 0 shows as "keep every image" (the setting's None)."""
        box = QSpinBox()
        box.setRange(0, 3650)
        box.setSuffix(self.tr(" days"))
        box.setSpecialValueText(self.tr("keep every image"))
        box.setValue(days or 0)
        return box

    def chosen_classes(self) -> list[str]:
        return [
            self.tip_classes.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.tip_classes.count())
            if self.tip_classes.item(row).checkState() == Qt.CheckState.Checked
        ]

    def result_settings(self) -> Settings:
        classes = tuple(self.chosen_classes())
        review = ReviewSection(
            look_first=self.look_first.isChecked(),
            alarms_first=self.alarms_first.isChecked(),
            undo_window_s=self.undo_window.value(),
        )
        tip = TipSection(
            enabled=self.tip_enabled.isChecked(),
            rate=round(self.tip_rate.value() / 100, 4),
            classes=None if len(classes) == len(THREAT_CLASSES) else classes,
        )
        retention = RetentionSection(
            clear_images_days=self.clear_days.value() or None,
            flagged_images_days=self.flagged_days.value() or None,
        )
        return self.original.model_copy(
            update={"review": review, "tip": tip, "retention": retention}, deep=True
        )

    def _accept(self) -> None:
        if self.tip_enabled.isChecked() and not self.chosen_classes():
            self.error.setText(self.tr("Choose at least one threat for TIP, or turn TIP off."))
            self.error.show()
            return
        self.accept()

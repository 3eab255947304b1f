"""The side panel: what the detector saw, parcel details, the decision keys and the queue."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from PySide6.QtCore import QEvent, QLocale, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain import Category
from inspector_app.qt.i18n import category_text, threat_text
from inspector_app.qt.queue_list import QueueList
from inspector_app.qt.set_aside_panel import SetAsidePanel

__all__ = ["CATEGORY_KEYS", "CountryBox", "ReviewPanel", "category_text", "countries"]

CATEGORY_KEYS: list[tuple[str, Category]] = [
    (str(number), category) for number, category in enumerate(Category, start=1)
]


@cache
def countries() -> tuple[tuple[str, str], ...]:
    """(ISO 3166 alpha-2 code, English name) from Qt's own locale data: no extra dependency."""
    found: dict[str, str] = {}
    for locale in QLocale.matchingLocales(
        QLocale.Language.AnyLanguage, QLocale.Script.AnyScript, QLocale.Country.AnyCountry
    ):
        parts = locale.name().split("_")
        if len(parts) == 2 and len(parts[1]) == 2 and parts[1].isalpha():
            found.setdefault(parts[1], QLocale.territoryToString(locale.territory()))
    return tuple(sorted(found.items()))


class CountryBox(QComboBox):
    """Editable: type a code or a name; the stored value is the two-letter code."""

    def __init__(self) -> None:
        super().__init__()
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItem("", "")
        for code, name in countries():
            self.addItem(f"{code} — {name}", code)
        completer = self.completer()
        assert completer is not None  # an editable combo box always has one
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)

    def code(self) -> str:
        text = self.currentText().strip()
        return text.split(" — ")[0].strip().upper() if text else ""

    def reset(self) -> None:
        self.setCurrentIndex(0)
        self.setEditText("")


class ReviewPanel(QWidget):
    MIN_WIDTH, MAX_WIDTH = 340, 480

    def __init__(self, mark_labels: Sequence[str] = ()) -> None:
        super().__init__()
        self.setMinimumWidth(self.MIN_WIDTH)
        self.setMaximumWidth(self.MAX_WIDTH)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setObjectName("banner")
        self.banner.hide()
        self.tip_banner = QLabel()
        self.tip_banner.setWordWrap(True)
        self.tip_banner.setObjectName("tipBanner")
        self.tip_banner.hide()
        self._tip_result: tuple[str, bool] | None = None  # (threat, hit) while it shows
        self.scan_title = QLabel(self.tr("Waiting for the first scan…"))
        self.scan_title.setWordWrap(True)
        self.scan_title.setObjectName("scanTitle")
        self.detection_list = QListWidget()
        self.detection_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cue_hint = QLabel()
        self.cue_hint.setObjectName("hint")
        self.cue_hint.setWordWrap(True)

        self.details_box = details = QGroupBox()
        self.form = form = QFormLayout(details)
        self.parcel_id = QLineEdit()
        self.origin = CountryBox()
        self.destination = CountryBox()
        self.note = QLineEdit()
        self.mark_label = QComboBox()
        self.set_mark_labels(mark_labels)
        self.mark_label.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        # Alt+letter mnemonics reach every field from the keyboard (labels set in retranslate).
        for field in self._fields():
            label = QLabel()
            label.setBuddy(field)
            form.addRow(label, field)

        self.decide_box = decide_box = QGroupBox()
        decide_layout = QVBoxLayout(decide_box)
        self.clear_button = QPushButton()
        self.suspect_button = QPushButton()
        self.refer_button = QPushButton()
        for button, name in (
            (self.clear_button, "clearButton"),
            (self.suspect_button, "suspectButton"),
            (self.refer_button, "referButton"),
        ):
            button.setObjectName(name)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumHeight(36)
            decide_layout.addWidget(button)
        self.category_box = QGroupBox()
        grid = QGridLayout(self.category_box)
        self.category_buttons: dict[Category, QPushButton] = {}
        for index, (_key, category) in enumerate(CATEGORY_KEYS):
            button = QPushButton()
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            grid.addWidget(button, index // 2, index % 2)
            self.category_buttons[category] = button
        decide_layout.addWidget(self.category_box)
        self.undo_hint = QLabel()
        self.undo_hint.setObjectName("hint")
        self.undo_hint.setWordWrap(True)
        decide_layout.addWidget(self.undo_hint)

        self.queue_label = QLabel()
        self.queue_label.setWordWrap(True)
        self.queue_list = QueueList()
        self.set_aside = SetAsidePanel()  # refused files until acknowledged; hidden when none

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.tip_banner)
        layout.addWidget(self.scan_title)
        self.cues_title = QLabel()
        layout.addWidget(self.cues_title)
        layout.addWidget(self.detection_list, 2)
        layout.addWidget(self.cue_hint)
        layout.addWidget(details)
        layout.addWidget(decide_box)
        layout.addWidget(self.set_aside, 2)
        layout.addWidget(self.queue_label)
        layout.addWidget(self.queue_list, 3)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every fixed text in the current language (at start and on LanguageChange)."""
        self.set_aside.retranslate()
        self.cue_hint.setText(
            self.tr("Tab selects a cue · A confirms · X rejects · Space shows/hides")
        )
        self.cues_title.setText(self.tr("Detector cues"))
        self.details_box.setTitle(self.tr("Parcel"))
        self.parcel_id.setPlaceholderText(self.tr("scan the barcode (P or F12)"))
        self.note.setPlaceholderText(self.tr("optional (F2)"))
        labels = (
            (self.parcel_id, self.tr("&Parcel ID")),
            # Fixed keys in every language (Alt+F, Alt+T: window actions), so no mnemonic here.
            (self.origin, self.tr("From")),
            (self.destination, self.tr("To")),
            (self.note, self.tr("&Note")),
            (self.mark_label, self.tr("Dra&w (B) as")),
        )
        for field, text in labels:
            label = self.form.labelForField(field)
            if isinstance(label, QLabel):
                label.setText(text)
        self.decide_box.setTitle(self.tr("Decision"))
        # The letter in brackets is the key: keys are the same in every language.
        self.clear_button.setText(self.tr("Clear  [C]"))
        self.suspect_button.setText(self.tr("Suspect…  [S]"))
        self.refer_button.setText(self.tr("Refer to manual search  [R]"))
        self.category_box.setTitle(self.tr("Suspect: choose a category (Esc to cancel)"))
        for key, category in CATEGORY_KEYS:
            self.category_buttons[category].setText(f"{key}  {category_text(category)}")
        for index in range(self.mark_label.count()):
            self.mark_label.setItemText(index, threat_text(self.mark_label.itemData(index)))
        self._render_tip_result()
        self._fit_texts()

    def show_tip_result(self, threat: str, hit: bool) -> None:
        """Feedback after a TIP image: HIT or MISS, until `hide_tip_result`."""
        self._tip_result = (threat, hit)
        self._render_tip_result()
        self.tip_banner.setProperty("hit", hit)
        self.tip_banner.style().polish(self.tip_banner)
        self.tip_banner.show()

    def hide_tip_result(self) -> None:
        self._tip_result = None
        self.tip_banner.hide()

    def _render_tip_result(self) -> None:
        if self._tip_result is None:
            return
        label, hit = self._tip_result
        what = threat_text(label).replace("_", " ")
        if hit:
            message = self.tr(
                "TIP test: a projected {threat} was in this image. You flagged it: HIT."
            )
        else:
            message = self.tr(
                "TIP test: a projected {threat} was in this image (outlined). You cleared it: "
                "MISS. Look at the outlined area."
            )
        self.tip_banner.setText(
            message.format(threat=what) + " " + self.tr("Press Enter for the real parcel.")
        )

    def _fit_texts(self) -> None:
        """No cut-off words: buttons, field labels and box titles claim the width their text
        needs (German and Dutch run long) and the panel widens, up to its maximum, to hold
        them. Only these count: lists and country boxes shrink gracefully, so their own
        minimum sizes are not allowed to widen the panel."""
        buttons = (self.clear_button, self.suspect_button, self.refer_button)
        for button in (*buttons, *self.category_buttons.values()):
            button.setMinimumWidth(button.sizeHint().width())

        def pad(layout) -> int:
            margins = layout.contentsMargins()
            return margins.left() + margins.right() + 4  # + the group box frame

        outer = pad(self.layout())
        inner = outer + pad(self.decide_box.layout())
        labels = [self.form.labelForField(field) for field in self._fields()]
        for label in labels:  # a little slack: hinted glyphs can draw wider than measured
            label.setMinimumWidth(label.sizeHint().width() + 4)
        label_width = max(label.minimumWidth() for label in labels)
        needed = [
            inner + self.category_box.minimumSizeHint().width(),
            inner + max(button.sizeHint().width() for button in buttons),
            outer + pad(self.form) + label_width + self.form.horizontalSpacing() + 150,
            *(
                extra + box.fontMetrics().horizontalAdvance(box.title()) + 24
                for box, extra in (
                    (self.details_box, outer),
                    (self.decide_box, outer),
                    (self.category_box, inner),
                )
            ),
        ]
        self.setMinimumWidth(min(self.MAX_WIDTH, max(self.MIN_WIDTH, *needed)))

    def _fields(self) -> tuple[QWidget, ...]:
        return (self.parcel_id, self.origin, self.destination, self.note, self.mark_label)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.FontChange:  # larger text: the same rule again
            QTimer.singleShot(0, self, self._fit_texts)
        super().changeEvent(event)

    def set_mark_labels(self, labels: Sequence[str]) -> None:
        """Labels for drawn regions: shown translated, stored as the model's own class name."""
        self.mark_label.clear()
        for label in [*labels, "other"]:
            self.mark_label.addItem(threat_text(label), label)

    def mark_label_value(self) -> str:
        """The class name to store for a drawn region (never the translated text)."""
        return str(self.mark_label.currentData() or "other")

    def reset_details(self) -> None:
        self.parcel_id.clear()
        self.origin.reset()
        self.destination.reset()
        self.note.clear()

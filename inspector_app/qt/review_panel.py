"""The side panel: what the detector saw, parcel details, the decision keys and the queue."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from PySide6.QtCore import QLocale, Qt
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

CATEGORY_KEYS: list[tuple[str, Category]] = [
    (str(number), category) for number, category in enumerate(Category, start=1)
]


def category_text(category: Category) -> str:
    return category.value.replace("_", " ").capitalize()


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
        self.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)

    def code(self) -> str:
        text = self.currentText().strip()
        return text.split(" — ")[0].strip().upper() if text else ""

    def reset(self) -> None:
        self.setCurrentIndex(0)
        self.setEditText("")


class ReviewPanel(QWidget):
    def __init__(self, mark_labels: Sequence[str] = ()) -> None:
        super().__init__()
        self.setMinimumWidth(340)
        self.setMaximumWidth(480)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setObjectName("banner")
        self.banner.hide()
        self.tip_banner = QLabel()
        self.tip_banner.setWordWrap(True)
        self.tip_banner.setObjectName("tipBanner")
        self.tip_banner.hide()
        self.scan_title = QLabel("Waiting for the first scan…")
        self.scan_title.setWordWrap(True)
        self.scan_title.setObjectName("scanTitle")
        self.detection_list = QListWidget()
        self.detection_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cue_hint = QLabel("Tab selects a cue · A confirms · X rejects · Space shows/hides")
        self.cue_hint.setObjectName("hint")
        self.cue_hint.setWordWrap(True)

        details = QGroupBox("Parcel")
        form = QFormLayout(details)
        self.parcel_id = QLineEdit()
        self.parcel_id.setPlaceholderText("scan the barcode (P or F12)")
        self.origin = CountryBox()
        self.destination = CountryBox()
        self.note = QLineEdit()
        self.note.setPlaceholderText("optional (F2)")
        self.mark_label = QComboBox()
        self.mark_label.addItems([*mark_labels, "other"])
        self.mark_label.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        # Alt+letter mnemonics reach every field from the keyboard.
        form.addRow("&Parcel ID", self.parcel_id)
        form.addRow("&From", self.origin)
        form.addRow("&To", self.destination)
        form.addRow("&Note", self.note)
        form.addRow("Dra&w (B) as", self.mark_label)

        decide_box = QGroupBox("Decision")
        decide_layout = QVBoxLayout(decide_box)
        self.clear_button = QPushButton("Clear  [C]")
        self.suspect_button = QPushButton("Suspect…  [S]")
        self.refer_button = QPushButton("Refer to manual search  [R]")
        for button, name in (
            (self.clear_button, "clearButton"),
            (self.suspect_button, "suspectButton"),
            (self.refer_button, "referButton"),
        ):
            button.setObjectName(name)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumHeight(36)
            decide_layout.addWidget(button)
        self.category_box = QGroupBox("Suspect: choose a category (Esc to cancel)")
        grid = QGridLayout(self.category_box)
        self.category_buttons: dict[Category, QPushButton] = {}
        for index, (key, category) in enumerate(CATEGORY_KEYS):
            button = QPushButton(f"{key}  {category_text(category)}")
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
        self.queue_list = QListWidget()
        self.queue_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.tip_banner)
        layout.addWidget(self.scan_title)
        layout.addWidget(QLabel("Detector cues"))
        layout.addWidget(self.detection_list, 2)
        layout.addWidget(self.cue_hint)
        layout.addWidget(details)
        layout.addWidget(decide_box)
        layout.addWidget(self.queue_label)
        layout.addWidget(self.queue_list, 3)

    def reset_details(self) -> None:
        self.parcel_id.clear()
        self.origin.reset()
        self.destination.reset()
        self.note.clear()

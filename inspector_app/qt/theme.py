"""Themes: dark by default for dim screening rooms (low glare around the image), light for
bright offices. One base font size scales the whole interface."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("dark", "light")
DEFAULT_FONT_PT = 10

_PALETTES = {
    "dark": {
        "Window": "#1b1e22",
        "WindowText": "#e6e6e6",
        "Base": "#14171a",
        "AlternateBase": "#1f2226",
        "Text": "#e6e6e6",
        "Button": "#2a2d31",
        "ButtonText": "#f0f0f0",
        "Highlight": "#3a6ea5",
        "HighlightedText": "#ffffff",
        "ToolTipBase": "#2a2d31",
        "ToolTipText": "#f0f0f0",
        "PlaceholderText": "#8a9096",
    },
    "light": {
        "Window": "#f2f2f2",
        "WindowText": "#1a1a1a",
        "Base": "#ffffff",
        "AlternateBase": "#ececec",
        "Text": "#1a1a1a",
        "Button": "#e4e4e4",
        "ButtonText": "#1a1a1a",
        "Highlight": "#2f6db5",
        "HighlightedText": "#ffffff",
        "ToolTipBase": "#ffffdc",
        "ToolTipText": "#1a1a1a",
        "PlaceholderText": "#7a7a7a",
    },
}

# Text of disabled menu items and fields: `setColor(role, ...)` sets every colour group, so
# without this a disabled action (e.g. "Change my password…" for the DEMO account) looks live.
_DISABLED_TEXT = {"dark": "#7d838a", "light": "#9a9a9a"}

_STYLESHEET = """
QLabel#banner {{ background: #5c1a1a; color: #ffecec; padding: 6px; border-radius: 4px; }}
QLabel#tipBanner {{ background: #6b1d1d; color: #fff; padding: 8px; font-weight: bold; }}
QLabel#tipBanner[hit="true"] {{ background: #1f5130; }}
QLabel#scanTitle {{ font-size: {title}pt; }}
QLabel#hint {{ color: {hint}; font-size: {small}pt; }}
QPushButton#clearButton {{ background: #2e6b42; color: #fff; }}
QPushButton#suspectButton {{ background: #8a5f16; color: #fff; }}
QPushButton#referButton {{ background: #7a2424; color: #fff; }}
QPushButton:disabled, QPushButton#clearButton:disabled, QPushButton#suspectButton:disabled,
QPushButton#referButton:disabled {{ color: #888; background: {disabled}; }}
"""


def apply_theme(app: QApplication, name: str = "dark", font_pt: int = DEFAULT_FONT_PT) -> None:
    if name not in THEMES:
        raise ValueError(f"unknown theme {name!r}; choose one of {', '.join(THEMES)}")
    app.setStyle("Fusion")
    palette = QPalette()
    for role, colour in _PALETTES[name].items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    for text_role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, text_role, QColor(_DISABLED_TEXT[name]))
    app.setPalette(palette)
    font = QFont(app.font())
    font.setPointSize(font_pt)
    app.setFont(font)
    app.setStyleSheet(
        _STYLESHEET.format(
            title=font_pt + 1,
            small=max(7, font_pt - 1),
            hint="#9aa0a6" if name == "dark" else "#5f6368",
            disabled="#2a2d31" if name == "dark" else "#d0d0d0",
        )
    )


def apply_dark_theme(app: QApplication) -> None:
    apply_theme(app, "dark")

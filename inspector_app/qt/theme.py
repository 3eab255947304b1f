"""Dark theme for dim screening rooms: low glare around the image, high-contrast controls."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

_STYLESHEET = """
QLabel#banner { background: #5c1a1a; color: #ffecec; padding: 6px; border-radius: 4px; }
QLabel#tipBanner { background: #6b1d1d; color: #fff; padding: 8px; font-weight: bold; }
QLabel#tipBanner[hit="true"] { background: #1f5130; }
QLabel#scanTitle { font-size: 11pt; }
QLabel#hint { color: #9aa0a6; font-size: 8.5pt; }
QPushButton#clearButton { background: #1f5130; }
QPushButton#suspectButton { background: #6b4a12; }
QPushButton#referButton { background: #5c1a1a; }
QPushButton:disabled { color: #777; background: #2a2d31; }
"""


def apply_dark_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#1b1e22",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#14171a",
        QPalette.ColorRole.AlternateBase: "#1f2226",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#2a2d31",
        QPalette.ColorRole.ButtonText: "#f0f0f0",
        QPalette.ColorRole.Highlight: "#3a6ea5",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#2a2d31",
        QPalette.ColorRole.ToolTipText: "#f0f0f0",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    app.setPalette(palette)
    app.setStyleSheet(_STYLESHEET)

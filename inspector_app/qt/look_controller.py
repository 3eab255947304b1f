"""The station's look: language, theme and text size, switched live and reported to be saved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QApplication, QMenu

from inspector_app.qt.i18n import LANGUAGES, current_language, install_language


@dataclass(frozen=True)
class Appearance:
    theme: str = "dark"
    font_pt: int = 10
    language: str = "en"  # a code of inspector_app.qt.i18n.LANGUAGES


class LookController(QObject):
    appearance_changed = Signal(object)  # Appearance (theme, text size, language) to persist

    def __init__(
        self,
        language_menu: QMenu,
        retranslate: Callable[[], None],
        notify: Callable[[str], None],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self.appearance = Appearance(language=current_language())
        self._retranslate, self._notify = retranslate, notify
        # Each language under its own name, so anyone finds the way back to theirs.
        self.language_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        for code, name in LANGUAGES.items():
            action = QAction(name, self, checkable=True)
            action.triggered.connect(lambda _=False, c=code: self.set_language(c))
            group.addAction(action)
            language_menu.addAction(action)
            self.language_actions[code] = action

    def set_language(
        self, code: str, *, lrelease: Path | None = None, source_dir: Path | None = None
    ) -> bool:
        """Switch the app's language now and remember it; False (and a message) on failure,
        in which case the station is in English. `lrelease`/`source_dir`: for tests."""
        app = QApplication.instance()
        assert app is not None
        ok = install_language(
            app, code, lrelease=lrelease, source_dir=source_dir, report=self._notify
        )
        self._retranslate()
        active = current_language()
        if active != self.appearance.language:
            self._change(language=active)
        return ok

    def check_current_language(self) -> None:
        self.language_actions[current_language()].setChecked(True)

    def change_font(self, step: int) -> None:
        self._change(font_pt=max(8, min(20, self.appearance.font_pt + step)))

    def toggle_theme(self) -> None:
        self._change(theme="light" if self.appearance.theme == "dark" else "dark")

    def _change(self, **changes) -> None:
        self.appearance = replace(self.appearance, **changes)
        self.appearance_changed.emit(self.appearance)

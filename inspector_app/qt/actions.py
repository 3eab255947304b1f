"""Menus and shortcuts of the window, built from the core's action table.

Each action is created once with its window-wide keys; its label is re-read from the table
(translated) on every language switch.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from inspector_app.station.actions import ACTIONS, CONTEXT, MENUS, SUBMENUS

Text = Callable[[], str]  # gives a label in the current language (called again on a switch)


def translated(label: str) -> Text:
    return lambda: QCoreApplication.translate(CONTEXT, label)


class ActionBinder:
    """Creates the menu bar from ACTIONS; `handlers` maps every action id to its call."""

    def __init__(self, window: QMainWindow, handlers: Mapping[str, Callable[[], object]]) -> None:
        missing = sorted({spec.id for spec in ACTIONS} - set(handlers))
        if missing:
            raise ValueError(f"actions without a handler: {', '.join(missing)}")
        self.window = window
        self.labels: list[tuple[QAction | QMenu, Text]] = []
        self.actions: dict[str, QAction] = {}
        self.menus: dict[str, QMenu] = {}
        bar = window.menuBar()
        for menu_id, title in MENUS.items():
            if menu_id not in SUBMENUS:
                self.menus[menu_id] = self.menu(bar, translated(title))
        for spec in ACTIONS:
            menu = self.menus[spec.menu]
            if spec.separator_before:
                menu.addSeparator()
            self.actions[spec.id] = self.add(
                menu, translated(spec.label), list(spec.keys), handlers[spec.id]
            )
            for sub_id, (parent, after) in SUBMENUS.items():
                if after == spec.id:
                    self.menus[sub_id] = self.menu(self.menus[parent], translated(MENUS[sub_id]))

    def menu(self, parent, title: Text) -> QMenu:
        menu = parent.addMenu(title())
        self.labels.append((menu, title))
        return menu

    def add(self, menu: QMenu, text: Text, keys: str | list[str], slot) -> QAction:
        """An action in a menu (for discovery and the F1 sheet) with its window-wide keys."""
        action = QAction(text(), self.window)
        action.setShortcuts([QKeySequence(k) for k in ([keys] if isinstance(keys, str) else keys)])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _=False: slot())
        menu.addAction(action)
        self.window.addAction(action)
        self.labels.append((action, text))
        return action

    def retranslate(self) -> None:
        for item, text in self.labels:
            if isinstance(item, QMenu):
                item.setTitle(text())
            else:
                item.setText(text())

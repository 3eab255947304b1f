"""Every command of the screening window in one table: id, menu, label and keys.

The window builds its menus and shortcuts from this table and maps each id to a call; the F1
sheet reads the menus, so the keys a user sees are the keys that work. Keys are the same in
every language (labels are translated, accelerators never come from them). Families that
come from a registry (customs categories, image functions, languages) are added by the window
from that registry.
"""

from __future__ import annotations

from dataclasses import dataclass


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks a label for translation (Qt's lupdate collects it) without importing Qt."""
    return text


CONTEXT = "Actions"  # translation context of the labels below


@dataclass(frozen=True)
class ActionSpec:
    id: str
    menu: str  # id of the menu it sits in (see MENUS)
    label: str
    keys: tuple[str, ...]
    separator_before: bool = False


MENUS: dict[str, str] = {
    "decision": QT_TRANSLATE_NOOP("Actions", "&Decision"),
    "categories": QT_TRANSLATE_NOOP("Actions", "Suspect category"),  # inside "decision"
    "cues": QT_TRANSLATE_NOOP("Actions", "C&ues"),
    "image": QT_TRANSLATE_NOOP("Actions", "&Image"),
    "view": QT_TRANSLATE_NOOP("Actions", "&View"),
    "language": QT_TRANSLATE_NOOP("Actions", "Language"),  # inside "view"
    "station": QT_TRANSLATE_NOOP("Actions", "&Station"),
    "help": QT_TRANSLATE_NOOP("Actions", "&Help"),
}
# Sub-menu -> (parent menu, the action it follows).
SUBMENUS: dict[str, tuple[str, str]] = {
    "categories": ("decision", "decide.refer"),
    "language": ("view", "view.theme"),
}


def _a(id: str, menu: str, label: str, *keys: str, sep: bool = False) -> ActionSpec:
    return ActionSpec(id, menu, label, keys, sep)


ACTIONS: tuple[ActionSpec, ...] = (
    _a("decide.clear", "decision", QT_TRANSLATE_NOOP("Actions", "Clear"), "C"),
    _a("decide.suspect", "decision", QT_TRANSLATE_NOOP("Actions", "Suspect…"), "S"),
    _a("decide.refer", "decision", QT_TRANSLATE_NOOP("Actions", "Refer to manual search"), "R"),
    _a("decide.cancel", "decision", QT_TRANSLATE_NOOP("Actions", "Cancel"), "Esc"),
    _a(
        "decide.undo",
        "decision",
        QT_TRANSLATE_NOOP("Actions", "Undo last decision"),
        "Ctrl+Z",
        sep=True,
    ),
    _a(
        "decide.continue_tip",
        "decision",
        QT_TRANSLATE_NOOP("Actions", "Continue after a TIP test"),
        "Return",
    ),
    _a(
        "details.parcel_id",
        "decision",
        QT_TRANSLATE_NOOP("Actions", "Parcel ID"),
        "P",
        "F12",
        sep=True,
    ),
    _a("details.note", "decision", QT_TRANSLATE_NOOP("Actions", "Note"), "F2"),
    _a("details.origin", "decision", QT_TRANSLATE_NOOP("Actions", "Origin country"), "Alt+F"),
    _a(
        "details.destination",
        "decision",
        QT_TRANSLATE_NOOP("Actions", "Destination country"),
        "Alt+T",
    ),
    _a(
        "queue.order", "decision", QT_TRANSLATE_NOOP("Actions", "Alarms first / arrival order"), "Q"
    ),
    _a("cues.toggle", "cues", QT_TRANSLATE_NOOP("Actions", "Show / hide cues"), "Space"),
    _a("cues.next", "cues", QT_TRANSLATE_NOOP("Actions", "Next cue"), "Tab"),
    _a("cues.previous", "cues", QT_TRANSLATE_NOOP("Actions", "Previous cue"), "Shift+Tab"),
    _a("cues.confirm", "cues", QT_TRANSLATE_NOOP("Actions", "Confirm cue"), "A"),
    _a("cues.reject", "cues", QT_TRANSLATE_NOOP("Actions", "Reject cue"), "X"),
    _a("cues.opacity", "cues", QT_TRANSLATE_NOOP("Actions", "Cue opacity"), "V"),
    _a(
        "cues.vendor",
        "cues",
        QT_TRANSLATE_NOOP("Actions", "Show / hide the scanner's own alarms"),
        "W",
    ),
    _a("marks.draw", "cues", QT_TRANSLATE_NOOP("Actions", "Draw a missed item"), "B"),
    _a("marks.remove", "cues", QT_TRANSLATE_NOOP("Actions", "Remove last drawn item"), "Del"),
    _a("image.standard", "image", QT_TRANSLATE_NOOP("Actions", "Standard image"), "Home"),
    _a("view.fit", "view", QT_TRANSLATE_NOOP("Actions", "Fit to window"), "F"),
    _a("view.actual_size", "view", QT_TRANSLATE_NOOP("Actions", "Actual size"), "Ctrl+1"),
    _a("view.zoom_in", "view", QT_TRANSLATE_NOOP("Actions", "Zoom in"), "+", "="),
    _a("view.zoom_out", "view", QT_TRANSLATE_NOOP("Actions", "Zoom out"), "-"),
    _a("view.larger_text", "view", QT_TRANSLATE_NOOP("Actions", "Larger text"), "Ctrl++", sep=True),
    _a("view.smaller_text", "view", QT_TRANSLATE_NOOP("Actions", "Smaller text"), "Ctrl+-"),
    _a("view.theme", "view", QT_TRANSLATE_NOOP("Actions", "Light / dark theme"), "Ctrl+Shift+T"),
    _a("station.model", "station", QT_TRANSLATE_NOOP("Actions", "Load another model…"), "Ctrl+M"),
    _a("station.settings", "station", QT_TRANSLATE_NOOP("Actions", "Station settings…"), "Ctrl+,"),
    _a("station.lock", "station", QT_TRANSLATE_NOOP("Actions", "Lock / switch user"), "Ctrl+L"),
    _a("station.password", "station", QT_TRANSLATE_NOOP("Actions", "Change my password…")),
    _a("help.shortcuts", "help", QT_TRANSLATE_NOOP("Actions", "Keyboard shortcuts"), "F1"),
)


def action(id: str) -> ActionSpec:
    for spec in ACTIONS:
        if spec.id == id:
            return spec
    raise KeyError(id)

"""The translation sources stay complete: every string the qt package marks is in each .ts
and finished, translations keep their placeholders and keys, Alt mnemonics do not clash, no
widget text bypasses tr(), and the table of core words covers the core's registries."""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from window_factory import station_window

from inspector_app.domain import Category
from inspector_app.feeds.files import FileListFeed
from inspector_app.imaging.enhance import FUNCTIONS
from inspector_app.qt import i18n
from inspector_app.simulation import THREAT_CLASSES

TS_FILES = {code: i18n.translations_dir() / i18n.ts_name(code) for code in i18n.TRANSLATED}
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%n")


def _messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(path).getroot()
    found = {}
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found[(name, message.findtext("source") or "")] = message
    return found


def _forms(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    assert translation is not None
    if message.get("numerus") == "yes":
        return [form.text or "" for form in translation.iter("numerusform")]
    return [translation.text or ""]


@pytest.fixture(scope="module")
def marked(tmp_path_factory) -> set[tuple[str, str]]:
    """(context, source) of every string marked in the qt package, straight from lupdate."""
    fresh = tmp_path_factory.mktemp("lupdate") / "inspector_app_fr.ts"
    i18n.update_ts([fresh])
    return set(_messages(fresh))


@pytest.mark.parametrize("code", sorted(TS_FILES))
def test_every_marked_string_is_translated_and_finished(code: str, marked):
    messages = _messages(TS_FILES[code])
    missing = sorted(marked - set(messages))
    assert not missing, (
        f"not in {TS_FILES[code].name}: {missing}; run "
        "`.venv/bin/python -m inspector_app.qt.i18n update` and translate them"
    )
    stale = sorted(set(messages) - marked)
    assert not stale, f"no longer in the sources: {stale}"
    for (context, source), message in messages.items():
        translation = message.find("translation")
        assert translation is not None
        kind = translation.get("type")
        assert kind not in {"unfinished", "vanished", "obsolete"}, (context, source, kind)
        forms = _forms(message)
        assert all(form.strip() for form in forms), (context, source, "empty translation")
        for form in forms:
            # Placeholders filled in by code, and the keys named in the text, survive.
            assert set(PLACEHOLDER.findall(form)) == set(PLACEHOLDER.findall(source)), (
                code,
                source,
                form,
            )
            for hint in re.findall(r"\[[^\]]+\]|\((?:P|B|F2)[^)]*\)", source):
                keys = re.findall(r"\b(?:[A-Z]|F\d+)\b", hint)
                assert all(k in form for k in keys), (code, source, form)
            assert form.count("&&") == source.count("&&"), (code, source, form)


def test_no_widget_text_bypasses_translation():
    """A plain English literal handed to a text setter would never be translated."""
    setters = {
        "setText",
        "setTitle",
        "setWindowTitle",
        "setPlaceholderText",
        "setToolTip",
        "showMessage",
        "notify",
        "addItem",
        "addMenu",
        "QLabel",
        "QPushButton",
        "QGroupBox",
        "QAction",
    }
    offenders = []
    for path in i18n.translatable_sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            literal = (isinstance(first, ast.Constant) and isinstance(first.value, str)) or (
                isinstance(first, ast.JoinedStr)
                and any(
                    isinstance(v, ast.Constant) and re.search(r"[A-Za-z]{3}", v.value)
                    for v in first.values
                )
            )
            if name in setters and literal:
                text = first.value if isinstance(first, ast.Constant) else ast.unparse(first)
                if re.search(r"[A-Za-z]{3}", text) and "SHA-256" not in text:
                    offenders.append(f"{path.name}:{node.lineno}: {text!r}")
    assert not offenders, "wrap in self.tr(...):\n" + "\n".join(offenders)


def test_the_terms_table_covers_the_core_words():
    assert {name: f.label for name, f in FUNCTIONS.items()} == dict(i18n.FUNCTION_LABELS)
    assert set(THREAT_CLASSES) <= set(i18n.THREAT_LABELS)
    assert {c.value for c in Category} <= {c.value for c in i18n._CATEGORY_TEXT}


def _mnemonic(text: str) -> str | None:
    match = re.search(r"(?<!&)&([^&])", text)
    return match.group(1).lower() if match else None


@pytest.mark.parametrize("code", ["en", *sorted(TS_FILES)])
def test_alt_mnemonics_in_the_main_window_do_not_clash(
    code: str, qtbot, tmp_path: Path, fixed_box_model, monkeypatch
):
    monkeypatch.setenv("INSPECTOR_APP_CACHE_DIR", str(tmp_path / "cache"))
    window = station_window(FileListFeed([]), fixed_box_model([], ["knife"]), tmp_path, "t")
    qtbot.addWidget(window)
    try:
        assert window.look.set_language(code)
        panel = window.panel
        texts = [action.text() for action in window.menuBar().actions()]
        fields = (panel.parcel_id, panel.note, panel.mark_label)
        texts += [panel.form.labelForField(field).text() for field in fields]
        letters = [_mnemonic(text) for text in texts]
        assert None not in letters, texts
        assert len(set(letters)) == len(letters), dict(zip(texts, letters, strict=True))
        # Origin and destination have fixed keys in every language (Alt+F, Alt+T): no label
        # mnemonic may take those letters, and their own labels carry none.
        assert not {"f", "t"} & set(letters), dict(zip(texts, letters, strict=True))
        for field in (panel.origin, panel.destination):
            assert _mnemonic(panel.form.labelForField(field).text()) is None
    finally:
        i18n.install_language(QApplication.instance(), "en")


def test_a_string_moved_to_another_class_keeps_its_translation(tmp_path: Path) -> None:
    """lupdate files a moved string under its new class as unfinished and the old copy as
    vanished; update_ts carries the translation across, plural forms included."""
    ts = tmp_path / "inspector_app_de.ts"
    ts.write_text(
        """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context><name>Old</name>
  <message><source>no cue</source><translation type="vanished">kein Hinweis</translation></message>
  <message numerus="yes"><source>%n cue(s)</source><translation type="vanished">
    <numerusform>%n Hinweis</numerusform><numerusform>%n Hinweise</numerusform>
  </translation></message>
</context>
<context><name>New</name>
  <message><source>no cue</source><translation type="unfinished"></translation></message>
  <message numerus="yes"><source>%n cue(s)</source><translation type="unfinished">
    <numerusform></numerusform><numerusform></numerusform></translation></message>
  <message><source>brand new</source><translation type="unfinished"></translation></message>
</context>
</TS>
"""
    )
    assert i18n.carry_translations(ts) == 2
    messages = _messages(ts)
    assert _forms(messages[("New", "no cue")]) == ["kein Hinweis"]
    assert _forms(messages[("New", "%n cue(s)")]) == ["%n Hinweis", "%n Hinweise"]
    for key in (("New", "no cue"), ("New", "%n cue(s)")):
        assert messages[key].find("translation").get("type") is None
    assert messages[("New", "brand new")].find("translation").get("type") == "unfinished"
    assert ET.parse(ts).getroot().get("language") == "de_DE"

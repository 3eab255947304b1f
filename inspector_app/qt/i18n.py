"""Languages: English in the source, French, Dutch and German from Qt's translation files.

Why this module: the station is used across the Benelux and beyond, and the inspector must be
able to switch language in the running app. Translations are kept as `.ts` sources in
`resources/translations/`; the compiled `.qm` files are build products (gitignored), made by
the `lrelease` that ships with PySide6 — at build time (`compile_all`, called from build.spec)
or on first run (`ensure_compiled`, into the user cache dir).

The Qt-free core speaks English (category values, image-function labels, detector class
names). Those words are translated here, at display time, through one fixed context
(`Terms`), so the core never needs Qt. Messages from core exceptions stay English.

Developer commands::

    .venv/bin/python -m inspector_app.qt.i18n update     # lupdate: refresh the .ts sources
    .venv/bin/python -m inspector_app.qt.i18n compile DIR  # lrelease: every .ts -> DIR/*.qm
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import platformdirs
import PySide6
from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QTranslator,
)

from inspector_app.config import APP_NAME, resources_dir
from inspector_app.domain import Category, Verdict
from inspector_app.station.actions import QT_TRANSLATE_NOOP

# Language code -> its own name: a menu of languages shows each in that language, so anyone
# can find their way back from a language they do not read.
LANGUAGES: Mapping[str, str] = {
    "en": "English",
    "fr": "Français",
    "nl": "Nederlands",
    "de": "Deutsch",
}
SOURCE_LANGUAGE = "en"
TRANSLATED: tuple[str, ...] = tuple(code for code in LANGUAGES if code != SOURCE_LANGUAGE)
TERMS = "Terms"  # translation context of the core's English words

_CATEGORY_TEXT: Mapping[Category, str] = {
    Category.DRUGS: QT_TRANSLATE_NOOP("Terms", "Drugs"),
    Category.WEAPONS: QT_TRANSLATE_NOOP("Terms", "Weapons"),
    Category.COUNTERFEIT: QT_TRANSLATE_NOOP("Terms", "Counterfeit"),
    Category.WILDLIFE: QT_TRANSLATE_NOOP("Terms", "Wildlife"),
    Category.MEDICINES: QT_TRANSLATE_NOOP("Terms", "Medicines"),
    Category.CURRENCY: QT_TRANSLATE_NOOP("Terms", "Currency"),
    Category.EXCISE: QT_TRANSLATE_NOOP("Terms", "Excise"),
    Category.DANGEROUS_GOODS: QT_TRANSLATE_NOOP("Terms", "Dangerous goods"),
    Category.OTHER: QT_TRANSLATE_NOOP("Terms", "Other"),
}

_VERDICT_TEXT: Mapping[Verdict, str] = {
    Verdict.CLEAR: QT_TRANSLATE_NOOP("Terms", "clear"),
    Verdict.SUSPECT: QT_TRANSLATE_NOOP("Terms", "suspect"),
    Verdict.REFER: QT_TRANSLATE_NOOP("Terms", "refer to manual search"),
}

# English labels of inspector_app.imaging.enhance.FUNCTIONS, keyed by function name (a test
# keeps this table equal to the registry, so a renamed label cannot go untranslated).
FUNCTION_LABELS: Mapping[str, str] = {
    "standard": QT_TRANSLATE_NOOP("Terms", "Standard image"),
    "grey": QT_TRANSLATE_NOOP("Terms", "Grey / colour"),
    "inverse": QT_TRANSLATE_NOOP("Terms", "Inverse"),
    "organic": QT_TRANSLATE_NOOP("Terms", "Organic only"),
    "inorganic": QT_TRANSLATE_NOOP("Terms", "Inorganic only"),
    "metal": QT_TRANSLATE_NOOP("Terms", "Metal only"),
    "high_pen": QT_TRANSLATE_NOOP("Terms", "High penetration"),
    "low_pen": QT_TRANSLATE_NOOP("Terms", "Low penetration"),
    "edges": QT_TRANSLATE_NOOP("Terms", "Edge enhancement"),
    "clahe": QT_TRANSLATE_NOOP("Terms", "Local contrast"),
    "lighter": QT_TRANSLATE_NOOP("Terms", "Lighter (gamma)"),
    "darker": QT_TRANSLATE_NOOP("Terms", "Darker (gamma)"),
    "density": QT_TRANSLATE_NOOP("Terms", "Density highlight"),
}

# Detector / simulator class names (inspector_app.simulation.THREAT_CLASSES) and the drawn
# region's fallback label. The source text is the class name itself, so English shows the
# model's own label unchanged and a model with other classes still shows its names.
THREAT_LABELS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("Terms", "handgun"),
    QT_TRANSLATE_NOOP("Terms", "knife"),
    QT_TRANSLATE_NOOP("Terms", "ammunition"),
    QT_TRANSLATE_NOOP("Terms", "powder_pack"),
    QT_TRANSLATE_NOOP("Terms", "pill_pack"),
    QT_TRANSLATE_NOOP("Terms", "liquid_container"),
    QT_TRANSLATE_NOOP("Terms", "banknote_stack"),
    QT_TRANSLATE_NOOP("Terms", "cigarette_carton"),
    QT_TRANSLATE_NOOP("Terms", "lithium_battery"),
    QT_TRANSLATE_NOOP("Terms", "wildlife"),
    QT_TRANSLATE_NOOP("Terms", "other"),
)


def term(text: str) -> str:
    """Any core English word in the current language (itself when there is no translation)."""
    return QCoreApplication.translate(TERMS, text)


def category_text(category: Category) -> str:
    return term(_CATEGORY_TEXT[category])


def verdict_text(verdict: Verdict) -> str:
    return term(_VERDICT_TEXT[verdict])


def function_label(name: str, fallback: str = "") -> str:
    """Display label of an image function; unknown names (test registries) show `fallback`."""
    source = FUNCTION_LABELS.get(name)
    return term(source) if source else (fallback or name)


def threat_text(label: str) -> str:
    """A detector class name for display; the stored label stays the model's own."""
    return term(label)


# ----- files and tools ------------------------------------------------------------------------
class TranslationError(Exception):
    """A translation could not be compiled or loaded; the app carries on in English."""


def _pyside_tool(name: str) -> Path:
    suffix = ".exe" if sys.platform == "win32" else ""
    return Path(PySide6.__file__).resolve().parent / f"{name}{suffix}"


def lrelease_path() -> Path:
    """The .ts -> .qm compiler shipped inside the PySide6 wheel."""
    return _pyside_tool("lrelease")


def lupdate_path() -> Path:
    """The source -> .ts extractor shipped inside the PySide6 wheel (development only)."""
    return _pyside_tool("lupdate")


def translations_dir() -> Path:
    """The `.ts` sources (and build-time `.qm` files): in the bundle, or the source tree."""
    return resources_dir() / "translations"


def cache_dir() -> Path:
    """Where first-run compiles go (INSPECTOR_APP_CACHE_DIR overrides, e.g. for tests)."""
    override = os.environ.get("INSPECTOR_APP_CACHE_DIR")
    base = Path(override) if override else Path(platformdirs.user_cache_dir(APP_NAME, False))
    return base / "translations"


def ts_name(code: str) -> str:
    return f"inspector_app_{code}.ts"


def _check_code(code: str) -> None:
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}; choose one of {', '.join(LANGUAGES)}")


def compile_ts(ts: Path, qm: Path, lrelease: Path | None = None) -> Path:
    """Compile one `.ts` into `qm` (written whole, via a temp file, so a reader never sees half)."""
    tool = lrelease or lrelease_path()
    if not tool.is_file():
        raise TranslationError(
            f"the Qt translation compiler (lrelease) was not found at {tool}, so {ts.name} "
            "cannot be compiled; reinstall PySide6-Essentials"
        )
    tmp = qm.with_name(f".{qm.name}.{os.getpid()}.tmp")
    try:
        qm.parent.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [str(tool), "-silent", str(ts), "-qm", str(tmp)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise TranslationError(f"lrelease could not compile {ts.name}: {exc}") from exc
    if done.returncode != 0 or not tmp.is_file():
        tmp.unlink(missing_ok=True)
        detail = (done.stderr or done.stdout).strip() or f"exit code {done.returncode}"
        raise TranslationError(f"lrelease could not compile {ts.name}: {detail}")
    try:
        os.replace(tmp, qm)
    except OSError as exc:
        raise TranslationError(f"cannot write the compiled translation {qm}: {exc}") from exc
    return qm


def _fresh(qm: Path, ts: Path) -> bool:
    return qm.is_file() and (not ts.exists() or qm.stat().st_mtime_ns >= ts.stat().st_mtime_ns)


def ensure_compiled(
    codes: Iterable[str] = TRANSLATED,
    *,
    lrelease: Path | None = None,
    source_dir: Path | None = None,
    out_dir: Path | None = None,
) -> dict[str, Path]:
    """The `.qm` file for each language, compiling those missing or older than their `.ts`.

    A `.qm` next to the `.ts` (made at build time) is used when it is up to date; otherwise
    the compile goes to the user cache dir. Raises TranslationError with a readable reason.
    """
    sources = source_dir or translations_dir()
    cache = out_dir or cache_dir()
    found: dict[str, Path] = {}
    for code in codes:
        _check_code(code)
        if code == SOURCE_LANGUAGE:
            continue
        ts = sources / ts_name(code)
        built = ts.with_suffix(".qm")
        if _fresh(built, ts):
            found[code] = built
            continue
        if not ts.is_file():
            raise TranslationError(f"the {LANGUAGES[code]} translation {ts} is missing")
        qm = cache / built.name
        found[code] = qm if _fresh(qm, ts) else compile_ts(ts, qm, lrelease)
    return found


def compile_all(out_dir: Path | str, *, lrelease: Path | None = None) -> list[Path]:
    """Build step: compile every `.ts` into `out_dir` (build.spec passes resources/translations)."""
    out = Path(out_dir)
    sources = translations_dir()
    return [
        compile_ts(sources / ts_name(code), out / Path(ts_name(code)).with_suffix(".qm"), lrelease)
        for code in TRANSLATED
    ]


# ----- installing -----------------------------------------------------------------------------
# QCoreApplication does not own translators: they live here, or Python would free them.
_installed: list[QTranslator] = []
_current = SOURCE_LANGUAGE


def current_language() -> str:
    return _current


def _report_to_stderr(message: str) -> None:
    print(f"inspector-app: {message}", file=sys.stderr)


def install_language(
    app: QCoreApplication,
    code: str,
    *,
    lrelease: Path | None = None,
    source_dir: Path | None = None,
    report: Callable[[str], None] = _report_to_stderr,
) -> bool:
    """Switch the whole app to `code` now (widgets get a LanguageChange event).

    The previous translators are removed first, so a failure leaves the app in English; the
    reason goes to `report` and the result is False. Qt's own `qtbase_<code>` translation is
    loaded too, for standard buttons, dialogs and key names.
    """
    global _current
    _check_code(code)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    _current = SOURCE_LANGUAGE
    if code == SOURCE_LANGUAGE:
        return True
    name = LANGUAGES[code]
    try:
        qm = ensure_compiled([code], lrelease=lrelease, source_dir=source_dir)[code]
    except TranslationError as exc:
        report(f"{name} is not available ({exc}); the station stays in English.")
        return False
    own = QTranslator()  # no Qt parent: freed once dropped from _installed
    if not own.load(str(qm)):
        report(f"{name} is not available ({qm} could not be read); the station stays in English.")
        return False
    qt_own = QTranslator()
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for translator in (own, qt_own) if qt_own.load(f"qtbase_{code}", qt_dir) else (own,):
        app.installTranslator(translator)
        _installed.append(translator)
    _current = code
    return True


# ----- development commands -------------------------------------------------------------------
def translatable_sources() -> list[Path]:
    """Every module whose strings are translated: the whole qt package (this table included)
    and the core's action table, whose labels are marked with QT_TRANSLATE_NOOP."""
    qt_package = Path(__file__).resolve().parent
    return [*sorted(qt_package.glob("*.py")), qt_package.parent / "station" / "actions.py"]


def update_ts(ts_files: Iterable[Path], *, lupdate: Path | None = None) -> None:
    """Run lupdate: add new source strings to the `.ts` files, drop vanished ones.

    A string whose code moved to another class changes context; its translation goes with it
    (carried from the vanished copy), so refactoring never costs the translators work.
    """
    tool = lupdate or lupdate_path()
    ts_files = list(ts_files)
    base = [str(tool), "-silent", "-locations", "none", *map(str, translatable_sources())]
    subprocess.run(
        [*base, "-ts", *map(str, ts_files)], check=True, capture_output=True, timeout=120
    )
    for ts in ts_files:
        if ts.is_file():
            carry_translations(ts)
    subprocess.run(  # second pass: drop what vanished, in lupdate's own layout
        [*base[:2], "-no-obsolete", *base[2:], "-ts", *map(str, ts_files)],
        check=True,
        capture_output=True,
        timeout=120,
    )


def carry_translations(ts: Path) -> int:
    """Fill unfinished messages from a finished or vanished one with the same source text."""
    import xml.etree.ElementTree as ET

    tree = ET.parse(ts)
    known: dict[tuple[str, str | None], ET.Element] = {}
    for message in tree.iter("message"):
        translation = message.find("translation")
        if translation is None or translation.get("type") == "unfinished":
            continue
        if "".join(translation.itertext()).strip():
            key = (message.findtext("source") or "", message.get("numerus"))
            known.setdefault(key, translation)
    carried = 0
    for message in tree.iter("message"):
        translation = message.find("translation")
        if translation is None or translation.get("type") != "unfinished":
            continue
        source = known.get((message.findtext("source") or "", message.get("numerus")))
        if source is None:
            continue
        message.remove(translation)
        copy = ET.fromstring(ET.tostring(source))
        copy.attrib.pop("type", None)
        copy.tail = translation.tail
        message.append(copy)
        carried += 1
    if carried:
        body = ET.tostring(tree.getroot(), encoding="unicode")
        ts.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{body}\n')
    return carried


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["update"]:
        update_ts(translations_dir() / ts_name(code) for code in TRANSLATED)
        return 0
    if args[:1] == ["compile"] and len(args) == 2:
        for path in compile_all(args[1]):
            print(path)
        return 0
    print("usage: python -m inspector_app.qt.i18n update | compile OUT_DIR", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())


def as_sentence(message: str) -> str:
    """Core messages are lower-case fragments; the screen shows sentences."""
    message = message.strip()
    if not message:
        return ""
    message = message[0].upper() + message[1:]
    return message if message.endswith((".", "!", "?")) else message + "."

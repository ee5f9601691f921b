"""Interface language: Dutch by default, English selectable (Qt Linguist translations).

Source strings in the code are English (`self.tr(...)`); `views/i18n/knooppunt_nl.ts` holds
the Dutch translation and `knooppunt_nl.qm` its compiled form, loaded at start. Update
with `python -m views.i18n_tools update` (pyside6-lupdate + pyside6-lrelease, both
shipped with PySide6-Essentials). The choice is remembered in QSettings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

I18N_DIR = Path(__file__).resolve().parent / "i18n"
LANGUAGES = {"nl": "Nederlands", "en": "English"}
DEFAULT_LANGUAGE = "nl"
_installed: list[QTranslator] = []

# Qt's own file dialog strings that qtbase_nl.qm lacks (Qt 6 added the mnemonics, the Dutch catalogue
# kept the old sources): without these every open/save dialog said "Look in:" and "Files of type:"
# and listed folders as "Folder". Qt asks our catalogue when its own has no translation.
QT_GAPS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Folder"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Drive"),
)


def settings() -> QSettings:
    return QSettings("Knooppunt", "Knooppunt")


def chosen_language() -> str:
    value = str(settings().value("language", DEFAULT_LANGUAGE))
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def autolock_minutes() -> int:
    """Idle minutes before the project locks (Preferences); 0 means never."""
    value: Any = settings().value("autolock_minutes", 15)
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 15


def set_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose from {', '.join(LANGUAGES)}")
    settings().setValue("language", lang)


_shown: list[str] = ["en"]  # the language install() put in place (the core's own before any)


def core(text: str) -> str:
    """A message of the core (an error, an import warning: English) in the interface's language,
    with the same Dutch phrases as the CLI (graph/core_text.py)."""
    from graph.core_text import core_text

    return core_text(text, _shown[0])


def install(app: QCoreApplication, lang: str | None = None) -> str:
    """Load the translations for lang (default: the remembered choice); returns the language used."""
    lang = lang or chosen_language()
    _shown[0] = lang
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    QLocale.setDefault(QLocale(QLocale.Language.Dutch if lang == "nl" else QLocale.Language.English,
                               QLocale.Country.Netherlands))
    if lang == "en":  # English is the source; its catalogue holds the count forms only ("1 entity added")
        plural = QTranslator(app)
        if plural.load(str(I18N_DIR / "knooppunt_en.qm")):
            app.installTranslator(plural)
            _installed.append(plural)
        return lang
    ours = QTranslator(app)
    if not ours.load(str(I18N_DIR / f"knooppunt_{lang}.qm")):
        raise FileNotFoundError(I18N_DIR / f"knooppunt_{lang}.qm")
    app.installTranslator(ours)
    _installed.append(ours)
    qt = QTranslator(app)  # Qt's own dialogs and buttons (OK/Cancel, Undo ...)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load(QLocale(QLocale.Language.Dutch), "qtbase", "_", qt_dir):
        app.installTranslator(qt)
        _installed.append(qt)
    return lang

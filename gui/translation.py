"""The app's language: which one (the TOXTRACK_LANG environment variable, else the Settings menu's
choice, else the system's), and Qt translators for it, ToxTrack's own strings and Qt's standard
dialogs (qtbase). English is the source language: it needs no translator.

The translations are `translations/toxtrack_<lang>.ts` (under version control; `make translations`
refreshes them from the sources). They are compiled by `make run`/`make test` into build/translations
(git-ignored); a start from a checkout whose compiled file is missing or older than its source
compiles it here with pyside6-lrelease from the same environment."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from gui.i18n import QT_TRANSLATE_NOOP
from gui.settings import LANGUAGE, Settings

log = logging.getLogger("toxtrack.gui")

ROOT = Path(__file__).resolve().parents[1]
TS_DIR = ROOT / "translations"
QM_DIR = ROOT / "build" / "translations"
ENV_VAR = "TOXTRACK_LANG"
ENGLISH = "en"
CHINESE = "zh_CN"
SYSTEM = ""  # the setting's value for "follow the system"
# setting value -> how the Settings menu names it; each language named in its own words, as
# language menus do, except "System default" (translated).
LANGUAGES: dict[str, str] = {
    SYSTEM: QT_TRANSLATE_NOOP("translation", "System default"),
    ENGLISH: "English",
    CHINESE: "简体中文",
}
TRANSLATED = (CHINESE,)  # the languages with a .ts file
_ACTIVE = [ENGLISH]  # the language whose translators install_translators installed last


def active_language() -> str:
    """The language the GUI shows (its PDFs and charts follow it: reports.i18n)."""
    return _ACTIVE[0]


def ts_path(language: str) -> Path:
    return TS_DIR / f"toxtrack_{language}.ts"


def qm_path(language: str) -> Path:
    return QM_DIR / f"toxtrack_{language}.qm"


def resolve(choice: str, system_name: str) -> str:
    """The language to show for a setting or variable value: a translated language as chosen,
    English as chosen, and otherwise (the system default, or a value we have no translation for)
    Chinese when the system locale is Chinese (zh, zh_CN, zh_SG...) and English for the rest."""
    if choice in TRANSLATED or choice == ENGLISH:
        return choice
    name = choice or system_name
    if name.startswith("zh"):
        return CHINESE
    return ENGLISH


def chosen_language(settings: Settings | None, env: Mapping[str, str] = os.environ) -> str:
    """TOXTRACK_LANG (tests, screenshots, a clinic's launcher) wins over the Settings menu's choice;
    both fall back to the system locale."""
    choice = env.get(ENV_VAR, "")
    if not choice and settings is not None:
        choice = settings.text(LANGUAGE)
    return resolve(choice, QLocale.system().name())


def compile_if_stale(language: str) -> bool:
    """Make build/translations/toxtrack_<lang>.qm from its .ts when it is missing or older; True
    when an up-to-date .qm is there afterwards."""
    ts, qm = ts_path(language), qm_path(language)
    if not ts.is_file():
        return qm.is_file()
    if qm.is_file() and qm.stat().st_mtime >= ts.stat().st_mtime:
        return True
    import shutil  # only when compiling: subprocess imports `locale`, kept off the start-up path
    import subprocess

    lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
    if lrelease is None:
        log.warning("pyside6-lrelease is missing: run `make setup` to show the app in %s", language)
        return qm.is_file()
    qm.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [lrelease, "-silent", str(ts), "-qm", str(qm)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        log.warning("pyside6-lrelease failed on %s: %s", ts, done.stderr.strip())
    return qm.is_file()


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install ToxTrack's and Qt's translators for `language` (none for English) and make it the
    default locale (numbers and dates in widgets; English keeps the system's, as before). The
    translators are returned: the caller keeps them alive as long as the app runs. A missing file is
    logged, and that part stays English."""
    _ACTIVE[0] = language
    if language == ENGLISH:
        return []
    QLocale.setDefault(QLocale(language))
    installed: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in ((f"toxtrack_{language}", None), (f"qtbase_{language}", qt_dir)):
        if folder is None:
            compile_if_stale(language)
            folder = str(QM_DIR)
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("no translation %s in %s: that part of the app stays in English", name, folder)
    return installed


def language_name(value: str) -> str:
    """How the Settings menu names a setting value."""
    return QCoreApplication.translate("translation", LANGUAGES[value])

"""Settings > Language: System default / English / 简体中文. The choice is saved and applies at the
next start (the window says so); nothing open is closed or reloaded, so no typed input is lost."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from gui.settings import LANGUAGE, Settings
from gui.translation import LANGUAGES, language_name


def add_settings_menu(window: QMainWindow, settings: Settings) -> QMenu:
    """A Settings menu before the last menu (Help) holding the Language choices."""
    bar = window.menuBar()
    menu = QMenu(QCoreApplication.translate("translation", "&Settings"), bar)
    menu.setObjectName("settingsMenu")
    languages = menu.addMenu(QCoreApplication.translate("translation", "&Language"))
    group = QActionGroup(languages)
    group.setExclusive(True)
    current = settings.text(LANGUAGE)
    for value in LANGUAGES:
        action = QAction(language_name(value), group)
        action.setObjectName(f"language_{value or 'system'}")
        action.setCheckable(True)
        action.setChecked(value == current)
        action.triggered.connect(lambda _checked=False, v=value: choose_language(window, settings, v))
        languages.addAction(action)
    existing = bar.actions()
    if existing:
        bar.insertMenu(existing[-1], menu)
    else:
        bar.addMenu(menu)
    return menu


def choose_language(window: QMainWindow, settings: Settings, value: str) -> None:
    """Save the choice and say that it applies at the next start."""
    if settings.text(LANGUAGE) == value:
        return
    settings.set_text(LANGUAGE, value)
    settings.sync()
    QMessageBox.information(
        window,
        QCoreApplication.translate("translation", "Language"),
        QCoreApplication.translate(
            "translation",
            "ToxTrack will be shown in {0} the next time it starts. Nothing you have entered is "
            "lost: finish what you are doing and restart when convenient.",
        ).format(language_name(value)),
    )

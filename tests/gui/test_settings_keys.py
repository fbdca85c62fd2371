"""Every setting the app writes is one it reads back (issue 14: `files/last_db` was written at each
start and read by nothing, a file path kept in the user's settings for no purpose)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from gui import settings as gui_settings

GUI = Path(gui_settings.__file__).parent
READS = {"text", "hours", "bytes"}  # the Settings methods that read a value


def read_setting_names() -> set[str]:
    """Names of the SettingKey constants passed to a reading method anywhere in gui/."""
    names: set[str] = set()
    for path in GUI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in READS
                and node.args
                and isinstance(node.args[0], ast.Name)
            ):
                names.add(node.args[0].id)
    return names


def test_every_declared_setting_is_read_somewhere() -> None:
    declared = {
        name
        for name, value in vars(gui_settings).items()
        if isinstance(value, gui_settings.SettingKey) and value in gui_settings.ALL_SETTINGS
    }
    assert declared and declared <= read_setting_names(), declared - read_setting_names()


def test_opening_and_closing_the_window_writes_only_settings_it_reads(
    qtbot: Any, session: Any, settings_path: Path
) -> None:
    from PySide6.QtCore import QSettings

    from gui import app

    window = app._main_window(session, gui_settings.Settings(settings_path), "")
    window.close()
    with qtbot.waitSignal(window.destroyed):  # gone within this test, focus tracking included
        window.deleteLater()
    written = set(QSettings(str(settings_path), QSettings.Format.IniFormat).allKeys())
    assert written == {gui_settings.GEOMETRY.key, gui_settings.WINDOW_STATE.key}

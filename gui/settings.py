"""Every GUI setting declared once, typed, with its default: window geometry and splitter, and the
hours after which Today shows an open episode's next assessment as due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings


@dataclass(frozen=True)
class SettingKey:
    """One declared setting: its storage key, its default and what it is for."""

    key: str
    default: str
    help: str


GEOMETRY = SettingKey("window/geometry", "", "main window size and position (Qt saveGeometry)")
WINDOW_STATE = SettingKey("window/state", "", "splitter position of the main window")
EPISODE_REASSESS_HOURS = SettingKey(
    "today/episode_reassess_hours",
    "4",
    "hours from an open CRS/ICANS episode's latest assessment to the next one Today shows as due "
    "(the clinic's choice: the clinical reference gives no monitoring frequency)",
)
LANGUAGE = SettingKey(
    "ui/language",
    "",
    "the app's language: empty follows the system locale, 'en' English, 'zh_CN' Simplified Chinese "
    "(applies at the next start; TOXTRACK_LANG overrides it)",
)
ALL_SETTINGS: tuple[SettingKey, ...] = (GEOMETRY, WINDOW_STATE, EPISODE_REASSESS_HOURS, LANGUAGE)


class Settings:
    """A typed wrapper over QSettings; tests pass an ini file under tmp_path so the user's real
    settings are never read or written."""

    def __init__(self, path: Path | None = None) -> None:
        if path is None:
            self._qs = QSettings("ToxTrack", "ToxTrack")
        else:
            self._qs = QSettings(str(path), QSettings.Format.IniFormat)

    def text(self, setting: SettingKey) -> str:
        value = self._qs.value(setting.key, setting.default)
        return value if isinstance(value, str) else setting.default

    def set_text(self, setting: SettingKey, value: str) -> None:
        self._qs.setValue(setting.key, value)

    def hours(self, setting: SettingKey) -> dt.timedelta:
        """A positive number of hours; a missing or unreadable value gives the default."""
        try:
            value = float(self.text(setting))
        except ValueError:
            value = float(setting.default)
        return dt.timedelta(hours=value if value > 0 else float(setting.default))

    def bytes(self, setting: SettingKey) -> QByteArray:
        value = self._qs.value(setting.key)
        return value if isinstance(value, QByteArray) else QByteArray()

    def set_bytes(self, setting: SettingKey, value: QByteArray) -> None:
        self._qs.setValue(setting.key, value)

    def sync(self) -> None:
        self._qs.sync()

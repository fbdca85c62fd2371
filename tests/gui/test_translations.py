"""Simplified Chinese: every marked GUI string has a finished translation with the same
placeholders, the translators load at start (ToxTrack's and Qt's own), and the language setting
follows TOXTRACK_LANG, then the Settings menu, then the system locale."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "translations" / "toxtrack_zh_CN.ts"
HOW_TO_FIX = (
    "Run `make translations` (it runs pyside6-lupdate over gui/ and main.py into "
    "translations/toxtrack_zh_CN.ts, keeping every existing translation), then translate the messages "
    'marked type="unfinished" (pyside6-linguist, or by hand) and commit the .ts.'
)
PLACEHOLDER = re.compile(r"%n|%\d|\{\d\}")


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail(f"{name} is missing from the environment (PySide6-Essentials ships it)")
    return found


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory: pytest.TempPathFactory) -> ET.Element:
    """The committed .ts brought up to date with the sources, as `make translations` would."""
    ts = tmp_path_factory.mktemp("ts") / TS.name
    shutil.copy(TS, ts)
    subprocess.run(
        [
            _tool("pyside6-lupdate"),
            "-locations",
            "none",
            "-extensions",
            "py",
            "gui",
            "main.py",
            "-ts",
            str(ts),
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    return ET.parse(ts).getroot()


def _messages(root: ET.Element) -> Iterator[tuple[str, str, ET.Element]]:
    for context in root.iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            if translation.get("type") in ("vanished", "obsolete"):
                continue  # no longer in the code
            yield context.findtext("name") or "", message.findtext("source") or "", translation


def _text(translation: ET.Element) -> str:
    forms = [form.text or "" for form in translation.iter("numerusform")]
    return "".join(forms) if forms else translation.text or ""


def test_every_marked_string_has_a_finished_chinese_translation(refreshed: ET.Element) -> None:
    missing = [
        f"{context}: {source!r}"
        for context, source, translation in _messages(refreshed)
        if translation.get("type") == "unfinished" or not _text(translation).strip()
    ]
    assert not missing, (
        f"{len(missing)} GUI string(s) lack a Chinese translation. {HOW_TO_FIX}\n" + "\n".join(missing)
    )


def test_translations_keep_every_placeholder(refreshed: ET.Element) -> None:
    """A translation that drops or renumbers %1 / {0} / %n would show the wrong value or none."""
    wrong = [
        f"{context}: {source!r} -> {_text(translation)!r}"
        for context, source, translation in _messages(refreshed)
        if _text(translation)
        and sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(_text(translation)))
    ]
    assert wrong == []


def test_translations_keep_accelerators_and_line_breaks(refreshed: ET.Element) -> None:
    """A menu text with an &-key keeps one (Chinese menus write it as 文件(&F)); a column header split
    over lines stays split, so it still fits its column."""
    wrong = [
        f"{context}: {source!r} -> {_text(translation)!r}"
        for context, source, translation in _messages(refreshed)
        if _text(translation)
        and (
            ("&" in source) != ("&" in _text(translation)) or ("\n" in source) != ("\n" in _text(translation))
        )
    ]
    assert wrong == []


def test_resolve_follows_choice_then_system_locale() -> None:
    from gui.translation import resolve

    assert resolve("zh_CN", "en_US") == "zh_CN"
    assert resolve("en", "zh_CN") == "en"
    assert resolve("", "zh_CN") == "zh_CN"
    assert resolve("", "zh_SG") == "zh_CN"
    assert resolve("", "de_DE") == "en"
    assert resolve("", "C") == "en"
    assert resolve("fr_FR", "zh_CN") == "en"  # a language we do not have: English, not the system's


def test_environment_wins_over_the_setting(tmp_path: Path, qapp: Any) -> None:
    from gui.settings import LANGUAGE, Settings
    from gui.translation import chosen_language

    settings = Settings(tmp_path / "s.ini")
    settings.set_text(LANGUAGE, "en")
    assert chosen_language(settings, {}) == "en"
    assert chosen_language(settings, {"TOXTRACK_LANG": "zh_CN"}) == "zh_CN"
    settings.set_text(LANGUAGE, "zh_CN")
    assert chosen_language(settings, {}) == "zh_CN"
    assert chosen_language(settings, {"TOXTRACK_LANG": "en"}) == "en"


@pytest.fixture
def chinese(qapp: Any) -> Iterator[list[Any]]:
    """Chinese translators installed on the test's application, removed again afterwards."""
    from PySide6.QtCore import QLocale

    from gui.translation import install_translators

    before = QLocale()
    installed = install_translators(qapp, "zh_CN")
    yield installed
    for translator in installed:
        qapp.removeTranslator(translator)
    QLocale.setDefault(before)


def test_chinese_translators_translate_toxtrack_and_qt(chinese: list[Any], qapp: Any) -> None:
    from PySide6.QtCore import QCoreApplication, QLocale
    from PySide6.QtWidgets import QDialogButtonBox

    assert len(chinese) == 2
    assert QCoreApplication.translate("actions", "&File") == "文件(&F)"
    assert QCoreApplication.translate("CrsFormDialog", "Temperature (°C)") == "体温（°C）"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)  # Qt's own string, from qtbase_zh_CN
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    assert QLocale().name() == "zh_CN"


def test_compiled_file_is_rebuilt_when_older_than_its_source(tmp_path: Path, monkeypatch: Any) -> None:
    import gui.translation as translation

    ts = tmp_path / "toxtrack_zh_CN.ts"
    shutil.copy(TS, ts)
    monkeypatch.setattr(translation, "TS_DIR", tmp_path)
    monkeypatch.setattr(translation, "QM_DIR", tmp_path / "build")
    assert translation.compile_if_stale("zh_CN")
    qm = tmp_path / "build" / "toxtrack_zh_CN.qm"
    first = qm.stat().st_mtime_ns
    assert translation.compile_if_stale("zh_CN") and qm.stat().st_mtime_ns == first  # up to date
    ts.touch()
    qm_time = qm.stat().st_mtime
    import os

    os.utime(ts, (qm_time + 10, qm_time + 10))
    assert translation.compile_if_stale("zh_CN") and qm.stat().st_mtime_ns != first


def test_language_menu_saves_the_choice_and_keeps_the_window(
    qtbot: Any, session: Any, settings_path: Path, message_boxes: list[str]
) -> None:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QLineEdit

    from gui.main_window import MainWindow
    from gui.settings import LANGUAGE, Settings

    win = MainWindow(session, Settings(settings_path))
    qtbot.addWidget(win)
    win.show()
    typed = QLineEdit(win)
    typed.setText("half-typed note")
    system = win.findChild(QAction, "language_system")
    chinese = win.findChild(QAction, "language_zh_CN")
    assert system is not None and system.isChecked()
    assert chinese is not None and chinese.text() == "简体中文"
    chinese.trigger()
    assert Settings(settings_path).text(LANGUAGE) == "zh_CN"
    assert chinese.isChecked() and not system.isChecked()
    from PySide6.QtCore import QCoreApplication

    said = QCoreApplication.translate(
        "translation",
        "ToxTrack will be shown in {0} the next time it starts. Nothing you have entered is "
        "lost: finish what you are doing and restart when convenient.",
    ).format("简体中文")
    assert "next time it starts" in said or "下次启动" in said  # English or Chinese run
    assert message_boxes == [QCoreApplication.translate("translation", "Language") + ": " + said]
    assert win.isVisible() and typed.text() == "half-typed note"
    chinese.trigger()  # the same choice again: nothing to say
    assert len(message_boxes) == 1


def test_registry_strings_are_marked_as_the_registry_has_them_now() -> None:
    """gui/registry_strings.py marks the registry's texts for lupdate; a toxicity, input or choice
    added to clinical/ without `make translations` would show untranslated."""
    import ast
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "registry_strings_tool", ROOT / "tools" / "registry_strings.py"
    )
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    tree = ast.parse((ROOT / "gui" / "registry_strings.py").read_text(encoding="utf-8"))
    marked = [
        (node.args[0].value, node.args[1].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", "") == "QT_TRANSLATE_NOOP"
        and all(isinstance(arg, ast.Constant) for arg in node.args)
    ]
    assert marked == tool.strings(), HOW_TO_FIX
    assert ("toxicities", "Adverse event") in marked and ("wording", "lab result") in marked


def test_lab_import_field_titles_are_the_importers_labels() -> None:
    """The import dialog shows the importer's field labels through its own marked copy (lupdate reads
    only literals); a label renamed or added in exchange/ without the copy would show untranslated."""
    from exchange.labcolumns import FIELD_LABELS
    from gui.dialogs.lab_import_dialog import FIELD_TITLES

    assert FIELD_TITLES == FIELD_LABELS


def test_serious_event_list_words_its_choices_in_chinese(chinese: list[Any], qapp: Any) -> None:
    """The serious adverse event list shows the recorded criteria, relatedness, action and outcome in
    the chosen language, as the patient's adverse event tab does (not the English stored labels); the
    CTCAE term stays English."""
    import datetime as dt

    from clinical.ae_table import EventLine
    from gui.cohort.ae_panel import serious_columns

    line = EventLine(
        subject_id="044-0001",
        regimen="SC 250/500",
        term="Sepsis",
        grade=3,
        onset=dt.datetime(2026, 5, 17, 12, 0, tzinfo=dt.UTC),
        resolved=None,
        criteria=("Life-threatening", "Hospitalisation or its prolongation"),
        relatedness="Unlikely related",
        action="",
        outcome="Not recovered",
        emergent=True,
    )
    shown = {column.header: column.text(line) for column in serious_columns()}
    assert shown["术语"] == "Sepsis"
    assert shown["严重性标准（ICH E2A）"] == "危及生命；导致住院或住院时间延长"
    assert shown["相关性"] == "可能无关"
    assert shown["采取的措施"] == "未记录"
    assert shown["转归"] == "未恢复"


def test_record_tabs_word_the_registrys_names_in_chinese(
    chinese: list[Any], session: Any, qtbot: Any
) -> None:
    """A generic record tab and its form name the record and its time by the registry's words,
    translated where gui/registry_strings.py marks them ("toxicities"), not in English."""
    from PySide6.QtCore import Qt

    from clinical.toxicities.registry import for_record_kind
    from gui.patient.toxicity_view import ToxicityView

    view = ToxicityView(session, for_record_kind("dose_delivery"))
    qtbot.addWidget(view)
    assert view.new_button.text() == "新建给药实施..."
    assert view.model.headerData(0, Qt.Orientation.Horizontal) == "给药时间（本地）"
    stays = ToxicityView(session, for_record_kind("hospital_stay"))
    qtbot.addWidget(stays)
    assert stays.model.headerData(0, Qt.Orientation.Horizontal) == "入院时间（本地）"


def test_resource_column_titles_are_the_reports_headers() -> None:
    """The Resources view shows the resource report's column headers through its own marked copy; a
    header renamed in reports/ without the copy would show untranslated (or under the wrong column)."""
    from gui.cohort.resources_view import COLUMN_TITLES
    from reports.resources_data import HEADER

    assert COLUMN_TITLES == HEADER

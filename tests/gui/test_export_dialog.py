"""File > Export... in the real window (issue 19): the current patient's data as an Excel workbook,
identifiers only when ticked (with a warning), the cohort as a REDCap folder, and the database itself
refused as an output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gui.main_window import MainWindow
from gui.settings import Settings


def _open(qtbot: Any, session: Any, settings_path: Path) -> tuple[MainWindow, Any]:
    win = MainWindow(session, Settings(settings_path))
    qtbot.addWidget(win)
    win.actions_.by_name["export"].trigger()
    dialog = win.last_dialog
    assert type(dialog).__name__ == "ExportDialog"
    return win, dialog


def test_export_of_the_patient_with_ticked_identifiers(
    qtbot: Any, session: Any, repo: Any, settings_path: Path, tmp_path: Path, first_patient: Any
) -> None:
    from python_calamine import CalamineWorkbook

    session.select_patient(first_patient)
    _, dialog = _open(qtbot, session, settings_path)
    assert dialog.scope.currentData() == "044-0012"
    dialog.format.setCurrentIndex(dialog.format.findData("excel"))
    assert dialog.warning.text() == ""
    dialog.identifiers["mrn"].setChecked(True)
    assert "MRN" in dialog.warning.text() and "Protect" in dialog.warning.text()
    dialog.path.setText(str(tmp_path / "one.xlsx"))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.result_paths is not None, timeout=30_000)
    patients = (
        CalamineWorkbook.from_path(str(tmp_path / "one.xlsx")).get_sheet_by_name("patients").to_python()
    )
    assert patients[0][-1] == "mrn" and patients[1][0] == "044-0012" and patients[1][-1] == "MRN-12"
    assert len(patients) == 2 and "name" not in patients[0]


def test_cohort_as_redcap_and_the_database_refused(
    qtbot: Any, session: Any, repo: Any, settings_path: Path, tmp_path: Path
) -> None:
    _, dialog = _open(qtbot, session, settings_path)
    dialog.format.setCurrentIndex(dialog.format.findData("fhir"))
    dialog.path.setText(str(repo.path))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: "Nothing was exported" in dialog.status.text(), timeout=30_000)
    assert "database" in dialog.status.text() and dialog.isVisible()
    dialog.format.setCurrentIndex(dialog.format.findData("redcap"))
    dialog.path.setText(str(tmp_path / "rc"))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.result_paths is not None, timeout=30_000)
    manifest = json.loads((tmp_path / "rc" / "manifest.json").read_text())
    assert manifest["scope"] == "cohort" and manifest["rows"]["patients"] == 2

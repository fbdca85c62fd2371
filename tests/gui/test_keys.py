"""Keys and focus on the real main window (issue 13): undo wherever focus is, the dose outcome's
mnemonics and tab order, and a search that opens the subject id typed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QApplication

from clinical.model import DoseStatus, Patient, PatientBundle
from gui.main_window import MainWindow
from gui.settings import Settings

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def _window(qtbot: Any, session: Any, settings_path: Path) -> MainWindow:
    win = MainWindow(session, Settings(settings_path))
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    return win


@pytest.fixture
def window(qtbot: Any, session: Any, settings_path: Path) -> MainWindow:
    return _window(qtbot, session, settings_path)


def test_typed_subject_number_opens_that_subject_before_mrn_and_name_matches(
    qtbot: Any, session: Any, repo: Any, settings_path: Path, today: dt.date
) -> None:
    """A network file of 10,000 patients: "9999" + Enter opened 044-8501, whose MRN holds 9999."""
    bundles = []
    for n in (n for n in range(1, 10_001) if n not in (12, 20)):  # the fixture has those two
        subject = f"044-{n:04d}" if n < 10_000 else "045-0001"
        mrn = "MRN-199990" if subject == "044-8501" else f"MRN-{n:06d}"
        name = "Ann 9999th" if subject == "044-0100" else f"Pat {n}"
        patient = Patient(subject, "SC 250/500", today, name=name, mrn=mrn)
        bundles.append(PatientBundle(patient))
    repo.bulk_insert(bundles)
    win = _window(qtbot, session, settings_path)
    qtbot.keyClick(win, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(win.patient_list.search, "9999")
    qtbot.keyClick(win.patient_list.search, Qt.Key.Key_Return)
    assert repo.get_patient(session.current_patient).subject_id == "044-9999"
    assert "044-9999" in win.workspace.header.text()
    # a prefix of a subject number comes before a name or MRN holding the same digits
    shown = [win.patient_list.model.index(r, 0).data() for r in range(win.patient_list.model.rowCount())]
    assert shown[0] == "044-9999" and shown[-2:] == ["044-0100", "044-8501"]
    qtbot.keyClick(win, Qt.Key.Key_F, CTRL)  # selects the search text: typing replaces it
    qtbot.keyClicks(win.patient_list.search, "044-85")
    qtbot.keyClick(win.patient_list.search, Qt.Key.Key_Return)
    assert repo.get_patient(session.current_patient).subject_id == "044-8500"

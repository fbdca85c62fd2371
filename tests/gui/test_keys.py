"""Keys and focus on the real main window (issue 13): undo wherever focus is, the dose outcome's
mnemonics and tab order, and a search that opens the subject id typed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from clinical.choices import DoseStatus
from clinical.model import Patient, PatientBundle
from gui.main_window import MainWindow

from .conftest import open_active_window

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def _window(qtbot: Any, session: Any, settings_path: Path) -> MainWindow:
    win: MainWindow = open_active_window(qtbot, session, settings_path)
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


def _record_first_dose_by_keys(qtbot: Any, win: MainWindow) -> Any:
    """Ctrl+F, "0012", Enter, Ctrl+D, Enter: the nurse's search, record, save."""
    qtbot.keyClick(win, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(win.patient_list.search, "0012")
    qtbot.keyClick(win.patient_list.search, Qt.Key.Key_Return)
    qtbot.keyClick(win, Qt.Key.Key_D, CTRL)
    dialog = win.last_dialog
    qtbot.waitUntil(dialog.isActiveWindow)
    dose = dialog.dose
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is None)  # the dialog closed
    win.activateWindow()  # as the window manager does (the offscreen platform does not)
    qtbot.waitUntil(win.isActiveWindow)
    return dose


def test_ctrl_z_after_search_record_save_undoes_the_record_not_the_search(
    qtbot: Any, window: MainWindow, repo: Any
) -> None:
    dose = _record_first_dose_by_keys(qtbot, window)
    assert repo.get_dose(dose.id).status == DoseStatus.GIVEN
    focus = QApplication.focusWidget()
    assert focus is window.patient_list.search  # where focus lands after the dialog
    qtbot.keyClick(focus, Qt.Key.Key_Z, CTRL)
    assert repo.get_dose(dose.id).status == DoseStatus.PLANNED
    assert window.patient_list.search.text() == "0012"


def test_ctrl_z_in_a_field_typed_in_since_focus_undoes_the_typing_first(
    qtbot: Any, window: MainWindow, repo: Any
) -> None:
    dose = _record_first_dose_by_keys(qtbot, window)
    search = window.patient_list.search
    search.setFocus()
    qtbot.keyClicks(search, "9")
    qtbot.keyClick(search, Qt.Key.Key_Z, CTRL)  # the field's own undo (Qt undoes the typed run)
    assert "9" not in search.text() and repo.get_dose(dose.id).status == DoseStatus.GIVEN
    qtbot.wait(10)
    qtbot.keyClick(search, Qt.Key.Key_Z, CTRL)  # no more typing of its own: the record's undo
    assert repo.get_dose(dose.id).status == DoseStatus.PLANNED


def test_ctrl_z_undoes_the_record_from_the_patient_table_and_edit_menu_too(
    qtbot: Any, window: MainWindow, repo: Any
) -> None:
    dose = _record_first_dose_by_keys(qtbot, window)
    qtbot.keyClick(window.patient_list.search, Qt.Key.Key_Down)  # into the table
    assert QApplication.focusWidget() is window.patient_list.table
    qtbot.keyClick(window.patient_list.table, Qt.Key.Key_Z, CTRL)
    assert repo.get_dose(dose.id).status == DoseStatus.PLANNED
    dose = _record_first_dose_by_keys(qtbot, window)
    window.actions_["undo"].trigger()  # Edit > Undo
    assert repo.get_dose(dose.id).status == DoseStatus.PLANNED


def _open_record_dose(qtbot: Any, win: MainWindow) -> Any:
    qtbot.keyClick(win, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(win.patient_list.search, "0012")
    qtbot.keyClick(win.patient_list.search, Qt.Key.Key_Return)
    qtbot.keyClick(win, Qt.Key.Key_D, CTRL)
    dialog = win.last_dialog
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_dose_held_by_keyboard_is_alt_h_a_reason_and_enter(qtbot: Any, window: MainWindow, repo: Any) -> None:
    dialog = _open_record_dose(qtbot, window)
    dose = dialog.dose
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_H, ALT)
    qtbot.waitUntil(lambda: dialog.outcome() == DoseStatus.HELD)
    assert QApplication.focusWidget() is dialog.reason
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Down)  # the first reason
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    saved = repo.get_dose(dose.id)
    assert saved.status == DoseStatus.HELD and saved.reason is not None


@pytest.mark.parametrize(
    ("key", "status"), [(Qt.Key.Key_M, DoseStatus.MISSED), (Qt.Key.Key_G, DoseStatus.GIVEN)]
)
def test_outcomes_have_mnemonics_and_come_first_in_the_tab_order(
    qtbot: Any, window: MainWindow, key: Qt.Key, status: DoseStatus
) -> None:
    dialog = _open_record_dose(qtbot, window)
    assert QApplication.focusWidget() is dialog.amount  # Enter alone still saves it as given
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() in dialog.outcome_buttons.values()  # one key away
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_H, ALT)
    qtbot.waitUntil(lambda: dialog.outcome() == DoseStatus.HELD)
    qtbot.keyClick(QApplication.focusWidget(), key, ALT)
    qtbot.waitUntil(lambda: dialog.outcome() == status)
    dialog.reject()
